// The review queue: concurrent edits to decide (conflicts) and changes the server
// refused (quarantine) with the reason it gave.
import { h } from "preact";
import { useState } from "preact/hooks";
import type { Problem } from "../core/contract";
import type { FieldDef } from "../core/schemas";
import { post, query } from "./api";
import { actorText, dateTime } from "./format";
import { checkedOf, valueOf } from "./events";
import { t } from "./i18n";
import { href } from "./route";
import { isSealed, sealedText, useSealedKey } from "./sealed";
import { choiceLabel, ErrorBox, fieldDef, fieldLabel, formOf, groupName, Show, useLoad, useShared, type Shared } from "./state";
import type { RecordRow } from "./records";

// The household a conflict or a refused change is about (null: a record the server
// never stored and whose parent it does not know).
interface HouseholdRef { id: string; head_name: string; address: string }

// GET /api/v1/conflicts: a field two writers changed concurrently.
interface Conflict {
  id: number;
  record_id: string;
  field: string;
  group_id: string;
  winning: { value: unknown; hlc: string };
  losing: { value: unknown; hlc: string };
  losing_device: string;
  losing_device_name: string | null;
  household: HouseholdRef | null;
  created_ms: number;
  resolved: boolean;
  // How it was resolved: the winning value kept, or another value written.
  resolution: { comment?: string; kept?: "winning" | "value"; value?: unknown; hlc?: string } | null;
  resolved_by: string;
  resolved_ms: number;
}

// GET /api/v1/quarantine: a change the server refused, with its reason.
interface Quarantined {
  id: number;
  device_id: string;
  device_name: string | null;
  device_seq: number;
  record_id: string;
  record_type: string;
  group_id: string;
  field: string;
  household: HouseholdRef | null;
  code: string;
  message: string;
  received_ms: number;
  raw: unknown; // the change as the phone sent it (it may not be well formed)
}

// Why the server refused a change, in words (the codes of sync/server_apply.h).
const REASONS: Record<string, [string, string]> = {
  bad_request: ["Thay đổi gửi lên không đúng dạng", "The change was malformed"],
  invalid_field_type: ["Thay đổi gửi lên không đúng dạng", "The change was malformed"],
  hlc_malformed: ["Dấu thời gian của thay đổi không hợp lệ", "The change's timestamp is invalid"],
  hlc_node_mismatch: ["Dấu thời gian không thuộc thiết bị gửi", "The timestamp is not the sending device's"],
  hlc_future: ["Đồng hồ điện thoại chạy nhanh hơn quá 24 giờ", "The phone's clock is more than 24 hours ahead"],
  invalid_id: ["Mã hồ sơ hoặc mã tổ không hợp lệ", "Invalid record or group id"],
  forbidden_group: ["Thiết bị không được phép ghi cho tổ này", "The device may not write for this group"],
  unknown_type: ["Loại hồ sơ không có trong biểu mẫu", "Record type not in the forms"],
  unknown_field: ["Trường không có trong biểu mẫu", "Field not in the form"],
  type_mismatch: ["Giá trị sai kiểu (chữ / số / ngày…)", "Value of the wrong kind (text / number / date…)"],
  not_in_list: ["Giá trị không có trong danh sách lựa chọn", "Value not among the choices"],
  out_of_range: ["Giá trị ngoài khoảng cho phép", "Value out of the allowed range"],
  too_long: ["Nội dung quá dài", "Text too long"],
  invalid_date: ["Ngày không hợp lệ", "Invalid date"],
  invalid_phone: ["Số điện thoại không hợp lệ", "Invalid phone number"],
  invalid_citizen_id: ["Số định danh (CCCD) không hợp lệ", "Invalid citizen ID"],
  not_sealed: ["Trường cần niêm phong được gửi không niêm phong", "A sealed field was sent unsealed"],
  invalid_sealed: ["Dữ liệu niêm phong bị hỏng", "Damaged sealed value"],
  duplicate_choice: ["Một lựa chọn bị chọn hai lần", "A choice was picked twice"],
  required: ["Thiếu câu trả lời bắt buộc", "A required answer is missing"],
  constraint: ["Câu trả lời trái điều kiện của phiếu", "The answer breaks a rule of the form"],
  child_count: ["Số hồ sơ con không đúng", "Wrong number of child records"],
  expr_error: ["Lỗi khi tính công thức của phiếu", "Error computing a form formula"],
  bad_parent: ["Hồ sơ cha (hộ) không đúng", "Wrong parent record (household)"],
  record_mismatch: ["Hồ sơ đã có với loại, tổ hoặc hộ khác", "The record exists with another type, group or household"],
};

export function reasonText(code: string): string {
  const r = REASONS[code];
  return r ? t(r[0], r[1]) : t("Lý do khác", "Other reason");
}

// A value as the office reads it: choice labels, Có/Không, sealed values (opened when
// the office key is open).
function show(shared: Shared, field: FieldDef | null, v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  if (isSealed(v)) return sealedText(v);
  if (field?.type === "boolean" && typeof v === "boolean") return v ? t("Có", "Yes") : t("Không", "No");
  const list = field?.list;
  if (list && Array.isArray(v)) return v.map((c) => choiceLabel(shared, list, c)).join(", ");
  if (list && (typeof v === "string" || typeof v === "number")) return choiceLabel(shared, list, v);
  return typeof v === "string" ? v : JSON.stringify(v);
}

// The value a refused change carried: its `value`, or the raw text when it has none.
function sentValue(raw: unknown): unknown {
  return typeof raw === "object" && raw !== null && "value" in raw && raw.value !== undefined ? raw.value : raw;
}

// The household a row belongs to: "Nguyễn Văn A — 12 Ngõ 3", linked; the id when unknown.
function householdCell(h0: HouseholdRef | null, recordId: string) {
  if (h0 && h0.id) {
    return h("a", { href: href("record/" + h0.id), class: "household-link" },
      (h0.head_name || t("(chưa có tên chủ hộ)", "(no head named)")) + (h0.address ? " — " + h0.address : ""));
  }
  return h("span", { class: "muted mono", title: recordId }, t("Hồ sơ mới ", "New record ") + recordId.slice(0, 8) + "…");
}

function ConflictRow(props: { c: Conflict; onDone: () => void }) {
  const shared = useShared();
  useSealedKey();
  const { c } = props;
  const [comment, setComment] = useState("");
  const [choice, setChoice] = useState<"winning" | "losing">("winning");
  const [error, setError] = useState<Problem | null>(null);
  const resolve = async () => {
    const body: { comment: string; value?: unknown } = { comment };
    if (choice === "losing") body.value = c.losing?.value;
    const r = await post("/api/v1/conflicts/" + c.id + "/resolve", body);
    if (!r.ok) return setError(r.error);
    props.onDone();
  };
  const def = fieldDef(shared, c.field);
  return h("tr", { "data-conflict": c.id },
    h("td", null, householdCell(c.household, c.record_id), h("div", { class: "small" }, groupName(shared, c.group_id))),
    h("td", { class: "field" }, fieldLabel(shared, c.field)),
    h("td", { class: "winning" }, h("label", { class: "inline" }, h("input", { type: "radio", name: "c" + c.id, checked: choice === "winning", onChange: () => setChoice("winning") }), " " + show(shared, def, c.winning?.value))),
    h("td", { class: "losing" }, h("label", { class: "inline" }, h("input", { type: "radio", name: "c" + c.id, checked: choice === "losing", onChange: () => setChoice("losing") }), " " + show(shared, def, c.losing?.value)),
      h("div", { class: "small muted" }, c.losing_device_name || c.losing_device || "")),
    h("td", { class: "small" }, dateTime(c.created_ms)),
    h("td", null, c.resolved
      ? h("span", null, t("Đã giải quyết", "Resolved") + (c.resolved_by ? " — " + actorText(c.resolved_by) : ""),
          h("div", { class: "small" }, c.resolution ? (c.resolution.kept === "value" ? t("Đã chọn giá trị khác", "Another value was chosen") : t("Giữ giá trị đang dùng", "Kept the value in use")) + (c.resolution.comment ? ": " + c.resolution.comment : "") : ""))
      : h("div", { class: "resolve" },
          h("input", { type: "text", placeholder: t("Ghi chú", "Comment"), value: comment, onInput: (e: Event) => setComment(valueOf(e)) }),
          h("button", { "data-action": "resolve", onClick: resolve }, t("Giải quyết", "Resolve")),
          h(ErrorBox, { error }))));
}

// The server's own detail, without the raw field name it ends with ("… (floor_area_m2)").
function detailText(q: Quarantined): string {
  const m = String(q.message ?? "");
  const tail = " (" + String(q.field ?? "") + ")";
  return q.field && m.endsWith(tail) ? m.slice(0, -tail.length) : m;
}

function labelOfForm(shared: Shared, type: string): string {
  const f = formOf(shared, type);
  return f?.label ? t(f.label.vi ?? type, f.label.en ?? type) : type;
}

export function ReviewScreen(props: { params: URLSearchParams }) {
  const tab = props.params.get("tab") === "quarantine" ? "quarantine" : "conflicts";
  const [all, setAll] = useState(false);
  const conflicts = useLoad<{ conflicts: Conflict[] }>("/api/v1/conflicts" + query({ unresolved: all ? "" : 1, limit: 200 }));
  const quarantine = useLoad<{ quarantine: Quarantined[] }>("/api/v1/quarantine?limit=200");
  const pending = useLoad<{ records: RecordRow[] }>("/api/v1/records?type=household&status=has_issues&limit=50");
  const shared = useShared();
  useSealedKey();
  return h("section", { class: "screen review", "data-screen": "review" },
    h("h1", null, t("Hàng chờ duyệt", "Review queue")),
    h("nav", { class: "tabs" },
      h("a", { href: href("review"), class: tab === "conflicts" ? "active" : "" }, t("Xung đột", "Conflicts"), conflicts.data ? " (" + conflicts.data.conflicts.filter((c) => !c.resolved).length + ")" : ""),
      h("a", { href: href("review", { tab: "quarantine" }), class: tab === "quarantine" ? "active" : "" }, t("Thay đổi bị từ chối", "Rejected changes"), quarantine.data ? " (" + quarantine.data.quarantine.length + ")" : ""),
      h("a", { href: href("households", { status: "has_issues" }) }, t("Hồ sơ có vấn đề", "Records with issues"), pending.data ? " (" + pending.data.records.length + (pending.data.records.length >= 50 ? "+" : "") + ")" : "")),
    tab === "conflicts"
      ? h("div", null,
          h("p", { class: "muted" }, t("Hai người sửa cùng một trường: giá trị mới hơn đang được dùng. Chọn giá trị đúng và bấm Giải quyết.",
            "Two people edited the same field: the newer value is in use. Pick the right value and press Resolve.")),
          h("label", { class: "inline" }, h("input", { type: "checkbox", checked: all, onChange: (e: Event) => setAll(checkedOf(e)) }), " " + t("Cả các xung đột đã giải quyết", "Include resolved conflicts")),
          h(Show<{ conflicts: Conflict[] }>, { load: conflicts }, (a: { conflicts: Conflict[] }) => a.conflicts.length
            ? h("table", { class: "data conflicts" },
                h("thead", null, h("tr", null, h("th", null, t("Hồ sơ", "Record")), h("th", null, t("Trường", "Field")), h("th", null, t("Giá trị đang dùng", "Value in use")), h("th", null, t("Giá trị bị thay", "Overwritten value")), h("th", null, t("Lúc", "When")), h("th", null, ""))),
                h("tbody", null, a.conflicts.map((c) => h(ConflictRow, { c, onDone: conflicts.reload }))))
            : h("p", { class: "empty" }, t("Không có xung đột nào cần giải quyết.", "No conflicts to resolve."))))
      : h(Show<{ quarantine: Quarantined[] }>, { load: quarantine }, (a: { quarantine: Quarantined[] }) => a.quarantine.length
          ? h("table", { class: "data quarantine" },
              h("thead", null, h("tr", null, h("th", null, t("Lúc nhận", "Received")), h("th", null, t("Hộ / tổ", "Household / group")), h("th", null, t("Trường", "Field")), h("th", null, t("Lý do", "Reason")), h("th", null, t("Giá trị gửi lên", "Value sent")), h("th", null, t("Thiết bị", "Device")))),
              h("tbody", null, a.quarantine.map((q) => h("tr", { "data-quarantine": q.id, "data-code": q.code },
                h("td", { class: "small" }, dateTime(q.received_ms)),
                h("td", null, householdCell(q.household, q.record_id ?? ""), h("div", { class: "small" }, groupName(shared, q.group_id))),
                h("td", { class: "field" }, q.field ? fieldLabel(shared, q.field, q.record_type) : "",
                  q.record_type && formOf(shared, q.record_type) ? h("div", { class: "small muted" }, labelOfForm(shared, q.record_type)) : null),
                h("td", { class: "reason" }, h("strong", null, reasonText(q.code)), h("div", { class: "small" }, detailText(q))),
                h("td", { class: "small" }, show(shared, fieldDef(shared, q.field, q.record_type), sentValue(q.raw))),
                h("td", { class: "small" }, q.device_name || q.device_id, h("div", { class: "muted" }, "#" + q.device_seq))))))
          : h("p", { class: "empty" }, t("Không có thay đổi nào bị từ chối.", "No rejected changes."))));
}
