// Soak: mixed load on the real sotay-server over loopback for a given time, watching the
// server's memory. Passes when the server's RSS grows less than 5 % after the warm-up
// and no request failed. See README.md.
import { generateKeyPairSync, randomUUID, sign } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execSync } from "node:child_process";
import { runServer, serveWard } from "../../tests/browser/serve.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PASSPHRASE = "soak-office-passphrase";
const OFFICE = { username: "soak", password: "soak-office-2026" };
const MAX_GROWTH = 0.05;

function parseArgs(argv) {
  const o = { server: "", minutes: 30, warmup: 0, sample: 5, devices: 6, groups: 5, households: 2000,
              batch: 50, seed: 2026, constant: false, write: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === "--server") o.server = next();
    else if (a === "--minutes") o.minutes = Number(next());
    else if (a === "--warmup") o.warmup = Number(next());
    else if (a === "--sample") o.sample = Number(next());
    else if (a === "--devices") o.devices = Number(next());
    else if (a === "--groups") o.groups = Number(next());
    else if (a === "--households") o.households = Number(next());
    else if (a === "--batch") o.batch = Number(next());
    else if (a === "--seed") o.seed = Number(next());
    else if (a === "--constant") o.constant = true;
    else if (a === "--write") o.write = true;
    else throw new Error(`unknown option ${a}`);
  }
  if (!o.server) throw new Error("usage: node bench/soak/run.mjs --server PATH [--minutes 30] ...");
  // Warm-up: a fifth of the run, at most 5 minutes, unless given.
  if (!o.warmup) o.warmup = Math.min(5, o.minutes / 5);
  return o;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function rssKiB(pid) {
  const m = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
  return m ? Number(m[1]) : NaN;
}

// The server's memory gauges from /metrics (server/http/metrics.h), in KiB like VmRSS.
async function memoryGauges(url) {
  const text = await (await fetch(url + "/metrics")).text();
  const read = (name) => {
    const m = text.match(new RegExp(`^${name} (\\d+)$`, "m"));
    return m ? Number(m[1]) / 1024 : NaN;
  };
  return { sqlite: read("sotay_sqlite_memory_used_bytes"), cache: read("sotay_sqlite_page_cache_bytes"),
           heap: read("process_heap_in_use_bytes"), heapFree: read("process_heap_free_bytes") };
}

// Bytes of the ward's database file and its WAL.
function databaseBytes(db) {
  return [db, db + "-wal"].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
}

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
}

// Counts every request by kind; anything but the expected answer is an error.
class Tally {
  constructor() { this.ok = {}; this.errors = []; this.latency = []; }
  async request(kind, url, init, check) {
    const t = performance.now();
    try {
      const res = await fetch(url, init);
      const body = await res.text();
      this.latency.push(performance.now() - t);
      const problem = check(res, body);
      if (problem) throw new Error(`${res.status} ${problem}: ${body.slice(0, 200)}`);
      this.ok[kind] = (this.ok[kind] ?? 0) + 1;
      return body;
    } catch (e) {
      this.errors.push(`${kind}: ${e.message}`);
      return null;
    }
  }
}

const expectStatus = (status) => (res) => (res.status === status ? null : `expected ${status}`);

async function enrollPhone(ward, tally, group) {
  const code = runServer(ward.server, ["enroll-code", "--db", ward.db, "--role", "leader", "--group", group,
                                       "--ttl", "2h"]).trim().split("\n").pop().trim();
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
  const enroll = JSON.parse(await tally.request("enroll", ward.url + "/api/v1/enroll", {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ code, device_name: `soak ${group}`, public_key: raw.toString("base64") }),
  }, expectStatus(201)));
  const deviceId = enroll.device_id;
  const ts = Math.floor(Date.now() / 1000);
  const sig = sign(null, Buffer.from(`sotay-session|${deviceId}|${ts}`), privateKey);
  const session = JSON.parse(await tally.request("session", ward.url + "/api/v1/session", {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ device_id: deviceId, timestamp_s: ts, signature: sig.toString("base64") }),
  }, expectStatus(200)));
  return { deviceId, group, token: session.token, seq: 0, counter: 0, cursor: 0, lastWall: 0 };
}

function hlcOf(phone) {
  const now = Date.now();
  if (now > phone.lastWall) { phone.lastWall = now; phone.counter = 0; } else phone.counter++;
  return `${String(phone.lastWall).padStart(13, "0")}-${String(phone.counter).padStart(5, "0")}-${phone.deviceId}`;
}

// A phone's loop: a batch of edits (new households and changes to existing ones of its
// group; with `constant`, changes to existing ones only), then a pull of what changed
// since its cursor.
async function phoneLoop(ward, tally, phone, households, until, batch, constant) {
  const auth = { authorization: `Bearer ${phone.token}`, "content-type": "application/json" };
  let round = 0;
  while (Date.now() < until) {
    const changes = [];
    const fresh = randomUUID();
    for (let i = 0; i < batch; i++) {
      const id = i % 5 === 0 && !constant ? fresh : households[(round * batch + i) % households.length];
      changes.push({ device_seq: ++phone.seq, record_id: id, record_type: "household", group_id: phone.group,
                     parent_id: null, field: "address_street", value: `Phố soak ${round}-${i}`,
                     hlc: hlcOf(phone), base_hlc: null });
    }
    const seqs = changes.length;
    await tally.request("push", ward.url + "/api/v1/sync/push", { method: "POST", headers: auth,
      body: JSON.stringify({ changes }) }, (res, body) => {
      if (res.status !== 200) return "push status";
      const r = JSON.parse(body);
      if (r.acked_through !== phone.seq) return `acked_through ${r.acked_through} != ${phone.seq}`;
      const bad = r.results.filter((x) => x.status !== "applied" && x.status !== "conflict");
      return bad.length || r.results.length !== seqs ? `unexpected results ${JSON.stringify(bad[0])}` : null;
    });
    for (let more = true; more && Date.now() < until;) {
      const body = await tally.request("pull", `${ward.url}/api/v1/sync/pull?since=${phone.cursor}&limit=1000`,
                                       { headers: auth }, expectStatus(200));
      if (body === null) break;
      const page = JSON.parse(body);
      phone.cursor = page.next;
      more = page.more;
    }
    round++;
    await sleep(100);
  }
}

// The office dashboard: indicators of the ward and of a group, household lists.
async function officeLoop(ward, tally, token, groups, until) {
  const auth = { authorization: `Bearer ${token}` };
  let i = 0;
  while (Date.now() < until) {
    const g = groups[i++ % groups.length];
    await tally.request("indicators", ward.url + "/api/v1/indicators", { headers: auth }, expectStatus(200));
    await tally.request("indicators_group", `${ward.url}/api/v1/indicators?group=${g}`, { headers: auth },
                        expectStatus(200));
    await tally.request("households", `${ward.url}/api/v1/records?type=household&group=${g}&limit=50`,
                        { headers: auth }, expectStatus(200));
    await tally.request("households_q", `${ward.url}/api/v1/records?type=household&group=${g}&q=soak&limit=50`,
                        { headers: auth }, expectStatus(200));
    await sleep(250);
  }
}

async function householdsOf(ward, token, group, n) {
  const res = await fetch(`${ward.url}/api/v1/records?type=household&group=${group}&limit=${n}`,
                          { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`records of ${group}: ${res.status}`);
  return (await res.json()).records.map((r) => r.id);
}

function commit() {
  try { return execSync("git rev-parse --short HEAD", { cwd: repoRoot, encoding: "utf8" }).trim(); } catch { return "?"; }
}

// What the run measured, as the markdown block of docs/benchmarks.md.
function report(o, samples, tally, v, startedAt, commitAtStart, dbBytes) {
  const mib = (k) => (k / 1024).toFixed(1);
  const pct = (x) => `${(x * 100).toFixed(2)} %`;
  const kinds = Object.entries(tally.ok).map(([k, n]) => `${k} ${n}`).join(", ");
  const load = o.constant
    ? "edits of existing households only (the number of households stays the same; the change log still grows)"
    : "one new household and edits of existing ones";
  const lines = [
    `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}). Date: ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC. Commit: ${commitAtStart}.`,
    "",
    `Ward: \`sotay-server demo --groups ${o.groups} --households ${o.households} --seed ${o.seed}\`; ` +
      `${o.devices} phones (leaders, one group each, round robin) each pushing ${o.batch}-change batches ` +
      `(${load}) then pulling; one office user reading ` +
      "indicators (ward and group) and household lists (plain and searched) — all at once, over HTTP on loopback. " +
      `${o.minutes} min, warm-up ${o.warmup} min, RSS and the server's memory gauges (\`/metrics\`) sampled every ${o.sample} s.`,
    "",
    "| measure | after warm-up (median of its first minute) | at the end (median of the last minute) | growth |",
    "|---|---|---|---|",
    `| RSS | ${mib(v.rss.baseline)} MiB | ${mib(v.rss.final)} MiB | ${pct(v.rss.growth)} |`,
    `| SQLite's memory (\`SQLITE_STATUS_MEMORY_USED\`) | ${mib(v.sqlite.baseline)} MiB | ${mib(v.sqlite.final)} MiB | ${mib(v.sqlite.final - v.sqlite.baseline)} MiB |`,
    `| of which page caches | ${mib(v.cache.baseline)} MiB | ${mib(v.cache.final)} MiB | ${mib(v.cache.final - v.cache.baseline)} MiB |`,
    `| heap in use (malloc, SQLite included) | ${mib(v.heap.baseline)} MiB | ${mib(v.heap.final)} MiB | ${mib(v.heap.final - v.heap.baseline)} MiB |`,
    `| heap free, kept by malloc | ${mib(v.heapFree.baseline)} MiB | ${mib(v.heapFree.final)} MiB | ${mib(v.heapFree.final - v.heapFree.baseline)} MiB |`,
    `| RSS outside SQLite (RSS − SQLite's memory) | ${mib(v.rest.baseline)} MiB | ${mib(v.rest.final)} MiB | ${pct(v.rest.growth)} |`,
    "",
    "| measure | value |",
    "|---|---|",
    `| requests answered as expected | ${Object.values(tally.ok).reduce((a, b) => a + b, 0)} (${kinds}) |`,
    `| errors | ${tally.errors.length} |`,
    `| latency p50 / p99 (all requests) | ${percentile(tally.latency, 0.5).toFixed(1)} ms / ${percentile(tally.latency, 0.99).toFixed(1)} ms |`,
    `| database file + WAL at start / end | ${(dbBytes.start / 1048576).toFixed(1)} MiB / ${(dbBytes.end / 1048576).toFixed(1)} MiB |`,
    `| RSS peak / at start | ${mib(Math.max(...samples.map((s) => s.rss)))} MiB / ${mib(samples[0]?.rss ?? NaN)} MiB |`,
    `| criterion | ${v.criterion} |`,
    `| result | ${v.pass ? "pass" : "FAIL"} |`,
  ];
  if (tally.errors.length) lines.push("", "First errors:", "", ...tally.errors.slice(0, 5).map((e) => `- ${e}`));
  // Over time, one point a minute.
  const perMinute = (key) => {
    const m = [];
    for (const s of samples) m[Math.floor(s.t / 60000)] = s[key];
    return m.filter((x) => x !== undefined).map(mib).join(", ");
  };
  lines.push("", "Each minute (MiB):", "", `- RSS: ${perMinute("rss")}`, `- SQLite: ${perMinute("sqlite")}`,
             `- heap in use: ${perMinute("heap")}`, `- heap free: ${perMinute("heapFree")}`);
  return lines.join("\n");
}

// Replaces the variant's block in docs/benchmarks.md: bench/soak or bench/soak-constant.
function writeDoc(text, marker) {
  const file = path.join(repoRoot, "docs", "benchmarks.md");
  const doc = readFileSync(file, "utf8");
  const begin = `<!-- ${marker}: begin -->`, end = `<!-- ${marker}: end -->`;
  const block = `${begin}\n${text}\n${end}`;
  const a = doc.indexOf(begin), b = doc.indexOf(end);
  if (a < 0 || b < 0) throw new Error(`docs/benchmarks.md has no ${marker} markers`);
  writeFileSync(file, doc.slice(0, a) + block + doc.slice(b + end.length));
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(path.join(tmpdir(), "sotay-soak-"));
  const db = path.join(dir, "ward.db");
  const schemas = path.join(repoRoot, "schemas");
  let served = null;
  try {
    runServer(o.server, ["init", "--db", db, "--ward", "Phường Soak"], PASSPHRASE + "\n");
    runServer(o.server, ["demo", "--db", db, "--groups", String(o.groups), "--households", String(o.households),
                         "--seed", String(o.seed), "--schemas", schemas], "", 1_800_000);
    runServer(o.server, ["add-user", "--db", db, "--username", OFFICE.username, "--role", "office"],
              OFFICE.password + "\n");
    served = await serveWard({ serverBin: o.server, db, schemasDir: schemas });
    const ward = { server: o.server, db, url: served.url };
    const pid = served.proc.pid;
    const tally = new Tally();

    const login = JSON.parse(await tally.request("login", ward.url + "/api/v1/login", {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(OFFICE),
    }, expectStatus(200)));
    const groups = Array.from({ length: o.groups }, (_, i) => `tdp-${String(i + 1).padStart(2, "0")}`);
    const phones = [];
    for (let i = 0; i < o.devices; i++) phones.push(await enrollPhone(ward, tally, groups[i % groups.length]));
    const households = {};
    for (const g of groups) households[g] = await householdsOf(ward, login.token, g, 200);

    const startedAt = new Date();
    const commitAtStart = commit();
    const t0 = Date.now();
    const until = t0 + o.minutes * 60_000;
    const samples = [];
    const dbBytes = { start: databaseBytes(db), end: 0 };
    const sample = async () => samples.push({ t: Date.now() - t0, rss: rssKiB(pid), ...(await memoryGauges(ward.url)) });
    await sample();
    const sampler = setInterval(() => sample().catch((e) => tally.errors.push(`metrics: ${e.message}`)),
                                o.sample * 1000);
    const progress = setInterval(() => {
      const s = samples[samples.length - 1];
      console.error(`${((Date.now() - t0) / 60000).toFixed(1)} min: RSS ${(s.rss / 1024).toFixed(1)} MiB, ` +
                    `SQLite ${(s.sqlite / 1024).toFixed(1)} MiB, heap ${(s.heap / 1024).toFixed(1)} MiB, ` +
                    `${Object.values(tally.ok).reduce((a, b) => a + b, 0)} ok, ${tally.errors.length} errors`);
    }, 60_000);
    await Promise.all([
      ...phones.map((p) => phoneLoop(ward, tally, p, households[p.group], until, o.batch, o.constant)),
      officeLoop(ward, tally, login.token, groups, until),
    ]);
    clearInterval(sampler);
    clearInterval(progress);
    await sample();
    dbBytes.end = databaseBytes(db);
    if (served.proc.exitCode !== null) tally.errors.push(`server exited with ${served.proc.exitCode}`);

    const warm = o.warmup * 60_000;
    const endAt = samples[samples.length - 1].t;
    const span = (key) => {
      const baseline = median(samples.filter((s) => s.t >= warm && s.t < warm + 60_000).map((s) => s[key]));
      const final = median(samples.filter((s) => s.t >= endAt - 60_000).map((s) => s[key]));
      return { baseline, final, growth: (final - baseline) / baseline };
    };
    for (const s of samples) s.rest = s.rss - s.sqlite;
    const v = { rss: span("rss"), sqlite: span("sqlite"), cache: span("cache"), heap: span("heap"),
                heapFree: span("heapFree"), rest: span("rest") };
    // A ward of constant size must hold flat; a growing ward may grow SQLite's caches
    // up to their bound (PRAGMA cache_size), and nothing else.
    const grows = o.constant ? v.rss.growth : v.rest.growth;
    v.criterion = o.constant
      ? `RSS growth after warm-up < ${MAX_GROWTH * 100} %, zero errors`
      : `RSS outside SQLite grows < ${MAX_GROWTH * 100} % after warm-up, zero errors`;
    v.pass = grows < MAX_GROWTH && tally.errors.length === 0;
    const text = report(o, samples, tally, v, startedAt, commitAtStart, dbBytes);
    console.log(text);
    if (o.write) writeDoc(text, o.constant ? "bench/soak-constant" : "bench/soak");
    process.exitCode = v.pass ? 0 : 1;
  } finally {
    if (served && served.proc.exitCode === null) {
      const done = new Promise((r) => served.proc.once("exit", r));
      served.proc.kill("SIGTERM");
      await Promise.race([done, sleep(5000)]);
      if (served.proc.exitCode === null) served.proc.kill("SIGKILL");
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exitCode = 2; });
