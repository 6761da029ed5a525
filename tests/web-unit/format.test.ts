// The office's words for numbers, units, targets, dates, periods and actors
// (office/format.ts), and its two languages (office/i18n.ts).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  actorText, bytesText, isoDayText, longDayText, monthShort, num, periodText, rowValueText, statusText, targetText,
  unitText, valueText, vnDatesIn,
} from "../../wasm-client/web/src/office/format";
import { label, lang, setLang, t } from "../../wasm-client/web/src/office/i18n";

// setLang also sets the page's <html lang>: the least of a document for it to write to.
(globalThis as { document?: unknown }).document = { documentElement: { lang: "" } };

function inEnglish(f: () => void): void {
  setLang("en");
  try {
    f();
  } finally {
    setLang("vi");
  }
}

test("Vietnamese by default, English on request", () => {
  assert.equal(lang(), "vi");
  assert.equal(t("Có", "Yes"), "Có");
  inEnglish(() => assert.equal(t("Có", "Yes"), "Yes"));
  assert.equal(t("Có", "Yes"), "Có");
});

test("labels: the reader's language, the other when it is missing", () => {
  assert.equal(label({ vi: "Hộ", en: "Household" }), "Hộ");
  assert.equal(label({ en: "Household" }), "Household");
  assert.equal(label("plain"), "plain");
  assert.equal(label(null), "");
  inEnglish(() => {
    assert.equal(label({ vi: "Hộ", en: "Household" }), "Household");
    assert.equal(label({ vi: "Hộ" }), "Hộ");
  });
});

test("numbers are written the Vietnamese way, or the English one", () => {
  assert.equal(num(1234.56), "1.234,6");
  assert.equal(num(1234.56, 0), "1.235");
  assert.equal(num(null), "—");
  assert.equal(num(Number.NaN), "—");
  inEnglish(() => assert.equal(num(1234.56), "1,234.6"));
});

test("values carry their unit", () => {
  assert.equal(valueText(96.44, "percent"), "96,4 %");
  assert.equal(valueText(12.5, "percent_change"), "+12,5 %");
  assert.equal(valueText(-3, "percent_change"), "-3 %");
  assert.equal(valueText(31, "households"), "31 hộ");
  assert.equal(valueText(1, "yes_no"), "Có");
  assert.equal(valueText(0, "yes_no"), "Không");
  assert.equal(valueText(12, "rank"), "hạng 12");
  assert.equal(valueText(7, "widgets"), "7 widgets");
  assert.equal(valueText(null, "percent"), "—");
  assert.equal(unitText("persons"), "người");
  inEnglish(() => assert.equal(valueText(31, "households"), "31 households"));
});

test("targets: comparison and value, or not set", () => {
  assert.equal(targetText({ comparison: "gte", value: 90 }, "percent"), "≥ 90 %");
  assert.equal(targetText({ comparison: "lt", value: 5 }, "households"), "< 5 hộ");
  assert.equal(targetText({ comparison: "eq", value: 1 }, "yes_no"), "Có");
  assert.equal(targetText(null, "percent"), "chưa đặt");
});

test("statuses in words; anything unknown reads as no data", () => {
  assert.equal(statusText("met"), "Đạt");
  assert.equal(statusText("at_risk"), "Gần đạt");
  assert.equal(statusText("not_met"), "Chưa đạt");
  assert.equal(statusText("no_target"), "Chưa đặt chỉ tiêu");
  assert.equal(statusText("whatever"), "Chưa có số liệu");
});

test("ISO days as Vietnamese dates; other text unchanged", () => {
  assert.equal(isoDayText("2026-07-01"), "01/07/2026");
  assert.equal(isoDayText("2026-7-1"), "2026-7-1");
  assert.equal(longDayText("2026-12-07"), "ngày 07 tháng 12 năm 2026");
  inEnglish(() => assert.equal(longDayText("2026-12-07"), "07/12/2026"));
  assert.equal(vnDatesIn("số liệu đến 2026-12-07, tháng 2026-09"), "số liệu đến 07/12/2026, tháng 9/2026");
});

test("plan periods in words: months, quarters in Roman numerals, years", () => {
  assert.equal(periodText("2026-05"), "Tháng 5/2026");
  assert.equal(periodText("2026-Q3"), "Quý III/2026");
  assert.equal(periodText("2026"), "Năm 2026");
  assert.equal(periodText("2026-Q5"), "2026-Q5");
  inEnglish(() => assert.equal(periodText("2026-Q1"), "Quarter I/2026"));
  assert.equal(monthShort("2026-11"), "T11");
  assert.equal(monthShort("2026"), "2026");
});

test("byte counts", () => {
  assert.equal(bytesText(512), "512 B");
  assert.equal(bytesText(1536), "1,5 KiB");
  assert.equal(bytesText(3 * 1024 * 1024), "3 MiB");
});

test("actors as the server names them", () => {
  assert.equal(actorText("user:vanhoa"), "vanhoa");
  assert.equal(actorText("device:6f0c2a1e-1234"), "thiết bị 6f0c2a1e");
  assert.equal(actorText("server"), "máy chủ");
  assert.equal(actorText("cli"), "cli");
  assert.equal(actorText(null), "—");
});

test("a value row reads as the server's display says, never by a rule of its own", () => {
  const percent = { unit: "percent" };
  assert.equal(rowValueText(percent, { value: 100, display: "recognised" }), "Đã công nhận");
  assert.equal(rowValueText(percent, { value: 0, display: "not_recognised" }), "Chưa công nhận");
  // The server's word wins over the number: no threshold is applied here.
  assert.equal(rowValueText(percent, { value: 100, display: "not_recognised" }), "Chưa công nhận");
  assert.equal(rowValueText(percent, { value: 50, display: "value" }), "50 %");
  assert.equal(rowValueText(percent, { value: 52.7 }), "52,7 %", "no display: the value");
  const change = { unit: "percent_change" };
  assert.equal(rowValueText(change, { numerator: 6, denominator: 1, value: 500, display: "counts" }), "kỳ trước 1, nay 6");
  assert.equal(rowValueText(change, { numerator: 30, denominator: 20, value: 50, display: "counts_and_percent" }), "kỳ trước 20, nay 30 (+50 %)");
  // No base of its own: a base of 40 shows no percentage unless the server says so.
  assert.equal(rowValueText(change, { numerator: 30, denominator: 40, value: -25, display: "counts" }), "kỳ trước 40, nay 30");
  assert.equal(rowValueText(change, { numerator: 1200, denominator: 1000, value: 20, display: "counts_and_percent" }), "kỳ trước 1.000, nay 1.200 (+20 %)");
  assert.equal(rowValueText(change, { numerator: null, denominator: null, value: -6.7, display: "value" }), "-6,7 %");
  assert.equal(rowValueText(change, { numerator: 0, denominator: 0, value: null, display: "value" }), "—");
  assert.equal(rowValueText(percent, null), "—");
});
