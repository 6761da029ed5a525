// Ward IT (admin role): the office and admin accounts — list, add, disable or enable,
// set a new password, set the full name reports are signed with (/api/v1/admin/users). Disabling or a new password ends the
// account's sessions at once. Passwords go to the server only, never into the page's
// storage.
import { h } from "preact";
import { useState } from "preact/hooks";
import type { Problem } from "../core/contract";
import { post } from "./api";
import { dateTime } from "./format";
import { t } from "./i18n";
import { ErrorBox, Show, useLoad, useShared } from "./state";
import { valueOf } from "./events";

interface User {
  username: string;
  full_name?: string;
  role: string;
  disabled: boolean;
  created_ms: number;
}

function roleText(role: string): string {
  return role === "admin" ? t("Quản trị", "Admin") : t("Văn phòng", "Office");
}

function AddUser(props: { onDone: () => void }) {
  const [username, setUsername] = useState("");
  const [fullName, setFullName] = useState("");
  const [role, setRole] = useState("office");
  const [error, setError] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const add = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const pw = form.querySelector("#new-user-password") as HTMLInputElement;
    const r = await post<User>("/api/v1/admin/users", { username: username.trim(), full_name: fullName.trim(), role, password: pw.value });
    pw.value = "";
    if (!r.ok) {
      setDone(null);
      return setError(r.error);
    }
    setError(null);
    setDone(r.body.username);
    setUsername("");
    setFullName("");
    props.onDone();
  };
  return h("form", { class: "row-form add-user", onSubmit: add },
    h("label", null, t("Tên đăng nhập", "Username"),
      h("input", { id: "new-user-name", value: username, required: true, maxLength: 64, autocomplete: "off", onInput: (e: Event) => setUsername(valueOf(e)) })),
    h("label", null, t("Họ và tên (ký trên báo cáo)", "Full name (signs reports)"),
      h("input", { id: "new-user-full-name", value: fullName, maxLength: 100, autocomplete: "off", onInput: (e: Event) => setFullName(valueOf(e)) })),
    h("label", null, t("Vai trò", "Role"),
      h("select", { id: "new-user-role", value: role, onChange: (e: Event) => setRole(valueOf(e)) },
        h("option", { value: "office" }, roleText("office")), h("option", { value: "admin" }, roleText("admin")))),
    h("label", null, t("Mật khẩu (ít nhất 8 ký tự)", "Password (8 characters or more)"),
      h("input", { id: "new-user-password", type: "password", required: true, autocomplete: "new-password" })),
    h("button", { type: "submit", "data-action": "add-user" }, t("Thêm người dùng", "Add user")),
    h(ErrorBox, { error }),
    done ? h("p", { class: "ok" }, t("Đã thêm ", "Added ") + done) : null);
}

function UserRow(props: { user: User; self: boolean; onDone: () => void }) {
  const u = props.user;
  const [error, setError] = useState<Problem | null>(null);
  const [resetting, setResetting] = useState(false);
  const [naming, setNaming] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const path = "/api/v1/admin/users/" + encodeURIComponent(u.username);
  const toggle = async () => {
    if (!u.disabled && !window.confirm(t("Khoá tài khoản “" + u.username + "”? Người này sẽ bị đăng xuất ngay.", "Disable “" + u.username + "”? They are logged out at once."))) return;
    const r = await post<User>(path + "/disable", { disabled: !u.disabled });
    if (!r.ok) return setError(r.error);
    setError(null);
    props.onDone();
  };
  const reset = async (e: Event) => {
    e.preventDefault();
    const pw = (e.currentTarget as HTMLFormElement).querySelector("input[type=password]") as HTMLInputElement;
    const r = await post<User>(path + "/password", { password: pw.value });
    pw.value = "";
    if (!r.ok) return setError(r.error);
    setError(null);
    setResetting(false);
    setNote(t("Đã đặt mật khẩu mới; các phiên đăng nhập cũ đã kết thúc.", "New password set; earlier sessions have ended."));
  };
  const rename = async (e: Event) => {
    e.preventDefault();
    const input = (e.currentTarget as HTMLFormElement).querySelector("input") as HTMLInputElement;
    const r = await post<User>(path + "/name", { full_name: input.value.trim() });
    if (!r.ok) return setError(r.error);
    setError(null);
    setNaming(false);
    props.onDone();
  };
  return h("tr", { "data-user": u.username, class: u.disabled ? "revoked" : "" },
    h("td", { class: "mono" }, u.username, props.self ? h("span", { class: "muted" }, t(" (bạn)", " (you)")) : null),
    h("td", { class: "full-name" },
      naming
        ? h("form", { class: "inline-form", onSubmit: rename },
            h("input", { class: "full-name-input", value: u.full_name ?? "", maxLength: 100, "aria-label": t("Họ và tên", "Full name") }),
            h("button", { type: "submit", "data-action": "save-full-name" }, t("Lưu", "Save")),
            h("button", { type: "button", class: "link", onClick: () => setNaming(false) }, t("Thôi", "Cancel")))
        : [u.full_name || h("span", { class: "muted" }, t("(chưa có)", "(none)")), " ",
           h("button", { class: "link", "data-action": "edit-full-name", "aria-label": t("Sửa họ tên của ", "Edit the full name of ") + u.username, onClick: () => setNaming(true) }, t("Sửa", "Edit"))]),
    h("td", null, roleText(u.role)),
    h("td", { "data-state": u.disabled ? "disabled" : "active" }, u.disabled ? t("Đã khoá", "Disabled") : t("Đang dùng", "Active")),
    h("td", { class: "small" }, dateTime(u.created_ms)),
    h("td", null,
      props.self && !u.disabled ? null
        : h("button", { class: u.disabled ? "" : "reject", "data-action": u.disabled ? "enable-user" : "disable-user", onClick: toggle },
            u.disabled ? t("Mở khoá", "Enable") : t("Khoá", "Disable")),
      " ",
      resetting
        ? h("form", { class: "inline-form", onSubmit: reset },
            h("input", { type: "password", class: "reset-password", required: true, autocomplete: "new-password", "aria-label": t("Mật khẩu mới", "New password"), placeholder: t("Mật khẩu mới", "New password") }),
            h("button", { type: "submit", "data-action": "save-password" }, t("Lưu", "Save")),
            h("button", { type: "button", class: "link", onClick: () => setResetting(false) }, t("Thôi", "Cancel")))
        : h("button", { "data-action": "reset-password", onClick: () => { setNote(null); setResetting(true); } }, t("Đặt mật khẩu mới", "New password")),
      note ? h("p", { class: "ok small" }, note) : null,
      h(ErrorBox, { error })));
}

export function UsersPanel() {
  const shared = useShared();
  const load = useLoad<{ users: User[] }>("/api/v1/admin/users");
  return h("div", { class: "panel users" },
    h("h2", null, t("Người dùng văn phòng và quản trị", "Office and admin users")),
    h(Show<{ users: User[] }>, { load }, (a: { users: User[] }) => h("table", { class: "data users-table" },
      h("thead", null, h("tr", null, h("th", null, t("Tên đăng nhập", "Username")), h("th", null, t("Họ và tên", "Full name")), h("th", null, t("Vai trò", "Role")), h("th", null, t("Trạng thái", "State")), h("th", null, t("Tạo lúc", "Created")), h("th", null, ""))),
      h("tbody", null, a.users.map((u) => h(UserRow, { key: u.username, user: u, self: u.username === shared.me.username, onDone: load.reload }))))),
    h(AddUser, { onDone: load.reload }));
}
