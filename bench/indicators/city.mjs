// Dashboard indicators (`GET /api/v1/indicators`) on a city made by the demo generator,
// household by household, as issue 6 asks: 1.5 million households in 1,875 groups by
// default.
//
//   node bench/indicators/city.mjs --server BIN [--households 1500000] [--groups 1875]
//        [--seed 2026] [--runs 7] [--dir DIR] [--keep] [--force]
//
// Makes a ward (`sotay-server init`), fills it with `sotay-server demo` (its progress
// lines pass through on stderr), then serves it and times --runs indicator requests of
// period 2026. Prints JSON on stdout: generation wall time, the generator's CPU time
// and peak RSS, the database size, the request times and their median, and the
// server's peak RSS (VmHWM) after them.
//
// The database goes to --dir (default: the system's temp folder) and is deleted at the
// end unless --keep. Before generating, the free space of --dir is checked against
// an estimate of the database size (bytes per household measured on the demo ward; see
// bench/README.md); --force runs anyway.
import { mkdtempSync, rmSync, statSync, statfsSync } from "node:fs";
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runServer } from "../../tests/browser/serve.mjs";
import { procCpuSeconds, procMemoryKib } from "../lib/common.mjs";
import { timeIndicators } from "./timing.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const schemas = path.join(root, "schemas");
const o = { households: 1_500_000, groups: 1875, seed: 2026, runs: 7, dir: tmpdir(), keep: false, force: false };
for (let i = 2; i < process.argv.length; ++i) {
  const a = process.argv[i];
  const next = () => process.argv[++i];
  if (a === "--server") o.server = next();
  else if (a === "--households") o.households = Number(next());
  else if (a === "--groups") o.groups = Number(next());
  else if (a === "--seed") o.seed = Number(next());
  else if (a === "--runs") o.runs = Number(next());
  else if (a === "--dir") o.dir = next();
  else if (a === "--keep") o.keep = true;
  else if (a === "--force") o.force = true;
  else throw new Error(`unknown option ${a}`);
}
if (!o.server) throw new Error("--server PATH/sotay-server is required");
const log = (...a) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
const PASSWORD = "bench-admin-password";
// Database bytes per household of the demo ward with the record-level change log
// (32 KB measured at 100,000 households: records 46 %, history 33 %, facts 12 %), with
// some margin. An estimate for the disk check only.
const BYTES_PER_HOUSEHOLD = 34_000;

const fileSize = (f) => { try { return statSync(f).size; } catch { return 0; } };

// Runs `sotay-server demo`, passing its progress through; resolves to its wall
// seconds, CPU seconds and peak RSS (KiB), sampled from /proc while it runs.
function generate(db) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const proc = spawn(o.server, ["demo", "--db", db, "--groups", String(o.groups), "--households", String(o.households),
                                  "--seed", String(o.seed), "--schemas", schemas], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "", cpu = 0, peak = 0;
    proc.stdout.on("data", (d) => { out += d; });
    proc.stderr.on("data", (d) => { err += d; process.stderr.write(d); });
    const sample = () => {
      try {
        cpu = procCpuSeconds(proc.pid);
        peak = Math.max(peak, procMemoryKib(proc.pid).peak);
      } catch { /* exited */ }
    };
    const timer = setInterval(sample, 500);
    proc.on("exit", (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`demo exited ${code}: ${err.slice(-2000)}`));
      resolve({ line: out.trim(), wallS: (performance.now() - t0) / 1000, cpuS: cpu, peakKib: peak });
    });
    proc.on("error", reject);
  });
}

const dir = mkdtempSync(path.join(o.dir, "sotay-city-"));
const db = path.join(dir, "city.db");
try {
  const fs = statfsSync(dir);
  const free = fs.bavail * fs.bsize, need = o.households * BYTES_PER_HOUSEHOLD;
  log(`free space in ${dir}: ${(free / 2 ** 30).toFixed(1)} GiB; the database needs about ${(need / 2 ** 30).toFixed(1)} GiB`);
  if (need > free * 0.9 && !o.force) throw new Error("not enough free space (use --dir elsewhere, fewer --households, or --force)");

  const server = (args, input) => runServer(o.server, args, input, 3_600_000);
  server(["init", "--db", db, "--ward", "Phường Bench"], "bench-office-passphrase\n");
  log(`generating ${o.households} households in ${o.groups} groups`);
  const gen = await generate(db);
  log(gen.line);
  server(["add-user", "--db", db, "--username", "bench", "--role", "admin"], PASSWORD + "\n");
  const dbBytes = fileSize(db) + fileSize(db + "-wal");

  const t = await timeIndicators({ serverBin: o.server, db, staticDir: dir, schemasDir: schemas,
                                  username: "bench", password: PASSWORD, runs: o.runs });
  console.log(JSON.stringify({
    households: o.households, groups: o.groups, seed: o.seed,
    generation: { wallS: Math.round(gen.wallS), cpuS: Math.round(gen.cpuS), peakRssMiB: Math.round(gen.peakKib / 1024),
                  householdsPerS: Math.round(o.households / gen.wallS), summary: gen.line },
    dbMiB: Math.round(dbBytes / 2 ** 20), values: t.values, ms: t.ms.map((x) => Math.round(x * 10) / 10),
    medianMs: Math.round(t.medianMs * 10) / 10, serverPeakRssMiB: Math.round(t.serverMemoryKib.peak / 1024 * 10) / 10,
  }));
} finally {
  if (o.keep) log(`kept ${db}`);
  else rmSync(dir, { recursive: true, force: true });
}
