// The audit log ("Nhật ký"): who did what, when — newest first, filtered by action or
// by person, 50 entries at a time (GET /api/v1/audit?newest=1). Read-only: the server's
// audit table refuses changes.
import { h } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Problem } from "../core/contract";
import { get, query } from "./api";
import { actorText, dateTime } from "./format";
import { t } from "./i18n";
import { href } from "./route";
import { ErrorBox } from "./state";
import { valueOf } from "./events";

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
}

const PAGE = 50;

// The server's action codes in words. Unknown codes show as they are.
const ACTIONS: Record<string, [string, string]> = {
  login: ["Đăng nhập", "Logged in"],
  login_failed: ["Đăng nhập sai", "Failed login"],
  enroll: ["Đăng ký điện thoại", "Phone enrolled"],
  enroll_code: ["Tạo mã đăng ký", "Enrollment code made"],
  revoke: ["Thu hồi điện thoại", "Phone revoked"],
  review: ["Duyệt hồ sơ", "Record reviewed"],
  resolve_conflict: ["Giải quyết xung đột", "Conflict resolved"],
  manual_value: ["Nhập số liệu chỉ tiêu", "Indicator value entered"],
  cultural_review: ["Bình xét TDP văn hóa", "Cultural group review"],
  report: ["Xem báo cáo", "Report opened"],
  export: ["Xuất dữ liệu", "Data exported"],
  read_sensitive: ["Đọc thông tin niêm phong", "Sealed data read"],
  office_key_read: ["Lấy khóa văn phòng", "Office key fetched"],
  office_passphrase: ["Đổi mật khẩu khóa văn phòng", "Office passphrase changed"],
  add_user: ["Thêm người dùng", "User added"],
  disable_user: ["Khóa người dùng", "User disabled"],
  enable_user: ["Mở khóa người dùng", "User enabled"],
  reset_password: ["Đặt mật khẩu mới", "Password reset"],
  add_group: ["Thêm tổ dân phố", "Group added"],
  backup: ["Sao lưu", "Backup"],
  restore: ["Khôi phục", "Restore"],
  init: ["Khởi tạo phường", "Ward created"],
  snapshot: ["Lưu số liệu tháng", "Monthly values saved"],
  training_create: ["Mở lớp tập huấn", "Training opened"],
  training_reset: ["Làm lại lớp tập huấn", "Training reset"],
  training_conflict: ["Tạo xung đột tập huấn", "Training conflict made"],
  training_attendance: ["Điểm danh tập huấn", "Training attendance"],
  training_attendance_apply: ["Ghi kết quả tập huấn vào dữ liệu thật", "Training attendance applied"],
};

export function actionText(code: string): string {
  const a = ACTIONS[code];
  return a ? t(a[0], a[1]) : code;
}

// Detail keys the office reads often, in words; others show as they are.
const DETAIL_KEYS: Record<string, [string, string]> = {
  state: ["trạng thái", "state"],
  comment: ["ghi chú", "comment"],
  groups: ["tổ", "groups"],
  group: ["tổ", "group"],
  role: ["vai trò", "role"],
  expires_ms: ["hết hạn", "expires"],
  fields: ["trường", "fields"],
  period: ["kỳ", "period"],
  format: ["định dạng", "format"],
  type: ["loại", "type"],
  rows: ["số dòng", "rows"],
};
const REVIEW_STATES: Record<string, [string, string]> = {
  approved: ["Đã duyệt", "Approved"],
  rejected: ["Không duyệt", "Rejected"],
  has_issues: ["Có vấn đề", "Has issues"],
};

function detailValue(key: string, v: unknown): string {
  if (key.endsWith("_ms") && typeof v === "number") return dateTime(v);
  if (key === "state" && typeof v === "string" && REVIEW_STATES[v]) return t(...REVIEW_STATES[v]);
  if (Array.isArray(v)) return v.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join(", ");
  return typeof v === "string" ? v : JSON.stringify(v);
}

// The details worth a glance, shortened (the target column already names the object).
function detailText(detail: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(detail ?? {})) {
    if (v === null || v === undefined || v === "") continue;
    const name = DETAIL_KEYS[k] ? t(...DETAIL_KEYS[k]) : k;
    parts.push(name + ": " + detailValue(k, v));
  }
  const text = parts.join(" · ");
  return text.length > 160 ? text.slice(0, 157) + "…" : text;
}

// A reviewed record ("<id>") or a record read with its sealed fields ("records/<id>")
// links to the record; everything else is plain text.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
function targetCell(e: AuditEntry) {
  const id = e.target.startsWith("records/") ? e.target.slice(8) : e.target;
  if (UUID.test(id) && (e.action === "review" || e.action === "read_sensitive")) {
    return h("a", { href: href("record/" + id), class: "mono" }, id.slice(0, 8) + "…");
  }
  return e.target;
}

export function AuditScreen(props: { params: URLSearchParams }) {
  const action = props.params.get("action") ?? "";
  const actor = props.params.get("actor") ?? "";
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState(0);
  const [more, setMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Problem | null>(null);
  const [who, setWho] = useState(actor);

  const load = async (before: number, replace: boolean) => {
    setLoading(true);
    const r = await get<{ entries: AuditEntry[]; next: number; more: boolean }>(
      "/api/v1/audit" + query({ newest: 1, limit: PAGE, before: before || undefined, action, actor }));
    setLoading(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    setEntries((old) => (replace ? r.body.entries : old.concat(r.body.entries)));
    setNext(r.body.next);
    setMore(r.body.more);
  };
  useEffect(() => {
    void load(0, true);
  }, [action, actor]);

  const filter = (changes: Record<string, string>) => {
    const p = new URLSearchParams(props.params);
    for (const [k, v] of Object.entries(changes)) v ? p.set(k, v) : p.delete(k);
    location.hash = href("audit") + (p.toString() ? "?" + p.toString() : "");
  };

  return h("section", { "data-screen": "audit" },
    h("h1", null, t("Nhật ký", "Audit log")),
    h("p", { class: "muted" }, t(
      "Ai đã làm gì, lúc nào: đăng nhập, duyệt, xuất dữ liệu, đọc thông tin niêm phong, quản trị. Nhật ký không sửa, không xóa được.",
      "Who did what, when: logins, reviews, exports, reads of sealed data, administration. The log cannot be changed or deleted.")),
    h("form", { class: "row-form audit-filters", onSubmit: (e: Event) => { e.preventDefault(); filter({ actor: who.trim() }); } },
      h("label", null, t("Việc", "Action"),
        h("select", { id: "audit-action", value: action, onChange: (e: Event) => filter({ action: valueOf(e) }) },
          h("option", { value: "" }, t("Tất cả", "All")),
          Object.keys(ACTIONS).map((k) => h("option", { value: k }, actionText(k))))),
      h("label", null, t("Người / thiết bị (ví dụ user:vanhoa)", "Person / device (e.g. user:vanhoa)"),
        h("input", { id: "audit-actor", value: who, autocomplete: "off", onInput: (e: Event) => setWho(valueOf(e)) })),
      h("button", { type: "submit", "data-action": "audit-filter" }, t("Lọc", "Filter")),
      action || actor ? h("button", { type: "button", class: "secondary", "data-action": "audit-clear", onClick: () => { setWho(""); filter({ action: "", actor: "" }); } }, t("Bỏ lọc", "Clear")) : null),
    h(ErrorBox, { error }),
    !loading && entries.length === 0 && !error ? h("p", { class: "empty" }, t("Không có mục nào.", "No entries.")) : null,
    entries.length
      ? h("table", { class: "data audit-table" },
          h("thead", null, h("tr", null,
            h("th", null, t("Lúc", "When")), h("th", null, t("Ai", "Who")), h("th", null, t("Việc", "Action")),
            h("th", null, t("Đối tượng", "Target")), h("th", null, t("Chi tiết", "Details")))),
          h("tbody", null, entries.map((e) =>
            h("tr", { key: e.id, "data-id": e.id, "data-action-code": e.action },
              h("td", null, dateTime(e.at)),
              h("td", { title: e.actor }, h("a", { href: href("audit", { actor: e.actor }) }, actorText(e.actor))),
              h("td", null, actionText(e.action)),
              h("td", null, targetCell(e)),
              h("td", { class: "muted" }, detailText(e.detail))))))
      : null,
    loading ? h("p", { class: "progress", role: "status" }, t("Đang tải…", "Loading…")) : null,
    more && !loading ? h("button", { class: "secondary", "data-action": "audit-more", onClick: () => load(next, false) }, t("Xem cũ hơn", "Older entries")) : null);
}
