// Builds the installable web client into one folder:
//   node build.mjs --out <dir> --module <dir holding sotay_client.js/.wasm>
// - bundles src/main.ts (and everything it imports) into <out>/app.js: minified, ES2019,
//   one classic script (index.html loads it with <script defer>), no source map;
// - copies static/ (index.html, manifest, icons, styles, sw.js) and the WebAssembly
//   module (sotay_client.js + sotay_client.wasm);
// - stamps sw.js: "__BUILD_VERSION__" becomes a hash of every other output file, so a
//   changed file gives a new shell cache and an unchanged build keeps the old one;
// - writes precache.json {version, files}: what the service worker caches.
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));

function usage(message) {
  console.error(message + "\nusage: node build.mjs --out DIR --module DIR");
  process.exit(2);
}

const args = { out: null, module: null };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, "");
  if (!(key in args) || process.argv[i + 1] === undefined) usage("bad argument " + process.argv[i]);
  args[key] = process.argv[i + 1];
}
if (!args.out || !args.module) usage("missing --out or --module");

const out = args.out;
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(here, "src", "main.ts")],
  bundle: true,
  minify: true,
  target: "es2019",
  format: "iife",
  sourcemap: false,
  outfile: join(out, "app.js"),
  logLevel: "warning",
  legalComments: "none",
});

// The ward office dashboard: its own entry, loaded by office.html.
await build({
  entryPoints: [join(here, "src", "office", "main.ts")],
  bundle: true,
  minify: true,
  target: "es2019",
  format: "iife",
  sourcemap: false,
  outfile: join(out, "office.js"),
  logLevel: "warning",
  legalComments: "none",
});

cpSync(join(here, "static"), out, { recursive: true });
for (const name of ["sotay_client.js", "sotay_client.wasm"]) {
  const from = join(args.module, name);
  if (!existsSync(from)) usage("no " + from + " (build the sotay_client target first)");
  cpSync(from, join(out, name));
}

function listFiles(dir) {
  const files = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) files.push(...listFiles(path));
    else files.push(relative(out, path).split(sep).join("/"));
  }
  return files.sort();
}

const stamped = new Set(["sw.js", "precache.json"]);
const files = listFiles(out).filter((f) => !stamped.has(f));
const hash = createHash("sha256");
for (const f of files) {
  hash.update(f + "\0");
  hash.update(readFileSync(join(out, f)));
  hash.update("\0");
}
const swPath = join(out, "sw.js");
let version = "";
if (existsSync(swPath)) {
  hash.update(readFileSync(swPath));
  version = hash.digest("hex").slice(0, 16);
  writeFileSync(swPath, readFileSync(swPath, "utf8").split("__BUILD_VERSION__").join(version));
} else {
  version = hash.digest("hex").slice(0, 16);
}
writeFileSync(join(out, "precache.json"), JSON.stringify({ version, files }, null, 1) + "\n");

let total = 0;
for (const f of files) total += statSync(join(out, f)).size;
console.log(`web client ${version}: ${files.length} files, ${(total / 1024).toFixed(0)} KiB in ${out}`);
