// Exports per record type and group, CSV (UTF-8 with BOM for Excel) or XLSX, or every
// type in one workbook (a sheet per form), with the bytes received shown while a large
// file downloads. The server names the file ("ho-gia-dinh_to-dan-pho-so-1_2026-12-07.xlsx")
// and writes the household's address and head on every member and review row.
import { h } from "preact";
import { useState } from "preact/hooks";
import type { Problem } from "../core/contract";
import { download, query, saveBlob } from "./api";
import { bytesText } from "./format";
import { label, t } from "./i18n";
import { ErrorBox, useShared } from "./state";
import { valueOf } from "./events";

export function ExportsScreen() {
  const shared = useShared();
  const forms = shared.schemas?.schemas ?? [];
  // Households first: what the office exports most.
  const [type, setType] = useState<string>("household");
  const [group, setGroup] = useState("");
  const [format, setFormat] = useState("csv");
  const [received, setReceived] = useState<number | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ name: string; bytes: number } | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const start = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setDone(null);
    setError(null);
    const fmt = type === "all" ? "xlsx" : format;
    const r = await download("/api/v1/export" + query({ type, format: fmt, group }), `${type}${group ? "-" + group : ""}.${fmt}`, (n, tot) => {
      setReceived(n);
      setTotal(tot);
    });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setDone({ name: r.body.name, bytes: r.body.bytes });
    saveBlob(r.body);
  };
  return h("section", { class: "screen exports", "data-screen": "exports" },
    h("h1", null, t("Xuất dữ liệu", "Exports")),
    h("p", { class: "muted" }, t("Mỗi dòng một hồ sơ, mỗi cột một câu hỏi (tiêu đề tiếng Việt). Nhân khẩu và các phiếu bình xét ghi kèm địa chỉ và chủ hộ. CSV mở được bằng Excel với đúng dấu tiếng Việt. Mỗi lần xuất đều được ghi nhật ký.",
      "One row per record, one column per question (Vietnamese headers). Members and reviews carry their household's address and head. The CSV opens in Excel with correct Vietnamese. Every export is written to the audit log.")),
    h("form", { class: "filters", onSubmit: start },
      h("label", null, t("Loại hồ sơ", "Record type"),
        h("select", { id: "export-type", value: type, onChange: (e: Event) => setType(valueOf(e)) },
          // Households first, then the other forms; "all" as one workbook.
          [...forms.filter((f) => f.record_type === "household"), ...forms.filter((f) => f.record_type !== "household")]
            .map((f) => h("option", { value: f.record_type }, label(f.label))),
          h("option", { value: "all" }, t("Tất cả các loại (một tệp Excel, mỗi loại một trang)", "Every type (one Excel file, a sheet each)")))),
      h("label", null, t("Tổ", "Group"),
        h("select", { id: "export-group", value: group, onChange: (e: Event) => setGroup(valueOf(e)) },
          h("option", { value: "" }, t("Tất cả các tổ", "All groups")),
          shared.groups.map((g) => h("option", { value: g.id }, g.name)))),
      h("label", null, t("Định dạng", "Format"),
        h("select", { id: "export-format", value: type === "all" ? "xlsx" : format, disabled: type === "all", onChange: (e: Event) => setFormat(valueOf(e)) },
          h("option", { value: "csv" }, "CSV (Excel, UTF-8)"), h("option", { value: "xlsx" }, "XLSX (Excel)"))),
      h("button", { type: "submit", disabled: busy, "data-action": "export" }, "⬇ " + t("Xuất", "Export"))),
    busy || received !== null
      ? h("div", { class: "progress", role: "status", "data-busy": busy ? "1" : "0" },
          total ? h("progress", { max: total, value: received ?? 0 }) : h("progress", busy ? {} : { max: 1, value: 1 }),
          h("span", { class: "bytes" }, " " + t("Đã nhận ", "Received ") + bytesText(received ?? 0) + (total ? " / " + bytesText(total) : "")))
      : null,
    done ? h("p", { class: "ok export-done", "data-bytes": done.bytes }, t("Đã tải xong ", "Downloaded ") + done.name + " (" + bytesText(done.bytes) + ")") : null,
    h(ErrorBox, { error }));
}
