// Login for office and admin people (username + password; phones enroll instead).
import { h } from "preact";
import { useState } from "preact/hooks";
import { post, setToken, type ApiError } from "./api";
import { t } from "./i18n";
import { ErrorBox } from "./state";

export function LoginScreen(props: { onLoggedIn: (role: string, username: string) => void; onToggleLang: () => void; notice?: string | null }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const r = await post<{ token: string; expires_at: number; role: string }>("/api/v1/login", { username: username.trim(), password });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    if (r.body.role !== "office" && r.body.role !== "admin") {
      setError({ code: "forbidden", vi: "Tài khoản này không dùng được trang văn phòng", en: "This account cannot use the office dashboard", status: 403 });
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
        h("input", { id: "login-username", autocomplete: "username", required: true, value: username, onInput: (e: any) => setUsername(e.currentTarget.value) })),
      h("label", null, t("Mật khẩu", "Password"),
        h("input", { id: "login-password", type: "password", autocomplete: "current-password", required: true, value: password, onInput: (e: any) => setPassword(e.currentTarget.value) })),
      h("button", { type: "submit", disabled: busy, "data-action": "login" }, busy ? t("Đang đăng nhập…", "Logging in…") : t("Đăng nhập", "Log in")),
      h(ErrorBox, { error }),
      h("button", { type: "button", class: "link lang", "data-action": "lang", onClick: props.onToggleLang }, t("English", "Tiếng Việt"))));
}
