// Numbers, dates, units, statuses and periods as the office reads them.
import type { Target } from "../core/schemas";
import { lang, t } from "./i18n";

export type { Target };
export type Status = "met" | "at_risk" | "not_met" | "no_data" | "no_target";

function locale(): string {
  return lang() === "vi" ? "vi-VN" : "en-GB";
}

export function num(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(v);
}

const UNITS: Record<string, [string, string]> = {
  percent: ["%", "%"],
  percent_change: ["%", "%"],
  households: ["hộ", "households"],
  persons: ["người", "persons"],
  enterprises: ["doanh nghiệp", "enterprises"],
  lights: ["đèn", "lights"],
  classrooms: ["phòng học", "classrooms"],
  criteria: ["tiêu chí", "criteria"],
  trees: ["cây", "trees"],
  rank: ["", ""],
  yes_no: ["", ""],
};

export function unitText(unit: string): string {
  const u = UNITS[unit];
  return u ? t(u[0], u[1]) : unit;
}

// A value with its unit: "96,4 %", "Có", "hạng 12", "31 hộ".
export function valueText(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  if (unit === "yes_no") return v >= 1 ? t("Có", "Yes") : t("Không", "No");
  if (unit === "rank") return t("hạng ", "rank ") + num(v, 0);
  if (unit === "percent" || unit === "percent_change") {
    const sign = unit === "percent_change" && v > 0 ? "+" : "";
    return sign + num(v) + " %";
  }
  const u = unitText(unit);
  return num(v) + (u ? " " + u : "");
}

const CMP: Record<string, string> = { gte: "≥", gt: ">", lte: "≤", lt: "<", eq: "=" };

export function targetText(target: Target | null | undefined, unit: string): string {
  if (!target) return t("chưa đặt", "not set");
  if (unit === "yes_no") return target.value >= 1 ? t("Có", "Yes") : t("Không", "No");
  return (CMP[target.comparison] ?? target.comparison) + " " + valueText(target.value, unit);
}

export function statusText(s: Status | string): string {
  switch (s) {
    case "met":
      return t("Đạt", "Met");
    case "at_risk":
      return t("Gần đạt", "At risk");
    case "not_met":
      return t("Chưa đạt", "Not met");
    case "no_target":
      return t("Chưa đặt chỉ tiêu", "No target");
    default:
      return t("Chưa có số liệu", "No data");
  }
}

export function dateTime(ms: number | null | undefined): string {
  if (!ms) return "—";
  return new Date(ms).toLocaleString(locale(), {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  });
}

export function dateOnly(ms: number | null | undefined): string {
  if (!ms) return "—";
  return new Date(ms).toLocaleDateString(locale(), { year: "numeric", month: "2-digit", day: "2-digit" });
}

// "2026-07-01" → "01/07/2026", as Vietnamese dates are written (the server's calendar
// date, shown as it is: no time zone may move it).
export function isoDayText(day: string): string {
  const m = day.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  return m ? m[3] + "/" + m[2] + "/" + m[1] : day;
}

// "2026-12-07" → "ngày 07 tháng 12 năm 2026", as a document's place-and-date line reads.
export function longDayText(day: string): string {
  const m = day.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (!m) return day;
  return t("ngày " + m[3] + " tháng " + m[2] + " năm " + m[1], m[3] + "/" + m[2] + "/" + m[1]);
}

// The server's sentences name days and months as ISO text ("2026-12-07", "tháng
// 2026-09"); written for a reader: "07/12/2026", "tháng 9/2026".
export function vnDatesIn(text: string): string {
  return text
    .replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (_m, y, mo, d) => d + "/" + mo + "/" + y)
    .replace(/\b(\d{4})-(\d{2})\b/g, (_m, y, mo) => Number(mo) + "/" + y);
}

// "2026-05" → "Tháng 5/2026"; "2026-Q2" → "Quý II/2026"; "2026" → "Năm 2026": words
// only; which periods exist is the server's answer (periods.ts).
export function periodText(p: string): string {
  let m = p.match(/^(\d{4})-(\d{2})$/);
  if (m) return t("Tháng ", "Month ") + Number(m[2]) + "/" + m[1];
  m = p.match(/^(\d{4})-Q([1-4])$/);
  if (m) return t("Quý ", "Quarter ") + ["I", "II", "III", "IV"][Number(m[2]) - 1] + "/" + m[1];
  m = p.match(/^(\d{4})$/);
  if (m) return t("Năm ", "Year ") + m[1];
  return p;
}

export function monthShort(p: string): string {
  const m = p.match(/^(\d{4})-(\d{2})$/);
  return m ? "T" + Number(m[2]) : p;
}

export function bytesText(n: number): string {
  if (n < 1024) return num(n, 0) + " B";
  if (n < 1024 * 1024) return num(n / 1024) + " KiB";
  return num(n / (1024 * 1024)) + " MiB";
}

// Who did something, as the server names actors ("user:vanhoa", "device:…", "server").
export function actorText(actor: string | null | undefined): string {
  if (!actor) return "—";
  if (actor.startsWith("user:")) return actor.slice(5);
  if (actor.startsWith("device:")) return t("thiết bị ", "device ") + actor.slice(7, 15);
  if (actor === "server") return t("máy chủ", "server");
  return actor;
}

// How a value row reads: the server's decision (core IndicatorDisplay, docs/protocol.md
// "display"), put into words here:
//   value               the value with its unit ("96,4 %")
//   recognised /        a group's row of a per-group indicator (10): the title it holds
//   not_recognised      or not, never "100 %" / "0 %"
//   counts              a change (8b) from a small base: the counts it compares
//   counts_and_percent  a change from a base the server judges large enough: the
//                       counts and the percentage
export type Display = "value" | "recognised" | "not_recognised" | "counts" | "counts_and_percent";

export interface ValueLike {
  numerator?: number | null;
  denominator?: number | null;
  value: number | null;
  display?: Display | string;
}
export function rowValueText(def: { unit: string }, row: ValueLike | null | undefined): string {
  if (!row) return "—";
  switch (row.display) {
    case "recognised":
      return t("Đã công nhận", "Recognised");
    case "not_recognised":
      return t("Chưa công nhận", "Not recognised");
    case "counts":
    case "counts_and_percent": {
      const counts = t("kỳ trước ", "before ") + num(row.denominator, 0) + t(", nay ", ", now ") + num(row.numerator, 0);
      return row.display === "counts_and_percent" ? counts + " (" + valueText(row.value, def.unit) + ")" : counts;
    }
    default:
      return valueText(row.value, def.unit);
  }
}
