// Test harness for the ward office dashboard in a real browser: a demo ward (4 groups,
// 300 households, seed 7) in a fresh database served by the real sotay-server on a
// loopback port, an office and an admin account, and Debian's Chromium driven through
// playwright-core (never a downloaded browser).
import { generateKeyPairSync, sign } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { after, before } from "node:test";
import { runServer, serveWard } from "../serve.mjs";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const requireWeb = createRequire(path.join(repoRoot, "wasm-client/web/package.json"));
const { chromium } = requireWeb("playwright-core");

export const artifacts = path.join(repoRoot, "test-artifacts/browser/office");
export const OFFICE = { username: "vanhoa", password: "kienan-2026-test" };
export const ADMIN = { username: "quantri", password: "kienan-2026-admin" };
const PASSPHRASE = "kien-an-office-passphrase";

const serverBin = process.env.SOTAY_SERVER;
const webDir = process.env.SOTAY_WEB;
const chromiumPath = process.env.SOTAY_CHROMIUM ?? "/usr/bin/chromium";

function run(args, input) {
  return runServer(serverBin, args, input);
}

export async function startWard() {
  assert.ok(serverBin, "SOTAY_SERVER must name the sotay-server binary (tests/browser/run.sh sets it)");
  assert.ok(webDir, "SOTAY_WEB must name the built web folder (tests/browser/run.sh sets it)");
  assert.ok(existsSync(path.join(webDir, "office.html")) && existsSync(path.join(webDir, "office.js")),
            `no office.html / office.js in ${webDir} (build.mjs builds them)`);
  const dir = mkdtempSync(path.join(tmpdir(), "sotay-office-"));
  const db = path.join(dir, "ward.db");
  run(["init", "--db", db, "--ward", "Phường Kiến An"], PASSPHRASE + "\n");
  run(["demo", "--db", db, "--groups", "4", "--households", "300", "--seed", "7"]);
  run(["add-user", "--db", db, "--username", OFFICE.username, "--role", "office"], OFFICE.password + "\n");
  run(["add-user", "--db", db, "--username", ADMIN.username, "--role", "admin"], ADMIN.password + "\n");

  const served = await serveWard({ serverBin, db, staticDir: webDir,
                                   schemasDir: path.join(repoRoot, "schemas"), timeoutMs: 30_000 });
  const { proc, url } = served;
  const stderrOf = served.stderr;
  return {
    url, db, dir,
    stderr: stderrOf,
    cli: (args, input) => run(args, input),
    // The API as a third party sees it: an independent check of what the UI did.
    async api(method, route, body, who = OFFICE) {
      if (!this.tokens) this.tokens = {};
      if (!this.tokens[who.username]) {
        const r = await fetch(url + "/api/v1/login", { method: "POST", headers: { "Content-Type": "application/json" },
                                                      body: JSON.stringify(who) });
        assert.equal(r.status, 200, "login for the test's own API calls");
        this.tokens[who.username] = (await r.json()).token;
      }
      const r = await fetch(url + route, {
        method,
        headers: { Authorization: "Bearer " + this.tokens[who.username], ...(body ? { "Content-Type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await r.text();
      let json = null;
      try { json = JSON.parse(text); } catch { json = null; }
      return { status: r.status, json, text };
    },
    async stop() {
      if (proc.exitCode === null) {
        const done = new Promise((r) => proc.once("exit", r));
        proc.kill("SIGTERM");
        await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
        if (proc.exitCode === null) proc.kill("SIGKILL");
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

// A desktop browser window of the ward office (1366×900, Vietnamese).
export async function openOffice(browser, name = "office") {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "vi-VN", acceptDownloads: true });
  const page = await context.newPage();
  const log = [];
  // A refused request (401 on a wrong password, 404) is the test's business, not a script error.
  page.on("console", (m) => { if (m.type() === "error" && !/Failed to load resource/.test(m.text())) log.push(`[${name}] console: ${m.text()}`); });
  page.on("pageerror", (e) => log.push(`[${name}] pageerror: ${e.message}`));
  return { context, page, log };
}

// What a describe block of the office tests shares: one demo ward, one browser and one
// office window, started before its tests and stopped after them. The page logs of the
// office window and of the windows `moreLogs()` returns are printed at the end.
export function officeFixture(moreLogs = () => []) {
  const f = { ward: null, browser: null, office: null };
  before(async () => {
    f.ward = await startWard();
    f.browser = await launchBrowser();
    f.office = await openOffice(f.browser);
  });
  after(async () => {
    for (const w of [f.office, ...moreLogs()]) if (w?.log.length) console.log(w.log.join("\n"));
    await f.browser?.close();
    await f.ward?.stop();
  });
  return f;
}

export async function screenshot(page, file, fullPage = true) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, file), fullPage });
}

export async function login(page, url, who = OFFICE) {
  await page.goto(url + "/office.html");
  await page.fill("#login-username", who.username);
  await page.fill("#login-password", who.password);
  await page.click("[data-action=login]");
  await page.waitForFunction(() => document.body.dataset.ready === "1", null, { timeout: 30_000 });
}

// Navigates inside the dashboard and waits for the named screen to show.
export async function goTo(page, hash, screen) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(`[data-screen="${screen}"]`, { timeout: 15_000 });
}

// Fails with the server's own words when a screen shows an error box.
export async function noErrors(page, where) {
  const errors = await page.locator("[data-screen] .error").allInnerTexts();
  assert.deepEqual(errors, [], `${where}: the screen shows an error`);
}

// Waits for a screen's content, or fails at once with the error the screen shows (a
// missing endpoint shows as the server's not_found, not as a 30 s timeout).
export async function waitContent(page, selector, timeout = 30_000) {
  const err = "[data-screen] p.error";
  await page.waitForSelector(`${selector}, ${err}`, { timeout, state: "attached" });
  if (await page.locator(selector).count()) return;
  const texts = await page.locator(err).allInnerTexts();
  const codes = await page.locator(err).evaluateAll((es) => es.map((e) => e.dataset.code));
  throw new Error(`waiting for ${selector}: the screen shows ${codes.join(", ")}: ${texts.join(" | ")} (${page.url()})`);
}

// A leader's phone speaking the sync protocol directly (enroll, signed session, push),
// so a test can make the conflicts and rejected changes the office then reviews.
export async function phoneFor(ward, group, name) {
  const code = ward.cli(["enroll-code", "--db", ward.db, "--role", "leader", "--group", group, "--ttl", "2h"])
    .trim().split("\n").pop().trim();
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const pk = Buffer.from(publicKey.export({ format: "jwk" }).x, "base64url").toString("base64");
  const post = async (route, body, token) => {
    const r = await fetch(ward.url + route, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(token ? { Authorization: "Bearer " + token } : {}) },
      body: JSON.stringify(body),
    });
    return { status: r.status, json: await r.json().catch(() => null) };
  };
  const enrolled = await post("/api/v1/enroll", { code, device_name: name, public_key: pk });
  assert.equal(enrolled.status, 201, "enroll " + JSON.stringify(enrolled.json));
  const deviceId = enrolled.json.device_id;
  const ts = Math.floor(Date.now() / 1000);
  const signature = sign(null, Buffer.from(`sotay-session|${deviceId}|${ts}`), privateKey).toString("base64");
  const session = await post("/api/v1/session", { device_id: deviceId, timestamp_s: ts, signature });
  assert.equal(session.status, 200, "session " + JSON.stringify(session.json));
  let seq = 0;
  let counter = 0;
  return {
    deviceId,
    hlc: () => String(Date.now()).padStart(13, "0") + "-" + String(counter++).padStart(5, "0") + "-" + deviceId,
    async push(changes) {
      const body = { changes: changes.map((c) => ({ device_seq: ++seq, hlc: this.hlc(), ...c })) };
      const r = await post("/api/v1/sync/push", body, session.json.token);
      assert.equal(r.status, 200, "push " + JSON.stringify(r.json));
      return r.json.results;
    },
  };
}
