// A "Bình dân học vụ số" training session end to end (issue 8), in headless Chromium
// against the real sotay-server: a trainer opens a session on the office dashboard, two
// trainees enroll with its QR codes and do every exercise on their phones (find a
// household, add a member, poverty assessment, save offline, sync, the conflict the
// trainer injects), the trainer watches their progress live and resets the sandbox.
// The production ward is fingerprinted with `sotay-server data-hash` before and after:
// nothing a trainee or the trainer did may change it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import path from "node:path";
import {
  answer, enroll, isShown, newPhone, saveForm, screenshot as phoneShot, syncNow, syncReport, waitSynced,
} from "./harness.mjs";
import { goTo, launchBrowser, login, openOffice, screenshot, startWard } from "./office/harness.mjs";

let ward, browser;
const logs = [];

before(async () => {
  ward = await startWard();
  browser = await launchBrowser();
});

after(async () => {
  const all = logs.flatMap((l) => l);
  if (all.length) console.log(all.join("\n"));
  await browser?.close();
  await ward?.stop();
});

const dataHash = (db) => ward.cli(["data-hash", "--db", db]).split("\n")[0].trim();
const TODAY = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const YEAR = Number(TODAY.slice(0, 4));

// The answers phone.test.mjs gives an adult, as another relative of the head.
const member = {
  full_name: "Phạm Văn Tập", sex: "male", relationship: "other_relative", ethnicity: "01",
  residence_status: "permanent", labour_status: "retired", education_level: "upper_secondary",
  in_education: false, disability: "none", bhyt_has_card: true, bhyt_expiry: `${YEAR + 1}-12-31`,
  bhyt_group: "state_budget", bhxh: "none", has_smartphone_internet: true, vneid_level2: true,
  bdhvs_course_done: false, online_service_12m: false,
};

async function openFirstHousehold(page, text) {
  await page.goto(new URL("/#/", page.url()).href);
  if (text) await page.fill("#search", text);
  const card = text ? page.locator(".hh-list a.card", { hasText: text }) : page.locator(".hh-list a.card");
  await card.first().waitFor({ timeout: 30_000 });
  await card.first().click();
  await page.waitForSelector(".screen.household");
}

async function editStreet(page, street) {
  await page.click("[data-action=edit-household]");
  await page.waitForSelector('.record-form[data-form="household"]');
  await answer(page, "address_street", street);
  await saveForm(page);
}

// Waits until the trainer's progress table shows `step` done for `seat`.
async function trainerSees(office, seat, step) {
  await office.waitForSelector(`tr[data-seat="${seat}"] td.step.done[data-step="${step}"]`, { timeout: 45_000 });
}

// One trainee does every exercise; the trainer injects the conflict when it is time.
async function trainee(office, seat, code) {
  const phone = await newPhone(browser, `hv${seat}`);
  logs.push(phone.log);
  const { page, context } = phone;
  await enroll(page, ward.url, code);
  const banner = page.locator(".banner.training");
  await banner.waitFor();
  assert.match(await banner.innerText(), /CHẾ ĐỘ TẬP HUẤN/, "the training banner is shown");
  await trainerSees(office, seat, "enrolled");

  // find a household (of the sandbox: the production ward's households are not there)
  await openFirstHousehold(page);
  const street = `Đường Tập Huấn ${seat}`;
  await trainerSees(office, seat, "find_household");

  // add a member
  await page.click("[data-action=add-person]");
  await page.waitForSelector('.record-form[data-form="person"]');
  await answer(page, "full_name", member.full_name);
  await answer(page, "date_of_birth", `${YEAR - 70}-05-01`);
  for (const [k, v] of Object.entries(member)) if (k !== "full_name" && (await isShown(page, k))) await answer(page, k, v);
  await saveForm(page);

  // the poverty assessment of this year (the sandbox has one: update it, else add it)
  const isNew = (await page.locator('[data-action="add-assessment.poverty"]').count()) > 0;
  if (isNew) await page.click('[data-action="add-assessment.poverty"]');
  else await page.locator('[data-children="assessment.poverty"] a.card').first().click();
  await page.waitForSelector('.record-form[data-form="assessment.poverty"]');
  await answer(page, "review_date", TODAY);
  if (isNew) await answer(page, "area", "urban");
  await answer(page, "income_total_month", "9.000.000");
  await saveForm(page);
  if (seat === 1) await phoneShot(page, "hv-01-household.png", ".banner.training");

  const first = await syncNow(page);
  // (Saved online, they were sent after each save already: this sync finds them there.)
  assert.ok(!first.error, `the exercises were sent: ${JSON.stringify(first)}`);
  await trainerSees(office, seat, "add_member");
  await trainerSees(office, seat, "assessment");

  // offline: edit the street and save; the phone notices the save made offline
  await context.setOffline(true);
  await page.waitForSelector('header [data-online="0"]');
  await openFirstHousehold(page);
  await editStreet(page, street);
  await page.waitForTimeout(1500);  // the phone notices the outbox grew
  // Back online the app sends the offline work by itself.
  await page.click("nav.bottom [data-nav=sync]");
  await page.waitForSelector(".screen.sync");
  const n = Number(await page.locator(".screen.sync").getAttribute("data-completed"));
  await context.setOffline(false);
  await waitSynced(page, n);
  const second = await syncReport(page);
  assert.ok(!second.error && second.sent > 0, `the offline edit was sent: ${JSON.stringify(second)}`);
  await trainerSees(office, seat, "offline_save");
  await trainerSees(office, seat, "sync");

  // the trainer's conflict on the street; the trainee edits it again before pulling
  const inject = office.locator(`tr[data-seat="${seat}"] [data-action=inject]`);
  await office.waitForFunction((s) => {
    const b = document.querySelector(`tr[data-seat="${s}"] [data-action=inject]`);
    return b && !b.disabled;
  }, seat, { timeout: 30_000 });
  await inject.click();
  await office.waitForSelector('[data-message="training"]');
  assert.equal(await office.locator('[data-message="training"]').getAttribute("data-field"), "address_street",
               "the trainer is told which question changed");
  await page.click("[data-action=exercises]");
  await page.waitForSelector('[data-conflict-pending="1"]', { timeout: 15_000 });
  await openFirstHousehold(page, street);
  await editStreet(page, street + " (học viên sửa lại)");
  const third = await syncNow(page);
  assert.equal(third.conflicts, 1, "the trainee is shown the conflict");
  if (seat === 1) await phoneShot(page, "hv-02-conflict.png", ".screen.sync .conflict");
  await trainerSees(office, seat, "conflict_seen");
  await page.click("[data-action=dismiss-conflict]");
  await trainerSees(office, seat, "conflict_resolved");
  await page.waitForSelector('.exercises[data-done="8"]', { timeout: 15_000 });
  if (seat === 1) await phoneShot(page, "hv-03-exercises.png", ".exercises");
  return phone;
}

test("a trainer runs a session: two trainees do every exercise, the sandbox is reset, production is unchanged", async () => {
  const { page: office, log } = await openOffice(browser, "trainer");
  logs.push(log);
  office.on("dialog", (d) => d.accept());
  await login(office, ward.url);
  // The dashboard's first look at this year's indicators stores this month's snapshot
  // (ward data, written once): let it happen before the fingerprint.
  await office.waitForLoadState("networkidle");
  assert.equal((await ward.api("GET", `/api/v1/indicators?period=${YEAR}`)).status, 200);
  const before = dataHash(ward.db);
  await goTo(office, "#/training", "training");
  await office.fill(".training-create input[name=name]", "Tập huấn tổ trưởng tổ 1–2");
  await office.fill(".training-create input[name=seats]", "2");
  await office.click(".training-create button[type=submit]");
  await office.waitForSelector('[data-screen="training-session"]', { timeout: 60_000 });
  const codes = await office.locator(".training-codes [data-qr]").evaluateAll((els) => els.map((e) => e.getAttribute("data-qr")));
  assert.equal(codes.length, 2, "one QR code per seat");
  await screenshot(office, "tap-huan-01-codes.png");
  const sessionId = await office.locator('[data-screen="training-session"]').getAttribute("data-session");

  const sandboxDir = ward.db + ".training";
  const sandboxFiles = () => readdirSync(sandboxDir).filter((f) => f.endsWith(".db"));
  const sandboxAtStart = dataHash(path.join(sandboxDir, sandboxFiles()[0]));

  const phones = [];
  for (const seat of [1, 2]) phones.push(await trainee(office, seat, codes[seat - 1]));
  for (const seat of [1, 2]) {
    await office.waitForSelector(`tr[data-seat="${seat}"][data-done="8"]`, { timeout: 30_000 });
  }
  await screenshot(office, "tap-huan-02-progress.png");

  // the server's own record of the progress
  const session = await ward.api("GET", "/api/v1/training/" + sessionId);
  assert.equal(session.status, 200);
  for (const t of session.json.trainees) {
    assert.deepEqual(Object.keys(t.steps).sort(), [...session.json.steps].sort(), `seat ${t.seat} did every step`);
  }
  assert.notEqual(dataHash(path.join(sandboxDir, sandboxFiles()[0])), sandboxAtStart, "the trainees changed the sandbox");

  // reset: a fresh sandbox, the generator's data again
  await office.click("[data-action=reset]");
  await office.waitForFunction(() => /làm mới/i.test(document.querySelector('[data-message="training"]')?.textContent ?? ""), null, { timeout: 60_000 });
  assert.equal(sandboxFiles().length, 1, "one sandbox file after the reset");
  assert.equal(dataHash(path.join(sandboxDir, sandboxFiles()[0])), sandboxAtStart, "the sandbox holds the generator's data again");
  const afterReset = await ward.api("GET", "/api/v1/training/" + sessionId);
  assert.ok(afterReset.json.reset_ms > 0);

  // a trainee phone keeps working against the new sandbox
  const again = await syncNow(phones[0].page);
  assert.ok(!again.error, `sync after the reset: ${again.error}`);

  // attendance recorded in the session only
  await office.click('[data-action="save-attendance"]');
  await office.waitForSelector('[data-message="attendance"]');
  const recorded = await ward.api("GET", "/api/v1/training/" + sessionId);
  assert.equal(recorded.json.attended, 2);

  assert.equal(dataHash(ward.db), before, "the production ward's data did not change");
});
