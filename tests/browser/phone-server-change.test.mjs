// A lost phone and a hostile QR code: a code naming another server asks first, showing
// both addresses, and cancelling changes nothing; switching erases the phone's data of
// the old server first (its unsent changes saved to a file or dropped, never sent to the
// new one); a plain-http server other than this device is refused before any request,
// typed or scanned; a revoked phone offers to erase the group's data, only once the
// unsent households are saved to a file or dropped, and after that IndexedDB holds
// nothing of it and the enroll screen shows.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  answer, answerAll, enroll, isShown, launchBrowser, newPhone, officePull, PHONE, qrVideo, saveForm, screenshot,
  seriousA11yViolations, startServer, syncNow, waitReady,
} from "./harness.mjs";

let server, browser;
const phones = [];
const extraBrowsers = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  for (const p of phones) if (p.log.length) console.log(p.log.join("\n"));
  for (const b of extraBrowsers) await b.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

async function phone(name) {
  const p = await newPhone(browser, name);
  phones.push(p);
  return p;
}

// A browser whose camera shows a QR code of `text`; null without the qrcode package.
async function cameraPhone(text, file, name) {
  const video = qrVideo(text, path.join(server.dir, file));
  if (!video) return null;
  const b = await launchBrowser({ camera: video });
  extraBrowsers.push(b);
  const context = await b.newContext({ viewport: PHONE, locale: "vi-VN", serviceWorkers: "allow" });
  await context.grantPermissions(["camera"], { origin: server.url });
  const page = await context.newPage();
  const p = { context, page, name, log: [] };
  page.on("pageerror", (e) => p.log.push(`[${name}] pageerror: ${e.message}`));
  phones.push(p);
  return p;
}

// Every request the page makes, as "METHOD url".
function recordRequests(page) {
  const seen = [];
  page.on("request", (r) => seen.push(`${r.method()} ${r.url()}`));
  return seen;
}

// A household saved while offline: it waits in the outbox.
async function addHousehold(page, street, number, phoneNumber) {
  await page.evaluate(() => { location.hash = "#/"; });
  await page.click("[data-action=add-household]");
  await page.waitForSelector('.record-form[data-form="household"]');
  await answerAll(page, {
    address_street: street, address_number: number, housing_tenure: "owned", housing_type: "permanent",
    floor_area_m2: "48", water_source: "piped", latrine: "septic", info_devices: ["tv"],
    waste_collected: true, has_business: false,
  });
  if (phoneNumber && (await isShown(page, "phone"))) await answer(page, "phone", phoneNumber);
  await saveForm(page);
}

// The IndexedDB databases of the page's origin (the local files live in "/sotay").
const databases = (page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));

async function scanInto(page, code) {
  await page.click("[data-action=scan]");
  await page.waitForFunction((c) => document.querySelector("#enroll-code")?.value === c, code, { timeout: 20_000 });
}

test("a code for another server asks first with both addresses; cancelling keeps everything; switching erases first and sends nothing", async (t) => {
  const other = server.url.replace("127.0.0.1", "localhost"); // another server address (loopback, so http is allowed)
  const foreign = server.enrollCode("tdp-01");
  const p = await cameraPhone(`${other}/?code=${foreign}`, "other-server.y4m", "switch");
  if (!p) { t.skip("the qrcode package is not installed"); return; }
  const { page, context } = p;
  const requests = recordRequests(page);
  await enroll(page, server.url, server.enrollCode("tdp-01"), "Phạm Thị Hòa");
  const devicesBefore = server.devices().length;

  await context.setOffline(true);
  await addHousehold(page, "Ngõ 5 Lạch Tray", "7");
  assert.equal(await page.locator("nav.bottom [data-nav=sync] .count-badge").getAttribute("data-pending"), "1");

  // the re-enroll screen; the scanned code names another server
  await page.evaluate(() => { location.hash = "#/reenroll"; });
  await page.waitForSelector(".screen.enroll.again");
  const from = requests.length;
  await scanInto(page, foreign);
  await page.click("[data-action=enroll]");
  const dialog = page.locator("dialog[data-dialog=server-change]");
  await dialog.waitFor();
  assert.match(await dialog.locator("h2").innerText(), /Đổi sang máy chủ khác\?/);
  assert.equal(await dialog.locator(".server-old").innerText(), server.url, "the current server is shown");
  assert.equal(await dialog.locator(".server-new").innerText(), other, "the new server is shown");
  assert.match(await dialog.innerText(), /không bao giờ được gửi sang máy chủ khác/);
  assert.equal(await dialog.locator(".unsent").getAttribute("data-unsent"), "1", "the unsent household is named");
  assert.match(await dialog.locator(".unsent-list").innerText(), /7 Ngõ 5 Lạch Tray/);
  assert.ok(await page.locator("[data-action=confirm-switch]").isDisabled(), "no switch before the unsent changes are saved or dropped");
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-action")), "cancel-switch",
    "the safe choice has the focus");
  const violations = await seriousA11yViolations(page);
  assert.deepEqual(violations, [], `the server-change dialog: ${violations.join("; ")}`);
  await screenshot(page, "30-server-change.png");

  // cancel: nothing changed, nothing sent anywhere
  await page.click("[data-action=cancel-switch]");
  await dialog.waitFor({ state: "detached" });
  assert.equal(await page.inputValue("#enroll-server"), server.url, "the current server back in the box");
  assert.equal(await page.inputValue("#enroll-code"), "", "the other server's code is gone");
  assert.deepEqual(requests.slice(from).filter((r) => r.includes("localhost") || r.includes("/api/")), [],
    "no request at all for the foreign code");
  await page.click("[data-action=cancel-reenroll]");
  await page.waitForSelector(".screen.sync");
  assert.equal(await page.locator(".screen.sync .pending-line").getAttribute("data-households"), "1", "the unsent household is still there");
  assert.match(await page.locator(".card.device").innerText(), new RegExp(server.url.replace(/[.:/]/g, "\\$&")),
    "still enrolled with the same server");
  assert.equal(server.devices().length, devicesBefore, "no enrollment anywhere");

  // switching: the unsent household dropped on purpose, the phone erased, then the
  // enroll screen for the new server (filled in)
  await page.evaluate(() => { location.hash = "#/reenroll"; });
  await page.waitForSelector(".screen.enroll.again");
  await scanInto(page, foreign);
  await page.click("[data-action=enroll]");
  await dialog.waitFor();
  await page.check("[data-action=drop-unsent] input");
  assert.ok(await page.locator("[data-action=confirm-switch]").isEnabled());
  await page.click("[data-action=confirm-switch]");
  await page.waitForSelector(".screen.enroll .notice.switched", { timeout: 30_000 });
  assert.equal(await page.locator(".screen.enroll.again").count(), 0, "a new phone now");
  assert.equal(await page.inputValue("#enroll-server"), other);
  assert.equal(await page.inputValue("#enroll-code"), foreign);
  assert.equal(await page.inputValue("#enroll-name"), "Phạm Thị Hòa");
  assert.ok(!(await databases(page)).includes("/sotay"), "the old server's local database is gone");
  await screenshot(page, "31-server-switched.png");
  assert.deepEqual(requests.filter((r) => r.includes("localhost")), [], "nothing went to the new server");

  await context.setOffline(false);
  const { records } = await officePull(server.url);
  assert.ok(!records.some((r) => r.values.address_street === "Ngõ 5 Lạch Tray"), "the dropped household was never sent");
});

test("a plain-http server other than this device is refused before any request, typed or scanned", async (t) => {
  const { page } = await phone("http-typed");
  const requests = recordRequests(page);
  await page.goto(server.url + "/");
  await waitReady(page);
  const code = server.enrollCode("tdp-02");
  await page.fill("#enroll-code", code);
  await page.fill("#enroll-name", "Lê Văn Phúc");
  await page.click(".enroll details.advanced summary");
  const refused = page.locator(".enroll [data-problem=server_not_https]");
  for (const address of ["http://example.test", "http://192.168.1.20:8080/", "HTTP://Example.Test/sotay"]) {
    await page.fill("#enroll-server", address);
    await page.click("[data-action=enroll]");
    await refused.waitFor();
    assert.match(await refused.innerText(), /phải bắt đầu bằng https:\/\//, `${address} refused in Vietnamese`);
    assert.equal(await page.getAttribute("#enroll-server", "aria-invalid"), "true");
    if (address === "http://example.test") {
      const violations = await seriousA11yViolations(page);
      assert.deepEqual(violations, [], `the refused address: ${violations.join("; ")}`);
      await screenshot(page, "32-http-refused.png", ".enroll [data-problem]");
    }
  }
  await page.fill("#enroll-server", "ftp://example.test");
  await page.click("[data-action=enroll]");
  await page.locator(".enroll [data-problem=server_invalid]").waitFor();
  assert.deepEqual(requests.filter((r) => /example\.test|192\.168\.|\/api\/v1\/enroll/i.test(r)), [],
    "no request before the refusal");
  // http to this device itself is allowed (the tests' server is one)
  await page.fill("#enroll-server", server.url + "/");
  await page.click("[data-action=enroll]");
  await page.waitForSelector(".screen.households", { timeout: 30_000 });

  // a QR code naming a plain-http server: refused as it is scanned, its code not taken
  const p = await cameraPhone("http://example.test/?code=ABCD-EFGH-JK", "http-server.y4m", "http-scanned");
  if (!p) { t.skip("the qrcode package is not installed"); return; }
  const scanned = recordRequests(p.page);
  await p.page.goto(server.url + "/");
  await waitReady(p.page);
  await p.page.click("[data-action=scan]");
  await p.page.locator(".enroll [data-problem=server_not_https]").waitFor({ timeout: 20_000 });
  assert.equal(await p.page.inputValue("#enroll-code"), "", "the code of a refused server is not filled in");
  assert.equal(await p.page.inputValue("#enroll-server"), server.url, "the server stays this one");
  assert.deepEqual(scanned.filter((r) => r.includes("example.test")), []);
});

test("a revoked phone offers to erase the group's data once the unsent households are saved or dropped; then nothing is left", async () => {
  const { page, context } = await phone("revoked-wipe");
  await enroll(page, server.url, server.enrollCode("tdp-02"), "Máy bị mất");
  await context.setOffline(true);
  await addHousehold(page, "Ngõ 12 Trần Thành Ngọ", "3", "0912345678");
  // a member half typed: a draft
  await page.click("[data-action=add-person]");
  await page.waitForSelector('.record-form[data-form="person"]');
  await answer(page, "full_name", "Đỗ Văn Nháp");
  await page.waitForSelector('.draft-state[data-state="saved"]');
  await page.evaluate(() => { location.hash = "#/"; });
  await page.waitForSelector(".screen.households");

  const mine = server.devices().filter((d) => d.name === "Máy bị mất");
  assert.equal(mine.length, 1);
  server.revoke(mine[0].id);
  await context.setOffline(false);
  const refused = await syncNow(page);
  assert.ok(refused.error, "the sync is refused");
  assert.equal(await page.locator(".screen.sync .sync-error.reenroll").getAttribute("data-problem"), "device_revoked");

  await page.click("[data-action=offer-wipe]");
  const dialog = page.locator("dialog[data-dialog=wipe]");
  await dialog.waitFor();
  assert.match(await dialog.locator("h2").innerText(), /Xóa dữ liệu của tổ khỏi điện thoại này\?/);
  assert.equal(await dialog.locator(".unsent").getAttribute("data-unsent"), "1");
  assert.match(await dialog.locator(".unsent-list").innerText(), /3 Ngõ 12 Trần Thành Ngọ/, "the unsent household is shown");
  assert.equal(await dialog.locator("[data-drafts]").getAttribute("data-drafts"), "1", "the draft is mentioned");
  const wipe = page.locator("[data-action=confirm-wipe]");
  assert.ok(await wipe.isDisabled(), "no erase before the unsent changes are saved or dropped");
  const violations = await seriousA11yViolations(page);
  assert.deepEqual(violations, [], `the erase dialog: ${violations.join("; ")}`);
  await screenshot(page, "33-wipe-offered.png");

  // Escape is "keep the data"
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  await page.click("[data-action=offer-wipe]");
  await dialog.waitFor();
  // dropping must be ticked on purpose
  await page.check("[data-action=drop-unsent] input");
  assert.ok(await wipe.isEnabled(), "ticking 'drop' allows the erase");
  await page.uncheck("[data-action=drop-unsent] input");
  assert.ok(await wipe.isDisabled());

  // saved to a file for the office: sealed answers stay sealed in it
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-action=export-unsent]")]);
  assert.match(download.suggestedFilename(), /^sotay-chua-gui-\d{4}-\d{2}-\d{2}\.json$/);
  const text = readFileSync(await download.path(), "utf8");
  const file = JSON.parse(text);
  assert.equal(file.format, "sotay-unsent");
  assert.equal(file.server, server.url);
  assert.ok(file.changes_total > 5 && file.changes.length === file.changes_total && file.changes_complete);
  const hh = file.records.find((r) => r.type === "household");
  assert.equal(hh.values.address_street, "Ngõ 12 Trần Thành Ngọ");
  if ("phone" in hh.values) assert.ok(typeof hh.values.phone === "object" && hh.values.phone.sealed, "the phone number sealed");
  assert.ok(!text.includes("0912345678"), "no sealed answer in clear text");
  await dialog.locator(".saved").waitFor();
  assert.ok(await wipe.isEnabled(), "saved: the erase is allowed");

  await wipe.click();
  await page.waitForSelector(".screen.enroll", { timeout: 30_000 });
  assert.equal(await page.locator(".screen.enroll.again, .notice.switched").count(), 0, "the first enroll screen");
  assert.ok(!(await databases(page)).includes("/sotay"), "IndexedDB holds no local database");
  assert.deepEqual(await page.evaluate(() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]
    .filter((k) => k.startsWith("sotay."))), [], "no app keys left");
  await screenshot(page, "34-wiped.png");
  // still a new phone after a restart
  await page.reload();
  await waitReady(page);
  await page.waitForSelector(".screen.enroll");
  assert.equal(await page.inputValue("#enroll-name"), "", "not even the leader's name is left");
});
