// Bundles each unit test (tests/web-unit/*.test.ts, or the names given) with the web
// client's esbuild into OUT/<name>.test.mjs, ready for `node --test`.
//   node bundle.mjs OUT [name.test.ts ...]
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const web = join(here, "..", "..", "wasm-client", "web");
const { build } = createRequire(join(web, "package.json"))("esbuild");

const [out, ...names] = process.argv.slice(2);
if (!out) {
  console.error("usage: node bundle.mjs OUT [name.test.ts ...]");
  process.exit(2);
}
const tests = (names.length ? names.map((n) => basename(n)) : readdirSync(here).filter((f) => f.endsWith(".test.ts"))).sort();
if (!tests.length) {
  console.error("no tests in " + here);
  process.exit(2);
}
await build({
  entryPoints: tests.map((t) => join(here, t)),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node18",
  outdir: out,
  outExtension: { ".js": ".mjs" },
  logLevel: "warning",
});
