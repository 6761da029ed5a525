// Starts `sotay-server serve` on a free loopback port and resolves once it prints its
// "listening on" line: shared by the browser tests and bench/phone.
import { spawn, spawnSync } from "node:child_process";

// Runs one `sotay-server` subcommand; returns its stdout, throws with its stderr when it
// fails.
export function runServer(serverBin, args, input, timeoutMs = 120_000) {
  const r = spawnSync(serverBin, args, { input: input ?? "", encoding: "utf8", timeout: timeoutMs });
  if (r.status !== 0) throw new Error(`sotay-server ${args.join(" ")} → ${r.status}: ${r.stderr}`);
  return r.stdout;
}

// Resolves to {proc, url, stderr()}; rejects with the server's stderr when it exits or
// stays silent for `timeoutMs`.
export async function serveWard({ serverBin, db, staticDir, schemasDir, timeoutMs = 30_000 }) {
  // Without staticDir the server answers "/" with its placeholder page (bench/soak).
  const proc = spawn(serverBin, ["serve", "--db", db, "--host", "127.0.0.1", "--port", "0",
                                 ...(staticDir ? ["--static", staticDir] : []), "--schemas", schemasDir],
                     { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  proc.stderr.on("data", (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("server did not start: " + stderr)), timeoutMs);
    proc.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on("exit", (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${stderr}`)); });
  });
  proc.removeAllListeners("exit");
  return { proc, url, stderr: () => stderr };
}
