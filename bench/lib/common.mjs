// Shared by bench/run.mjs and its parts: statistics, /proc readings of a server process,
// a keep-alive HTTP client that counts bytes, the ward's admin and device helpers, and
// the docs/benchmarks.md section writer.
import { execSync } from "node:child_process";
import { generateKeyPairSync, sign } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { cpus, loadavg } from "node:os";
import { gunzipSync } from "node:zlib";

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// Nearest-rank percentile (p in 0..100) of an unsorted array.
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

const CLK_TCK = Number(execSync("getconf CLK_TCK").toString().trim()) || 100;

// CPU seconds (user + system) a process has used so far.
export function procCpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / CLK_TCK;  // utime, stime
}

// Peak and current resident memory of a process, in KiB.
export function procMemoryKib(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (k) => Number((status.match(new RegExp(`^${k}:\\s+(\\d+)`, "m")) ?? [0, 0])[1]);
  return { peak: kib("VmHWM"), current: kib("VmRSS") };
}

export function machine() {
  const c = cpus();
  return {
    cores: c.length,
    cpu: (c[0]?.model ?? "?").replace(/\s+/g, " ").trim(),
    memGiB: Math.round(Number(readFileSync("/proc/meminfo", "utf8").match(/MemTotal:\s+(\d+)/)[1]) / 1048576),
    node: process.version,
  };
}

export const load = () => loadavg().map((x) => x.toFixed(2)).join(", ");

export function commit(root) {
  try {
    const id = execSync("git rev-parse --short HEAD", { cwd: root }).toString().trim();
    const dirty = execSync("git status --porcelain --untracked-files=no", { cwd: root }).toString().trim();
    return dirty ? `${id} (+ uncommitted changes)` : id;
  } catch {
    return "unknown";
  }
}

// One keep-alive connection per simulated device, as a phone would hold.
export function newAgent() {
  return new http.Agent({ keepAlive: true, maxSockets: 1 });
}

// Resolves to {status, headers, body (decoded text), wireBytes (body bytes as sent), ms}.
// `ms` ends at the last byte received: gunzipping and decoding the body are the client's
// work, not the server's.
export function request(url, { method = "GET", body, headers = {}, agent } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const u = new URL(url);
    const h = { ...headers };
    if (body !== undefined) {
      h["Content-Type"] ??= "application/json";
      h["Content-Length"] = Buffer.byteLength(body);
    }
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method,
                               headers: h, agent }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const ms = performance.now() - t0;
        const raw = Buffer.concat(chunks);
        const gz = res.headers["content-encoding"] === "gzip";
        resolve({ status: res.statusCode, headers: res.headers, wireBytes: raw.length,
                  body: (gz ? gunzipSync(raw) : raw).toString("utf8"), ms });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export async function requestJson(url, opts, expect = [200]) {
  const r = await request(url, opts);
  if (!expect.includes(r.status)) throw new Error(`${opts?.method ?? "GET"} ${url} → ${r.status}: ${r.body.slice(0, 300)}`);
  return { ...r, json: r.body ? JSON.parse(r.body) : null };
}

export const auth = (token) => ({ Authorization: `Bearer ${token}` });

export async function login(url, username, password) {
  const r = await requestJson(`${url}/api/v1/login`, { method: "POST", body: JSON.stringify({ username, password }) });
  return r.json.token;
}

// A phone enrolled as a leader of `group` with a real Ed25519 key, holding a session.
export async function enrollDevice(url, adminToken, group, name) {
  const code = (await requestJson(`${url}/api/v1/enroll-codes`, {
    method: "POST", headers: auth(adminToken),
    body: JSON.stringify({ role: "leader", groups: [group], ttl_hours: 2 }) })).json.code;
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = Buffer.from(publicKey.export({ format: "jwk" }).x, "base64url");
  const agent = newAgent();
  const enrolled = (await requestJson(`${url}/api/v1/enroll`, {
    method: "POST", agent, body: JSON.stringify({ code, device_name: name, public_key: raw.toString("base64") }) },
  [201])).json;
  const ts = Math.floor(Date.now() / 1000);
  const sig = sign(null, Buffer.from(`sotay-session|${enrolled.device_id}|${ts}`), privateKey);
  const session = (await requestJson(`${url}/api/v1/session`, {
    method: "POST", agent,
    body: JSON.stringify({ device_id: enrolled.device_id, timestamp_s: ts, signature: sig.toString("base64") }) })).json;
  return { deviceId: enrolled.device_id, token: session.token, agent, group };
}

// Replaces the text between `<!-- bench: NAME begin -->` and `<!-- bench: NAME end -->`
// in `file`, appending the block (with a heading) when the markers are absent.
export function writeSection(file, name, heading, text) {
  const begin = `<!-- bench: ${name} begin -->`, end = `<!-- bench: ${name} end -->`;
  let doc = readFileSync(file, "utf8");
  const block = `${begin}\n${text.trim()}\n${end}`;
  const i = doc.indexOf(begin), j = doc.indexOf(end);
  if (i >= 0 && j > i) doc = doc.slice(0, i) + block + doc.slice(j + end.length);
  else doc = doc.trimEnd() + `\n\n${heading}\n\n${block}\n`;
  writeFileSync(file, doc);
}

export const fmt = (x, digits = 0) =>
  Number.isFinite(x) ? x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "–";
