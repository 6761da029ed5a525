// Pull: a fresh phone (a leader of one group) pulls its whole group out of the ward,
// page by page (limit 5000 unless told: what the phone asks, the server's maximum)
// until `more` is false; with and without `Accept-Encoding: gzip`. Server time is the
// sum of the page requests' times on loopback (request sent → last byte), and the
// server's CPU time is read in /proc.
import { auth, enrollDevice, procCpuSeconds, request } from "../lib/common.mjs";

export async function pullGroup({ url, serverPid, adminToken, group, gzip, limit = 5000 }) {
  const phone = await enrollDevice(url, adminToken, group, "bench pull");
  const headers = { ...auth(phone.token), ...(gzip ? { "Accept-Encoding": "gzip" } : {}) };
  let since = "0", more = true, pages = 0, changes = 0, wireBytes = 0, bodyBytes = 0, serverMs = 0;
  const households = new Set();
  const cpu0 = procCpuSeconds(serverPid);
  const t0 = performance.now();
  while (more) {
    const r = await request(`${url}/api/v1/sync/pull?since=${since}&limit=${limit}`, { headers, agent: phone.agent });
    if (r.status !== 200) throw new Error(`pull → ${r.status}: ${r.body.slice(0, 200)}`);
    if (gzip && r.headers["content-encoding"] !== "gzip") throw new Error("the server did not gzip the pull page");
    const page = JSON.parse(r.body);
    for (const c of page.changes) if (c.record_type === "household") households.add(c.record_id);
    serverMs += r.ms;
    wireBytes += r.wireBytes;
    bodyBytes += Buffer.byteLength(r.body);
    changes += page.changes.length;
    pages++;
    since = String(page.next);
    more = page.more;
  }
  const wallMs = performance.now() - t0;
  phone.agent.destroy();
  return { gzip, pages, changes, households: households.size, wireBytes, bodyBytes, serverMs, wallMs,
           serverCpuMs: (procCpuSeconds(serverPid) - cpu0) * 1000 };
}

// GET /api/v1/indicators for the ward: {ms, values}.
export async function indicators({ url, token, period }) {
  const r = await request(`${url}/api/v1/indicators?period=${period}`, { headers: auth(token) });
  if (r.status !== 200) throw new Error(`indicators → ${r.status}: ${r.body.slice(0, 200)}`);
  return { ms: r.ms, values: JSON.parse(r.body).values.length };
}
