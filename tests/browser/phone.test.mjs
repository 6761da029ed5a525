// The phone client in headless Chromium against the real sotay-server (issue 5):
// enroll, collect a household of four with skip logic and a corrected constraint error,
// restart offline from the service worker, collect offline, sync exactly once, and two
// leaders editing one answer offline (conflict shown, nothing lost, other group blind).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  answer, answerAll, enroll, expectShown, fieldError, isShown, launchBrowser, newPhone, officePull,
  qrVideo, saveForm, screenshot, startServer, syncNow, syncReport, waitReady, waitSynced,
} from "./harness.mjs";
import path from "node:path";

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

async function phone(name) {
  const p = await newPhone(browser, name);
  phones.push(p);
  return p;
}

// Dates relative to today in Vietnam, so the tests hold in any year.
const TODAY = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const YEAR = Number(TODAY.slice(0, 4));
const CHILD_DOB = `${YEAR - 11}-01-01`; // 11 years old all this year
const FUTURE_DOB = `${YEAR + 5}-09-01`;
const CARD_EXPIRY = `${YEAR + 1}-12-31`;

// The answers a household needs, in form order.
const household = (street, number) => ({
  address_street: street,
  address_number: number,
  housing_tenure: "owned",
  housing_type: "permanent",
  floor_area_m2: "64,5",
  water_source: "piped",
  latrine: "septic",
  info_devices: ["tv", "smartphone"],
  waste_collected: true,
  has_business: false,
});

// A person's answers; fields the form hides for this person are skipped, and the tests
// assert the hiding explicitly where it matters.
async function answerPerson(page, values) {
  await answer(page, "date_of_birth", values.date_of_birth);
  for (const [k, v] of Object.entries(values)) {
    if (k === "date_of_birth") continue;
    if (await isShown(page, k)) await answer(page, k, v);
  }
}

const adult = {
  sex: "male", relationship: "head", ethnicity: "01", residence_status: "permanent",
  labour_status: "retired", education_level: "upper_secondary", in_education: false,
  disability: "none", bhyt_has_card: true, bhyt_expiry: CARD_EXPIRY, bhyt_group: "state_budget",
  bhxh: "none", has_smartphone_internet: true, vneid_level2: true, bdhvs_course_done: false,
  online_service_12m: false,
};

async function openHousehold(page, text) {
  await page.goto(new URL("/#/", page.url()).href);
  await page.fill("#search", text);
  const card = page.locator(".hh-list a.card", { hasText: text });
  await card.first().waitFor();
  await card.first().click();
  await page.waitForSelector(".screen.household");
}

async function addMember(page, values) {
  await page.click("[data-action=add-person]");
  await page.waitForSelector('.record-form[data-form="person"]');
  await answer(page, "full_name", values.full_name);
  await answerPerson(page, values);
  await saveForm(page);
}

test("a leader enrolls, collects a household of four, restarts offline, collects offline and syncs once", async (t) => {
  const { page, context } = await phone("leader-a");
  await page.goto(server.url + "/");
  await waitReady(page);
  await screenshot(page, "01-enroll.png");
  await page.fill("#enroll-code", "SAI1-MA22-XX");
  await page.fill("#enroll-name", "Nguyễn Thị Hà");
  await page.click("[data-action=enroll]");
  const refused = page.locator(".enroll .problem");
  await refused.waitFor({ timeout: 15_000 });
  assert.match(await refused.innerText(), /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i, "a wrong code is explained in Vietnamese");
  await screenshot(page, "01b-enroll-wrong-code.png", ".enroll .problem");
  await enroll(page, server.url, server.enrollCode("tdp-01"));
  await screenshot(page, "02-household-list-empty.png");

  // --- a household, with skip logic and a constraint error that is corrected
  await page.click("[data-action=add-household]");
  await page.waitForSelector('.record-form[data-form="household"]');
  await answerAll(page, household("Ngõ 12 Trần Tất Văn", "7"));
  await answer(page, "phone", "+84 912 345 678");
  await expectShown(page, "waste_self_treatment", false, "asked only when waste is not collected");
  await answer(page, "waste_collected", false);
  await expectShown(page, "waste_self_treatment", true, "skip logic: not collected → how is it handled");
  await answer(page, "waste_collected", true);
  await expectShown(page, "waste_self_treatment", false);
  await expectShown(page, "business_converted", false);
  await answer(page, "has_business", true);
  await expectShown(page, "business_converted", true, "skip logic: a business → converted?");
  await answer(page, "business_converted", false);
  await expectShown(page, "business_converted_date", false);

  await answer(page, "info_devices", ["none"]); // 'none' together with a TV: the form's constraint
  const err = await fieldError(page, "info_devices");
  assert.ok(err && /Không có phương tiện nào/.test(err), `constraint message shown live, got: ${err}`);
  await screenshot(page, "03-household-form-error.png", '[data-field="info_devices"] .error');
  await page.click('.record-form [data-field="info_devices"] [data-code="none"]'); // corrected
  assert.equal(await fieldError(page, "info_devices", null), null, "error gone once corrected");
  await saveForm(page);

  // --- four members: an employed head (occupation asked), a homemaker (not asked),
  // a child (labour questions skipped; a future birth date refused, then corrected)
  await addMember(page, { ...adult, full_name: "Nguyễn Văn Hùng", date_of_birth: "1970-03-15",
                          labour_status: "wage_contract", occupation: "Công nhân cơ khí", bhxh: "compulsory" });
  await page.click("[data-action=add-person]");
  await page.waitForSelector('.record-form[data-form="person"]');
  await answer(page, "full_name", "Trần Thị Lan");
  await answerPerson(page, { ...adult, sex: "female", relationship: "spouse", date_of_birth: "1974-07-02",
                             labour_status: "homemaker", bhyt_has_card: false });
  await expectShown(page, "occupation", false, "no occupation for a homemaker");
  await expectShown(page, "bhyt_expiry", false, "no card, no expiry date");
  await saveForm(page);

  await page.click("[data-action=add-person]");
  await page.waitForSelector('.record-form[data-form="person"]');
  await answer(page, "full_name", "Nguyễn Minh Khoa");
  await answer(page, "date_of_birth", FUTURE_DOB);
  const dobErr = await fieldError(page, "date_of_birth");
  assert.ok(dobErr && /tương lai/.test(dobErr), `future birth date refused, got: ${dobErr}`);
  await screenshot(page, "04-person-form-error.png", '[data-field="date_of_birth"]');
  await answerPerson(page, { ...adult, relationship: "child", date_of_birth: CHILD_DOB,
                             education_level: "primary", in_education: true, school_attendance: "right_level",
                             malnourished: false, has_smartphone_internet: false });
  assert.equal(await fieldError(page, "date_of_birth", null), null, "corrected birth date accepted");
  await expectShown(page, "labour_status", false, "no labour questions for an 11-year-old");
  await expectShown(page, "school_attendance", true, "school attendance asked for a child");
  await expectShown(page, "vneid_level2", false, "VNeID asked from 14");
  const age = page.locator('.record-form [data-field="age"] output');
  assert.equal(JSON.parse(await age.getAttribute("data-value")), 11, "age computed by the core");
  await saveForm(page);

  await addMember(page, { ...adult, full_name: "Nguyễn Văn Tư", relationship: "parent", date_of_birth: "1948-01-20",
                          education_level: "primary", disability: "mild", has_smartphone_internet: false,
                          vneid_level2: false });
  await page.waitForSelector('[data-children="person"] h2:has-text("Nhân khẩu (4)")');
  assert.equal(await page.locator('.facts dd[data-field="member_count"]').innerText(), "4", "member count computed by the core");

  // this year's poverty review: income per person and the classification computed live
  await page.click('[data-action="add-assessment.poverty"]');
  await page.waitForSelector('.record-form[data-form="assessment.poverty"]');
  assert.equal(await page.inputValue('.record-form [data-field="period"] input'), String(YEAR));
  await answerAll(page, { review_date: TODAY, area: "urban", income_total_month: "6.000.000" });
  const perHead = page.locator('.record-form [data-field="income_per_capita_month"] output');
  await page.waitForFunction((el) => el.getAttribute("data-value") === "1500000", await perHead.elementHandle());
  const cls = page.locator('.record-form [data-field="classification"] output');
  const classification = JSON.parse(await cls.getAttribute("data-value"));
  assert.ok(["poor", "near_poor"].includes(classification), `income 1.5M ≤ 2M line: poor or near-poor, got ${classification}`);
  await screenshot(page, "05b-poverty-review.png", '[data-field="classification"]');
  await saveForm(page);
  await screenshot(page, "05-household.png");

  await page.goto(server.url + "/#/");
  await page.fill("#search", "hùng"); // search by the head's name, without diacritics in the case
  await page.waitForSelector('.hh-list a.card:has-text("Nguyễn Văn Hùng")');
  // Saved online: sent by itself after each save, nothing left waiting.
  await page.waitForSelector('.hh-list a.card:not(.pending):has-text("Nguyễn Văn Hùng")', { timeout: 30_000 });
  await page.fill("#search", "");
  await screenshot(page, "06-household-list.png");

  // --- offline: the app starts from the service worker and the household is there
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 15_000 });
  await context.setOffline(true);
  const t0 = Date.now();
  await page.reload();
  await waitReady(page);
  await page.waitForSelector('.hh-list a.card:has-text("Nguyễn Văn Hùng")');
  t.diagnostic(`offline start to a usable household list: ${Date.now() - t0} ms`);
  assert.equal(await page.locator('header [data-online="0"]').count(), 1, "shown as offline");

  // a second household, collected offline
  await page.click("[data-action=add-household]");
  await page.waitForSelector('.record-form[data-form="household"]');
  await answerAll(page, household("Ngõ 40 Phan Đăng Lưu", "15"));
  await saveForm(page);
  await addMember(page, { ...adult, full_name: "Phạm Thị Mai", sex: "female", date_of_birth: "1962-11-02" });

  // a member half typed when the tab dies: the draft survives the restart
  await page.click("[data-action=add-person]");
  await page.waitForSelector('.record-form[data-form="person"]');
  await answer(page, "full_name", "Phạm Văn Bình");
  await page.waitForSelector('.draft-state[data-state="saved"]');
  await page.reload();
  await waitReady(page);
  await page.goto(server.url + "/#/");
  await page.waitForSelector('.drafts [data-draft]');
  await screenshot(page, "07-draft-offered.png");
  await page.click('.drafts [data-action="continue-draft"]');
  await page.waitForSelector('.record-form[data-form="person"] .draft-restored');
  assert.equal(await page.inputValue('.record-form [data-field="full_name"] input'), "Phạm Văn Bình");
  // The answer the form offered (Kinh) comes back still marked as offered, not as chosen.
  assert.equal(await page.getAttribute('.record-form [data-field="ethnicity"]', "data-offered"), "suggested",
               "a restored draft keeps its offered answers marked");
  await page.click('.record-form .draft-restored button'); // discard: not part of this household
  await page.click('.record-form [data-action="cancel"]');

  // --- back online: the app syncs by itself
  await page.goto(server.url + "/#/sync");
  await page.waitForSelector(".screen.sync");
  const before = Number(await page.locator(".screen.sync").getAttribute("data-completed"));
  await context.setOffline(false);
  await waitSynced(page, before);
  const report = await syncReport(page);
  assert.ok(!report.error, `sync failed: ${report.error}`);
  assert.ok(report.sent > 0, "the offline work was sent");
  assert.equal(report.conflicts, 0);
  assert.equal(report.rejected, 0);
  assert.equal(Number(await page.locator(".pending-line").getAttribute("data-pending")), 0, "nothing left to send");
  await screenshot(page, "08-sync.png");

  // a second sync sends nothing new and makes no copies
  const again = await syncNow(page);
  assert.equal(again.sent, 0);

  // the app shell is cached under this build's version, API answers never are
  const shell = await page.evaluate(async () => {
    const names = await caches.keys();
    const urls = [];
    for (const n of names) for (const r of await (await caches.open(n)).keys()) urls.push(r.url);
    return { names, urls };
  });
  assert.equal(shell.names.length, 1, `one shell cache, got ${shell.names}`);
  assert.ok(!shell.names[0].includes("__BUILD_VERSION__"), "the cache is named with the build's hash");
  assert.ok(shell.urls.some((u) => u.endsWith("/app.js")), "app.js precached");
  assert.ok(shell.urls.some((u) => u.endsWith(".wasm")), "the WebAssembly module precached");
  assert.ok(!shell.urls.some((u) => u.includes("/api/")), "no API answer cached");

  // a new version is published: it takes over, the person reloads, nothing is lost
  const { next } = server.publishNewVersion();
  await page.goto(server.url + "/#/");
  await page.evaluate(async () => { await (await navigator.serviceWorker.getRegistration()).update(); });
  await page.waitForSelector(".banner.update", { timeout: 30_000 });
  await Promise.all([page.waitForEvent("load"), page.click(".banner.update button")]);
  await waitReady(page);
  await page.waitForSelector('.hh-list a.card:has-text("Nguyễn Văn Hùng")');
  await page.waitForSelector('.hh-list a.card:has-text("Phạm Thị Mai")');
  const cacheNames = await page.evaluate(() => caches.keys());
  assert.deepEqual(cacheNames, [`sotay-shell-${next}`], "the old version's shell cache is gone, the new one is in place");

  const { records } = await officePull(server.url);
  const households = records.filter((r) => r.type === "household");
  const count = (street) => households.filter((r) => r.values.address_street === street).length;
  assert.equal(count("Ngõ 12 Trần Tất Văn"), 1, "first household on the server exactly once");
  assert.equal(count("Ngõ 40 Phan Đăng Lưu"), 1, "offline household on the server exactly once");
  assert.equal(households.length, 2);
  const first = households.find((r) => r.values.address_street === "Ngõ 12 Trần Tất Văn");
  assert.equal(first.group_id, "tdp-01");
  assert.equal(first.values.floor_area_m2, 64.5, "a decimal comma typed, a number stored");
  assert.equal(first.values.business_converted, false);
  assert.equal(first.values.member_count, 4, "the household's computed answers follow its members");
  assert.equal(first.values.head_count, 1);
  assert.ok(first.values.phone && typeof first.values.phone === "object" && "sealed" in first.values.phone,
            "the phone number reached the server sealed");
  const members = records.filter((r) => r.type === "person" && r.parent_id === first.id && !r.values.deleted);
  assert.equal(members.length, 4, "four members of the first household");
  const names = members.map((m) => m.values.full_name).sort();
  assert.deepEqual(names, ["Nguyễn Minh Khoa", "Nguyễn Văn Hùng", "Nguyễn Văn Tư", "Trần Thị Lan"]);
  const khoa = members.find((m) => m.values.full_name === "Nguyễn Minh Khoa");
  assert.equal(khoa.values.date_of_birth, CHILD_DOB, "the corrected date, not the refused one");
  assert.ok(khoa.values.labour_status === undefined || khoa.values.labour_status === null, "skipped question not stored");
  assert.ok(!records.some((r) => r.values.full_name === "Phạm Văn Bình"), "a discarded draft is never sent");
});

test("two leaders of one group edit one answer offline: the conflict is shown and nothing is lost; another group sees none of it", async () => {
  const b = await phone("leader-b");
  const c = await phone("leader-c");
  const d = await phone("leader-tdp-02");
  await enroll(b.page, server.url, server.enrollCode("tdp-01"));
  await enroll(c.page, server.url, server.enrollCode("tdp-01"));
  await enroll(d.page, server.url, server.enrollCode("tdp-02"));

  await b.page.click("[data-action=add-household]");
  await b.page.waitForSelector('.record-form[data-form="household"]');
  await answerAll(b.page, household("Ngõ 3 Lê Quốc Uy", "5"));
  await saveForm(b.page);
  await addMember(b.page, { ...adult, full_name: "Đỗ Văn Quang", date_of_birth: "1980-05-05" });
  assert.ok(!(await syncNow(b.page)).error);
  const cPull = await syncNow(c.page);
  assert.ok(!cPull.error && cPull.received > 0, "C received the group's households");

  // both offline; C changes the house number first, B a moment later
  for (const p of [b, c]) await p.context.setOffline(true);
  for (const [p, value] of [[c, "5B"], [b, "5A"]]) {
    await openHousehold(p.page, "Lê Quốc Uy");
    await p.page.click("[data-action=edit-household]");
    await p.page.waitForSelector('.record-form[data-form="household"]');
    await answer(p.page, "address_number", value);
    await saveForm(p.page);
    await p.page.waitForTimeout(20); // distinct clock readings
  }

  // B comes back first and syncs cleanly; then C, whose change meets B's
  for (const p of [b, c]) {
    await p.page.goto(server.url + "/#/sync");
    await p.page.waitForSelector(".screen.sync");
    const n = Number(await p.page.locator(".screen.sync").getAttribute("data-completed"));
    await p.context.setOffline(false);
    await waitSynced(p.page, n);
  }
  const rb = await syncReport(b.page);
  assert.ok(!rb.error, rb.error);
  assert.equal(rb.conflicts, 0, "the first to sync has no conflict");
  const card = c.page.locator('.screen.sync .conflict');
  await card.first().waitFor();
  assert.equal(await card.count(), 1, "C is shown the conflict");
  assert.match(await card.first().locator(".mine").innerText(), /5B/, "C sees what it wrote");
  assert.match(await card.first().innerText(), /Số nhà/, "the question is named in Vietnamese");
  assert.match(await card.first().innerText(), /Không mất dữ liệu|Không cần làm gì/, "and told what happens / what to do");
  await screenshot(c.page, "09-sync-conflict.png", ".screen.sync .conflict .cmp");

  // nothing lost: the server holds the winning value and the other one for review
  const { records, conflicts } = await officePull(server.url);
  const hh = records.filter((r) => r.type === "household" && r.values.address_street === "Ngõ 3 Lê Quốc Uy");
  assert.equal(hh.length, 1);
  const mine = conflicts.filter((x) => x.record_id === hh[0].id && x.field === "address_number");
  assert.equal(mine.length, 1, "one conflict kept for the office");
  assert.deepEqual([mine[0].winning.value, mine[0].losing.value].sort(), ["5A", "5B"]);
  assert.equal(hh[0].values.address_number, mine[0].winning.value);

  // both phones converge on the server's value
  for (const p of [b, c]) {
    assert.ok(!(await syncNow(p.page)).error);
    await openHousehold(p.page, "Lê Quốc Uy");
    assert.equal(await p.page.locator('.facts dd[data-field="address_number"]').innerText(), mine[0].winning.value);
  }

  // the leader of tdp-02 sees none of tdp-01
  const rd = await syncNow(d.page);
  assert.ok(!rd.error, rd.error);
  await d.page.goto(server.url + "/#/");
  await d.page.waitForSelector(".screen.households [data-count]");
  assert.equal(await d.page.locator(".screen.households [data-count]").getAttribute("data-count"), "0");
  assert.equal(await d.page.locator(".hh-list a.card").count(), 0);
});

test("unsent work is counted in households; the add button leaves the last card visible; a revoked phone enrolls again and loses nothing", async () => {
  const e = await phone("leader-revoked");
  const { page } = e;
  await page.goto(server.url + "/");
  await waitReady(page);
  await page.fill("#enroll-code", server.enrollCode("tdp-01"));
  await page.fill("#enroll-name", "Máy sẽ bị thu hồi");
  await page.click("[data-action=enroll]");
  await page.waitForSelector(".screen.households", { timeout: 30_000 });
  const first = await syncNow(page); // the group's households from the tests above, if any
  assert.ok(!first.error, first.error);

  // one household with its head, offline (online it would be sent at once): dozens of
  // field changes, one household waiting
  await e.context.setOffline(true);
  await page.goto(server.url + "/#/");
  await page.click("[data-action=add-household]");
  await page.waitForSelector('.record-form[data-form="household"]');
  await answerAll(page, household("Ngõ 9 Đồng Hòa", "21"));
  await saveForm(page);
  await addMember(page, { ...adult, full_name: "Vũ Thị Nguyệt", sex: "female", date_of_birth: "1966-04-09" });
  const badge = page.locator("nav.bottom [data-nav=sync] .count-badge");
  assert.equal(await badge.getAttribute("data-pending"), "1", "the badge counts households, not field changes");
  assert.equal(await badge.innerText(), "1");
  // a second one
  await page.goto(server.url + "/#/");
  await page.click("[data-action=add-household]");
  await page.waitForSelector('.record-form[data-form="household"]');
  await answerAll(page, household("Ngõ 9 Đồng Hòa", "23"));
  await saveForm(page);
  await addMember(page, { ...adult, full_name: "Lương Văn Thắng", date_of_birth: "1959-10-30" });
  assert.equal(await badge.getAttribute("data-pending"), "2");
  await page.click("nav.bottom [data-nav=sync]");
  const line = page.locator(".screen.sync .pending-line");
  await line.waitFor();
  assert.equal(await line.getAttribute("data-households"), "2");
  assert.ok(Number(await line.getAttribute("data-pending")) > 20, "the field changes are many more");
  assert.match(await line.innerText(), /2 hộ chưa gửi/);

  // the list scrolled to its end: the floating "+ Thêm hộ" button covers no card
  await page.goto(server.url + "/#/");
  await page.waitForSelector(".hh-list a.card");
  const cards = await page.locator(".hh-list a.card").count();
  assert.ok(cards >= 2);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.waitForTimeout(100);
  const geometry = await page.evaluate(() => {
    const last = [...document.querySelectorAll(".hh-list a.card")].pop().getBoundingClientRect();
    const fab = document.querySelector("[data-action=add-household]").getBoundingClientRect();
    const nav = document.querySelector("nav.bottom").getBoundingClientRect();
    return { last: { top: last.top, bottom: last.bottom }, fab: { top: fab.top, bottom: fab.bottom }, nav: nav.top, vh: innerHeight };
  });
  assert.ok(geometry.last.bottom <= geometry.fab.top, `last card (bottom ${geometry.last.bottom}) above the button (top ${geometry.fab.top})`);
  assert.ok(geometry.fab.bottom <= geometry.nav, "the button above the bottom bar");
  await screenshot(page, "10-household-list-end.png");

  // the office revokes the phone: the leader is told in Vietnamese, with what to do
  const mine = server.devices().filter((d) => d.name === "Máy sẽ bị thu hồi");
  assert.equal(mine.length, 1);
  server.revoke(mine[0].id);
  await e.context.setOffline(false);
  const refused = await syncNow(page);
  assert.ok(refused.error, "the sync is refused");
  const card = page.locator(".screen.sync .sync-error.reenroll");
  assert.equal(await card.getAttribute("data-problem"), "device_revoked");
  const text = await card.innerText();
  assert.match(text, /thu hồi/);
  assert.match(text, /không bị xóa/);
  assert.match(text, /Còn 2 hộ chưa gửi/, "warned about the unsent households");
  await screenshot(page, "11-sync-revoked.png", ".screen.sync .sync-error");

  // enrolling again with a new code keeps everything and sends it
  const syncsBefore = Number(await page.locator(".screen.sync").getAttribute("data-completed"));
  await page.click("[data-action=reenroll]");
  await page.waitForSelector(".screen.enroll.again");
  assert.equal(await page.locator(".enroll .notice.keep").getAttribute("data-unsent"), "2");
  assert.equal(await page.inputValue("#enroll-name"), "Máy sẽ bị thu hồi", "the phone keeps its name");
  await screenshot(page, "12-reenroll.png");
  await page.fill("#enroll-code", "SAI1-MA22-XX");
  await page.click("[data-action=enroll]");
  await page.locator(".enroll .problem").waitFor({ timeout: 15_000 });
  assert.equal(await page.locator(".enroll .notice.keep").getAttribute("data-unsent"), "2", "a wrong code changes nothing");
  await page.fill("#enroll-code", server.enrollCode("tdp-01"));
  await page.click("[data-action=enroll]");
  await page.waitForSelector(".screen.sync", { timeout: 30_000 });
  await waitSynced(page, syncsBefore); // started by itself once enrolled again
  const resent = await syncReport(page);
  assert.ok(!resent.error, resent.error);
  assert.ok(resent.sent > 20, "the unsent households went out under the new enrollment");
  assert.equal(await page.locator(".screen.sync .pending-line").getAttribute("data-pending"), "0");
  assert.equal(await badge.count(), 0, "no badge once everything is sent");
  const devices = server.devices().filter((d) => d.name === "Máy sẽ bị thu hồi");
  assert.equal(devices.length, 2);
  assert.deepEqual(devices.map((d) => d.state.split(" ")[0]).sort(), ["active", "revoked"]);

  const { records } = await officePull(server.url);
  const hh = records.filter((r) => r.type === "household" && r.values.address_street === "Ngõ 9 Đồng Hòa");
  assert.equal(hh.length, 2, "both households on the server exactly once");
  const people = records.filter((r) => r.type === "person" && hh.some((x) => x.id === r.parent_id));
  assert.deepEqual(people.map((p) => p.values.full_name).sort(), ["Lương Văn Thắng", "Vũ Thị Nguyệt"]);
});

test("a leader enrolls by scanning the QR code with the camera", async (t) => {
  const code = server.enrollCode("tdp-02");
  const video = qrVideo(code, path.join(server.dir, "qr.y4m"));
  if (!video) { t.skip("the qrcode package is not installed"); return; }
  const camBrowser = await launchBrowser({ camera: video });
  try {
    const context = await camBrowser.newContext({ viewport: { width: 360, height: 640 }, locale: "vi-VN" });
    await context.grantPermissions(["camera"], { origin: server.url });
    const page = await context.newPage();
    await page.goto(server.url + "/");
    await waitReady(page);
    await page.click("[data-action=scan]");
    await page.waitForFunction((c) => document.querySelector("#enroll-code")?.value === c, code, { timeout: 20_000 });
    await page.fill("#enroll-name", "Trần Văn Quét");
    await page.click("[data-action=enroll]");
    await page.waitForSelector(".screen.households", { timeout: 30_000 });
    assert.equal(await page.locator(".hh-list a.card").count(), 0, "a tdp-02 phone: nothing of tdp-01");
  } finally {
    await camBrowser.close();
  }
});
