// The peer stack, side by side with ours in the same run: the same households as
// documents (members embedded), held by PouchDB clients (pouchdb-node, LevelDB on disk)
// and replicated into pouchdb-server (LevelDB backend), one client per group as one
// phone per group would; then a fresh PouchDB client's filtered pull of one group
// (a Mango selector on group_id). Installed by bench/run.sh into bench/peer/node_modules.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { procCpuSeconds, procMemoryKib } from "../lib/common.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "package.json"));
const version = (p) => JSON.parse(readFileSync(require.resolve(`${p}/package.json`), "utf8")).version;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

async function startPeerServer(dir) {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const bin = require.resolve("pouchdb-server/bin/pouchdb-server");
  const proc = spawn(process.execPath, [bin, "--port", String(port), "--dir", dir, "--host", "127.0.0.1",
                                        "--no-stdout-logs", "--no-color", "--config", path.join(dir, "config.json")],
                     { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  proc.stderr.on("data", (d) => { stderr += d; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return { proc, url };
    } catch { /* not yet listening */ }
    if (proc.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill("SIGKILL");
  throw new Error("pouchdb-server did not start: " + stderr);
}

async function stop(proc) {
  const done = new Promise((r) => proc.once("exit", r));
  proc.kill("SIGTERM");
  await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
  if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
}

// A household as the document an offline-first PouchDB app would keep.
export function toDoc(h) {
  const [household, ...members] = h.records;
  return { _id: h.id, type: "household", group_id: h.group, ...household.fields,
           members: members.map((m) => ({ id: m.id, ...m.fields })) };
}

export async function runPeer({ dir, households, groups, runs, log }) {
  const PouchDB = require("pouchdb-node");
  const docsByGroup = new Map(groups.map((g) => [g, []]));
  for (const h of households) docsByGroup.get(h.group)?.push(toDoc(h));
  const docs = households.length;
  const docBytes = [...docsByGroup.values()].flat().reduce((n, d) => n + JSON.stringify(d).length, 0);
  const out = { versions: `pouchdb-node ${version("pouchdb-node")}, pouchdb-server ${version("pouchdb-server")}, leveldown ${version("leveldown")}`,
                docs, docBytes, clients: groups.length, ingest: [], pull: [] };
  for (let r = 0; r < runs; r++) {
    const base = path.join(dir, `peer-${r}`);
    mkdirSync(base, { recursive: true });
    const locals = [];
    for (const g of groups) {
      const db = new PouchDB(path.join(base, `client-${g}`));
      const list = docsByGroup.get(g);
      for (let i = 0; i < list.length; i += 500) await db.bulkDocs(list.slice(i, i + 500));
      locals.push(db);
    }
    const server = await startPeerServer(path.join(base, "server"));
    try {
      const remote = `${server.url}/ward`;
      const created = await fetch(remote, { method: "PUT" });
      if (created.status !== 201) throw new Error(`pouchdb-server: PUT /ward → ${created.status}`);
      const cpu0 = procCpuSeconds(server.proc.pid);
      const t0 = performance.now();
      const results = await Promise.all(locals.map((db) => db.replicate.to(remote)));
      const seconds = (performance.now() - t0) / 1000;
      const written = results.reduce((n, x) => n + x.docs_written, 0);
      if (written !== docs) throw new Error(`peer ingest wrote ${written} of ${docs} documents`);
      out.ingest.push({ seconds, householdsPerS: docs / seconds, serverCpuS: procCpuSeconds(server.proc.pid) - cpu0,
                        serverPeakKib: procMemoryKib(server.proc.pid).peak });
      // pouchdb-server 4 has no Mango `_selector` changes filter; a filter function in a
      // design document is CouchDB's classic filtered replication.
      const ddoc = await fetch(`${remote}/_design/bench`, { method: "PUT", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ filters: { by_group: "function (doc, req) { return doc.group_id === req.query.group; }" } }) });
      if (ddoc.status !== 201) throw new Error(`pouchdb-server: PUT _design/bench → ${ddoc.status}`);
      const fresh = new PouchDB(path.join(base, "fresh"));
      const t1 = performance.now();
      const pulled = await PouchDB.replicate(remote, fresh, { filter: "bench/by_group", query_params: { group: groups[0] } });
      const ms = performance.now() - t1;
      if (pulled.docs_written !== docsByGroup.get(groups[0]).length) throw new Error(`peer pull wrote ${pulled.docs_written}`);
      out.pull.push({ ms, docs: pulled.docs_written });
      log(`peer run ${r + 1}: ${Math.round(docs / seconds)} households/s, pull ${Math.round(ms)} ms`);
      await fresh.close();
    } finally {
      await stop(server.proc);
      for (const db of locals) await db.close();
    }
  }
  return out;
}
