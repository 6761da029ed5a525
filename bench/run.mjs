// bench/run.mjs: every server-side benchmark of issue 7 in one run — ingest by N phones,
// the same households replicated into the peer stack (PouchDB → pouchdb-server), a
// fresh phone's pull of one group, the core's validation and indicator speed (native and
// wasm), the phone download size, and this machine's limits (raw SQLite insert, JSON
// parse) — printed as tables and written between the `bench: server` markers of
// docs/benchmarks.md. bench/run.sh builds what it needs and calls this.
//
// Usage: node bench/run.mjs --server BIN --core BIN --baseline BIN [--core-wasm JS]
//        [--web DIR] [--smoke] [--runs N] [--ingest-runs N] [--devices 50,200,500]
//        [--open-loads 0.25,0.5,0.75]
//        [--households 40000 --groups 50] [--no-peer] [--no-write] [--label TEXT]
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { runServer, serveWard } from "../tests/browser/serve.mjs";
import { commit, fmt, load, login, machine, median, writeSection } from "./lib/common.mjs";
import { bundles, changeCount, loadHouseholds } from "./ingest/dataset.mjs";
import { batches, runIngest } from "./ingest/ingest.mjs";
import { indicators, pullGroup } from "./pull/pull.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const schemas = path.join(root, "schemas");
const PASSWORD = "bench-admin-password";
const TARGETS = { householdsPerS: 2000, peerRatio: 1.5, p99Ms: 250, peakMiB: 100, pullMs: 250, phoneKiB: 1000 };

function parseArgs(argv) {
  const o = { runs: 5, ingestRuns: 0, devices: [50, 200, 500], households: 40000, groups: 50, seed: 2026,
              batchSize: 500, peer: true, write: true, smoke: false, label: "", city: 1_500_000,
              openLoads: [0.25, 0.5, 0.75] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = () => argv[++i];
    if (a === "--server") o.server = path.resolve(v());
    else if (a === "--core") o.core = path.resolve(v());
    else if (a === "--core-wasm") o.coreWasm = path.resolve(v());
    else if (a === "--baseline") o.baseline = path.resolve(v());
    else if (a === "--web") o.web = path.resolve(v());
    else if (a === "--runs") o.runs = Number(v());
    else if (a === "--ingest-runs") o.ingestRuns = v();
    else if (a === "--devices") o.devices = v().split(",").map(Number);
    else if (a === "--open-loads") o.openLoads = v().split(",").filter(Boolean).map(Number);
    else if (a === "--households") o.households = Number(v());
    else if (a === "--groups") o.groups = Number(v());
    else if (a === "--ingest-households") o.ingestHouseholds = Number(v());
    else if (a === "--city") o.city = Number(v());
    else if (a === "--peer-runs") o.peerRuns = Number(v());
    else if (a === "--no-peer") o.peer = false;
    else if (a === "--no-write") o.write = false;
    else if (a === "--label") o.label = v();
    else if (a === "--smoke") o.smoke = true;
    else if (a === "--report-from") o.reportFrom = path.resolve(v());
    else throw new Error("unknown argument " + a);
  }
  if (o.smoke) Object.assign(o, { households: 200, groups: 2, devices: [2, 4], runs: 1, city: 20_000, peer: false, write: false, openLoads: [0.5] });
  // "--ingest-runs 3" for every row, or per row: "200:5,50:1,500:1" (others: --runs).
  const spec = String(o.ingestRuns || o.runs);
  o.ingestRunsFor = (devices) => {
    if (!spec.includes(":")) return Number(spec);
    const m = spec.split(",").map((x) => x.split(":").map(Number)).find(([d]) => d === devices);
    return m ? m[1] : o.runs;
  };
  if (!o.reportFrom && (!o.server || !o.core || !o.baseline)) {
    console.error("usage: node bench/run.mjs --server BIN --core BIN --baseline BIN [--core-wasm JS] [--smoke] …");
    process.exit(2);
  }
  return o;
}

const log = (...a) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
const groupIds = (n) => Array.from({ length: n }, (_, i) => `tdp-${String(i + 1).padStart(2, "0")}`);
const server = (o, args, input) => runServer(o.server, args, input, 3_600_000);

// A ward with the demo's groups and an admin user; `households` 0 makes an empty one.
function makeWard(o, db, households) {
  server(o, ["init", "--db", db, "--ward", "Phường Bench"], "bench-office-passphrase\n");
  const out = server(o, ["demo", "--db", db, "--groups", String(o.groups), "--households", String(households),
                         "--seed", String(o.seed), "--schemas", schemas]);
  server(o, ["add-user", "--db", db, "--username", "bench", "--role", "admin"], PASSWORD + "\n");
  return out.trim();
}

async function withServer(o, db, dir, fn) {
  const empty = path.join(dir, "static");
  mkdirSync(empty, { recursive: true });
  const s = await serveWard({ serverBin: o.server, db, staticDir: empty, schemasDir: schemas });
  try {
    return await fn(s.url, s.proc.pid, await login(s.url, "bench", PASSWORD));
  } finally {
    const done = new Promise((r) => s.proc.once("exit", r));
    s.proc.kill("SIGTERM");
    await Promise.race([done, new Promise((r) => setTimeout(r, 10_000))]);
    if (s.proc.exitCode === null && s.proc.signalCode === null) s.proc.kill("SIGKILL");
  }
}

function runJson(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20, timeout: 3_600_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} → ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

// Gzipped size (level 9) of what the phone downloads: precache.json minus office.*.
function phoneDownload(web) {
  if (!web || !existsSync(path.join(web, "precache.json"))) return null;
  const files = JSON.parse(readFileSync(path.join(web, "precache.json"), "utf8")).files.filter((f) => !/^office\./.test(f));
  return files.reduce((n, f) => n + gzipSync(readFileSync(path.join(web, f)), { level: 9 }).length, 0);
}

// Prints (and writes) the report of a saved run again: after a change to report().
function reprint(o) {
  const R = JSON.parse(readFileSync(o.reportFrom, "utf8"));
  R.info.finished ??= R.info.savedAt ?? R.info.started;
  R.info.loadAfter ??= "(not recorded)";
  for (const k of ["started", "finished"]) R.info[k] = new Date(R.info[k]);
  R.o = { ...R.o, ingestRunsFor: () => 0 };
  const text = report(R);
  console.log(text);
  if (o.write) writeSection(path.join(root, "docs/benchmarks.md"), "server", "## Server, sync and core", text);
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.reportFrom) return reprint(o);
  const dir = mkdtempSync(path.join(tmpdir(), "sotay-bench-"));
  const started = new Date();
  const info = { machine: machine(), commit: commit(root), loadBefore: load(), started };
  const R = { info, o };
  try {
    // ---- the source ward and its rows --------------------------------------------------
    const source = path.join(dir, "source.db");
    let t = performance.now();
    R.demo = { line: makeWard(o, source, o.households), seconds: (performance.now() - t) / 1000 };
    log(R.demo.line);
    let households = loadHouseholds(source);
    // --ingest-households N: the first N/groups households of every group (all groups
    // keep their phones), for runs on a loaded machine.
    if (o.ingestHouseholds && o.ingestHouseholds < households.length) {
      const per = Math.ceil(o.ingestHouseholds / o.groups), seen = new Map();
      households = households.filter((h) => {
        seen.set(h.group, (seen.get(h.group) ?? 0) + 1);
        return seen.get(h.group) <= per;
      });
    }
    const totalChanges = households.reduce((n, h) => n + changeCount(h), 0);
    R.rows = { households: households.length, records: households.reduce((n, h) => n + h.records.length, 0), changes: totalChanges };
    log(`rows: ${JSON.stringify(R.rows)}`);

    // ---- this machine's limits for the same rows --------------------------------------
    const sample = [];
    let sampled = 0;
    for (const b of batches(households, "00000000-0000-4000-8000-000000000000", o.batchSize)) {
      sample.push(JSON.stringify(b));
      if ((sampled += b.changes.length) >= Math.min(totalChanges, 400_000)) break;
    }
    writeFileSync(path.join(dir, "batches.jsonl"), sample.join("\n") + "\n");
    R.baseline = runJson(o.baseline, ["--batches", path.join(dir, "batches.jsonl"), "--db", path.join(dir, "raw.db"),
                                      "--runs", String(o.runs)]);
    R.baseline.changesPerHousehold = totalChanges / households.length;
    log(`baseline: parse ${fmt(median(R.baseline.parse_changes_per_s))} changes/s, insert ${fmt(median(R.baseline.insert_rows_per_s))} rows/s`);

    // ---- ingest by N phones ------------------------------------------------------------
    R.ingest = [];
    for (const devices of o.devices) {
      const runs = [];
      for (let r = 0; r < o.ingestRunsFor(devices); r++) {
        const db = path.join(dir, `ingest-${devices}-${r}.db`);
        makeWard(o, db, 0);
        runs.push(await withServer(o, db, dir, (url, pid, admin) =>
          runIngest({ url, serverPid: pid, adminToken: admin, households, groups: groupIds(o.groups), devices, batchSize: o.batchSize })));
        const x = runs.at(-1);
        log(`ingest ${devices} devices run ${r + 1}: ${fmt(x.householdsPerS)} households/s, p99 ${fmt(x.p99)} ms, peak ${fmt(x.serverPeakKib / 1024)} MiB, load ${load()}`);
        for (const f of ["", "-wal", "-shm"]) rmSync(db + f, { force: true });
      }
      R.ingest.push({ devices, runs });
      save(R);
    }

    // ---- open loop: latency below saturation -------------------------------------------
    // The reference row's devices push at fractions of the throughput it measured.
    R.open = [];
    const refGroup = R.ingest.find((g) => g.devices === 200) ?? R.ingest.at(-1);
    if (refGroup?.runs.length) {
      const capacity = median(refGroup.runs.map((x) => x.householdsPerS));
      for (const fraction of o.openLoads) {
        const db = path.join(dir, `open-${fraction}.db`);
        makeWard(o, db, 0);
        const x = await withServer(o, db, dir, (url, pid, admin) =>
          runIngest({ url, serverPid: pid, adminToken: admin, households, groups: groupIds(o.groups),
                      devices: refGroup.devices, batchSize: o.batchSize, rate: capacity * fraction }));
        R.open.push({ load: fraction, capacity, run: x });
        log(`open loop at ${fraction} of ${fmt(capacity)} households/s: p99 ${fmt(x.p99)} ms, load ${load()}`);
        for (const f of ["", "-wal", "-shm"]) rmSync(db + f, { force: true });
      }
      save(R);
    }

    // ---- pull of one group, indicators of the ward --------------------------------------
    R.pull = await withServer(o, source, dir, async (url, pid, admin) => {
      const out = { plain: [], gzip: [], indicators: [] };
      for (let r = 0; r < o.runs; r++) {
        out.plain.push(await pullGroup({ url, serverPid: pid, adminToken: admin, group: "tdp-01", gzip: false }));
        out.gzip.push(await pullGroup({ url, serverPid: pid, adminToken: admin, group: "tdp-01", gzip: true }));
        out.indicators.push(await indicators({ url, token: admin, period: 2026 }));
      }
      return out;
    });
    save(R);
    log(`pull: ${fmt(median(R.pull.plain.map((x) => x.serverMs)))} ms plain, ${fmt(median(R.pull.gzip.map((x) => x.serverMs)))} ms gzip`);
    R.phoneBytes = phoneDownload(o.web);

    // ---- core: native and wasm -----------------------------------------------------------
    const fixture = path.join(dir, "households.json");
    writeFileSync(fixture, JSON.stringify(bundles(source, "tdp-01", 200)));
    const coreArgs = ["--households", fixture, "--schemas", schemas, "--runs", String(o.runs), "--indicators", String(o.households)];
    R.core = { native: runJson(o.core, [...coreArgs, "--indicators", String(o.city)]) };
    // The city runs natively only (the server computes indicators); wasm gets the ward.
    if (o.coreWasm && existsSync(o.coreWasm)) {
      try {
        R.core.wasm = runJson(process.execPath, ["--no-experimental-fetch", o.coreWasm, ...coreArgs]);
      } catch (e) {
        R.core.wasmError = e.message.split("\n")[0];
        log(`core wasm failed: ${e.message}`);
      }
    }
    log(`core native ${fmt(median(R.core.native.validation.rates))}/s, wasm ${R.core.wasm ? fmt(median(R.core.wasm.validation.rates)) : "not built"}`);

    // ---- the peer ----------------------------------------------------------------------
    if (o.peer) {
      try {
        const { runPeer } = await import("./peer/peer.mjs");
        R.peer = await runPeer({ dir, households, groups: groupIds(o.groups), runs: o.peerRuns || o.runs, log });
      } catch (e) {
        R.peerError = e.message.split("\n")[0];
        log(`peer failed: ${e.stack}`);
      }
    }
    R.info.loadAfter = load();
    R.info.finished = new Date();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const text = report(R);
  console.log(text);
  save(R);
  if (o.write) writeSection(path.join(root, "docs/benchmarks.md"), "server", "## Server, sync and core", text);
}

// The raw results so far (a run that fails later keeps what it measured).
function save(R) {
  R.info.savedAt = new Date();
  writeFileSync(path.join(tmpdir(), R.o.smoke ? "sotay-bench-smoke.json" : "sotay-bench-last.json"), JSON.stringify(R, null, 1));
}

const mark = (ok) => (ok ? "✓" : "✗");
const runsOf = (xs, f, d = 0) => xs.map((x) => fmt(f(x), d)).join(", ");

function report(R) {
  const { info, o } = R;
  const L = [];
  const iso = (d) => d.toISOString().slice(0, 16).replace("T", " ") + " UTC";
  L.push(`Machine: ${info.machine.cores} cores (${info.machine.cpu}), ${info.machine.memGiB} GiB; node ${info.machine.node}. ` +
         `Date: ${iso(info.started)} – ${iso(info.finished).slice(11)}. Commit: ${info.commit}${o.label ? ` (${o.label})` : ""}. ` +
         `Load average (1, 5, 15 min) before: ${info.loadBefore}; after: ${info.loadAfter}.`);
  L.push("");
  L.push(`Ward: \`sotay-server demo --groups ${o.groups} --households ${o.households} --seed ${o.seed}\` (${R.demo.line.replace(/^demo ward: /, "")}). ` +
         `Pushed rows: ${fmt(R.rows.households)} households${R.rows.households < o.households ? ` (the first ${fmt(R.rows.households / o.groups)} of every group)` : ""} with ${fmt(R.rows.records - R.rows.households)} members, ` +
         `${fmt(R.rows.changes)} field changes (${fmt(R.baseline.changesPerHousehold, 1)} per household), in batches of ${o.batchSize}. ` +
         `Medians of ${o.runs} runs unless a row says otherwise (ingest: the runs are listed per row; the latency percentiles are over every batch of the median run).`);
  L.push("");
  L.push("### Ingest");
  L.push("");
  L.push("| devices | households/s | changes/s | p50 ms | p95 ms | p99 ms | server CPU s | households per server CPU-second | server peak MiB | runs (households/s) |");
  L.push("|---|---|---|---|---|---|---|---|---|---|");
  const medRun = (runs) => [...runs].sort((a, b) => a.householdsPerS - b.householdsPerS)[Math.floor((runs.length - 1) / 2)];
  for (const g of R.ingest) {
    const m = medRun(g.runs);
    L.push(`| ${g.devices} | ${fmt(m.householdsPerS)} | ${fmt(m.changesPerS)} | ${fmt(m.p50)} | ${fmt(m.p95)} | ${fmt(m.p99)} | ` +
           `${fmt(m.serverCpuS, 1)} | ${fmt(m.households / m.serverCpuS)} | ${fmt(median(g.runs.map((x) => x.serverPeakKib)) / 1024, 1)} | ${runsOf(g.runs, (x) => x.householdsPerS)} |`);
  }
  const statuses = {};
  for (const g of R.ingest) for (const r of g.runs) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  L.push("");
  L.push(`Answers over all ingest runs: ${Object.entries(statuses).map(([k, v]) => `${k} ${fmt(v)}`).join(", ")}.`);
  if (R.open?.length) {
    const dev = R.open[0].run.devices;
    L.push("");
    L.push(`Latency below saturation (open loop): the ${dev} phones push the same batches, spread evenly over time at a fraction of the households/s the closed-loop row measured (${fmt(R.open[0].capacity)}); one run each.`);
    L.push("");
    L.push("| offered load | offered households/s | achieved households/s | p50 ms | p95 ms | p99 ms | batches | server CPU s |");
    L.push("|---|---|---|---|---|---|---|---|");
    for (const { load, capacity, run } of R.open) {
      L.push(`| ${fmt(load * 100)} % | ${fmt(capacity * load)} | ${fmt(run.householdsPerS)} | ${fmt(run.p50)} | ${fmt(run.p95)} | ${fmt(run.p99)} | ${fmt(run.batches)} | ${fmt(run.serverCpuS, 1)} |`);
    }
    const best = R.open.filter((x) => x.run.p99 < TARGETS.p99Ms).at(-1);
    L.push("");
    L.push(`Target p99 < ${TARGETS.p99Ms} ms for ${o.batchSize}-change batches: ` +
           (best ? `${mark(true)} up to ${fmt(best.load * 100)} % of capacity (${fmt(best.capacity * best.load)} households/s, p99 ${fmt(best.run.p99)} ms)`
                 : `${mark(false)} at every offered load measured`) + "; closed loop (saturated), the rows above.");
  }
  const b = R.baseline, perHh = b.changesPerHousehold;
  const ref = R.ingest.find((g) => g.devices === 200) ?? R.ingest.at(-1);
  const refRun = medRun(ref.runs);
  L.push("");
  L.push(`This machine's limits for the same rows (${fmt(b.changes)} changes of the same batches, ${fmt(b.bytes / 1048576, 1)} MiB of JSON):`);
  L.push("");
  L.push("| measure | changes/s | households/s | ours (" + ref.devices + " devices) as a fraction | changes per CPU-second | ours per server CPU-second as a fraction | runs (changes/s) |");
  L.push("|---|---|---|---|---|---|---|");
  const ins = median(b.insert_rows_per_s), par = median(b.parse_changes_per_s);
  const insCpu = median(b.insert_rows_per_cpu_s), parCpu = median(b.parse_changes_per_cpu_s);
  const oursCpu = refRun.changes / refRun.serverCpuS;
  L.push(`| SQLite: one prepared INSERT into the \`changes\` table, one transaction (WAL, synchronous=FULL) | ${fmt(ins)} | ${fmt(ins / perHh)} | ${fmt(refRun.changesPerS / ins, 3)} | ${fmt(insCpu)} | ${fmt(oursCpu / insCpu, 3)} | ${runsOf(b.insert_rows_per_s, (x) => x)} |`);
  L.push(`| nlohmann::json::parse of the push bodies (${fmt(median(b.parse_mib_per_s), 1)} MiB/s) | ${fmt(par)} | ${fmt(par / perHh)} | ${fmt(refRun.changesPerS / par, 3)} | ${fmt(parCpu)} | ${fmt(oursCpu / parCpu, 3)} | ${runsOf(b.parse_changes_per_s, (x) => x)} |`);
  L.push("");
  L.push(`Server CPU per 1,000 changes (${ref.devices} devices): ${fmt((refRun.serverCpuS / refRun.changes) * 1e6, 1)} ms; ` +
         `the load generator's own CPU: ${fmt(refRun.clientCpuS, 1)} s over ${fmt(refRun.seconds, 1)} s.`);

  if (R.peerError) L.push("", `Peer: the run failed (${R.peerError}).`);
  if (R.peer) {
    const p = R.peer;
    L.push("");
    L.push("### Peer: PouchDB → pouchdb-server (LevelDB), same households, same run");
    L.push("");
    L.push(`${p.versions}. Documents: one per household with its members embedded (${fmt(p.docs)} documents, ${fmt(p.docBytes / 1048576, 1)} MiB of JSON).`);
    L.push("");
    L.push("| measure | median | runs | ours | ours ÷ peer |");
    L.push("|---|---|---|---|---|");
    const peerHps = median(p.ingest.map((x) => x.householdsPerS));
    L.push(`| ingest, ${p.clients} PouchDB clients replicating concurrently: households/s | ${fmt(peerHps)} | ${runsOf(p.ingest, (x) => x.householdsPerS)} | ${fmt(refRun.householdsPerS)} (${ref.devices} devices) | ${fmt(refRun.householdsPerS / peerHps, 2)} |`);
    L.push(`| ingest: server peak MiB | ${fmt(median(p.ingest.map((x) => x.serverPeakKib)) / 1024, 1)} | | ${fmt(refRun.serverPeakKib / 1024, 1)} | |`);
    L.push(`| ingest: server CPU s | ${fmt(median(p.ingest.map((x) => x.serverCpuS)), 1)} | ${runsOf(p.ingest, (x) => x.serverCpuS, 1)} | ${fmt(refRun.serverCpuS, 1)} | |`);
    const peerPerCpu = median(p.ingest.map((x) => p.docs / x.serverCpuS)), ourPerCpu = refRun.households / refRun.serverCpuS;
    L.push(`| ingest: households per server CPU-second | ${fmt(peerPerCpu)} | | ${fmt(ourPerCpu)} | ${fmt(ourPerCpu / peerPerCpu, 2)} |`);
    const peerPull = median(p.pull.map((x) => x.ms));
    const ourPull = median(R.pull.gzip.map((x) => x.wallMs));
    const sameSize = p.pull[0]?.docs === R.pull.gzip[0]?.households;
    L.push(`| filtered pull of one group (${fmt(p.pull[0]?.docs)} of ${fmt(p.docs)} docs) by a fresh client: ms | ${fmt(peerPull)} | ${runsOf(p.pull, (x) => x.ms)} | ` +
           (sameSize ? `${fmt(ourPull)} (whole pull, gzip) | ${fmt(peerPull / ourPull, 2)} |`
                     : `not comparable: ours pulled ${fmt(R.pull.gzip[0]?.households)} households of the ${fmt(o.households)}-household ward (${fmt(ourPull)} ms, gzip); the peer held only the pushed rows | – |`));
    L.push("");
    L.push(`Target ≥ ${TARGETS.householdsPerS} households/s with 200 devices and ≥ ${TARGETS.peerRatio}× the peer: ` +
           `${mark(refRun.householdsPerS >= TARGETS.householdsPerS)} ${fmt(refRun.householdsPerS)}; ${mark(refRun.householdsPerS / peerHps >= TARGETS.peerRatio)} ${fmt(refRun.householdsPerS / peerHps, 2)}×.`);
  }

  if (!R.pull) return L.join("\n") + "\n\n(The run stopped before the pull; the remaining parts were not measured.)";
  L.push("");
  L.push("### Pull of one group by a fresh phone");
  L.push("");
  L.push("| | pages | changes | households | bytes on the wire | server time ms (median) | server CPU ms | runs (ms) |");
  L.push("|---|---|---|---|---|---|---|---|");
  for (const [name, xs] of [["no compression", R.pull.plain], ["Accept-Encoding: gzip", R.pull.gzip]]) {
    const x = xs[0];
    L.push(`| ${name} | ${x.pages} | ${fmt(x.changes)} | ${fmt(x.households)} | ${fmt(median(xs.map((y) => y.wireBytes)))} | ` +
           `${fmt(median(xs.map((y) => y.serverMs)))} | ${fmt(median(xs.map((y) => y.serverCpuMs)))} | ${runsOf(xs, (y) => y.serverMs)} |`);
  }
  const pullMs = median(R.pull.gzip.map((y) => y.serverMs));
  L.push("");
  L.push(`Target ≤ ${TARGETS.pullMs} ms server side: ${mark(pullMs <= TARGETS.pullMs)} ${fmt(pullMs)} ms (gzip), ` +
         `${fmt(median(R.pull.plain.map((y) => y.serverMs)))} ms (plain). Server time = the sum of the page requests on loopback, ` +
         `request sent → last byte received; the client's parsing between pages is not included.`);
  L.push(`Phone download (wasm + JS + CSS + assets of precache.json, gzip -9): ` +
         (R.phoneBytes == null ? "not measured (the wasm client was not built; pass --web)."
           : `${mark(R.phoneBytes <= TARGETS.phoneKiB * 1000)} ${fmt(R.phoneBytes / 1000, 1)} kB (target ≤ 1.0 MB).`));

  if (!R.core) return L.join("\n") + "\n\n(The run stopped before the core part; it was not measured.)";
  L.push("");
  L.push("### Core");
  L.push("");
  const nat = R.core.native, wasm = R.core.wasm;
  const nv = median(nat.validation.rates), wv = wasm ? median(wasm.validation.rates) : NaN;
  L.push("| measure | native | wasm (node) | wasm ÷ native | runs (native; wasm) |");
  L.push("|---|---|---|---|---|");
  L.push(`| validations/s of a household with ${nat.validation.records - 1} members (household + each member, ${nat.validation.issues} issues), wall clock | ${fmt(nv)} | ${fmt(wv)} | ${fmt(wv / nv, 2)} | ${runsOf(nat.validation.rates, (x) => x)}; ${wasm ? runsOf(wasm.validation.rates, (x) => x) : R.core.wasmError ? "failed: " + R.core.wasmError : "not built"} |`);
  L.push(`| the same per CPU-second (native only) | ${fmt(median(nat.validation.cpu_rates))} | | | ${runsOf(nat.validation.cpu_rates, (x) => x)} |`);
  nat.indicators.forEach((n, i) => {
    const w = wasm?.indicators[i];
    L.push(`| indicators of ${fmt(n.households)} households (${fmt(n.groups)} groups, ${fmt(n.facts)} facts): wall ms (CPU ms); peak memory MiB | ${fmt(n.total_ms)} (${fmt(n.cpu_ms)}); ${fmt(n.peak_memory_kib / 1024, 1)} | ${w ? `${fmt(w.total_ms)}; ${fmt(w.peak_memory_kib / 1024, 1)}` : "–"} | ${w ? fmt(w.total_ms / n.total_ms, 2) + " (time)" : "–"} | 1 |`);
  });
  L.push(`| dashboard \`GET /api/v1/indicators?period=2026\` on the ward (${fmt(o.households)} households): ms | ${fmt(median(R.pull.indicators.map((x) => x.ms)))} | | | ${runsOf(R.pull.indicators, (x) => x.ms)} |`);
  return L.join("\n");
}

main().catch((e) => { console.error(e); process.exit(1); });
