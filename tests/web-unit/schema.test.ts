// Reading the server's form set and answers: values in words on the phone and in the
// office, labels and choices, the indicator table the office screens share, and the
// sync screen's download progress.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { SotayCore } from "../../wasm-client/web/src/core/contract";
import type { Schemas } from "../../wasm-client/web/src/core/schemas";
import { actionText } from "../../wasm-client/web/src/office/audit";
import { isBelow, okOf, tableOf, type IndicatorsAnswer } from "../../wasm-client/web/src/office/indicators";
import { reasonText } from "../../wasm-client/web/src/office/review";
import { choiceLabel, fieldDef, fieldLabel, formOf, groupName, registry, shortGroupName, type Shared } from "../../wasm-client/web/src/office/state";
import { choices, displayValue, fieldLabel as phoneFieldLabel, form, formLabel } from "../../wasm-client/web/src/ui/schema";
import { downloadProgress, type SyncStatus } from "../../wasm-client/web/src/ui/sync";

const SCHEMAS: Schemas = {
  version: "sha256:test",
  schemas: [
    {
      id: "household", record_type: "household", parent_type: null, label: { vi: "Hộ gia đình", en: "Household" },
      fields: [
        { name: "address_street", type: "text", label: { vi: "Đường", en: "Street" } },
        { name: "housing_type", type: "select_one", label: { vi: "Loại nhà", en: "Housing" }, list: "housing_type" },
        { name: "moved_in", type: "date", label: { vi: "Ngày đến", en: "Moved in" } },
      ],
    },
    {
      id: "person", record_type: "person", parent_type: "household", label: { vi: "Nhân khẩu", en: "Person" },
      fields: [
        { name: "full_name", type: "text", label: { vi: "Họ tên", en: "Full name" } },
        { name: "disability", type: "select_multiple", label: { vi: "Khuyết tật", en: "Disability" }, list: "disability" },
        { name: "bhyt_has_card", type: "boolean", label: { vi: "Có thẻ BHYT", en: "Has a card" } },
      ],
    },
  ],
  code_lists: {
    housing_type: { id: "housing_type", choices: [{ code: "solid", label: { vi: "Kiên cố", en: "Solid" } }] },
    disability: { id: "disability", choices: [
      { code: "sight", label: { vi: "Nhìn", en: "Sight" } }, { code: "hearing", label: { vi: "Nghe", en: "Hearing" } }] },
  },
  indicators: [
    { id: "12", plan_item: 12, label: { vi: "BHYT", en: "Health insurance" }, unit: "percent", kind: "ratio", source: "records",
      frequency: "year", target: { comparison: "gte", value: 95 }, target_text: { vi: "≥ 95%", en: "≥ 95%" } },
    { id: "1", plan_item: 1, label: { vi: "Thu ngân sách", en: "Revenue" }, unit: "percent", kind: "value", source: "manual",
      frequency: "month", target: { comparison: "gte", value: 110 }, target_text: { vi: "", en: "" } },
  ],
};

// The phone's core as far as reading the forms goes.
const core = {
  schemas: () => SCHEMAS,
  isSealed: (v: unknown) => typeof v === "object" && v !== null && "sealed" in v,
} as unknown as SotayCore;

test("phone: forms, labels and choices from the cached schemas", () => {
  assert.equal(form(core, "person")?.id, "person");
  assert.equal(form(core, "nope"), undefined);
  assert.deepEqual(formLabel(core, "household"), { vi: "Hộ gia đình", en: "Household" });
  assert.deepEqual(formLabel(core, "nope"), { vi: "nope", en: "nope" });
  assert.deepEqual(phoneFieldLabel(core, "person", "full_name"), { vi: "Họ tên", en: "Full name" });
  assert.deepEqual(phoneFieldLabel(core, "person", "x"), { vi: "x", en: "x" });
  assert.deepEqual(choices(core, "disability").map((c) => c.code), ["sight", "hearing"]);
  assert.deepEqual(choices(core, "missing"), []);
  assert.deepEqual(choices(core, undefined), []);
});

test("phone: stored values in words", () => {
  assert.equal(displayValue(core, "person", "full_name", "Lê Thị B"), "Lê Thị B");
  assert.equal(displayValue(core, "person", "bhyt_has_card", true), "Có (Yes)");
  assert.equal(displayValue(core, "person", "bhyt_has_card", false), "Không (No)");
  assert.equal(displayValue(core, "person", "disability", ["sight", "hearing"]), "Nhìn, Nghe");
  assert.equal(displayValue(core, "person", "disability", ["other"]), "other");
  assert.equal(displayValue(core, "household", "moved_in", "2020-01-31"), "31/01/2020");
  assert.equal(displayValue(core, "household", "housing_type", "solid"), "Kiên cố");
  assert.equal(displayValue(core, "household", "address_street", { sealed: "AAA" }), "(đã niêm phong / sealed)");
  assert.equal(displayValue(core, "person", "full_name", ""), "—");
  assert.equal(displayValue(core, "person", "disability", []), "—");
  assert.equal(displayValue(core, "person", "age", 1234), "1.234");
});

const shared: Shared = {
  me: { role: "office", username: "vanhoa", groups: [], ward: { name: "Phường Kiến An" } },
  groups: [{ id: "tdp-02", name: "Tổ dân phố số 2", households: 40, persons: 120 }],
  schemas: SCHEMAS,
  year: 2026,
  setYear: () => {},
  reloadGroups: () => {},
};

test("office: forms, fields, choices and group names", () => {
  assert.equal(formOf(shared, "person")?.label.en, "Person");
  assert.equal(formOf(shared, "nope"), null);
  assert.equal(fieldDef(shared, "disability")?.list, "disability", "any form when the type is not given");
  assert.equal(fieldDef(shared, "disability", "household"), null);
  assert.equal(fieldLabel(shared, "full_name", "person"), "Họ tên");
  assert.equal(fieldLabel(shared, "unknown_field"), "unknown_field");
  assert.equal(choiceLabel(shared, "housing_type", "solid"), "Kiên cố");
  assert.equal(choiceLabel(shared, "housing_type", "tent"), "tent");
  assert.equal(choiceLabel(shared, "no_list", 3), "3");
  assert.equal(groupName(shared, "tdp-02"), "Tổ dân phố số 2");
  assert.equal(groupName(shared, "tdp-09"), "tdp-09");
  assert.equal(groupName(shared, ""), "Toàn phường");
  assert.equal(shortGroupName(shared, "tdp-02"), "Tổ 2");
  assert.deepEqual(registry(shared).map((d) => d.id), ["12", "1"]);
});

test("office: the indicator table takes each target from the registry, rows by group", () => {
  const answer: IndicatorsAnswer = {
    period: "2026", computed_ms: 0,
    indicators: [{ id: "12", plan_item: 12, label: { vi: "BHYT", en: "Health insurance" }, unit: "percent", kind: "ratio",
      source: "records", frequency: "year", target_text: { vi: "", en: "" } }],
    values: [
      { indicator: "12", group_id: "", numerator: 90, denominator: 100, value: 90, target: null, status: "at_risk", display: "value" },
      { indicator: "12", group_id: "tdp-02", numerator: 40, denominator: 50, value: 80, target: null, status: "not_met", display: "value" },
    ],
  };
  const table = tableOf(answer, shared);
  assert.deepEqual(table.defs.map((d) => [d.id, d.target]), [["12", { comparison: "gte", value: 95 }]]);
  assert.equal(table.ward.get("12")?.value, 90);
  assert.equal(table.groups.get("12")?.get("tdp-02")?.status, "not_met");
  assert.equal(table.groups.get("1"), undefined);
});

test("office: below target is at risk or not met; colours from the server's status", () => {
  assert.equal(isBelow("at_risk"), true);
  assert.equal(isBelow("not_met"), true);
  assert.equal(isBelow("met"), false);
  assert.equal(isBelow(undefined), false);
  assert.equal(okOf("met"), true);
  assert.equal(okOf("not_met"), false);
  assert.equal(okOf("no_data"), null);
});

test("office: refusal reasons and audit actions in words; unknown codes said so", () => {
  assert.equal(reasonText("hlc_future"), "Đồng hồ điện thoại chạy nhanh hơn quá 24 giờ");
  assert.equal(reasonText("no_such_code"), "Lý do khác");
  assert.equal(actionText("export"), "Xuất dữ liệu");
  assert.equal(actionText("something_new"), "something_new");
});

test("sync screen: a first download's progress in households, only while it runs", () => {
  const base: SyncStatus = { running: true, progress: null, report: null, error: null, finishedAt: null, completed: 0 };
  assert.deepEqual(downloadProgress({ ...base, progress: { phase: "pull", done: 10, households: 105, householdsTotal: 200 } }),
    { done: 105, total: 200 });
  assert.deepEqual(downloadProgress({ ...base, progress: { phase: "pull", done: 10, households: 250, householdsTotal: 200 } }),
    { done: 200, total: 200 }, "never past the total");
  assert.equal(downloadProgress({ ...base, progress: { phase: "pull", done: 10 } }), null, "a later pull brings changes, not the list");
  assert.equal(downloadProgress({ ...base, progress: { phase: "push", done: 1, householdsTotal: 5 } }), null);
  assert.equal(downloadProgress({ ...base, running: false, progress: { phase: "pull", done: 1, households: 1, householdsTotal: 5 } }), null);
});
