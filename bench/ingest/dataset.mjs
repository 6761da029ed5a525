// The rows the benchmarks push: households with their members, read from a ward made by
// `sotay-server demo` (records table; fields are {"name": {"v": value, "h": hlc}}).
import { spawnSync } from "node:child_process";

function query(db, sql) {
  const r = spawnSync("sqlite3", ["-readonly", "-json", db, sql], { maxBuffer: 4 << 30, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`sqlite3 ${db}: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : [];
}

function toRecord(row) {
  const fields = {};
  for (const [name, fv] of Object.entries(JSON.parse(row.fields))) fields[name] = fv.v;
  return { id: row.id, type: row.type, group_id: row.group_id, parent_id: row.parent_id ?? null, fields };
}

// [{id, group, records: [household, ...persons]}] in group order; `types` picks the child
// record types kept besides the household.
export function loadHouseholds(db, { types = ["person"], where = "1" } = {}) {
  const list = ["household", ...types].map((t) => `'${t}'`).join(",");
  const rows = query(db, `SELECT id, type, group_id, parent_id, fields FROM records
                          WHERE type IN (${list}) AND deleted = 0 AND (${where})
                          ORDER BY group_id, COALESCE(parent_id, id), parent_id IS NOT NULL, type, id`);
  const households = [];
  const byId = new Map();
  for (const row of rows) {
    const rec = toRecord(row);
    if (rec.type === "household") {
      const h = { id: rec.id, group: rec.group_id, records: [rec] };
      households.push(h);
      byId.set(rec.id, h);
    } else {
      byId.get(rec.parent_id)?.records.push(rec);
    }
  }
  return households;
}

export const changeCount = (h) => h.records.reduce((n, r) => n + Object.keys(r.fields).length, 0);

// Bundles for sotay_bench_core: {household, children} with every child type.
export function bundles(db, group, limit) {
  return loadHouseholds(db, { types: ["person", "assessment.poverty", "assessment.cultural_family"],
                              where: `group_id = '${group}'` })
    .slice(0, limit)
    .map((h) => ({ household: h.records[0], children: h.records.slice(1) }));
}
