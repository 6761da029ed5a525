// The phone's forms as a leader of sixty meets them (issue 17, items 3, 5 and 7): a
// household of three in few taps (counted here, tap by tap), the form and its save bar
// on a 360×640 screen and with the on-screen keyboard open, and choice questions that a
// screen reader names, with focus on the first question to fix after a failed save.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  enroll, launchBrowser, newPhone, screenshot, seriousA11yViolations, startServer,
} from "./harness.mjs";

let server, browser;
const phones = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  for (const p of phones) if (p.log.length) console.log(p.log.join("\n"));
  await browser?.close();
  await server?.stop();
});

async function enrolledPhone(name) {
  const p = await newPhone(browser, name);
  phones.push(p);
  // Every tap the person makes, as the page receives it (trusted clicks only).
  await p.page.addInitScript(() => {
    window.__taps = 0;
    document.addEventListener("click", (e) => { if (e.isTrusted) window.__taps++; }, true);
  });
  await enroll(p.page, server.url, server.enrollCode("tdp-01"));
  await p.page.evaluate(() => { window.__taps = 0; }); // counted from the household list on
  return p;
}

const TODAY = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const YEAR = Number(TODAY.slice(0, 4));
const q = (name) => `.record-form [data-field="${name}"]`;

// A person's actions, counted: a tap on a button, or a tap into a box and typing in it
// (one action, as the issue counts typing a text).
function leader(page) {
  let actions = 0;
  return {
    get actions() { return actions; },
    async tap(selector) {
      actions++;
      await page.click(selector);
    },
    async choose(name, code) {
      actions++;
      await page.click(`${q(name)} [data-code="${code}"]`);
    },
    async type(name, text) {
      actions++;
      await page.click(`${q(name)} input, ${q(name)} textarea`);
      await page.keyboard.type(text);
    },
    // Day, month and year typed in one go into the first box: the boxes move along.
    async date(name, ddmmyyyy) {
      actions++;
      await page.click(`${q(name)} input >> nth=0`);
      await page.keyboard.type(ddmmyyyy);
    },
    // "Save and add the next": waits for the next, empty form.
    async saveNext() {
      await page.evaluate(() => { document.querySelector(".record-form").dataset.done = "1"; });
      actions++;
      await page.click(".record-form [data-action=save-next]");
      await page.waitForSelector('.record-form[data-form="person"]:not([data-done])', { timeout: 15_000 });
    },
  };
}

// Issue 17's target is 40; the reviewers counted about 80 taps and 5 calendars on 2fa8dfe.
// 48 is what this form reaches without pre-filling answers that feed the ward's
// indicators (water, latrine, disability…): this guards it from growing back.
const MAX_TAPS = 48;

test("a household of three (head, wife, grandchild) in at most 48 taps: dates typed, Kinh offered, answers copied", async () => {
  const { page } = await enrolledPhone("count");
  const L = leader(page);

  await L.tap("[data-action=add-household]");
  await page.waitForSelector('.record-form[data-form="household"]');
  await L.type("address_street", "Bắc Sơn");
  await L.type("address_number", "170");
  await L.choose("housing_tenure", "owned");
  await L.choose("housing_type", "permanent");
  await L.type("floor_area_m2", "64,5");
  await L.choose("water_source", "piped");
  await L.choose("latrine", "septic");
  await L.choose("info_devices", "tv");
  await L.choose("info_devices", "smartphone");
  await L.choose("waste_collected", "true");
  await L.choose("has_business", "false");
  await L.saveNext();

  // The head. Ethnicity is offered as Kinh and, for the first member, the relationship
  // as head: marked as filled in, not asked.
  const person = page.locator('.record-form[data-form="person"]');
  assert.equal(await person.locator("select").count(), 0, "no drop-down list on the person form");
  assert.equal(await page.getAttribute(q("ethnicity"), "data-offered"), "suggested", "Kinh offered and marked");
  assert.match(await page.locator(`${q("ethnicity")} .choice.on`).innerText(), /Kinh/);
  assert.equal(await page.getAttribute(`${q("relationship")} .choice.on`, "data-code"), "head", "first member offered as head");
  assert.equal(await page.locator(`${q("date_of_birth")} input`).count(), 3, "a date is three boxes: day, month, year");
  await L.type("full_name", "Nguyễn Văn Hùng");
  await L.choose("sex", "male");
  await L.date("date_of_birth", "15031960");
  assert.equal(await page.inputValue(`${q("date_of_birth")} input >> nth=2`), "1960", "the digits moved on to the year box");
  await L.choose("residence_status", "permanent");
  await L.choose("labour_status", "retired");
  await L.choose("education_level", "upper_secondary");
  await L.choose("in_education", "false");
  await L.choose("disability", "none");
  await L.choose("bhyt_has_card", "true");
  await L.date("bhyt_expiry", `3112${YEAR + 1}`);
  await L.choose("bhyt_group", "social_insurance");
  await L.choose("bhxh", "none");
  await L.choose("has_smartphone_internet", "true");
  await L.choose("vneid_level2", "true");
  await L.choose("bdhvs_course_done", "false");
  await L.choose("online_service_12m", "false");
  await screenshot(page, "17-person-form-offered.png", q("ethnicity"));
  await L.saveNext();

  // The wife: one tap gives her the head's answers (residence, card, schooling, digital
  // skills…), each marked; only what is hers is answered.
  await L.tap("[data-action=copy-previous]");
  assert.equal(await page.getAttribute(q("bhyt_has_card"), "data-offered"), "copied");
  assert.equal(await page.getAttribute(q("full_name"), "data-offered"), null, "her name is not copied");
  assert.equal(await page.inputValue(`${q("bhyt_expiry")} input >> nth=2`), String(YEAR + 1), "the card's date copied");
  await screenshot(page, "17b-person-form-copied.png", q("residence_status"));
  await L.type("full_name", "Trần Thị Lan");
  await L.choose("sex", "female");
  await L.date("date_of_birth", "02071963");
  await L.choose("relationship", "spouse");
  await L.choose("has_smartphone_internet", "false"); // where she differs from him
  await L.saveNext();

  // The grandchild, 11: the copy, then what differs for a child (questions asked only
  // of adults are dropped, not saved).
  await L.tap("[data-action=copy-previous]");
  await L.type("full_name", "Nguyễn Minh Khoa");
  await L.choose("sex", "male");
  await L.date("date_of_birth", `0101${YEAR - 11}`);
  await L.choose("relationship", "grandchild");
  assert.equal(await page.getAttribute(`${q("has_smartphone_internet")} .choice.on`, "data-code"), "false",
               "copied from the member saved last (the wife), not the head");
  await L.choose("education_level", "primary");
  await L.choose("in_education", "true");
  await L.choose("school_attendance", "right_level");
  await L.choose("malnourished", "false");
  await L.choose("bhyt_has_card", "false");
  await L.tap(".record-form [data-action=save]");
  await page.waitForSelector('[data-children="person"] h2:has-text("Nhân khẩu (3)")', { timeout: 15_000 });

  const taps = await page.evaluate(() => window.__taps);
  console.log(`household of three: ${L.actions} actions, ${taps} taps received by the page`);
  assert.equal(taps, L.actions, "every action is one tap (typing after a tap counts with it)");
  assert.ok(taps <= MAX_TAPS, `at most ${MAX_TAPS} taps for a household of three, counted ${taps}`);

  // What was offered and kept is what was saved: Kinh, and the wife's copied card.
  await page.click('[data-children="person"] a.card:has-text("Trần Thị Lan")');
  await page.waitForSelector('.record-form[data-form="person"]');
  assert.match(await page.locator(`${q("ethnicity")} .choice.on`).innerText(), /Kinh/, "Kinh saved once seen");
  assert.equal(await page.getAttribute(`${q("residence_status")} .choice.on`, "data-code"), "permanent", "copied residence saved");
  const boxes = await page.locator(`${q("bhyt_expiry")} input`).evaluateAll((is) => is.map((i) => i.value));
  assert.deepEqual(boxes, ["31", "12", String(YEAR + 1)], "copied card date saved");
  assert.equal(await page.locator(".record-form [data-offered]").count(), 0, "a stored record shows nothing as offered");
});

test("edit screens give the form the screen: no bottom navigation, the save bar yields to the keyboard", async () => {
  const { page } = await enrolledPhone("keyboard");
  await page.click("[data-action=add-household]");
  await page.waitForSelector('.record-form[data-form="household"]');
  assert.equal(await page.locator("nav.bottom").count(), 0, "no bottom navigation while editing");
  const bars = await page.evaluate(() => {
    const header = document.querySelector("header.top").getBoundingClientRect();
    const save = document.querySelector(".form-actions").getBoundingClientRect();
    return { header: header.height, save: save.height, saveBottom: save.bottom, height: window.innerHeight };
  });
  assert.ok(Math.abs(bars.saveBottom - bars.height) <= 1, `the save bar sits at the bottom edge: ${JSON.stringify(bars)}`);
  assert.ok(bars.header + bars.save <= 190, `header and save bar leave the form most of 640 px: ${JSON.stringify(bars)}`);
  await screenshot(page, "17c-household-form-360x640.png");

  // The on-screen keyboard takes 300 of 640 px (an in-app browser shrinks the page the
  // same way): the field being typed stays in full view, nothing sticky covers it.
  await page.click(`${q("floor_area_m2")} input`);
  await page.setViewportSize({ width: 360, height: 340 });
  await page.waitForFunction(() => document.body.classList.contains("keyboard-open"));
  await page.keyboard.type("64,5");
  await page.waitForTimeout(400); // the field is brought into view after the resize
  const seen = await page.evaluate(() => {
    const input = document.activeElement;
    const r = input.getBoundingClientRect();
    const h = window.visualViewport ? window.visualViewport.height : window.innerHeight;
    const atCentre = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return { top: r.top, bottom: r.bottom, h, uncovered: atCentre === input,
             bar: getComputedStyle(document.querySelector(".form-actions")).position,
             name: input.getAttribute("name") };
  });
  assert.equal(seen.name, "floor_area_m2");
  assert.ok(seen.top >= 0 && seen.bottom <= seen.h, `the typed field is in view: ${JSON.stringify(seen)}`);
  assert.ok(seen.uncovered, "nothing covers the typed field");
  assert.equal(seen.bar, "static", "the save bar no longer floats over the form");
  await screenshot(page, "17d-household-form-keyboard.png");
  await page.keyboard.press("Tab");
  await page.setViewportSize({ width: 360, height: 640 });
  await page.waitForFunction(() => !document.body.classList.contains("keyboard-open"));
});

test("choice questions are named by their question; a failed save focuses the first question to fix, in plain words", async () => {
  const { page } = await enrolledPhone("a11y");
  await page.click("[data-action=add-household]");
  await page.waitForSelector('.record-form[data-form="household"]');
  assert.deepEqual(await seriousA11yViolations(page), [], "household form: no serious accessibility problem");
  await page.fill(`${q("address_street")} input`, "Bắc Sơn");
  await page.fill(`${q("address_number")} input`, "9");
  for (const [name, code] of [["housing_tenure", "owned"], ["housing_type", "permanent"], ["water_source", "piped"],
                              ["latrine", "septic"], ["info_devices", "tv"], ["waste_collected", "true"], ["has_business", "false"]]) {
    await page.click(`${q(name)} [data-code="${code}"]`);
  }
  await page.fill(`${q("floor_area_m2")} input`, "40");
  await page.click(".record-form [data-action=save]");
  await page.click("[data-action=add-person]");
  await page.waitForSelector('.record-form[data-form="person"]');

  // Every group of choice buttons is named by the text of its question.
  const groups = await page.evaluate(() => [...document.querySelectorAll('.record-form [role="radiogroup"], .record-form [role="group"]')].map((g) => {
    const field = g.closest("[data-field]");
    const label = document.getElementById(g.getAttribute("aria-labelledby") ?? "");
    return { field: field.dataset.field, named: label ? label.textContent : null, question: field.querySelector(".q")?.textContent };
  }));
  assert.ok(groups.length >= 6, `choice groups on the person form: ${groups.length}`);
  for (const g of groups) assert.ok(g.named && g.named === g.question, `${g.field} is named by its question: ${JSON.stringify(g)}`);
  assert.ok(groups.some((g) => g.field === "sex" && /Giới tính/.test(g.named)), "sex: 'Giới tính'");

  // Save with nothing typed: focus lands in the first question to fix, which reads its error.
  await page.click(".record-form [data-action=save]");
  await page.waitForFunction(() => document.activeElement?.closest(".field.has-error"));
  const focus = await page.evaluate(() => {
    const el = document.activeElement;
    const field = el.closest("[data-field]");
    const firstError = document.querySelector(".record-form .field.has-error");
    const described = (el.getAttribute("aria-describedby") ?? el.closest("[aria-describedby]")?.getAttribute("aria-describedby") ?? "");
    return { field: field.dataset.field, first: firstError.dataset.field,
             reads: document.getElementById(described)?.textContent ?? null,
             alerts: document.querySelectorAll('[role="alert"]').length };
  });
  assert.equal(focus.field, focus.first, "focus in the first question with an error");
  assert.equal(focus.field, "full_name");
  assert.match(focus.reads ?? "", /^Hãy điền “Họ và tên”/, `the error read with the field, in plain words: ${focus.reads}`);
  assert.ok(focus.alerts <= 1, `one announcement, not one per error: ${focus.alerts}`);
  const sexError = await page.locator(`${q("sex")} .error`).innerText();
  assert.match(sexError, /^Hãy chọn câu trả lời cho “Giới tính”/);
  assert.doesNotMatch(sexError, /Trường|bắt buộc/, "no form jargon");
  await screenshot(page, "17e-person-form-errors.png", q("full_name"));
  assert.deepEqual(await seriousA11yViolations(page), [], "person form with errors: no serious accessibility problem");

  await page.fill(`${q("ethnicity")} input[type=search]`, "muong");
  const found = await page.locator(`${q("ethnicity")} [data-code]`).allInnerTexts();
  assert.ok(found.some((t) => /Mường/.test(t)), `searching without diacritics finds Mường: ${found}`);
  assert.ok(found.length <= 2, `only Mường (and the answer already chosen) shown: ${found}`);
  assert.deepEqual(await seriousA11yViolations(page), [], "ethnicity search: no serious accessibility problem");
});
