// Phone client benchmark (issue 5's performance targets), in headless Debian Chromium
// against the real sotay-server on loopback with a generated ward:
//   (a) gzipped size of what the phone downloads (precache.json minus office.*),
//   (b) first sync of a whole group (~800 households) into a fresh client,
//   (c) offline reload to a usable household list.
// Builds nothing. Prints a table and rewrites the "Phone client" section of
// docs/benchmarks.md.
//
// Usage: node bench/phone/run.mjs --server PATH/sotay-server --web DIR [--runs 5]
//        [--groups 5 --households 4000] [--label TEXT] [--no-write]
import { execSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { runServer, serveWard } from "../../tests/browser/serve.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const requireWeb = createRequire(path.join(repoRoot, "wasm-client/web/package.json"));
const { chromium } = requireWeb("playwright-core");

const BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                      "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const PASSPHRASE = "bench-office-passphrase";
const TARGETS = { sizeBytes: 1.5 * 1024 * 1024, syncMs: 3000, reopenMs: 1000 };

function parseArgs(argv) {
  const o = { runs: 5, groups: 5, households: 4000, seed: 2026, label: "", write: true,
              chromium: process.env.SOTAY_CHROMIUM ?? "/usr/bin/chromium" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = () => argv[++i];
    if (a === "--server") o.server = path.resolve(v());
    else if (a === "--web") o.web = path.resolve(v());
    else if (a === "--runs") o.runs = Number(v());
    else if (a === "--groups") o.groups = Number(v());
    else if (a === "--households") o.households = Number(v());
    else if (a === "--seed") o.seed = Number(v());
    else if (a === "--label") o.label = v();
    else if (a === "--no-write") o.write = false;
    else if (a === "--profile") o.profile = path.resolve(v());
    else throw new Error("unknown argument " + a);
  }
  if (!o.server || !o.web) {
    console.error("usage: node bench/phone/run.mjs --server PATH --web DIR [--runs N] [--groups G --households H]");
    process.exit(2);
  }
  return o;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function server(bin, args, input) {
  return runServer(bin, args, input, 600_000);
}

// (a) Every file the phone loads, gzipped as a server would send it (level 9).
function measureSize(web) {
  const files = JSON.parse(readFileSync(path.join(web, "precache.json"), "utf8")).files
    .filter((f) => !/^office\./.test(f));
  const rows = files.map((f) => {
    const raw = readFileSync(path.join(web, f));
    return { file: f, raw: raw.length, gz: gzipSync(raw, { level: 9 }).length };
  });
  return { rows, total: rows.reduce((s, r) => s + r.gz, 0) };
}

async function startWard(o, dir) {
  const db = path.join(dir, "ward.db");
  server(o.server, ["init", "--db", db, "--ward", "Phường Bench"], PASSPHRASE + "\n");
  const t = Date.now();
  server(o.server, ["demo", "--db", db, "--groups", String(o.groups), "--households", String(o.households),
                    "--seed", String(o.seed), "--schemas", path.join(repoRoot, "schemas")]);
  console.error(`demo ward generated in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const served = await serveWard({ serverBin: o.server, db, staticDir: o.web,
                                   schemasDir: path.join(repoRoot, "schemas"), timeoutMs: 30_000 });
  const { proc, url } = served;
  return {
    url, db,
    code: () => server(o.server, ["enroll-code", "--db", db, "--role", "leader", "--group", "tdp-01", "--ttl", "2h"])
      .trim().split("\n").pop().trim(),
    async stop() {
      if (proc.exitCode !== null) return;
      const done = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGTERM");
      await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
      if (proc.exitCode === null) proc.kill("SIGKILL");
    },
  };
}

// The household list is usable: rendered with its count. Resolves with the page's
// performance.now() at that moment (the wait polls every animation frame).
async function listShown(page, min) {
  const h = await page.waitForFunction((n) => {
    const c = document.querySelector(".screen.households [data-count]");
    return c && Number(c.getAttribute("data-count")) >= n ? { at: performance.now(), count: Number(c.getAttribute("data-count")) } : null;
  }, min, { polling: "raf", timeout: 120_000 });
  return h.jsonValue();
}

// One fresh phone: enroll through the UI (which starts the first sync by itself), then
// (b) the sync's own measure and the moment the list shows the group; then (c) offline
// reloads.
// Self time per function of a CPU profile (Chrome DevTools format), largest first.
function topFunctions(profile, n) {
  const self = new Map();
  const dt = profile.timeDeltas;
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url ? path.basename(f.url) : ""}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
}

async function onePhone(browser, ward, reloads, profileFile) {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: "vi-VN",
                                             serviceWorkers: "allow" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  try {
    await page.goto(ward.url + "/");
    await page.waitForFunction(() => document.body.dataset.ready === "1", null, { timeout: 30_000 });
    await page.fill("#enroll-code", ward.code());
    await page.fill("#enroll-name", "Nguyễn Văn Đo"); // the leader's name is required
    let cdp = null;
    if (profileFile) {
      cdp = await context.newCDPSession(page);
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
      await cdp.send("Profiler.start");
    }
    await page.click("[data-action=enroll]");
    await page.waitForFunction(() => performance.getEntriesByName("sotay:sync", "measure").length > 0,
                               null, { timeout: 300_000, polling: 100 });
    const timing = await page.evaluate(() => ({
      start: performance.getEntriesByName("sotay:sync-start")[0].startTime,
      duration: performance.getEntriesByName("sotay:sync", "measure")[0].duration,
      error: document.querySelector(".sync-error, .problem")?.textContent ?? null,
    }));
    const shown = await listShown(page, 1);
    const sync = { syncMs: timing.duration, visibleMs: shown.at - timing.start, households: shown.count };
    if (cdp) {
      const { profile } = await cdp.send("Profiler.stop");
      writeFileSync(profileFile, JSON.stringify(profile));
      console.error(`profile of enroll + first sync + list in ${profileFile}; top self time (ms):`);
      for (const [k, v] of topFunctions(profile, 40)) console.error(`  ${v.toFixed(0).padStart(6)}  ${k}`);
      await cdp.detach();
    }

    // (c): the service worker controls the page once it is ready; then offline.
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    await page.reload();
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 30_000 });
    await listShown(page, 1);
    await context.setOffline(true);
    const reopen = [];
    for (let i = 0; i < reloads; i++) {
      await page.reload();
      const r = await listShown(page, sync.households);
      reopen.push(r.at);
    }
    if (errors.length) console.error("page errors:", errors.join("; "));
    return { ...sync, reopen };
  } finally {
    await context.close();
  }
}

function gitCommit() {
  try { return execSync("git rev-parse --short HEAD", { cwd: repoRoot, encoding: "utf8" }).trim(); }
  catch { return "unknown"; }
}

function cpuModel() {
  const m = readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.*)$/m);
  return m ? m[1].trim() : "unknown";
}

const kb = (b) => (b / 1024).toFixed(1) + " KiB";
const ms = (x) => Math.round(x) + " ms";
const ok = (v, limit) => (v <= limit ? "✓" : "✗");

function render(o, size, results, households) {
  const sync = median(results.map((r) => r.syncMs));
  const visible = median(results.map((r) => r.visibleMs));
  const reopenAll = results.flatMap((r) => r.reopen);
  const reopen = median(reopenAll);
  const lines = [];
  lines.push(`Machine: ${cpus().length} cores (\`nproc\` ${execSync("nproc", { encoding: "utf8" }).trim()}), ${cpuModel()}; ` +
             `Chromium ${o.browserVersion} headless. Date: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC. ` +
             `Commit: ${gitCommit()}${o.label ? " (" + o.label + ")" : ""}.`);
  lines.push("");
  const la = (l) => l.map((x) => x.toFixed(1)).join(" / ");
  lines.push(`Load average (1 / 5 / 15 min; the machine is shared, so runs vary): ${la(o.loadBefore)} before the runs, ` +
             `${la(o.loadAfter)} after.`);
  lines.push("");
  lines.push(`Ward: \`sotay-server demo --groups ${o.groups} --households ${o.households} --seed ${o.seed}\`; ` +
             `the phone is a leader of tdp-01 (${households} households). ${results.length} fresh browser contexts; ` +
             `${reopenAll.length} offline reloads.`);
  lines.push("");
  lines.push("| measure | target | median | runs | |");
  lines.push("|---|---|---|---|---|");
  lines.push(`| (a) wasm + JS + assets, gzipped | ≤ 1536 KiB | ${kb(size.total)} | 1 | ${ok(size.total, TARGETS.sizeBytes)} |`);
  lines.push(`| (b) first sync of the group (start → end) | < 3000 ms | ${ms(sync)} | ${results.map((r) => ms(r.syncMs)).join(", ")} | ${ok(sync, TARGETS.syncMs)} |`);
  lines.push(`| (b′) sync start → households visible | < 3000 ms | ${ms(visible)} | ${results.map((r) => ms(r.visibleMs)).join(", ")} | ${ok(visible, TARGETS.syncMs)} |`);
  lines.push(`| (c) offline reload → household list | < 1000 ms | ${ms(reopen)} | ${reopenAll.map(ms).join(", ")} | ${ok(reopen, TARGETS.reopenMs)} |`);
  lines.push("");
  lines.push("Sizes (gzip -9):");
  lines.push("");
  lines.push("| file | bytes | gzipped |");
  lines.push("|---|---|---|");
  for (const r of size.rows) lines.push(`| ${r.file} | ${r.raw} | ${r.gz} |`);
  return { text: lines.join("\n"), sync, visible, reopen };
}

// Replaces the measured block of the "Phone client" section (between the markers),
// keeping any prose around it.
function writeDoc(block) {
  const file = path.join(repoRoot, "docs/benchmarks.md");
  const begin = "<!-- bench/phone: begin -->", end = "<!-- bench/phone: end -->";
  let doc = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const fresh = `${begin}\n${block}\n${end}`;
  if (doc.includes(begin) && doc.includes(end)) {
    doc = doc.slice(0, doc.indexOf(begin)) + fresh + doc.slice(doc.indexOf(end) + end.length);
  } else {
    doc = doc.trimEnd() + "\n\n## Phone client\n\nMeasured by `node bench/phone/run.mjs --server … --web …` " +
          "(see bench/phone/README.md).\n\n" + fresh + "\n";
  }
  writeFileSync(file, doc);
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const size = measureSize(o.web);
  const dir = mkdtempSync(path.join(tmpdir(), "sotay-bench-"));
  const ward = await startWard(o, dir);
  const browser = await chromium.launch({ executablePath: o.chromium, headless: true, args: BROWSER_ARGS });
  o.browserVersion = browser.version();
  const results = [];
  o.loadBefore = loadavg();
  try {
    for (let i = 0; i < o.runs; i++) {
      const r = await onePhone(browser, ward, 1, i === 0 ? o.profile : undefined);
      console.error(`run ${i + 1}: sync ${ms(r.syncMs)}, visible ${ms(r.visibleMs)}, ${r.households} households, ` +
                    `offline reload ${r.reopen.map(ms).join(", ")}`);
      results.push(r);
    }
  } finally {
    await browser.close();
    await ward.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  o.loadAfter = loadavg();
  const out = render(o, size, results, results[0].households);
  console.log(out.text);
  if (o.write) writeDoc(out.text);
}

main().catch((e) => { console.error(e); process.exit(1); });
