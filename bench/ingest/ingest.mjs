// Ingest: N enrolled phones push households with their members concurrently, each
// device sending its share as a sequence of batches of `batchSize` field changes (a phone
// waits for each answer before the next push), over keep-alive HTTP on loopback.
//
// Closed loop (the default): every phone pushes its next batch as soon as the last one
// is answered, so the server is saturated and latency is mostly queueing (≈ phones ×
// service time). Open loop (`rate` households/s offered): the batches of all phones are
// spread evenly over time at that rate (phone i's j-th batch is due at slot j·N + i), as
// phones in the field push when their user saves; a phone still waits for its previous
// answer. This measures latency below saturation.
import { auth, enrollDevice, percentile, procCpuSeconds, procMemoryKib, request } from "../lib/common.mjs";

// The HLC of a device: wall ms (13 digits), counter (5 digits), node = device_id.
function hlcClock(deviceId) {
  let wall = 0, counter = 0;
  return () => {
    const now = Date.now();
    if (now > wall) { wall = now; counter = 0; } else if (++counter > 99999) { wall++; counter = 0; }
    return `${String(wall).padStart(13, "0")}-${String(counter).padStart(5, "0")}-${deviceId}`;
  };
}

// Yields push bodies ({"changes": [...]}) of at most `batchSize` changes for the
// households, in order, with consecutive device_seq values from 1.
export function* batches(households, deviceId, batchSize) {
  const hlc = hlcClock(deviceId);
  let seq = 0, changes = [];
  for (const h of households) {
    for (const r of h.records) {
      for (const [field, value] of Object.entries(r.fields)) {
        changes.push({ device_seq: ++seq, record_id: r.id, record_type: r.type, group_id: r.group_id,
                       parent_id: r.parent_id, field, value, hlc: hlc(), base_hlc: null });
        if (changes.length === batchSize) { yield { changes }; changes = []; }
      }
    }
  }
  if (changes.length) yield { changes };
}

// Splits the households among `devices` phones: device i is a leader of group
// groups[i % G] and gets every (devices/G)-th household of that group.
export function assign(households, groups, devices) {
  const byGroup = new Map(groups.map((g) => [g, []]));
  for (const h of households) byGroup.get(h.group)?.push(h);
  const perGroup = Math.max(1, Math.floor(devices / groups.length));
  const shares = [];
  for (let i = 0; i < devices; i++) {
    const g = groups[i % groups.length], k = Math.floor(i / groups.length) % perGroup;
    shares.push({ group: g, households: byGroup.get(g).filter((_, j) => j % perGroup === k) });
  }
  return shares;
}

// A connection the server closed while the phone was idle (keep-alive idle timeout)
// fails the next request before any answer; like a phone, send the batch again (pushes
// are idempotent by device_seq, so an applied first attempt answers `duplicate`).
async function pushWithRetry(url, text, phone) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request(`${url}/api/v1/sync/push`, { method: "POST", body: text, agent: phone.agent,
                                                        headers: auth(phone.token) });
    } catch (e) {
      if (attempt >= 3 || !["ECONNRESET", "EPIPE"].includes(e.code)) throw e;
    }
  }
}

// Runs one ingest into the (empty, served) ward at `url`; `serverPid` is read in /proc.
export async function runIngest({ url, serverPid, adminToken, households, groups, devices, batchSize, rate = 0 }) {
  const shares = assign(households, groups, devices);
  const phones = [];
  for (let i = 0; i < shares.length; i += 25) {
    phones.push(...await Promise.all(shares.slice(i, i + 25).map((s, j) =>
      enrollDevice(url, adminToken, s.group, `bench phone ${i + j + 1}`))));
  }
  const latencies = [], statuses = {};
  let changes = 0, batchesSent = 0, bytesSent = 0;
  const planned = phones.map((phone, i) => [...batches(shares[i].households, phone.deviceId, batchSize)]);
  const hhTotal = shares.reduce((n, s) => n + s.households.length, 0);
  const batchTotal = planned.reduce((n, b) => n + b.length, 0);
  // Open loop: one batch every `slotMs` over all phones.
  const slotMs = rate > 0 ? 1000 / (rate * batchTotal / hhTotal) : 0;
  const cpu0 = procCpuSeconds(serverPid), clientCpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(phones.map(async (phone, i) => {
    for (const [j, body] of planned[i].entries()) {
      if (slotMs > 0) {
        const due = t0 + (j * phones.length + i) * slotMs - performance.now();
        if (due > 0) await new Promise((r) => setTimeout(r, due));
      }
      const text = JSON.stringify(body);
      const r = await pushWithRetry(url, text, phone);
      if (r.status !== 200) throw new Error(`push → ${r.status}: ${r.body.slice(0, 300)}`);
      latencies.push(r.ms);
      const answer = JSON.parse(r.body);
      for (const x of answer.results) statuses[x.status + (x.code ? `:${x.code}` : "")] = (statuses[x.status + (x.code ? `:${x.code}` : "")] ?? 0) + 1;
      if (answer.acked_through !== body.changes.at(-1).device_seq) throw new Error(`acked_through ${answer.acked_through}`);
      changes += body.changes.length;
      bytesSent += text.length;
      batchesSent++;
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = procCpuSeconds(serverPid) - cpu0;
  const clientCpu = process.cpuUsage(clientCpu0);
  for (const p of phones) p.agent.destroy();
  const hh = hhTotal;
  return {
    devices, batchSize, rate, households: hh, changes, batches: batchesSent, bytes: bytesSent, seconds,
    householdsPerS: hh / seconds, changesPerS: changes / seconds,
    p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99),
    serverCpuS: cpu, clientCpuS: (clientCpu.user + clientCpu.system) / 1e6,
    serverPeakKib: procMemoryKib(serverPid).peak, statuses,
  };
}
