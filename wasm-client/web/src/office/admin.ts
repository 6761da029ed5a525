// Ward IT (admin role): groups, devices (revoke), enrollment codes as QR codes, users
// (users.ts), backups.
import { h } from "preact";
import { useState } from "preact/hooks";
import type { Problem } from "../core/contract";
import { post } from "./api";
import { bytesText, dateTime } from "./format";
import { t } from "./i18n";
import { QrCode } from "./qr";
import { ErrorBox, groupName, Show, useLoad, useShared } from "./state";
import { UsersPanel } from "./users";
import { valueOf } from "./events";

function Groups() {
  const shared = useShared();
  const [id, setId] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState<Problem | null>(null);
  const add = async (e: Event) => {
    e.preventDefault();
    const r = await post("/api/v1/groups", { id: id.trim(), name: name.trim() });
    if (!r.ok) return setError(r.error);
    setError(null);
    setId("");
    setName("");
    shared.reloadGroups();
  };
  return h("div", { class: "panel" },
    h("h2", null, t("Tổ dân phố", "Residential groups") + " (" + shared.groups.length + ")"),
    h("table", { class: "data admin-groups" },
      h("thead", null, h("tr", null, h("th", null, t("Mã", "Id")), h("th", null, t("Tên", "Name")), h("th", { class: "num" }, t("Số hộ", "Households")), h("th", { class: "num" }, t("Số nhân khẩu", "Persons")))),
      h("tbody", null, shared.groups.map((g) => h("tr", null, h("td", { class: "mono" }, g.id), h("td", null, g.name), h("td", { class: "num" }, String(g.households ?? "")), h("td", { class: "num" }, String(g.persons ?? "")))))),
    h("form", { class: "row-form", onSubmit: add },
      h("label", null, t("Mã (vd. tdp-05)", "Id (e.g. tdp-05)"), h("input", { value: id, pattern: "[a-z0-9-]+", required: true, onInput: (e: Event) => setId(valueOf(e)) })),
      h("label", { class: "grow" }, t("Tên", "Name"), h("input", { value: name, required: true, placeholder: "Tổ dân phố số 5", onInput: (e: Event) => setName(valueOf(e)) })),
      h("button", { type: "submit" }, t("Thêm tổ", "Add group"))),
    h(ErrorBox, { error }));
}

// GET /api/v1/devices (admin).
interface Device {
  device_id: string;
  name: string;
  role: string;
  groups: string[];
  enrolled_ms: number;
  revoked_ms: number; // 0 while it may sync
}

function Devices() {
  const shared = useShared();
  const load = useLoad<{ devices: Device[] }>("/api/v1/devices");
  const [error, setError] = useState<Problem | null>(null);
  const revoke = async (d: Device) => {
    if (!window.confirm(t("Thu hồi thiết bị “" + d.name + "”? Điện thoại này sẽ không đồng bộ được nữa.", "Revoke “" + d.name + "”? This phone will no longer sync."))) return;
    const r = await post("/api/v1/devices/" + encodeURIComponent(d.device_id) + "/revoke");
    if (!r.ok) return setError(r.error);
    setError(null);
    load.reload();
  };
  return h("div", { class: "panel" },
    h("h2", null, t("Thiết bị", "Devices")),
    h(ErrorBox, { error }),
    h(Show<{ devices: Device[] }>, { load }, (a: { devices: Device[] }) => h("table", { class: "data devices" },
      h("thead", null, h("tr", null, h("th", null, t("Tên", "Name")), h("th", null, t("Vai trò", "Role")), h("th", null, t("Tổ", "Groups")), h("th", null, t("Đăng ký lúc", "Enrolled")), h("th", null, ""))),
      h("tbody", null, a.devices.map((d) => h("tr", { "data-device": d.device_id, class: d.revoked_ms ? "revoked" : "" },
        h("td", null, d.name, h("div", { class: "small mono" }, d.device_id)),
        h("td", null, d.role),
        h("td", null, (d.groups ?? []).map((g) => groupName(shared, g)).join(", ")),
        h("td", { class: "small" }, dateTime(d.enrolled_ms)),
        h("td", null, d.revoked_ms ? t("Đã thu hồi ", "Revoked ") + dateTime(d.revoked_ms) : h("button", { class: "reject", onClick: () => revoke(d) }, t("Thu hồi", "Revoke")))))))));
}

function EnrollCodes() {
  const shared = useShared();
  const [role, setRole] = useState("leader");
  const [groups, setGroups] = useState<string[]>([]);
  const [ttl, setTtl] = useState("72");
  const [code, setCode] = useState<{ code: string; expires_ms: number; groups: string[]; role: string } | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const make = async (e: Event) => {
    e.preventDefault();
    const r = await post<{ code: string; expires_ms: number }>("/api/v1/enroll-codes", { role, groups, ttl_hours: Number(ttl) });
    if (!r.ok) return setError(r.error);
    setError(null);
    setCode({ ...r.body, groups, role });
  };
  const toggle = (g: string) => setGroups(groups.includes(g) ? groups.filter((x) => x !== g) : groups.concat(g));
  return h("div", { class: "panel enroll-codes" },
    h("h2", null, t("Mã đăng ký điện thoại", "Phone enrollment codes")),
    h("form", { class: "row-form", onSubmit: make },
      h("label", null, t("Vai trò", "Role"),
        h("select", { value: role, onChange: (e: Event) => setRole(valueOf(e)) },
          h("option", { value: "leader" }, t("Tổ trưởng / tổ phó", "Group leader")), h("option", { value: "trainee" }, t("Học viên (tập huấn)", "Trainee")))),
      h("fieldset", { class: "grow" }, h("legend", null, t("Tổ", "Groups")),
        shared.groups.map((g) => h("label", { class: "inline" }, h("input", { type: "checkbox", checked: groups.includes(g.id), onChange: () => toggle(g.id) }), " " + g.name + " "))),
      h("label", null, t("Hiệu lực (giờ)", "Valid for (hours)"), h("input", { type: "number", min: 1, max: 720, value: ttl, onInput: (e: Event) => setTtl(valueOf(e)) })),
      h("button", { type: "submit" }, t("Tạo mã", "Make a code"))),
    h(ErrorBox, { error }),
    code
      ? h("div", { class: "enroll-card" },
          h(QrCode, { text: code.code, label: t("Mã QR đăng ký ", "Enrollment QR ") + code.code }),
          h("div", null,
            h("p", { class: "code mono" }, code.code),
            h("p", null, t("Vai trò: ", "Role: ") + code.role + " · " + code.groups.map((g) => groupName(shared, g)).join(", ")),
            h("p", null, t("Hết hạn: ", "Expires: ") + dateTime(code.expires_ms)),
            h("p", { class: "small muted" }, t("Tổ trưởng mở ứng dụng Sổ tay, quét mã này hoặc gõ mã. Mã dùng được một lần.", "The leader opens Sổ tay and scans or types this code. It works once.")),
            h("button", { class: "no-print", onClick: () => window.print() }, "🖨 " + t("In", "Print"))))
      : null);
}

function Backups() {
  const [result, setResult] = useState<{ file: string; bytes: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  const run = async () => {
    setBusy(true);
    const r = await post<{ file: string; bytes: number }>("/api/v1/backup");
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    setResult(r.body);
  };
  return h("div", { class: "panel" },
    h("h2", null, t("Sao lưu", "Backups")),
    h("p", { class: "muted" }, t("Tạo một bản sao lưu trực tuyến bên cạnh cơ sở dữ liệu; chép nó sang ổ đĩa khác.", "Makes an online backup beside the database; copy it to another disk.")),
    h("button", { disabled: busy, onClick: run }, busy ? t("Đang sao lưu…", "Backing up…") : t("Sao lưu ngay", "Back up now")),
    result ? h("p", { class: "ok" }, t("Đã sao lưu: ", "Backed up: ") + result.file + " (" + bytesText(result.bytes) + ")") : null,
    h(ErrorBox, { error }));
}

export function AdminScreen() {
  const shared = useShared();
  if (shared.me.role !== "admin") {
    return h("section", { class: "screen admin", "data-screen": "admin" },
      h("h1", null, t("Quản trị", "Administration")),
      h("p", null, t("Chỉ tài khoản quản trị (admin) dùng được phần này.", "Only admin accounts can use this part.")));
  }
  return h("section", { class: "screen admin", "data-screen": "admin" },
    h("h1", null, t("Quản trị", "Administration")),
    h(Groups, null), h(EnrollCodes, null), h(Devices, null), h(UsersPanel, null), h(Backups, null));
}
