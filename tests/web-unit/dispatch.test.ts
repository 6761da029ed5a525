// The dispatch methods of the wasm core are listed once in C++ (Handlers() in
// wasm-client/app/client_dispatch.cc, each handler reading its arguments by name) and
// typed once in TypeScript (DispatchMethods in wasm-client/web/src/core/dispatch.ts).
// This test reads both and fails when they name different methods or arguments, or
// disagree on which arguments may be left out.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "node:test";
import type * as TS from "typescript";

const root = process.env.SOTAY_ROOT ?? process.cwd();
const ts = createRequire(join(root, "wasm-client", "web", "package.json"))("typescript") as typeof TS;

// method → argument → optional?
type Methods = Map<string, Map<string, boolean>>;

// Each entry of the handler table: {"name", [](ClientApp& app, Args& args) {...}}. An
// argument is optional when read with a fallback: String(name, true), Int(name, n).
function cppMethods(): Methods {
  const text = readFileSync(join(root, "wasm-client", "app", "client_dispatch.cc"), "utf8");
  const start = text.indexOf("Handlers() {");
  const end = text.indexOf("return *handlers;", start);
  assert.ok(start >= 0 && end > start, "client_dispatch.cc: the Handlers() table was not found");
  const table = text.slice(start, end);
  const entry = /\{"(\w+)",\s*\[\]/g;
  const starts = [...table.matchAll(entry)];
  const out: Methods = new Map();
  starts.forEach((m, i) => {
    const body = table.slice(m.index! + m[0].length, i + 1 < starts.length ? starts[i + 1].index : table.length);
    const args = new Map<string, boolean>();
    for (const a of body.matchAll(/args\.(String|Int|Any)\("(\w+)"\s*(,[^)]*)?\)/g)) {
      const optional = a[1] !== "Any" && a[3] !== undefined && a[3].replace(/[,\s]/g, "") !== "false";
      args.set(a[2], optional);
    }
    assert.ok(!out.has(m[1]), "client_dispatch.cc: " + m[1] + " twice");
    out.set(m[1], args);
  });
  return out;
}

// interface DispatchMethods { name: { args: {a: …; b?: …} | NoArgs; value: … }; … }
function tsMethods(): Methods {
  const path = join(root, "wasm-client", "web", "src", "core", "dispatch.ts");
  const source = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true);
  const iface = source.statements.find((s): s is TS.InterfaceDeclaration =>
    ts.isInterfaceDeclaration(s) && s.name.text === "DispatchMethods");
  assert.ok(iface, "dispatch.ts: interface DispatchMethods was not found");
  const out: Methods = new Map();
  for (const member of iface.members) {
    assert.ok(ts.isPropertySignature(member) && member.type && ts.isTypeLiteralNode(member.type),
      "dispatch.ts: every DispatchMethods member is {args, value}");
    const name = member.name.getText(source);
    const parts = new Map(member.type.members.filter(ts.isPropertySignature).map((p) => [p.name.getText(source), p.type]));
    assert.ok(parts.has("value"), "dispatch.ts: " + name + " has no value");
    const argsType = parts.get("args");
    assert.ok(argsType, "dispatch.ts: " + name + " has no args");
    const args = new Map<string, boolean>();
    if (ts.isTypeLiteralNode(argsType)) {
      for (const a of argsType.members) {
        assert.ok(ts.isPropertySignature(a), "dispatch.ts: " + name + "'s args are plain properties");
        args.set(a.name.getText(source), a.questionToken !== undefined);
      }
    } else {
      assert.equal(argsType.getText(source), "NoArgs", "dispatch.ts: " + name + "'s args are an object type or NoArgs");
    }
    out.set(name, args);
  }
  return out;
}

const described = (m: Methods) =>
  Object.fromEntries([...m].map(([name, args]) => [name, [...args].map(([a, opt]) => a + (opt ? "?" : "")).sort()]));

test("the C++ handler table is read (sanity check of this test's parser)", () => {
  const cpp = described(cppMethods());
  assert.deepEqual(cpp.enrollRequest, ["code", "device_name", "replace?", "server"]);
  assert.deepEqual(cpp.children, ["parent_id", "type?"]);
  assert.deepEqual(cpp.applyPullResponse, ["response"]);
  assert.deepEqual(cpp.pendingCount, []);
});

test("TypeScript types the methods C++ dispatches, with the same arguments", () => {
  const cpp = described(cppMethods());
  const typed = described(tsMethods());
  assert.deepEqual(Object.keys(typed).sort(), Object.keys(cpp).sort(), "the same methods");
  for (const name of Object.keys(cpp)) {
    assert.deepEqual(typed[name], cpp[name], name + ": the same arguments (\"?\": may be left out)");
  }
});
