// Test harness for the phone client in a real browser: starts the real sotay-server on
// a loopback port with a fresh database, launches Debian's Chromium through
// playwright-core, and offers small helpers that drive the UI the way a person would.
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { runServer, serveWard } from "./serve.mjs";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const requireWeb = createRequire(path.join(repoRoot, "wasm-client/web/package.json"));
export const { chromium } = requireWeb("playwright-core");

export const artifacts = path.join(repoRoot, "test-artifacts/browser");
export const PASSPHRASE = "kien-an-office-passphrase";
export const OFFICE = { username: "vanhoa", password: "kienan-2026-test" };
export const PHONE = { width: 360, height: 640 };

const serverBin = process.env.SOTAY_SERVER;
const webDir = process.env.SOTAY_WEB;
const chromiumPath = process.env.SOTAY_CHROMIUM ?? "/usr/bin/chromium";

function run(args, input) {
  return runServer(serverBin, args, input, 60_000);
}

// A fresh ward: groups tdp-01 and tdp-02, one office user, served with the built app.
export async function startServer() {
  assert.ok(serverBin, "SOTAY_SERVER must name the sotay-server binary (tests/browser/run.sh sets it)");
  assert.ok(webDir, "SOTAY_WEB must name the built web app folder (tests/browser/run.sh sets it)");
  const dir = mkdtempSync(path.join(tmpdir(), "sotay-browser-"));
  const db = path.join(dir, "ward.db");
  run(["init", "--db", db, "--ward", "Phường Kiến An"], PASSPHRASE + "\n");
  run(["add-group", "--db", db, "--id", "tdp-01", "--name", "Tổ dân phố số 1"]);
  run(["add-group", "--db", db, "--id", "tdp-02", "--name", "Tổ dân phố số 2"]);
  run(["add-user", "--db", db, "--username", OFFICE.username, "--role", "office"], OFFICE.password + "\n");

  // The app is served from a copy, so a test can publish a "new version" of it.
  const web = path.join(dir, "web");
  cpSync(webDir, web, { recursive: true });

  const served = await serveWard({ serverBin, db, staticDir: web,
                                   schemasDir: path.join(repoRoot, "schemas"), timeoutMs: 20_000 });
  const { proc, url } = served;
  return {
    url, db, dir, web,
    // Publishes a new build of the app: the service worker's version changes, as a
    // rebuild would change it. Returns the new version.
    publishNewVersion() {
      const file = path.join(web, "sw.js");
      const text = readFileSync(file, "utf8");
      const m = text.match(/const VERSION = "([^"]*)"/);
      assert.ok(m, "sw.js declares its VERSION");
      const next = m[1] + "-next";
      writeFileSync(file, text.replace(m[0], `const VERSION = "${next}"`));
      return { previous: m[1], next };
    },
    enrollCode(group) {
      const out = run(["enroll-code", "--db", db, "--role", "leader", "--group", group, "--ttl", "2h"]);
      return out.trim().split("\n").pop().trim();
    },
    // The server's devices: [{id, role, groups, state ("active" | "revoked …"), name}].
    devices() {
      return run(["devices", "--db", db]).trim().split("\n").filter((l) => l.includes("\t")).map((l) => {
        const [id, role, groups, state, , name] = l.split("\t");
        return { id, role, groups, state, name };
      });
    },
    revoke(deviceId) {
      run(["revoke", "--db", db, "--device", deviceId]);
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

const BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                      "--disable-background-networking", "--disable-component-update", "--disable-sync"];

// `camera`: a .y4m file the browser's fake camera plays (see qrVideo()).
export async function launchBrowser({ camera } = {}) {
  const args = [...BROWSER_ARGS];
  if (camera) {
    args.push("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
              `--use-file-for-fake-video-capture=${camera}`);
  }
  return chromium.launch({ executablePath: chromiumPath, headless: true, args });
}

// A short video of a QR code holding `text`, as the raw Y4M Chromium's fake camera
// plays: white frames with the code's modules drawn black. null when the `qrcode`
// package (used by the office dashboard to draw codes) is not installed.
export function qrVideo(text, file) {
  let QRCode;
  try { QRCode = requireWeb("qrcode"); } catch { return null; }
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = qr.modules.size, W = 640, H = 480, scale = Math.floor(400 / (n + 8));
  const y = Buffer.alloc(W * H, 235);
  const x0 = Math.floor((W - n * scale) / 2), y0 = Math.floor((H - n * scale) / 2);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) {
    if (!qr.modules.get(r, c)) continue;
    for (let dy = 0; dy < scale; dy++) y.fill(16, (y0 + r * scale + dy) * W + x0 + c * scale, (y0 + r * scale + dy) * W + x0 + (c + 1) * scale);
  }
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  const frames = [];
  for (let i = 0; i < 10; i++) frames.push(Buffer.from("FRAME\n"), y, chroma);
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), ...frames]));
  return file;
}

// One phone: its own browser context (own IndexedDB, own service worker), 360×640.
export async function newPhone(browser, name) {
  const context = await browser.newContext({ viewport: PHONE, locale: "vi-VN", serviceWorkers: "allow" });
  const page = await context.newPage();
  const log = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") log.push(`[${name}] ${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => log.push(`[${name}] pageerror: ${e.message}`));
  return { context, page, name, log };
}

// A 360×640 picture of the screen, scrolled so that `focus` (a selector) is in view.
export async function screenshot(page, file, focus) {
  mkdirSync(path.dirname(path.join(artifacts, file)), { recursive: true });
  if (focus) await page.locator(focus).first().evaluate((el) => el.scrollIntoView({ block: "center" }));
  await page.screenshot({ path: path.join(artifacts, file), fullPage: false });
}

// A picture for the guide (docs/huong-dan/anh/), under the guide's own file name, in
// test-artifacts/browser/huong-dan/: copied from there into the guide when the screen
// changes (docs/huong-dan/README.md, "Ảnh màn hình").
export async function guideScreenshot(page, file, focus) {
  await screenshot(page, path.join("huong-dan", file), focus);
}

export async function waitReady(page) {
  await page.waitForFunction(() => document.body.dataset.ready === "1", null, { timeout: 30_000 });
}

// Enrolls with the leader's name as the phone's name, and waits for the group's first
// download to end (the list complete).
export async function enroll(page, serverUrl, code, name = "Nguyễn Văn Tổ") {
  await page.goto(serverUrl + "/");
  await waitReady(page);
  await page.fill("#enroll-code", code);
  await page.fill("#enroll-name", name);
  await page.click("[data-action=enroll]");
  await page.waitForSelector(".screen.households", { timeout: 30_000 });
  await page.waitForFunction(() => !document.querySelector(".screen.households .list-state"), null, { timeout: 60_000 });
}

const field = (name) => `.record-form [data-field="${name}"]`;

// Answers one question whatever its widget: text box, list, or big choice buttons.
export async function answer(page, name, value) {
  const f = page.locator(field(name));
  await f.waitFor({ state: "visible" });
  const type = await f.getAttribute("data-type");
  if (type === "select_one" && (await f.locator("input[type=search]").count()) > 0) {
    // A long list: a search box over buttons (the code finds its answer too).
    const btn = f.locator(`[data-code="${String(value)}"]`);
    if ((await btn.count()) && (await btn.getAttribute("aria-checked")) === "true") return;
    await f.locator("input[type=search]").fill(String(value));
    await f.locator(`[data-code="${String(value)}"]`).click();
  } else if (type === "boolean" || (type === "select_one" && (await f.locator("select").count()) === 0)) {
    const btn = f.locator(`[data-code="${String(value)}"]`);
    if ((await btn.getAttribute("aria-checked")) !== "true") await btn.click();
  } else if (type === "select_one" && (await f.locator("select").count()) > 0) {
    await f.locator("select").selectOption(String(value));
  } else if (type === "select_multiple") {
    for (const code of value) {
      const btn = f.locator(`[data-code="${code}"]`);
      if ((await btn.getAttribute("aria-checked")) !== "true") await btn.click();
    }
  } else if (type === "date") {
    // Day, month, year boxes; "YYYY-MM-DD" as the tests write dates.
    const [y, m, d] = String(value).split("-");
    const boxes = f.locator("input");
    await boxes.nth(0).fill(d);
    await boxes.nth(1).fill(m);
    await boxes.nth(2).fill(y);
    await boxes.nth(2).blur();
  } else {
    const input = f.locator("input, textarea");
    await input.fill(String(value));
    await input.blur();
  }
}

export async function answerAll(page, values) {
  for (const [k, v] of Object.entries(values)) await answer(page, k, v);
}

export async function isShown(page, name) {
  return (await page.locator(field(name)).count()) > 0;
}

// Waits until the question is shown (or gone), as skip logic says; fails with `why`.
export async function expectShown(page, name, shown, why) {
  try {
    await page.locator(field(name)).waitFor({ state: shown ? "visible" : "detached", timeout: 5000 });
  } catch {
    assert.fail(`${name} should be ${shown ? "shown" : "hidden"}: ${why ?? ""}`);
  }
}

// The error shown under a question, once it appears (or null when `expected` is null
// and it is gone).
export async function fieldError(page, name, expected = "shown") {
  const e = page.locator(`${field(name)} .error`);
  try {
    await e.waitFor({ state: expected === null ? "detached" : "visible", timeout: 5000 });
  } catch { /* reported by the caller's assertion */ }
  return (await e.count()) ? (await e.innerText()) : null;
}

// Saves the open form; returns once the app has moved on to the household screen.
export async function saveForm(page) {
  await page.click(".record-form [data-action=save]");
  await page.waitForSelector(".screen.household", { timeout: 15_000 });
}

// Runs a sync from the sync screen and waits for it to finish; returns the report shown.
export async function syncNow(page) {
  await page.click("nav.bottom [data-nav=sync]");
  const screen = page.locator(".screen.sync");
  await screen.waitFor();
  await page.waitForFunction(() => document.querySelector(".screen.sync")?.getAttribute("data-running") === "0", null, { timeout: 30_000 });
  const before = Number(await screen.getAttribute("data-completed"));
  await page.click("[data-action=sync]");
  await waitSynced(page, before);
  return syncReport(page);
}

export async function waitSynced(page, completedBefore) {
  await page.waitForFunction(
    (n) => {
      const s = document.querySelector(".screen.sync");
      return s && Number(s.getAttribute("data-completed")) > n && s.getAttribute("data-running") === "0";
    },
    completedBefore, { timeout: 60_000 });
}

export async function syncReport(page) {
  const err = page.locator(".screen.sync .sync-error");
  if (await err.count()) return { error: await err.innerText() };
  const r = page.locator(".screen.sync .report");
  return {
    sent: Number(await r.getAttribute("data-sent")),
    received: Number(await r.getAttribute("data-received")),
    conflicts: await page.locator(".screen.sync .conflict").count(),
    rejected: await page.locator(".screen.sync .rejected").count(),
  };
}

// The office's view of the server: log in and pull everything.
export async function officePull(serverUrl) {
  const login = await fetch(serverUrl + "/api/v1/login", {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(OFFICE),
  });
  assert.equal(login.status, 200, "office login");
  const { token } = await login.json();
  const auth = { authorization: `Bearer ${token}` };
  const changes = [];
  let since = "";
  for (;;) {
    const res = await fetch(`${serverUrl}/api/v1/sync/pull?limit=500${since ? "&since=" + encodeURIComponent(since) : ""}`, { headers: auth });
    assert.equal(res.status, 200, "office pull");
    const page = await res.json();
    changes.push(...page.changes);
    if (!page.more) break;
    since = page.next;
  }
  // Current state per record: the last value of each field.
  const records = new Map();
  for (const c of changes) {
    const r = records.get(c.record_id) ?? { id: c.record_id, type: c.record_type, group_id: c.group_id, parent_id: c.parent_id, values: {} };
    r.values[c.field] = c.value;
    records.set(c.record_id, r);
  }
  const conflictsRes = await fetch(serverUrl + "/api/v1/conflicts", { headers: auth });
  assert.equal(conflictsRes.status, 200, "office conflicts");
  const { conflicts } = await conflictsRes.json();
  return { records: [...records.values()], conflicts, token };
}

// axe-core (npm, injected into the page): the violations of impact "critical" or
// "serious" on the page as it is now, as short strings ("color-contrast: 3 nodes (…)").
// A screen passes when this returns an empty list.
const axeSource = readFileSync(requireWeb.resolve("axe-core/axe.min.js"), "utf8");
export async function seriousA11yViolations(page) {
  // Evaluated over the DevTools protocol, so the app's Content-Security-Policy allows it.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
      count: v.nodes.length,
    }));
  });
  return violations
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .map((v) => `${v.id} (${v.impact}): ${v.count} nodes, e.g. ${v.targets.join(" | ")}`);
}
