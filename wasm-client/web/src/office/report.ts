// The monthly / quarterly / yearly report of the plan's indicators for a chosen period:
// on screen, printable on A4 and downloadable as CSV.
import { h } from "preact";
import { useState } from "preact/hooks";
import type { Problem } from "../core/contract";
import type { Label, Target } from "../core/schemas";
import { download, query, saveBlob } from "./api";
import { bytesText, dateTime, isoDayText, longDayText, periodText, rowValueText, targetText, vnDatesIn, type Display } from "./format";
import { valueOf } from "./events";
import { label, t } from "./i18n";
import { usePeriods } from "./periods";
import { href } from "./route";
import { ErrorBox, registry, shortGroupName, Show, useLoad, useShared } from "./state";
import { StatusBadge } from "./indicators";

// GET /api/v1/report?format=json: one row per indicator, of the report's own period.
interface ReportRow {
  indicator: string;
  plan_item: number | null;
  plan_number: string; // as the plan numbers the item: "12", "8a"; "" outside its list
  label: Label;
  target: Target | null;
  target_text: Label;
  unit: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  value_period: string | null;
  status: string;
  display: Display; // how the value reads (the core's IndicatorDisplay; rowValueText)
  groups_below: string[];
  groups_known: boolean; // false for values kept from a snapshot (no group values)
  basis: string; // "records", "snapshot" or "manual"
  // the server's words: "năm 2026 đến 2026-12-07", "ngày 2026-09-30", "cuối tháng 2026-09",
  // "kỳ 2026-Q3"
  as_of: string;
}

interface ReportAnswer {
  period: string;
  period_ended: boolean;
  ward: string;
  generated_ms: number;
  report_date: string;
  prepared_by: string;
  records_as_of: string;
  snapshot_month: string | null;
  snapshot_as_of: string | null; // the day the kept values are true on
  basis_note: Label;
  rows: ReportRow[];
}

// The server's words for what period a value is of, put into the reader's: "cả năm 2026
// đến 28/11/2026" (the year so far), "ngày 30/09/2026" (kept for an ended month or
// quarter, true on that day), "cuối tháng 9/2026" (kept before the day was recorded, or
// nothing kept), "kỳ Quý III/2026" (a manual entry).
function asOfText(r: ReportRow): string {
  const m = /^năm (\d{4}) đến (\d{4}-\d{2}-\d{2})$/.exec(String(r.as_of ?? ""));
  if (m) return t("cả năm " + m[1] + " đến " + isoDayText(m[2]), "all of " + m[1] + " to " + isoDayText(m[2]));
  const d = /^ngày (\d{4}-\d{2}-\d{2})$/.exec(String(r.as_of ?? ""));
  if (d) return t("ngày ", "on ") + isoDayText(d[1]);
  const e = /^cuối tháng (\d{4}-\d{2})$/.exec(String(r.as_of ?? ""));
  if (e) return t("cuối ", "end of ") + periodText(e[1]).replace(/^Tháng/, t("tháng", "month"));
  const k = /^kỳ (.+)$/.exec(String(r.as_of ?? ""));
  if (k) return t("kỳ ", "period ") + periodText(k[1]);
  return "—";
}

// "Phường Kiến An" → "Kiến An": the place on the date line of an administrative document.
function placeOf(ward: string): string {
  return ward.replace(/^(Phường|Xã|Thị trấn)\s+/i, "");
}

export function ReportScreen(props: { params: URLSearchParams }) {
  const shared = useShared();
  const kind = props.params.get("kind") ?? "month";
  // The server's periods of that kind and the one offered first (periods.ts).
  const listing = usePeriods(shared.year);
  const listed = listing.data;
  const periods = listed?.periods?.[kind] ?? [];
  const period = props.params.get("period") ?? listed?.latest?.[kind] ?? null;
  const load = useLoad<ReportAnswer>(period === null ? null : "/api/v1/report" + query({ period, format: "json" }));
  const [progress, setProgress] = useState<string | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const defs = registry(shared);
  const csv = async () => {
    if (period === null) return;
    setError(null);
    // The server names the file for a person ("bao-cao-thang-10-2026.csv").
    const r = await download("/api/v1/report" + query({ period, format: "csv" }), "bao-cao.csv", (n) => setProgress(bytesText(n)));
    if (!r.ok) return setError(r.error);
    setProgress(t("Đã tải ", "Downloaded ") + r.body.name + " (" + bytesText(r.body.bytes) + ")");
    saveBlob(r.body);
  };
  return h("section", { class: "screen report", "data-screen": "report" },
    h("div", { class: "no-print" },
      h("h1", null, t("Báo cáo định kỳ", "Periodic report")),
      h("div", { class: "filters" },
        h("label", null, t("Loại", "Kind"),
          h("select", { id: "report-kind", value: kind, onChange: (e: Event) => { location.hash = href("report", { kind: valueOf(e) }); } },
            h("option", { value: "month" }, t("Tháng", "Month")), h("option", { value: "quarter" }, t("Quý", "Quarter")), h("option", { value: "year" }, t("Năm", "Year")))),
        h("label", null, t("Kỳ báo cáo", "Period"),
          h("select", { id: "report-period", value: period ?? "", onChange: (e: Event) => { location.hash = href("report", { kind, period: valueOf(e) }); } },
            periods.map((p) => h("option", { value: p }, periodText(p))))),
        h("button", { "data-action": "print", onClick: () => window.print() }, "🖨 " + t("In (A4)", "Print (A4)")),
        h("button", { "data-action": "report-csv", onClick: csv }, "⬇ " + t("Tải CSV", "Download CSV"))),
      progress ? h("p", { class: "small", role: "status" }, progress) : null,
      h(ErrorBox, { error: error ?? listing.error })),
    h(Show<ReportAnswer>, { load }, (a: ReportAnswer) => {
      const ward = a.ward;
      const year = String(a.period).slice(0, 4);
      return h("article", { class: "print-doc report-doc", "data-period": a.period, "data-ended": a.period_ended ? "1" : "0" },
      h("header", { class: "doc-head" },
        h("div", null, h("div", { class: "upper" }, "UBND " + ward), h("div", { class: "upper bold" }, t("Văn phòng – Văn hóa xã hội", "Culture-social office"))),
        h("div", { class: "right" }, h("div", { class: "upper bold" }, "Cộng hòa xã hội chủ nghĩa Việt Nam"), h("div", { class: "bold" }, "Độc lập - Tự do - Hạnh phúc"))),
      // The period is the title: a report of October says so at the top, not in a note.
      h("h2", { class: "doc-title" }, t("BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KẾ HOẠCH NĂM ", "REPORT ON THE PLAN'S INDICATORS, ") + year,
        h("span", { class: "doc-period" }, periodText(a.period).toUpperCase())),
      h("p", { class: "doc-sub" }, (a.period_ended ? t("Kỳ đã kết thúc", "Period ended") : t("Kỳ chưa kết thúc — số liệu đến ngày ", "Period still running — figures to ") + isoDayText(String(a.records_as_of ?? ""))) +
        " · " + t("Lập lúc ", "Generated ") + dateTime(a.generated_ms)),
      // Which period each value is of, on the paper itself (the server's words).
      a.basis_note ? h("p", { class: "doc-note", "data-records-as-of": a.records_as_of ?? "" }, vnDatesIn(label(a.basis_note))) : null,
      h("table", { class: "data report-table" },
        h("colgroup", null,
          h("col", { class: "c-no" }), h("col", { class: "c-label" }), h("col", { class: "c-target" }), h("col", { class: "c-value" }),
          h("col", { class: "c-asof" }), h("col", { class: "c-status" }), h("col", { class: "c-groups" })),
        h("thead", null, h("tr", null,
          h("th", null, t("Số", "No.")), h("th", null, t("Chỉ tiêu", "Indicator")), h("th", null, t("Mục tiêu", "Target")),
          h("th", { class: "num" }, t("Thực hiện", "Achieved")), h("th", null, t("Số liệu của", "Values of")), h("th", null, t("Đánh giá", "Assessment")), h("th", null, t("Tổ chưa đạt", "Groups below")))),
        h("tbody", null, (a.rows ?? []).map((r) => {
          const d = defs.find((x) => x.id === r.indicator);
          const unit = r.unit ?? d?.unit ?? "percent";
          const target = targetText(r.target ?? d?.target, unit);
          return h("tr", { "data-indicator": r.indicator, class: "status-row-" + r.status },
            h("td", { class: "no" }, r.plan_number ?? ""),
            h("td", null, label(r.label) || (d ? label(d.label) : "")),
            h("td", null, target),
            // Counts rather than "+500 %" from a small base, as the server says (display).
            h("td", { class: "num" }, rowValueText({ unit }, r)),
            h("td", { class: "small as-of", "data-basis": r.basis ?? "" }, asOfText(r)),
            h("td", null, h(StatusBadge, { status: r.status })),
            h("td", { class: "small" }, r.groups_known === false
              ? h("span", { class: "muted" }, t("không lưu", "not kept"))
              : (r.groups_below ?? []).map((g) => shortGroupName(shared, g)).join(", ")));
        }))),
      h("p", { class: "doc-place-date" }, placeOf(ward) + ", " + longDayText(String(a.report_date ?? ""))),
      h("div", { class: "signatures two" },
        h("div", null, h("strong", null, t("NGƯỜI LẬP BÁO CÁO", "PREPARED BY")), h("div", { class: "sign-space" }),
          h("div", { class: "preparer" }, a.prepared_by || shared.me.full_name || shared.me.username || "")),
        h("div", null, h("strong", null, t("TRƯỞNG PHÒNG", "HEAD OF OFFICE")), h("div", { class: "sign-space" }))));
    }));
}
