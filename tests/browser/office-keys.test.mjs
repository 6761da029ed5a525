// The office dashboard's keys in headless Chromium against the real sotay-server with a
// demo ward: a phone number collected on a real phone (the phone app in its own browser
// context) reaches the office sealed, and opens in the office user's browser only after
// the office passphrase (a wrong one is refused clearly, the passphrase is never sent);
// the admin manages the office users. Screenshots go to test-artifacts/browser/office/.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ADMIN, goTo, login, noErrors, officeFixture, openOffice, OFFICE, screenshot, waitContent } from "./office/harness.mjs";
import { answer, answerAll, enroll, newPhone, saveForm, syncNow } from "./harness.mjs";

const PASSPHRASE = "kien-an-office-passphrase"; // what startWard gives init
const STREET = "Ngõ 9 Niêm Phong";

describe("office keys: sealed fields and users", { timeout: 300_000 }, () => {
  let phone;
  const fixture = officeFixture(() => [phone]);

  it("a phone number sealed on the phone opens in the office browser with the passphrase only", async () => {
    const { ward, browser, office } = fixture;
    // --- a leader collects a household with a phone number on the phone app
    phone = await newPhone(browser, "leader-tdp-01");
    const code = ward.cli(["enroll-code", "--db", ward.db, "--role", "leader", "--group", "tdp-01", "--ttl", "2h"])
      .trim().split("\n").pop().trim();
    await enroll(phone.page, ward.url, code);
    await phone.page.click("[data-action=add-household]");
    await phone.page.waitForSelector('.record-form[data-form="household"]');
    await answerAll(phone.page, {
      address_street: STREET, address_number: "9", housing_tenure: "owned", housing_type: "permanent",
      floor_area_m2: "50", water_source: "piped", latrine: "septic", info_devices: ["tv"],
      waste_collected: true, has_business: false,
    });
    await answer(phone.page, "phone", "0912 345 678");
    await saveForm(phone.page);
    const report = await syncNow(phone.page);
    assert.ok(!report.error, "the phone synced: " + report.error);

    // --- on the server it is ciphertext
    const list = (await ward.api("GET", "/api/v1/records?type=household&group=tdp-01&q=" + encodeURIComponent(STREET))).json.records;
    assert.equal(list.length, 1, "the household reached the server once");
    const id = list[0].id;
    const stored = (await ward.api("GET", "/api/v1/records/" + id)).json.record.fields.phone.value;
    assert.equal(typeof stored.sealed, "string", "the server holds the phone number sealed");
    assert.ok(!/912/.test(JSON.stringify(stored)));

    // --- the office sees it sealed
    const { page } = office;
    const sent = [];
    page.on("request", (r) => sent.push(r.url() + "\n" + (r.postData() ?? "") + "\n" + JSON.stringify(r.headers())));
    await login(page, ward.url);
    await goTo(page, "#/record/" + id, "record");
    const cell = page.locator('.fields tr[data-field="phone"] td');
    await waitContent(page, '.fields tr[data-field="phone"] td[data-sealed="sealed"]');
    await noErrors(page, "record with a sealed field");
    assert.match(await cell.innerText(), /niêm phong/);
    assert.ok(!/\d/.test(await cell.innerText()), "no digits of the number before the passphrase");

    // --- a wrong passphrase: a clear error, still sealed
    await page.click("[data-action=open-sealed]");
    await page.fill("#sealed-passphrase", "khong-phai-mat-khau");
    await page.click("[data-action=unlock-sealed]");
    const err = page.locator(".sealed-panel .error");
    await err.waitFor({ timeout: 60_000 });
    assert.equal(await err.getAttribute("data-code"), "wrong_passphrase");
    assert.match(await err.innerText(), /Sai mật khẩu niêm phong/);
    assert.equal(await page.locator('.fields tr[data-field="phone"] td[data-sealed="sealed"]').count(), 1);
    await screenshot(page, "20-sealed-wrong-passphrase.png");

    // --- the right one: readable, in this page only
    await page.fill("#sealed-passphrase", PASSPHRASE);
    await page.click("[data-action=unlock-sealed]");
    await page.waitForSelector('.fields tr[data-field="phone"] td[data-sealed="open"]', { timeout: 60_000 });
    const shown = await cell.innerText();
    assert.ok(shown.replace(/\D/g, "").endsWith("912345678"), "the number as the leader typed it, got " + shown);
    assert.equal(await page.locator('.sealed-panel[data-sealed-key="open"]').count(), 1);
    await screenshot(page, "21-sealed-opened.png");

    // The passphrase never left the browser; the key read is in the audit log.
    assert.ok(sent.some((s) => s.includes("/api/v1/office-key")), "the wrapped key was fetched");
    for (const s of sent) assert.ok(!s.includes(PASSPHRASE) && !s.includes("khong-phai-mat-khau"), "a request carried the passphrase: " + s.split("\n")[0]);
    const stored2 = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
    assert.ok(!stored2.includes(PASSPHRASE), "the passphrase is not kept in storage");
    const audit = (await ward.api("GET", "/api/v1/audit?limit=1000")).json.entries;
    assert.ok(audit.some((e) => e.action === "office_key_read" && e.actor === "user:" + OFFICE.username), "the key read is audited");
    assert.ok(!JSON.stringify(audit).includes(PASSPHRASE));

    // Lock again, and a reload forgets the key.
    await page.click("[data-action=lock-sealed]");
    await page.waitForSelector('.fields tr[data-field="phone"] td[data-sealed="sealed"]');
    await page.click("[data-action=open-sealed]");
    await page.fill("#sealed-passphrase", PASSPHRASE);
    await page.click("[data-action=unlock-sealed]");
    await page.waitForSelector('.fields tr[data-field="phone"] td[data-sealed="open"]', { timeout: 60_000 });
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === "1", null, { timeout: 30_000 });
    await waitContent(page, '.fields tr[data-field="phone"] td[data-sealed="sealed"]');

    // --- IT changes the office passphrase on the running server (sotay-server
    // office-passphrase): the same key, so the number sealed before opens with the new
    // passphrase, and the old one is refused.
    const NEW_PASSPHRASE = "kien-an-mat-khau-moi-2027";
    const changed = ward.cli(["office-passphrase", "--db", ward.db], PASSPHRASE + "\n" + NEW_PASSPHRASE + "\n");
    assert.match(changed, /changed the office passphrase/);
    await page.click("[data-action=open-sealed]");
    await page.fill("#sealed-passphrase", PASSPHRASE);
    await page.click("[data-action=unlock-sealed]");
    await err.waitFor({ timeout: 60_000 });
    assert.equal(await err.getAttribute("data-code"), "wrong_passphrase");
    await page.fill("#sealed-passphrase", NEW_PASSPHRASE);
    await page.click("[data-action=unlock-sealed]");
    await page.waitForSelector('.fields tr[data-field="phone"] td[data-sealed="open"]', { timeout: 60_000 });
    assert.ok((await cell.innerText()).replace(/\D/g, "").endsWith("912345678"), "sealed before the change, opened after it");
    const changes = (await ward.api("GET", "/api/v1/audit?newest=1&action=office_passphrase")).json.entries;
    assert.equal(changes.length, 1);
    assert.equal(changes[0].actor, "cli");

    // --- a staff change: IT rotates the office key (sotay-server rotate-office-key). The
    // stored number is sealed again to the new key; the passphrase before no longer opens
    // it, the new one does; the phone learns the new key at its next sync.
    const ROTATED = "kien-an-khoa-moi-sau-nghi-viec";
    const keyBefore = (await ward.api("GET", "/api/v1/office-key")).json.public_key;
    const rotated = ward.cli(["rotate-office-key", "--db", ward.db], NEW_PASSPHRASE + "\n" + ROTATED + "\n");
    assert.match(rotated, /re-sealed [1-9]\d* values/);
    const keyAfter = (await ward.api("GET", "/api/v1/office-key")).json.public_key;
    assert.notEqual(keyAfter, keyBefore, "a new office public key");
    const resealed = (await ward.api("GET", "/api/v1/records/" + id)).json.record.fields.phone.value;
    assert.equal(typeof resealed.sealed, "string");
    assert.notEqual(resealed.sealed, stored.sealed, "the stored value was sealed again");
    await page.click("[data-action=lock-sealed]");
    await page.waitForSelector('.fields tr[data-field="phone"] td[data-sealed="sealed"]');
    await page.click("[data-action=open-sealed]");
    await page.fill("#sealed-passphrase", NEW_PASSPHRASE);
    await page.click("[data-action=unlock-sealed]");
    await err.waitFor({ timeout: 60_000 });
    assert.equal(await err.getAttribute("data-code"), "wrong_passphrase");
    await page.fill("#sealed-passphrase", ROTATED);
    await page.click("[data-action=unlock-sealed]");
    await page.waitForSelector('.fields tr[data-field="phone"] td[data-sealed="open"]', { timeout: 60_000 });
    assert.ok((await cell.innerText()).replace(/\D/g, "").endsWith("912345678"), "re-sealed, opened with the new key");
    const rotations = (await ward.api("GET", "/api/v1/audit?newest=1&action=office_key_rotated")).json.entries;
    assert.equal(rotations.length, 1);

    // The phone takes the new key with the forms (which key it seals to is checked in
    // the core's own tests; here: the answer that names it syncs cleanly).
    const synced = await syncNow(phone.page);
    assert.ok(!synced.error, "the phone synced after the rotation: " + synced.error);
  });

  it("the admin lists, adds, disables, enables and resets office users", async () => {
    const { ward, browser, office } = fixture;
    const admin = await openOffice(browser, "admin");
    const { page } = admin;
    page.on("dialog", (d) => d.accept());
    try {
      await login(page, ward.url, ADMIN);
      await goTo(page, "#/admin", "admin");
      await waitContent(page, ".users-table tbody tr[data-user]");
      const names = await page.locator(".users-table tbody tr").evaluateAll((rs) => rs.map((r) => r.dataset.user));
      assert.deepEqual(names, [ADMIN.username, OFFICE.username].sort());
      assert.equal(await page.locator(`tr[data-user="${ADMIN.username}"] [data-action=disable-user]`).count(), 0,
                   "the admin cannot lock themself out");

      // A too short password is refused with its code; then a good one.
      await page.fill("#new-user-name", "thu");
      await page.fill("#new-user-password", "ngan");
      await page.click("[data-action=add-user]");
      const err = page.locator(".add-user .error");
      await err.waitFor();
      assert.equal(await err.getAttribute("data-code"), "weak_password");
      await page.fill("#new-user-password", "mat-khau-thu-1");
      await page.click("[data-action=add-user]");
      await page.waitForSelector('.users-table tr[data-user="thu"]');
      const login1 = await fetch(ward.url + "/api/v1/login", { method: "POST", headers: { "Content-Type": "application/json" },
                                                              body: JSON.stringify({ username: "thu", password: "mat-khau-thu-1" }) });
      assert.equal(login1.status, 200, "the new user logs in");
      const thuToken = (await login1.json()).token;
      await screenshot(page, "22-admin-users.png");

      // Disable: the session ends and logging in is refused; enable again.
      await page.click('tr[data-user="thu"] [data-action=disable-user]');
      await page.waitForSelector('tr[data-user="thu"] td[data-state="disabled"]');
      const me = await fetch(ward.url + "/api/v1/me", { headers: { Authorization: "Bearer " + thuToken } });
      assert.equal(me.status, 401, "a disabled user's session is over");
      const login2 = await fetch(ward.url + "/api/v1/login", { method: "POST", headers: { "Content-Type": "application/json" },
                                                              body: JSON.stringify({ username: "thu", password: "mat-khau-thu-1" }) });
      assert.equal(login2.status, 401);
      await page.click('tr[data-user="thu"] [data-action=enable-user]');
      await page.waitForSelector('tr[data-user="thu"] td[data-state="active"]');

      // A new password from the dashboard.
      await page.click('tr[data-user="thu"] [data-action=reset-password]');
      await page.fill('tr[data-user="thu"] input.reset-password', "mat-khau-thu-2");
      await page.click('tr[data-user="thu"] [data-action=save-password]');
      await page.waitForSelector('tr[data-user="thu"] p.ok');
      const login3 = await fetch(ward.url + "/api/v1/login", { method: "POST", headers: { "Content-Type": "application/json" },
                                                              body: JSON.stringify({ username: "thu", password: "mat-khau-thu-2" }) });
      assert.equal(login3.status, 200, "the new password works");
      const audit = (await ward.api("GET", "/api/v1/audit?limit=1000")).json.entries.filter((e) => e.target === "thu" && e.actor === "user:" + ADMIN.username).map((e) => e.action);
      assert.deepEqual(audit, ["add_user", "disable_user", "enable_user", "reset_password"]);
      assert.deepEqual(admin.log, [], "no script errors on the admin screen");
    } finally {
      await admin.context.close();
    }
  });
});
