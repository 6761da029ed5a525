// Login for office and admin people (username + password; phones enroll instead).
import { h } from "preact";
import { useState } from "preact/hooks";
import type { Problem } from "../core/contract";
import { problem } from "../core/problems";
import { post, setToken } from "./api";
import { t } from "./i18n";
import { ErrorBox } from "./state";
import { valueOf } from "./events";

export function LoginScreen(props: { onLoggedIn: (role: string, username: string) => void; onToggleLang: () => void; notice?: string | null }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const r = await post<{ token: string; expires_at: number; role: string }>("/api/v1/login", { username: username.trim(), password });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    if (r.body.role !== "office" && r.body.role !== "admin") {
      setError(problem("forbidden", "Tài khoản này không dùng được trang văn phòng", "This account cannot use the office dashboard"));
      return;
    }
    setToken(r.body.token);
    props.onLoggedIn(r.body.role, username.trim());
  };
  return h("main", { class: "login", "data-screen": "login" },
    h("form", { class: "login-card", onSubmit: submit },
      h("h1", null, "Sổ tay", h("span", { class: "sub" }, t("Văn phòng – Văn hóa xã hội", "Culture-social office"))),
      props.notice ? h("p", { class: "notice" }, props.notice) : null,
      h("label", null, t("Tên đăng nhập", "Username"),
        h("input", { id: "login-username", autocomplete: "username", required: true, value: username, onInput: (e: Event) => setUsername(valueOf(e)) })),
      h("label", null, t("Mật khẩu", "Password"),
        h("input", { id: "login-password", type: "password", autocomplete: "current-password", required: true, value: password, onInput: (e: Event) => setPassword(valueOf(e)) })),
      h("button", { type: "submit", disabled: busy, "data-action": "login" }, busy ? t("Đang đăng nhập…", "Logging in…") : t("Đăng nhập", "Log in")),
      h(ErrorBox, { error }),
      h("button", { type: "button", class: "link lang", "data-action": "lang", onClick: props.onToggleLang }, t("English", "Tiếng Việt"))));
}
