// The plan at a glance, one indicator in depth (bars per group, monthly trend, the
// groups below target and a way to their households), and the group × indicator table.
import { h, type ComponentChild } from "preact";
import { useState } from "preact/hooks";
import { BarChart, TargetBar, TrendChart } from "./charts";
import { actorText, dateTime, isoDayText, num, periodText, rowValueText, statusText, targetText, type Display, type Status, type Target } from "./format";
import { label, t } from "./i18n";
import { href } from "./route";
import { groupName, shortGroupName, Show, useLoad, useShared, type IndicatorDef, type Shared } from "./state";
import { checkedOf } from "./events";

export interface ValueRow {
  indicator: string;
  group_id: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  target: Target | null;
  status: Status;
  // How the row reads (the core's IndicatorDisplay): a title for a group of indicator
  // 10, counts for a change from a small base (rowValueText).
  display: Display;
  value_period?: string;
  // Ratios with an "at least" target: how many more reach it (the core's ShortOfTarget).
  short_of_target?: number;
  entered_by?: string;
  entered_ms?: number;
}

export interface IndicatorsAnswer {
  period: string;
  computed_ms: number;
  // The date the facts are complete for, and the day the period is evaluated on
  // (31 December, or as_of while the year runs); null before the first refresh.
  as_of?: string | null;
  reference_date?: string | null;
  // A refresh to today is under way: the figures are those of as_of.
  refreshing?: boolean;
  // The registry's definitions (the numeric target is the schemas' and the rows').
  indicators: (Omit<IndicatorDef, "target"> & { target?: Target | null })[];
  values: ValueRow[];
}

export interface TrendAnswer {
  period: string;
  months: string[];
  series: Record<string, (number | null)[]>;
}

export interface Table {
  defs: IndicatorDef[];
  ward: Map<string, ValueRow>;
  groups: Map<string, Map<string, ValueRow>>; // indicator → group → row
}

export function tableOf(a: IndicatorsAnswer, shared: Shared): Table {
  const ward = new Map<string, ValueRow>();
  const groups = new Map<string, Map<string, ValueRow>>();
  for (const v of a.values) {
    if (v.group_id === "") ward.set(v.indicator, v);
    else {
      if (!groups.has(v.indicator)) groups.set(v.indicator, new Map());
      groups.get(v.indicator)!.set(v.group_id, v);
    }
  }
  const fromRegistry = new Map((shared.schemas?.indicators ?? []).map((d) => [d.id, d]));
  // The registry carries the numeric target; the answer's rows carry it too.
  const defs = (a.indicators ?? []).map((d): IndicatorDef => ({ ...fromRegistry.get(d.id), ...d, target: d.target ?? fromRegistry.get(d.id)?.target ?? ward.get(d.id)?.target ?? null }));
  return { defs, ward, groups };
}

export function StatusBadge(props: { status: Status | string }) {
  const s = props.status || "no_data";
  const icon = s === "met" ? "✓" : s === "not_met" ? "✗" : s === "at_risk" ? "!" : "–";
  return h("span", { class: "badge status-" + s, "data-status": s }, h("span", { "aria-hidden": "true" }, icon + " "), statusText(s));
}

export function indicatorNumber(d: IndicatorDef): string {
  return d.plan_item ? d.id : "·";
}

// Below target: missed, by a little (at_risk) or by more (not_met).
export function isBelow(status: string | undefined): boolean {
  return status === "not_met" || status === "at_risk";
}

// A bar's colour from the server's status of the row (the core's EvaluateTarget, with
// its tolerance and the group rules of docs/indicators.md): never compared here.
export function okOf(status: string | undefined): boolean | null {
  return status === "met" ? true : isBelow(status) ? false : null;
}

function groupsBelow(table: Table, d: IndicatorDef): string[] {
  const rows = table.groups.get(d.id);
  if (!rows) return [];
  return [...rows.values()].filter((r) => isBelow(r.status)).map((r) => r.group_id);
}

// "Needs attention": every computed indicator with groups below target, each group a
// link straight to its households that fall short.
function Attention(props: { table: Table }) {
  const shared = useShared();
  const items = props.table.defs
    // A count's target is the ward's (30 enterprises), not each group's: leave counts out.
    .filter((d) => d.source === "records" && d.target && d.kind !== "count")
    .map((d) => ({ d, below: groupsBelow(props.table, d) }))
    .filter((x) => x.below.length > 0);
  if (!items.length) return null;
  return h("div", { class: "panel attention", "aria-label": t("Cần chú ý", "Needs attention") },
    h("h2", null, t("Cần chú ý: các tổ chưa đạt mục tiêu", "Needs attention: groups below target")),
    h("ul", null, items.map(({ d, below }) =>
      h("li", { "data-indicator": d.id },
        h("a", { href: href("indicator/" + d.id), class: "ind" }, (d.plan_item ? "(" + d.id + ") " : "") + label(d.label)),
        " " + targetText(d.target, d.unit) + " — ",
        below.map((g) => {
          const v = props.table.groups.get(d.id)?.get(g);
          return h("a", { class: "chip", "data-group": g, href: href("households", { group: g, i: d.id }), title: t("Các hộ còn thiếu", "Households that fall short") },
            shortGroupName(shared, g) + " " + rowValueText(d, v));
        })))));
}

export function useIndicators(year: number) {
  return useLoad<IndicatorsAnswer>(`/api/v1/indicators?period=${year}`);
}

// The overview's table of some indicators: value, status and, for percentages, the
// value against the target on the one 0–100 % scale all rows share.
function IndicatorTable(props: { table: Table; defs: IndicatorDef[]; caption: string; extraClass?: string }) {
  const { table } = props;
  return h("div", { class: "scroll" }, h("table", { class: "data overview-table " + (props.extraClass ?? "") },
    h("caption", { class: "sr-only" }, props.caption),
    h("thead", null, h("tr", null,
      h("th", { scope: "col" }, t("Số", "No.")),
      h("th", { scope: "col" }, t("Chỉ tiêu", "Indicator")),
      h("th", { scope: "col" }, t("Mục tiêu", "Target")),
      h("th", { scope: "col", class: "num" }, t("Hiện tại", "Latest")),
      h("th", { scope: "col" }, t("Tình trạng", "Status")),
      h("th", { scope: "col", class: "opt" }, t("So với mục tiêu (0–100 %)", "Against the target (0–100 %)")),
      h("th", { scope: "col" }, t("Tổ chưa đạt", "Groups below")),
      h("th", { scope: "col", class: "opt" }, t("Nguồn", "Source")))),
    h("tbody", null, props.defs.map((d) => {
      const w = table.ward.get(d.id);
      const below = groupsBelow(table, d);
      const value = rowValueText(d, w);
      return h("tr", { "data-indicator": d.id, class: "status-row-" + (w?.status ?? "no_data") },
        h("td", { class: "id" }, indicatorNumber(d)),
        h("td", null, h("a", { href: href("indicator/" + d.id) }, label(d.label)),
          h("div", { class: "small muted" }, label(d.target_text))),
        h("td", null, targetText(d.target, d.unit)),
        h("td", { class: "num value" }, value,
          w?.value_period ? h("div", { class: "small muted" }, periodText(w.value_period)) : null),
        h("td", null, h(StatusBadge, { status: w?.status ?? "no_data" })),
        h("td", { class: "opt" }, d.unit === "percent"
          ? h(TargetBar, { value: w?.value ?? null, target: d.target, ok: okOf(w?.status), label: label(d.label) + ": " + value + ", " + t("mục tiêu ", "target ") + targetText(d.target, d.unit) })
          : null),
        h("td", null, below.length
          ? h("a", { href: href("indicator/" + d.id), class: "below-count" }, below.length + t(" tổ", " groups"))
          : d.source === "records" ? h("span", { class: "muted" }, "0") : h("span", { class: "muted" }, "—")),
        h("td", { class: "small opt" }, d.source === "manual"
          ? h("a", { href: href("manual", { i: d.id }) }, t("Nhập tay", "Entered"))
          : t("Từ hồ sơ", "From records")));
    }))));
}

export function OverviewScreen() {
  const shared = useShared();
  const load = useIndicators(shared.year);
  const [filter, setFilter] = useState<string>("all");
  return h("section", { class: "screen overview", "data-screen": "overview" },
    h("h1", null, t("Kế hoạch năm ", "The plan for ") + shared.year + t(" — các chỉ tiêu", " — indicators")),
    h(Show<IndicatorsAnswer>, { load }, (a: IndicatorsAnswer) => {
      const table = tableOf(a, shared);
      const counts: Record<string, number> = { met: 0, not_met: 0, no_data: 0, no_target: 0 };
      for (const d of table.defs) {
        const st = table.ward.get(d.id)?.status ?? "no_data";
        counts[st] = (counts[st] ?? 0) + 1;
      }
      const shown = table.defs.filter((d) => filter === "all" || (table.ward.get(d.id)?.status ?? "no_data") === filter);
      // Record-fed rows first; the office's own entries below, folded while most are
      // empty, so what the records say is above the fold.
      const fromRecords = shown.filter((d) => d.source !== "manual");
      const manual = shown.filter((d) => d.source === "manual");
      const manualWithValue = manual.filter((d) => table.ward.get(d.id)?.value !== null && table.ward.get(d.id)?.value !== undefined).length;
      return h("div", null,
        h("div", { class: "summary", role: "group", "aria-label": t("Tóm tắt", "Summary") },
          (["all", "met", ...(counts.at_risk ? ["at_risk"] : []), "not_met", "no_data", "no_target"] as string[]).map((k) =>
            h("button", { class: "summary-card " + (k === "all" ? "" : "status-" + k) + (filter === k ? " active" : ""), "data-filter": k, "aria-pressed": filter === k ? "true" : "false", onClick: () => setFilter(k) },
              h("strong", null, String(k === "all" ? table.defs.length : counts[k])),
              h("span", null, k === "all" ? t("Tất cả chỉ tiêu", "All indicators") : statusText(k))))),
        h(Attention, { table }),
        h("p", { class: "muted as-of" },
          a.reference_date
            ? t("Số liệu tính đến ngày ", "Figures as of ") + isoDayText(a.reference_date) +
                t(" (tính lúc ", " (computed at ") + dateTime(a.computed_ms || Date.now()) + ")" +
                (a.refreshing ? t("; đang cập nhật số liệu đến hôm nay", "; being brought up to today") : "")
            : t("Số liệu tính lúc ", "Computed at ") + dateTime(a.computed_ms || Date.now()),
          t(". Bấm vào một chỉ tiêu để xem từng tổ và hộ gia đình.", ". Click an indicator for its groups and households.")),
        fromRecords.length
          ? h("div", { class: "records-part" },
              h("h2", null, t("Tính từ hồ sơ các tổ", "Computed from the groups' records") + " (" + fromRecords.length + ")"),
              h(IndicatorTable, { table, defs: fromRecords, caption: t("Chỉ tiêu tính từ hồ sơ", "Indicators computed from records"), extraClass: "records-table" }))
          : null,
        manual.length
          ? h("details", { class: "manual-part", open: filter !== "all", key: filter },
              h("summary", null, h("strong", null, t("Chỉ tiêu văn phòng nhập tay", "Indicators the office enters") + " (" + manual.length + ")"),
                " — " + manualWithValue + t(" đã có số liệu, ", " with a value, ") + (manual.length - manualWithValue) + t(" chưa nhập", " not entered")),
              h(IndicatorTable, { table, defs: manual, caption: t("Chỉ tiêu nhập tay", "Manually entered indicators"), extraClass: "manual-table" }))
          : null);
    }));
}

export function IndicatorScreen(props: { id: string }) {
  const shared = useShared();
  const load = useIndicators(shared.year);
  const trend = useLoad<TrendAnswer>(`/api/v1/indicators/trend?period=${shared.year}`);
  return h("section", { class: "screen indicator", "data-screen": "indicator", "data-indicator": props.id },
    h("p", { class: "crumbs" }, h("a", { href: href("") }, t("Các chỉ tiêu", "Indicators")), " › ", t("Chi tiết", "Details")),
    h(Show<IndicatorsAnswer>, { load }, (a: IndicatorsAnswer) => {
      const table = tableOf(a, shared);
      const d = table.defs.find((x) => x.id === props.id);
      if (!d) return h("p", { class: "error" }, t("Không có chỉ tiêu ", "No indicator ") + props.id);
      const w = table.ward.get(d.id);
      const rows = [...(table.groups.get(d.id)?.values() ?? [])];
      // Worst first: groups below target, then without data, then the rest; within
      // each, farthest from the target first (lowest for "at least" targets).
      const rank: Record<string, number> = { not_met: 0, at_risk: 0, no_data: 1, no_target: 2, met: 3 };
      const down = d.target && (d.target.comparison === "lte" || d.target.comparison === "lt") ? -1 : 1;
      const sorted = rows.slice().sort((x, y) =>
        (rank[x.status] ?? 1) - (rank[y.status] ?? 1) || ((x.value ?? Infinity) - (y.value ?? Infinity)) * down);
      const pct = d.unit === "percent";
      const bars = shared.groups.map((g) => {
        const r = table.groups.get(d.id)?.get(g.id);
        return { key: g.id, label: g.id.replace(/^tdp-/, t("Tổ ", "G ")), title: g.name, value: r?.value ?? null, ok: okOf(r?.status) };
      });
      const series = trend.data?.series?.[d.id] ?? [];
      return h("div", null,
        h("h1", null, (d.plan_item ? "(" + d.id + ") " : "") + label(d.label)),
        h("p", { class: "lead" }, label(d.target_text)),
        h("dl", { class: "facts" },
          h("dt", null, t("Mục tiêu", "Target")), h("dd", null, targetText(d.target, d.unit)),
          h("dt", null, t("Toàn phường", "Whole ward")), h("dd", { class: "ward-value" }, rowValueText(d, w), " ", h(StatusBadge, { status: w?.status ?? "no_data" })),
          w && w.denominator !== null && d.kind === "ratio" ? [h("dt", null, t("Tử số / mẫu số", "Numerator / denominator")), h("dd", null, num(w.numerator, 0) + " / " + num(w.denominator, 0))] : null,
          d.formula ? [h("dt", null, t("Cách tính", "Formula")), h("dd", null, label(d.formula))] : null,
          d.rule_source ? [h("dt", null, t("Căn cứ", "Source")), h("dd", { class: "small" }, d.rule_source)] : null),
        d.source === "manual"
          ? h("p", null, h("a", { class: "button", href: href("manual", { i: d.id }) }, t("Nhập số liệu cho chỉ tiêu này", "Enter a value for this indicator")),
              w?.entered_by ? h("span", { class: "muted" }, " " + t("Lần nhập gần nhất: ", "Last entered by: ") + actorText(w.entered_by) + ", " + dateTime(w.entered_ms)) : null)
          : d.id === "10"
            ? h("p", null, h("a", { class: "button", href: href("group-review"), "data-action": "open-group-review" }, t("Nhập kết quả bình xét tổ dân phố văn hóa", "Enter the groups' cultural reviews")))
            : null,
        rows.length
          ? h("div", { class: "panel" },
              h("h2", null, t("Từng tổ dân phố so với mục tiêu", "Each group against the target")),
              h(BarChart, { bars, target: d.target, unit: d.unit, title: label(d.label) + t(" theo tổ", " by group"), onPick: (g: string) => { location.hash = href("households", { group: g, i: d.id }); } }))
          : null,
        h("div", { class: "panel" },
          h("h2", null, t("Diễn biến toàn phường theo tháng", "The ward month by month")),
          trend.error ? h("p", { class: "muted" }, t("Chưa có số liệu theo tháng.", "No monthly data.")) : h(TrendChart, { months: trend.data?.months ?? [], values: series, target: d.target, title: label(d.label) + t(" theo tháng", " by month") })),
        rows.length
          ? h("div", { class: "panel" },
              h("h2", null, t("Các tổ, tổ chưa đạt trước", "Groups, those below target first")),
              h("table", { class: "data groups-for-indicator" },
                h("thead", null, h("tr", null,
                  h("th", null, t("Tổ dân phố", "Group")),
                  h("th", { class: "num" }, t("Giá trị", "Value")),
                  h("th", { class: "num" }, pct ? t("Đạt / tổng", "Yes / total") : t("Tử / mẫu", "Num / den")),
                  pct ? h("th", { class: "num" }, t("Thiếu để đạt", "Short of target")) : null,
                  h("th", null, t("Tình trạng", "Status")),
                  h("th", null, ""))),
                h("tbody", null, sorted.map((r) => {
                  const short = r.short_of_target ?? null;  // the server's count (core ShortOfTarget)
                  return h("tr", { "data-group": r.group_id, class: isBelow(r.status) ? "below" : "" },
                    h("td", null, groupName(shared, r.group_id)),
                    h("td", { class: "num" }, rowValueText(d, r)),
                    h("td", { class: "num" }, num(r.numerator, 0) + " / " + num(r.denominator, 0)),
                    pct ? h("td", { class: "num" }, short === null ? "—" : String(short)) : null,
                    h("td", null, h(StatusBadge, { status: r.status })),
                    h("td", null, h("a", { class: "households-link", href: href("households", { group: r.group_id, i: d.id }) }, t("Xem các hộ →", "Households →"))));
                }))))
          : null);
    }));
}

type SortKey = { col: string; dir: 1 | -1 };

export function GroupsScreen() {
  const shared = useShared();
  const load = useIndicators(shared.year);
  const [sort, setSort] = useState<SortKey>({ col: "name", dir: 1 });
  const [onlyBelow, setOnlyBelow] = useState(false);
  return h("section", { class: "screen groups", "data-screen": "groups" },
    h("h1", null, t("Từng tổ dân phố", "Residential groups")),
    h(Show<IndicatorsAnswer>, { load }, (a: IndicatorsAnswer) => {
      const table = tableOf(a, shared);
      const cols = table.defs.filter((d) => table.groups.has(d.id));
      // A group "pulls the ward below target" on an indicator the ward misses when
      // the group misses it too.
      const pulling = (d: IndicatorDef, g: string) =>
        isBelow(table.ward.get(d.id)?.status) && isBelow(table.groups.get(d.id)?.get(g)?.status);
      const pullCount = (g: string) => cols.filter((d) => pulling(d, g)).length;
      let groups = shared.groups.slice();
      if (onlyBelow) groups = groups.filter((g) => pullCount(g.id) > 0);
      const key = (g: { id: string; name: string; households: number }) => {
        if (sort.col === "name") return g.id;
        if (sort.col === "households") return g.households;
        if (sort.col === "pulling") return pullCount(g.id);
        return table.groups.get(sort.col)?.get(g.id)?.value ?? -Infinity;
      };
      groups.sort((x, y) => {
        const a1 = key(x);
        const b1 = key(y);
        return (a1 < b1 ? -1 : a1 > b1 ? 1 : 0) * sort.dir;
      });
      const th = (col: string, text: ComponentChild, title?: string) =>
        h("th", { scope: "col", class: "sortable" + (sort.col === col ? " sorted" : ""), "data-sort": col, title, "aria-sort": sort.col === col ? (sort.dir === 1 ? "ascending" : "descending") : "none" },
          h("button", { onClick: () => setSort({ col, dir: sort.col === col ? (-sort.dir as 1 | -1) : 1 }) }, text, sort.col === col ? (sort.dir === 1 ? " ▲" : " ▼") : ""));
      return h("div", null,
        h("p", { class: "muted" }, t("Ô đỏ viền đậm: tổ chưa đạt ở chỉ tiêu mà toàn phường chưa đạt (kéo phường xuống dưới mục tiêu). Bấm tiêu đề cột để sắp xếp.",
          "Red outlined cells: the group misses an indicator the whole ward misses (it pulls the ward below target). Click a column header to sort.")),
        h("label", { class: "inline" }, h("input", { type: "checkbox", checked: onlyBelow, onChange: (e: Event) => setOnlyBelow(checkedOf(e)), "data-action": "only-below" }),
          " " + t("Chỉ các tổ kéo phường xuống", "Only groups pulling the ward down")),
        h("div", { class: "scroll" },
          h("table", { class: "data groups-table" },
            h("thead", null, h("tr", null,
              th("name", t("Tổ dân phố", "Group")),
              th("households", t("Số hộ", "Households")),
              th("pulling", t("Số chỉ tiêu kéo xuống", "Pulling down on"), t("Số chỉ tiêu tổ chưa đạt mà phường chưa đạt", "Indicators the group and the ward both miss")),
              cols.map((d) => th(d.id, h("span", null, d.plan_item ? "(" + d.id + ")" : "", h("br", null), label(d.label)), label(d.target_text))))),
            h("tbody", null,
              groups.map((g) => h("tr", { "data-group": g.id, class: pullCount(g.id) ? "pulling" : "" },
                h("th", { scope: "row" }, h("a", { href: href("households", { group: g.id }) }, g.name)),
                h("td", { class: "num" }, num(g.households, 0)),
                h("td", { class: "num" }, String(pullCount(g.id))),
                cols.map((d) => {
                  const r = table.groups.get(d.id)?.get(g.id);
                  const cls = "cell status-" + (r?.status ?? "no_data") + (pulling(d, g.id) ? " pulling" : "");
                  return h("td", { class: "num " + cls, "data-indicator": d.id, title: statusText(r?.status ?? "no_data") },
                    h("a", { href: href("households", { group: g.id, i: d.id }) }, rowValueText(d, r)));
                }))),
              h("tr", { class: "ward-row" },
                h("th", { scope: "row" }, t("Toàn phường", "Whole ward")),
                h("td", { class: "num" }, num(shared.groups.reduce((s, g) => s + (g.households || 0), 0), 0)),
                h("td", null, ""),
                cols.map((d) => {
                  const r = table.ward.get(d.id);
                  return h("td", { class: "num cell status-" + (r?.status ?? "no_data"), "data-indicator": d.id },
                    h("a", { href: href("indicator/" + d.id) }, rowValueText(d, r)), h("div", { class: "small" }, statusText(r?.status ?? "no_data")));
                }))))));
    }));
}
