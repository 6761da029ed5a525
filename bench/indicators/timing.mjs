// Serves a ward database and times the dashboard's indicators request on it: shared by
// scaled.mjs and city.mjs.
import { serveWard } from "../../tests/browser/serve.mjs";
import { login, median, procMemoryKib } from "../lib/common.mjs";
import { indicators } from "../pull/pull.mjs";

// `sotay-server serve` on `db`, `runs` requests of GET /api/v1/indicators?period=
// `period` as `username`; resolves to {ms, medianMs, values, serverMemoryKib {peak,
// current}} and stops the server.
export async function timeIndicators({ serverBin, db, staticDir, schemasDir, username, password, runs, period = 2026 }) {
  const s = await serveWard({ serverBin, db, staticDir, schemasDir, timeoutMs: 600_000 });
  try {
    const token = await login(s.url, username, password);
    const ms = [];
    let values = 0;
    for (let r = 0; r < runs; ++r) {
      const x = await indicators({ url: s.url, token, period });
      ms.push(x.ms);
      values = x.values;
    }
    return { ms, medianMs: median(ms), values, serverMemoryKib: procMemoryKib(s.proc.pid) };
  } finally {
    s.proc.kill("SIGTERM");
    await new Promise((r) => s.proc.once("exit", r));
  }
}
