// What the phone's inputs hand on: the date boxes, numbers typed the Vietnamese way,
// phone numbers, the search over a long code list, and the answers offered for a new
// member.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Choice, FormDef } from "../../wasm-client/web/src/core/schemas";
import { dateOfParts, dateParts, typeInto } from "../../wasm-client/web/src/ui/date-boxes";
import { isButtonGroup, normalisePhone, parseNumber } from "../../wasm-client/web/src/ui/fields";
import { copiedFields, offeredAnswers } from "../../wasm-client/web/src/ui/offers";
import { matchingChoices, shownChoices } from "../../wasm-client/web/src/ui/search-choice";

test("date boxes: an ISO date splits into day, month, year; anything else is empty", () => {
  assert.deepEqual(dateParts("1970-03-15"), ["15", "03", "1970"]);
  assert.deepEqual(dateParts("15/03/1970"), ["", "", ""]);
  assert.deepEqual(dateParts(null), ["", "", ""]);
  assert.deepEqual(dateParts(19700315), ["", "", ""]);
});

test("date boxes: complete boxes make an ISO date, padded; others pass on as typed", () => {
  assert.equal(dateOfParts(["5", "3", "1970"]), "1970-03-05");
  assert.equal(dateOfParts(["15", "03", "1970"]), "1970-03-15");
  assert.equal(dateOfParts(["", "", ""]), null);
  assert.equal(dateOfParts(["15", "03", "197"]), "15/03/197");
  assert.equal(dateOfParts(["", "03", "1970"]), "/03/1970");
});

test("date boxes: digits only, cut to the box, the rest carried into the next box", () => {
  assert.deepEqual(typeInto(["", "", ""], 0, "1"), ["1", "", ""]);
  assert.deepEqual(typeInto(["1", "", ""], 0, "15"), ["15", "", ""]);
  assert.deepEqual(typeInto(["", "", ""], 0, "1503"), ["15", "03", ""]);
  assert.deepEqual(typeInto(["15", "", ""], 1, "0319"), ["15", "03", "19"]);
  assert.deepEqual(typeInto(["15", "03", ""], 2, "1970xx12"), ["15", "03", "1970"]);
  assert.deepEqual(typeInto(["15", "03", "1970"], 0, "a.b"), ["", "03", "1970"]);
});

test("numbers: thousands separators dropped for integers, a decimal comma read as a point", () => {
  assert.equal(parseNumber("2.000.000", true), 2000000);
  assert.equal(parseNumber(" 1 200 ", true), 1200);
  assert.equal(parseNumber("-7", true), -7);
  assert.equal(parseNumber("52,7", false), 52.7);
  assert.equal(parseNumber("3.5", false), 3.5);
  assert.equal(parseNumber("", false), null);
  assert.equal(parseNumber("   ", true), null);
  // Left as text for the core to refuse, never silently dropped.
  assert.equal(parseNumber("12a", true), "12a");
  assert.equal(parseNumber("1,5", true), 15);
  assert.equal(parseNumber("1.2.3", false), "1.2.3");
});

test("phone numbers are kept in national format", () => {
  assert.equal(normalisePhone("+84 912 345 678"), "0912345678");
  assert.equal(normalisePhone("84912345678"), "0912345678");
  assert.equal(normalisePhone("0912.345.678"), "0912345678");
  assert.equal(normalisePhone("(024) 3825-1234"), "02438251234");
  assert.equal(normalisePhone("8491234567"), "8491234567", "84 starts a national number of another length");
});

test("short lists are buttons, long ones a search box", () => {
  assert.equal(isButtonGroup("boolean", 0), true);
  assert.equal(isButtonGroup("select_multiple", 40), true);
  assert.equal(isButtonGroup("select_one", 12), true);
  assert.equal(isButtonGroup("select_one", 13), false);
  assert.equal(isButtonGroup("text", 0), false);
});

// A stand-in for the core's folding (foldForSearch): lower case, no diacritics.
const fold = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").toLowerCase();
const choice = (code: string, vi: string, en: string): Choice => ({ code, label: { vi, en } });
const ETHNICITIES = [
  choice("01", "Kinh", "Kinh"), choice("02", "Tày", "Tay"), choice("03", "Thái", "Thai"),
  choice("04", "Mường", "Muong"), choice("05", "Khơ-me", "Khmer"), choice("06", "Hoa", "Hoa"),
];
const FOLDED = ETHNICITIES.map((c) => fold(`${c.code} ${c.label.vi} ${c.label.en}`));

test("search: every word of the query, in any order, diacritics or not", () => {
  const codes = (q: string) => matchingChoices(ETHNICITIES, FOLDED, fold(q)).map((c) => c.code);
  assert.deepEqual(codes("muong"), ["04"]);
  assert.deepEqual(codes("Mường"), ["04"]);
  assert.deepEqual(codes("th"), ["03"]);
  assert.deepEqual(codes("04 mu"), ["04"]);
  assert.deepEqual(codes("mu 04"), ["04"]);
  assert.deepEqual(codes("mu 05"), []);
  assert.deepEqual(codes("  "), ["01", "02", "03", "04", "05", "06"]);
});

test("search: the first four shown, the chosen answer always among them", () => {
  const all = matchingChoices(ETHNICITIES, FOLDED, "");
  assert.deepEqual(shownChoices(all, undefined).map((c) => c.code), ["01", "02", "03", "04"]);
  assert.deepEqual(shownChoices(all, ETHNICITIES[5]).map((c) => c.code), ["06", "01", "02", "03", "04"]);
  assert.deepEqual(shownChoices(all, ETHNICITIES[1]).map((c) => c.code), ["01", "02", "03", "04"]);
  assert.deepEqual(shownChoices([], ETHNICITIES[0]).map((c) => c.code), ["01"]);
});

const PERSON: FormDef = {
  id: "person", record_type: "person", parent_type: "household", label: { vi: "Nhân khẩu", en: "Person" },
  fields: [
    { name: "full_name", type: "text", label: { vi: "Họ tên", en: "Name" } },
    { name: "relationship", type: "select_one", label: { vi: "Quan hệ", en: "Relationship" }, list: "relationship" },
    { name: "ethnicity", type: "select_one", label: { vi: "Dân tộc", en: "Ethnicity" }, list: "ethnicity" },
    { name: "residence_status", type: "select_one", label: { vi: "Cư trú", en: "Residence" }, list: "residence_status" },
    { name: "phone", type: "phone", label: { vi: "Điện thoại", en: "Phone" }, sealed: true },
    { name: "age", type: "integer", label: { vi: "Tuổi", en: "Age" }, readonly: true },
  ],
};

test("a new member is offered Kinh, the first one also head of household", () => {
  assert.deepEqual(offeredAnswers(PERSON, "suggested"), { values: { ethnicity: "01" }, marks: { ethnicity: "suggested" } });
  assert.deepEqual(offeredAnswers(PERSON, "suggested-first"),
    { values: { ethnicity: "01", relationship: "head" }, marks: { ethnicity: "suggested", relationship: "suggested" } });
  assert.deepEqual(offeredAnswers({ ...PERSON, record_type: "household" }, "suggested"), { values: {}, marks: {} });
  assert.deepEqual(offeredAnswers(undefined, "suggested"), { values: {}, marks: {} });
});

test("copying from the previous member: shared answers only, never personal, sealed or computed ones", () => {
  assert.deepEqual(copiedFields(PERSON), ["ethnicity", "residence_status"]);
  const previous = { full_name: "Lê Văn A", relationship: "head", ethnicity: "04", residence_status: "permanent", phone: "0912345678", age: 40 };
  assert.deepEqual(offeredAnswers(PERSON, previous),
    { values: { ethnicity: "04", residence_status: "permanent" }, marks: { ethnicity: "copied", residence_status: "copied" } });
  // Empty answers are not offered; a value the core says is sealed is never copied.
  const sealed = { sealed: "AAAA" };
  assert.deepEqual(offeredAnswers(PERSON, { ethnicity: "", residence_status: sealed }, (v) => v === sealed),
    { values: {}, marks: {} });
});
