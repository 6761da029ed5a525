// Dashboard indicators (`GET /api/v1/indicators`) on a ward or a city whose facts are
// scaled up with SQL instead of generated household by household (the demo generator
// writes ~60 households/s on a loaded machine: 40,000 take minutes, 1.5 million days).
//
//   node bench/indicators/scaled.mjs --server BIN --groups 50 --seed-households 800 \
//        --households 40000 [--totals-only --city-groups 1875] [--runs 7]
//
// Makes a demo ward of --groups groups and --seed-households households, then:
//  - default: copies every household's facts under new record ids until the ward has
//    --households households (same groups), and rebuilds fact_totals from the facts with
//    the statement of migration 3;
//  - --totals-only --city-groups N: leaves facts alone and makes N groups (also in
//    acct_groups, replacing the demo's), group i getting the totals of demo group
//    (i - 1) % groups + 1 multiplied so that each holds households / N households: a
//    city's totals without its 42 million facts rows (the demo caps --groups at 99).
// Then starts the server and times the indicators request; prints JSON on stdout.
import { mkdtempSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runServer } from "../../tests/browser/serve.mjs";
import { timeIndicators } from "./timing.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const schemas = path.join(root, "schemas");
const o = { groups: 50, seedHouseholds: 800, households: 40000, runs: 7, totalsOnly: false, cityGroups: 1875 };
for (let i = 2; i < process.argv.length; ++i) {
  const a = process.argv[i];
  const next = () => process.argv[++i];
  if (a === "--server") o.server = next();
  else if (a === "--groups") o.groups = Number(next());
  else if (a === "--seed-households") o.seedHouseholds = Number(next());
  else if (a === "--households") o.households = Number(next());
  else if (a === "--runs") o.runs = Number(next());
  else if (a === "--totals-only") o.totalsOnly = true;
  else if (a === "--city-groups") o.cityGroups = Number(next());
  else throw new Error(`unknown option ${a}`);
}
const log = (...a) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
const sql = (db, text) => execFileSync("sqlite3", [db, text], { encoding: "utf8" }).trim();
const PASSWORD = "bench-admin-password";

const dir = mkdtempSync(path.join(tmpdir(), "sotay-ind-"));
const db = path.join(dir, "ward.db");
try {
  const server = (args, input) => runServer(o.server, args, input, 3_600_000);
  server(["init", "--db", db, "--ward", "Phường Bench"], "bench-office-passphrase\n");
  log(server(["demo", "--db", db, "--groups", String(o.groups), "--households", String(o.seedHouseholds),
              "--seed", "2026", "--schemas", schemas]).trim());
  server(["add-user", "--db", db, "--username", "bench", "--role", "admin"], PASSWORD + "\n");
  const copies = Math.max(1, Math.round(o.households / o.seedHouseholds));
  if (o.totalsOnly) {
    const m = o.households / o.cityGroups / (o.seedHouseholds / o.groups);
    sql(db, `WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ${o.cityGroups})
             INSERT INTO fact_totals SELECT period, printf('c-%04d', k.i), indicator,
               numerator * ${m}, denominator * ${m}, facts * ${m}
             FROM fact_totals t, k WHERE t.group_id = printf('tdp-%02d', (k.i - 1) % ${o.groups} + 1);
             DELETE FROM fact_totals WHERE group_id LIKE 'tdp-%';
             WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ${o.cityGroups})
             INSERT INTO acct_groups SELECT printf('c-%04d', i), 'Tổ ' || i, 0 FROM k;
             DELETE FROM acct_groups WHERE id LIKE 'tdp-%';`);
  } else {
    sql(db, `WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ${copies - 1})
             INSERT INTO facts SELECT f.record_id || '~' || k.i, period, indicator, group_id, numerator, denominator
             FROM facts f, k;
             DELETE FROM fact_totals;
             INSERT INTO fact_totals (period, group_id, indicator, numerator, denominator, facts)
               SELECT period, group_id, indicator, sum(numerator), sum(denominator), count(*)
               FROM facts GROUP BY period, group_id, indicator;`);
  }
  const facts = Number(sql(db, "SELECT count(*) FROM facts"));
  const totals = sql(db, "SELECT count(*) FROM fact_totals WHERE period = '2026'");
  const counted = sql(db, "SELECT sum(facts) FROM fact_totals");
  log(`facts rows ${facts}, facts counted in totals ${counted}, totals rows of 2026 ${totals}`);
  const t = await timeIndicators({ serverBin: o.server, db, staticDir: dir, schemasDir: schemas,
                                  username: "bench", password: PASSWORD, runs: o.runs });
  console.log(JSON.stringify({ households: o.totalsOnly ? o.households : copies * o.seedHouseholds,
                               groups: Number(sql(db, "SELECT count(*) FROM acct_groups")), factsRows: facts,
                               factsCounted: Number(counted), totalsRows2026: Number(totals), values: t.values,
                               ms: t.ms, medianMs: t.medianMs, serverMemoryKib: t.serverMemoryKib }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
