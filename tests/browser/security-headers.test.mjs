// The pages under the server's strict Content-Security-Policy (server/http/http_app.cc; issue
// 18): the phone app boots its wasm module and enrolls, the office dashboard logs in, and
// the browser reports no policy violation on either. The headers themselves are checked.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { enroll, launchBrowser, newPhone, OFFICE, screenshot, startServer, waitReady } from "./harness.mjs";

let server, browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Collects Content-Security-Policy violations the page reports.
async function watchViolations(page) {
  const violations = [];
  page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  page.on("pageerror", (e) => { if (/Content Security Policy|EvalError/i.test(e.message)) violations.push(e.message); });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return violations;
}

test("the phone app runs under the strict policy", async () => {
  const phone = await newPhone(browser, "csp-phone");
  const violations = await watchViolations(phone.page);
  const res = await phone.page.goto(server.url + "/");
  const csp = res.headers()["content-security-policy"];
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(res.headers()["referrer-policy"], "no-referrer");
  assert.equal(res.headers()["x-frame-options"], "DENY");
  await waitReady(phone.page);
  await enroll(phone.page, server.url, server.enrollCode("tdp-01"));
  await screenshot(phone.page, "90-csp-phone-households.png");
  assert.deepEqual(violations, [], "no policy violation on the phone app");
  await phone.context.close();
});

test("the office dashboard runs under the strict policy", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "vi-VN" });
  const page = await context.newPage();
  const violations = await watchViolations(page);
  const apiCaching = [];
  page.on("response", (r) => {
    if (r.url().includes("/api/v1/")) apiCaching.push(`${r.url()} ${r.headers()["cache-control"]}`);
  });
  const res = await page.goto(server.url + "/office.html");
  assert.match(res.headers()["content-security-policy"], /default-src 'self'/);
  await page.fill("#login-username", OFFICE.username);
  await page.fill("#login-password", OFFICE.password);
  await page.click("[data-action=login]");
  await page.waitForFunction(() => document.body.dataset.ready === "1", null, { timeout: 30_000 });
  await page.waitForLoadState("networkidle");
  await screenshot(page, "91-csp-office.png");
  // Answers with personal data are never cached.
  assert.ok(apiCaching.length >= 2, "the dashboard called the API: " + apiCaching.join("; "));
  for (const line of apiCaching) assert.match(line, / no-store$/, line);
  assert.deepEqual(violations, [], "no policy violation on the office dashboard");
  await context.close();
});
