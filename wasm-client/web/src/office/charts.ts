// Charts drawn as inline SVG by our own code: no chart library, nothing fetched, so
// they render offline and print sharply.
import { h } from "preact";
import { monthShort, num, type Target } from "./format";
import { t } from "./i18n";

type Series = (number | null)[];

function extent(values: number[], extra: number[]): [number, number] {
  const all = values.concat(extra).filter((v) => Number.isFinite(v));
  if (!all.length) return [0, 1];
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (lo > 0 && lo / (hi || 1) > 0.5) lo = lo - (hi - lo) * 0.5; // keep small changes visible
  if (lo > 0 && hi <= 100 && hi > 50) lo = Math.min(lo, hi - 10);
  if (hi === lo) {
    hi += 1;
    lo -= 1;
  }
  return [Math.min(lo, 0) < 0 ? lo : Math.max(0, lo), hi];
}

// A percentage against its target on the one scale every row shares (0–100 %): the bar
// is the value, the dark tick the target, both written out, so rows compare at a glance
// and read without colour. Colour from the server's status, never compared here.
export function TargetBar(props: { value: number | null; target?: Target | null; ok: boolean | null; label: string }) {
  const W = 160;
  const H = 22;
  const x = (v: number) => 1 + (Math.max(0, Math.min(100, v)) / 100) * (W - 2);
  if (props.value === null) return h("span", { class: "muted" }, "—");
  const cls = "fill " + (props.ok === false ? "below" : props.ok === true ? "ok" : "unknown");
  return h(
    "svg",
    { class: "target-bar", width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": props.label },
    h("title", null, props.label),
    h("rect", { class: "track", x: 1, y: 5, width: W - 2, height: 12 }),
    h("rect", { class: cls, x: 1, y: 5, width: Math.max(1, x(props.value) - 1), height: 12 }),
    props.target ? h("line", { class: "target", x1: x(props.target.value), x2: x(props.target.value), y1: 1, y2: H - 1 }) : null,
  );
}

export interface Bar {
  key: string;
  label: string;
  value: number | null;
  ok: boolean | null; // meets the target? null when unknown
  title?: string;
}

// One bar per group with the target as a horizontal line; bars below target are red
// and hatched, so the chart reads without colour too.
export function BarChart(props: { bars: Bar[]; target?: Target | null; unit: string; title: string; onPick?: (key: string) => void }) {
  const bars = props.bars;
  const right = 78; // room for the target's label beside the last bar
  const W = Math.max(360, 56 * bars.length + 44 + right);
  const H = 220;
  const left = 44;
  const bottom = 40;
  const top = 14;
  const vals = bars.map((b) => b.value).filter((v): v is number => v !== null);
  const pct = props.unit === "percent";
  let hi = Math.max(...vals, props.target ? props.target.value : 0, pct ? 100 : 1);
  let lo = Math.min(0, ...vals);
  if (hi === lo) hi = lo + 1;
  const plotH = H - bottom - top;
  const y = (v: number) => top + plotH - ((v - lo) / (hi - lo)) * plotH;
  const slot = (W - left - right) / Math.max(bars.length, 1);
  const ticks = [lo, lo + (hi - lo) / 2, hi];
  return h(
    "svg",
    { class: "chart bar-chart", viewBox: `0 0 ${W} ${H}`, width: "100%", role: "img", "aria-label": props.title, preserveAspectRatio: "xMinYMin meet" },
    h("title", null, props.title),
    h("defs", null,
      h("pattern", { id: "hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
        h("line", { x1: 0, y1: 0, x2: 0, y2: 6, class: "hatch-line" }))),
    ticks.map((v) =>
      h("g", { class: "tick" },
        h("line", { x1: left, x2: W - 4, y1: y(v), y2: y(v) }),
        h("text", { x: left - 4, y: y(v) + 4, "text-anchor": "end" }, num(v, 0)))),
    bars.map((b, i) => {
      const x = left + i * slot + slot * 0.15;
      const w = slot * 0.7;
      const v = b.value ?? 0;
      const y0 = y(Math.max(lo, 0));
      const y1 = y(v);
      const cls = "bar " + (b.ok === false ? "below" : b.ok === true ? "ok" : "unknown");
      return h("g", { class: "bar-group", "data-key": b.key, onClick: props.onPick ? () => props.onPick!(b.key) : undefined },
        h("title", null, (b.title ?? b.label) + ": " + (b.value === null ? "—" : num(b.value))),
        b.value === null ? null : h("rect", { class: cls, x, y: Math.min(y0, y1), width: w, height: Math.max(1, Math.abs(y0 - y1)) }),
        b.ok === false && b.value !== null
          ? h("rect", { class: "bar-hatch", x, y: Math.min(y0, y1), width: w, height: Math.max(1, Math.abs(y0 - y1)), fill: "url(#hatch)" })
          : null,
        h("text", { class: "bar-value", x: x + w / 2, y: Math.min(y0, y1) - 3, "text-anchor": "middle" }, b.value === null ? "—" : num(b.value)),
        h("text", { class: "bar-label", x: x + w / 2, y: H - bottom + 14, "text-anchor": "middle" }, b.label));
    }),
    props.target
      ? h("g", { class: "target-line" },
          h("line", { x1: left, x2: W - right + 6, y1: y(props.target.value), y2: y(props.target.value) }),
          h("text", { x: W - right + 10, y: y(props.target.value) + 4, "text-anchor": "start" }, t("Mục tiêu ", "Target ") + num(props.target.value)))
      : null,
  );
}

// The ward's value per month with the target line.
export function TrendChart(props: { months: string[]; values: Series; target?: Target | null; title: string }) {
  const W = 560;
  const H = 220;
  const left = 44;
  const bottom = 28;
  const top = 22;
  const pts = props.values.map((v, i) => ({ v, i })).filter((p) => p.v !== null) as { v: number; i: number }[];
  const [lo, hi] = extent(pts.map((p) => p.v), props.target ? [props.target.value] : []);
  const n = Math.max(props.months.length - 1, 1);
  const x = (i: number) => left + (i / n) * (W - left - 12);
  const y = (v: number) => top + (H - top - bottom) - ((v - lo) / (hi - lo)) * (H - top - bottom);
  const d = pts.map((p, k) => (k ? "L" : "M") + x(p.i).toFixed(1) + " " + y(p.v).toFixed(1)).join(" ");
  return h(
    "svg",
    { class: "chart trend-chart", viewBox: `0 0 ${W} ${H}`, width: "100%", role: "img", "aria-label": props.title },
    h("title", null, props.title),
    [lo, (lo + hi) / 2, hi].map((v) =>
      h("g", { class: "tick" },
        h("line", { x1: left, x2: W - 8, y1: y(v), y2: y(v) }),
        h("text", { x: left - 4, y: y(v) + 4, "text-anchor": "end" }, num(v, 0)))),
    props.months.map((m, i) => h("text", { class: "month", x: x(i), y: H - 8, "text-anchor": "middle" }, monthShort(m))),
    props.target
      ? h("g", { class: "target-line" },
          h("line", { x1: left, x2: W - 8, y1: y(props.target.value), y2: y(props.target.value) }),
          h("text", { x: W - 8, y: y(props.target.value) - 4, "text-anchor": "end" }, t("Mục tiêu ", "Target ") + num(props.target.value)))
      : null,
    pts.length ? h("path", { class: "line", d }) : h("text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, t("Chưa có số liệu theo tháng", "No monthly data yet")),
    // Every point carries its value: one month alone still reads as a number.
    pts.map((p) => h("g", { class: "point" },
      h("circle", { class: "dot", cx: x(p.i), cy: y(p.v), r: 3.5 }, h("title", null, props.months[p.i] + ": " + num(p.v))),
      h("text", { class: "point-value", x: x(p.i), y: y(p.v) - 7, "text-anchor": "middle" }, num(p.v)))),
  );
}
