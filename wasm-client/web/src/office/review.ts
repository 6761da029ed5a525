// The review queue: concurrent edits to decide (conflicts) and changes the server
// refused (quarantine) with the reason it gave.
import { h } from "preact";
import { useState } from "preact/hooks";
import { post, query, type ApiError } from "./api";
import { actorText, dateTime } from "./format";
import { t } from "./i18n";
import { href } from "./route";
import { ErrorBox, fieldLabel, groupName, Show, useLoad, useShared } from "./state";

function show(v: unknown): string {
  if (v === null || v === undefined) return "—";
  return typeof v === "string" ? v : JSON.stringify(v);
}

function ConflictRow(props: { c: any; onDone: () => void }) {
  const shared = useShared();
  const { c } = props;
  const [comment, setComment] = useState("");
  const [choice, setChoice] = useState<"winning" | "losing">("winning");
  const [error, setError] = useState<ApiError | null>(null);
  const resolve = async () => {
    const body: any = { comment };
    if (choice === "losing") body.value = c.losing?.value;
    const r = await post("/api/v1/conflicts/" + c.id + "/resolve", body);
    if (!r.ok) return setError(r.error);
    props.onDone();
  };
  return h("tr", { "data-conflict": c.id },
    h("td", null, h("a", { href: href("record/" + c.record_id) }, c.record_id.slice(0, 8) + "…"), h("div", { class: "small" }, groupName(shared, c.group_id))),
    h("td", null, fieldLabel(shared, c.field), h("div", { class: "small muted mono" }, c.field)),
    h("td", null, h("label", { class: "inline" }, h("input", { type: "radio", name: "c" + c.id, checked: choice === "winning", onChange: () => setChoice("winning") }), " " + show(c.winning?.value))),
    h("td", null, h("label", { class: "inline" }, h("input", { type: "radio", name: "c" + c.id, checked: choice === "losing", onChange: () => setChoice("losing") }), " " + show(c.losing?.value)),
      h("div", { class: "small muted" }, c.losing_device ?? "")),
    h("td", { class: "small" }, dateTime(c.created_ms)),
    h("td", null, c.resolved
      ? h("span", null, t("Đã giải quyết", "Resolved") + (c.resolved_by ? " — " + actorText(c.resolved_by) : ""), h("div", { class: "small" }, c.resolution ?? ""))
      : h("div", { class: "resolve" },
          h("input", { type: "text", placeholder: t("Ghi chú", "Comment"), value: comment, onInput: (e: any) => setComment(e.currentTarget.value) }),
          h("button", { "data-action": "resolve", onClick: resolve }, t("Giải quyết", "Resolve")),
          h(ErrorBox, { error }))));
}

export function ReviewScreen(props: { params: URLSearchParams }) {
  const tab = props.params.get("tab") === "quarantine" ? "quarantine" : "conflicts";
  const [all, setAll] = useState(false);
  const conflicts = useLoad<{ conflicts: any[] }>("/api/v1/conflicts" + query({ unresolved: all ? "" : 1, limit: 200 }));
  const quarantine = useLoad<{ quarantine: any[] }>("/api/v1/quarantine?limit=200");
  const pending = useLoad<{ records: any[] }>("/api/v1/records?type=household&status=has_issues&limit=50");
  const shared = useShared();
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
          h("label", { class: "inline" }, h("input", { type: "checkbox", checked: all, onChange: (e: any) => setAll(e.currentTarget.checked) }), " " + t("Cả các xung đột đã giải quyết", "Include resolved conflicts")),
          h(Show<any>, { load: conflicts }, (a: any) => a.conflicts.length
            ? h("table", { class: "data conflicts" },
                h("thead", null, h("tr", null, h("th", null, t("Hồ sơ", "Record")), h("th", null, t("Trường", "Field")), h("th", null, t("Giá trị đang dùng", "Value in use")), h("th", null, t("Giá trị bị thay", "Overwritten value")), h("th", null, t("Lúc", "When")), h("th", null, ""))),
                h("tbody", null, a.conflicts.map((c: any) => h(ConflictRow, { c, onDone: conflicts.reload }))))
            : h("p", { class: "empty" }, t("Không có xung đột nào cần giải quyết.", "No conflicts to resolve."))))
      : h(Show<any>, { load: quarantine }, (a: any) => a.quarantine.length
          ? h("table", { class: "data quarantine" },
              h("thead", null, h("tr", null, h("th", null, t("Lúc nhận", "Received")), h("th", null, t("Tổ", "Group")), h("th", null, t("Loại / trường", "Type / field")), h("th", null, t("Lý do", "Reason")), h("th", null, t("Giá trị gửi lên", "Value sent")), h("th", null, t("Thiết bị", "Device")))),
              h("tbody", null, a.quarantine.map((q: any) => h("tr", { "data-quarantine": q.id },
                h("td", { class: "small" }, dateTime(q.received_ms)),
                h("td", null, groupName(shared, q.group_id)),
                h("td", null, q.field ? fieldLabel(shared, q.field, q.record_type) : "", h("div", { class: "small muted mono" }, (q.record_type ?? "") + " · " + (q.field ?? ""))),
                h("td", null, h("code", null, q.code), h("div", null, q.message)),
                h("td", { class: "small mono" }, show(q.raw?.value ?? q.raw)),
                h("td", { class: "small" }, q.device_id + " #" + q.device_seq)))))
          : h("p", { class: "empty" }, t("Không có thay đổi nào bị từ chối.", "No rejected changes."))));
}
