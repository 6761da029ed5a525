// Manual indicators: the office enters a value per month, quarter or year; every entry
// stays listed with who entered it and when.
import { h } from "preact";
import { useState } from "preact/hooks";
import type { Problem } from "../core/contract";
import { problem } from "../core/problems";
import { put } from "./api";
import { actorText, dateTime, periodText, targetText, valueText } from "./format";
import { label, t } from "./i18n";
import { usePeriods } from "./periods";
import { href } from "./route";
import { StatusBadge, useIndicators } from "./indicators";
import { ErrorBox, registry, Show, useLoad, useShared, type IndicatorDef } from "./state";
import { valueOf } from "./events";

function frequencyText(f: string): string {
  return f === "month" ? t("hằng tháng", "monthly") : f === "quarter" ? t("hằng quý", "quarterly") : t("hằng năm", "yearly");
}

// PUT and GET /api/v1/indicators/<id>/values: one entry, newest first.
interface ManualValue {
  indicator: string;
  period: string;
  value: number;
  note: string;
  entered_by: string;
  entered_ms: number;
}

function Entry(props: { def: IndicatorDef; onSaved: () => void }) {
  const shared = useShared();
  const { def } = props;
  // The server's periods of the indicator's frequency and the one offered first.
  const listing = usePeriods(shared.year);
  const listed = listing.data;
  const periods = listed?.periods?.[def.frequency] ?? [];
  const [picked, setPeriod] = useState<string | null>(null);
  const period = picked ?? listed?.latest?.[def.frequency] ?? "";
  const [value, setValue] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<Problem | null>(null);
  const [saved, setSaved] = useState<ManualValue | null>(null);
  const values = useLoad<{ values: ManualValue[] }>("/api/v1/indicators/" + encodeURIComponent(def.id) + "/values");
  const save = async (e: Event) => {
    e.preventDefault();
    const v = Number(value.replace(",", "."));
    if (value.trim() === "" || !Number.isFinite(v)) {
      setError(problem("invalid_value", "Hãy nhập một số", "Enter a number"));
      return;
    }
    const r = await put<ManualValue>("/api/v1/indicators/" + encodeURIComponent(def.id) + "/values", { period, value: v, note });
    if (!r.ok) return setError(r.error);
    setError(null);
    setSaved(r.body);
    setValue("");
    setNote("");
    values.reload();
    props.onSaved();
  };
  return h("div", { class: "panel manual-entry", "data-indicator": def.id },
    h("h2", null, "(" + def.id + ") " + label(def.label)),
    h("p", { class: "muted" }, label(def.target_text), " · ", t("Mục tiêu: ", "Target: ") + targetText(def.target, def.unit), " · ", t("Nhập ", "Entered ") + frequencyText(def.frequency)),
    def.formula ? h("p", { class: "small" }, label(def.formula)) : null,
    h("form", { class: "row-form", onSubmit: save },
      h("label", null, t("Kỳ", "Period"),
        h("select", { id: "manual-period", value: period, onChange: (e: Event) => setPeriod(valueOf(e)) },
          periods.map((p) => h("option", { value: p }, periodText(p))))),
      def.unit === "yes_no"
        ? h("label", null, t("Giá trị", "Value"),
            h("select", { id: "manual-value", value, onChange: (e: Event) => setValue(valueOf(e)) },
              h("option", { value: "" }, "—"), h("option", { value: "1" }, t("Có / đạt", "Yes")), h("option", { value: "0" }, t("Không", "No"))))
        : h("label", null, t("Giá trị", "Value") + (def.unit === "percent" ? " (%)" : ""),
            h("input", { id: "manual-value", inputMode: "decimal", value, onInput: (e: Event) => setValue(valueOf(e)) })),
      h("label", { class: "grow" }, t("Ghi chú (nguồn số liệu)", "Note (where the figure comes from)"),
        h("input", { id: "manual-note", value: note, onInput: (e: Event) => setNote(valueOf(e)) })),
      h("button", { type: "submit", "data-action": "save-manual" }, t("Lưu", "Save"))),
    h(ErrorBox, { error: error ?? listing.error }),
    saved ? h("p", { class: "ok", role: "status" }, t("Đã lưu ", "Saved ") + valueText(saved.value, def.unit) + t(" cho ", " for ") + periodText(saved.period) + ".") : null,
    h("h3", null, t("Các lần nhập", "Entries")),
    h(Show<{ values: ManualValue[] }>, { load: values }, (a: { values: ManualValue[] }) => a.values.length
      ? h("table", { class: "data manual-values" },
          h("thead", null, h("tr", null, h("th", null, t("Kỳ", "Period")), h("th", { class: "num" }, t("Giá trị", "Value")), h("th", null, t("Ghi chú", "Note")), h("th", null, t("Người nhập", "Entered by")), h("th", null, t("Lúc", "When")))),
          h("tbody", null, a.values.map((v) => h("tr", null,
            h("td", null, periodText(v.period)), h("td", { class: "num" }, valueText(v.value, def.unit)), h("td", null, v.note ?? ""),
            h("td", { class: "entered-by" }, actorText(v.entered_by)), h("td", { class: "small" }, dateTime(v.entered_ms))))))
      : h("p", { class: "empty" }, t("Chưa nhập lần nào.", "Nothing entered yet."))));
}

export function ManualScreen(props: { params: URLSearchParams }) {
  const shared = useShared();
  const manual = registry(shared).filter((d) => d.source === "manual");
  const picked = props.params.get("i") ?? manual[0]?.id ?? "";
  const def = manual.find((d) => d.id === picked);
  const load = useIndicators(shared.year);
  const ward = new Map((load.data?.values ?? []).filter((v) => v.group_id === "").map((v) => [v.indicator, v]));
  return h("section", { class: "screen manual", "data-screen": "manual" },
    h("h1", null, t("Chỉ tiêu nhập tay", "Manually entered indicators")),
    h("p", { class: "muted" }, t("Các chỉ tiêu không tính được từ hồ sơ hộ gia đình; văn phòng nhập theo số liệu của các ngành.",
      "Indicators no household form feeds; the office enters them from other departments' figures.")),
    h("div", { class: "two-col narrow-left" },
      h("ul", { class: "pick-list" }, manual.map((d) => h("li", null,
        h("a", { href: href("manual", { i: d.id }), class: d.id === picked ? "active" : "", "data-indicator": d.id }, "(" + d.id + ") " + label(d.label),
          ward.get(d.id) ? h("div", { class: "small" }, valueText(ward.get(d.id)!.value, d.unit), " ", h(StatusBadge, { status: ward.get(d.id)!.status })) : null)))),
      def ? h(Entry, { def, key: def.id, onSaved: load.reload }) : h("p", null, t("Chọn một chỉ tiêu.", "Pick an indicator."))));
}
