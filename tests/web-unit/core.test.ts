// The phone's core layer where it does not need the WebAssembly module: the pull
// cursor read from a page's end, HTTP answers and the server's error body, the server
// addresses a phone accepts, the module's answer envelope, IndexedDB saves one at a
// time, the erase of the local files, and the core opened lazily.
import assert from "node:assert/strict";
import { test } from "node:test";
import { needsReenroll, type SotayCore } from "../../wasm-client/web/src/core/contract";
import { errorOf, request, requestBytes, sameServer, serverAddress } from "../../wasm-client/web/src/core/http";
import { pullCursor } from "../../wasm-client/web/src/core/index";
import { lazyCore } from "../../wasm-client/web/src/core/lazy";
import { callApp, envelope, type EmscriptenFs, type SotayApp } from "../../wasm-client/web/src/core/module";
import { problem } from "../../wasm-client/web/src/core/problems";
import { eraseLocalFiles, SaveQueue } from "../../wasm-client/web/src/core/storage";

test("the pull cursor is the last `more` and `next` after the changes", () => {
  assert.deepEqual(pullCursor('{"changes":[],"more":true,"next":42}'), { more: true, next: 42 });
  assert.deepEqual(pullCursor('{"changes":[{"value":"\\"more\\":false"}],"more":false,"next":7,"households_total":3}'),
    { more: false, next: 7 });
  assert.deepEqual(pullCursor('…"v"}],"more" : true , "next" : 123456}'), { more: true, next: 123456 });
  assert.equal(pullCursor('{"changes":[],"next":5}'), null);
  assert.equal(pullCursor('{"changes":[],"more":true}'), null);
  assert.equal(pullCursor('{"changes":[],"more":true,"next":99999999999999999999}'), null, "not a safe integer");
});

test("the server's error body becomes a Problem; anything else names the status", () => {
  assert.deepEqual(errorOf(400, { error: { code: "invalid_value", message: "Sai / Wrong", message_vi: "Sai", message_en: "Wrong", field: "year" } }),
    { code: "invalid_value", message_vi: "Sai", message_en: "Wrong", path: "year" });
  assert.deepEqual(errorOf(403, { error: { code: "forbidden", message: "Cấm / Forbidden" } }),
    { code: "forbidden", message_vi: "Cấm / Forbidden", message_en: "Cấm / Forbidden" });
  assert.deepEqual(errorOf(409, { error: { code: "user_exists" } }), { code: "user_exists", message_vi: "user_exists", message_en: "user_exists" });
  assert.equal(errorOf(502, "<html>").code, "http_502");
  assert.equal(errorOf(500, { error: { code: 5 } }).code, "http_500");
  assert.equal(errorOf(404, null).message_en, "The server answered with error 404");
});

// Runs `f` with fetch answering `answer` (a Response, or a thrown network failure),
// and returns what fetch was asked.
async function withFetch(answer: () => Response, f: () => Promise<void>): Promise<{ url: string; init: RequestInit }[]> {
  const calls: { url: string; init: RequestInit }[] = [];
  const saved = globalThis.fetch;
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return answer();
  }) as typeof fetch;
  try {
    await f();
  } finally {
    globalThis.fetch = saved;
  }
  return calls;
}

test("requests: JSON both ways, the token as a bearer, the answer's status kept", async () => {
  const calls = await withFetch(() => new Response('{"token":"t1","expires_at":5}', { status: 200 }), async () => {
    const r = await request<{ token: string }>("POST", "http://h/api/v1/session", { a: 1 }, { token: "abc" });
    assert.deepEqual(r, { ok: true, status: 200, body: { token: "t1", expires_at: 5 } });
  });
  assert.equal(calls.length, 1);
  const headers = calls[0].init.headers as Record<string, string>;
  assert.equal(headers.Authorization, "Bearer abc");
  assert.equal(headers["Content-Type"], "application/json");
  assert.equal(calls[0].init.body, '{"a":1}');
  assert.equal(calls[0].init.credentials, "omit");
});

test("requests: no body, no Content-Type; no token, no Authorization", async () => {
  const calls = await withFetch(() => new Response("{}"), async () => {
    await request("GET", "/api/v1/me");
  });
  const headers = calls[0].init.headers as Record<string, string>;
  assert.equal(headers["Content-Type"], undefined);
  assert.equal(headers.Authorization, undefined);
  assert.equal(calls[0].init.body, undefined);
});

test("requests: errors, 204, a non-JSON success and the network gone", async () => {
  await withFetch(() => new Response('{"error":{"code":"bad_credentials","message_vi":"Sai","message_en":"Wrong"}}', { status: 401 }), async () => {
    assert.deepEqual(await request("POST", "/api/v1/login", {}),
      { ok: false, status: 401, error: { code: "bad_credentials", message_vi: "Sai", message_en: "Wrong" } });
  });
  await withFetch(() => new Response(null, { status: 204 }), async () => {
    assert.deepEqual(await request("POST", "/api/v1/logout", {}), { ok: true, status: 204, body: null });
  });
  await withFetch(() => new Response("<html>", { status: 200 }), async () => {
    const r = await request("GET", "/x");
    assert.equal(r.ok ? "ok" : r.error.code, "bad_response");
  });
  await withFetch(() => { throw new TypeError("Failed to fetch"); }, async () => {
    const r = await request("GET", "/x");
    assert.equal(r.ok ? "ok" : r.error.code + " " + r.status, "offline 0");
    const office = problem("offline", "Không kết nối được máy chủ", "Cannot reach the server");
    const r2 = await request("GET", "/x", undefined, { offline: office });
    assert.deepEqual(r2, { ok: false, status: 0, error: office });
  });
});

test("a pull page's bytes are passed on as they came; a failed page gives its error", async () => {
  await withFetch(() => new Response('{"changes":[]}', { status: 200 }), async () => {
    const r = await requestBytes("GET", "/p");
    assert.ok(r.ok);
    assert.equal(new TextDecoder().decode(r.bytes), '{"changes":[]}');
  });
  await withFetch(() => new Response('{"error":{"code":"bad_cursor"}}', { status: 400 }), async () => {
    const r = await requestBytes("GET", "/p");
    assert.equal(r.ok ? "ok" : r.error.code, "bad_cursor");
  });
});

test("a server address is https, or plain http to this device itself", () => {
  const value = (text: string) => {
    const r = serverAddress(text);
    return r.ok ? r.value : r.error.code;
  };
  assert.equal(value(" https://Sotay.Example.vn/ "), "https://sotay.example.vn");
  assert.equal(value("https://host:8443/phuong/"), "https://host:8443/phuong");
  assert.equal(value("http://localhost:8080"), "http://localhost:8080");
  assert.equal(value("http://127.0.0.1:8080/"), "http://127.0.0.1:8080");
  assert.equal(value("http://[::1]:8080"), "http://[::1]:8080");
  assert.equal(value("http://sotay.example.vn"), "server_not_https");
  assert.equal(value("http://192.168.1.5:8080"), "server_not_https");
  assert.equal(value("sotay.example.vn"), "server_invalid");
  assert.equal(value("ftp://host"), "server_invalid");
  assert.equal(value("https://user:pw@host"), "server_invalid");
  assert.equal(value("https://host/?code=1"), "server_invalid");
  const refused = serverAddress("http://host");
  assert.equal(refused.ok ? "ok" : refused.error.path, "server", "the server box is the field at fault");
});

test("two addresses name one server once written alike", () => {
  assert.equal(sameServer("https://Host:443/", "https://host"), true);
  assert.equal(sameServer("https://host/phuong/", "https://host/phuong"), true);
  assert.equal(sameServer("https://host", "http://host"), false);
  assert.equal(sameServer("https://host:8443", "https://host"), false);
  assert.equal(sameServer("https://host/a", "https://host/b"), false);
  assert.equal(sameServer("not an address", "not an address"), false);
});

test("the module's envelope: the value, the core's Problem, or an internal error", () => {
  assert.deepEqual(envelope(() => '{"ok":true,"value":[1,2]}'), { ok: true, value: [1, 2] });
  assert.deepEqual(envelope(() => '{"ok":false,"error":{"code":"not_found","message_vi":"Không có","message_en":"None","path":""}}'),
    { ok: false, error: { code: "not_found", message_vi: "Không có", message_en: "None" } });
  assert.deepEqual(envelope(() => '{"ok":false,"error":{"code":"invalid_argument","message_vi":"v","message_en":"e","path":"id"}}'),
    { ok: false, error: { code: "invalid_argument", message_vi: "v", message_en: "e", path: "id" } });
  const thrown = envelope(() => { throw new Error("boom"); });
  assert.equal(thrown.ok ? "ok" : thrown.error.code, "internal_error");
});

test("callApp sends the method and its arguments as JSON ({} when none)", () => {
  const sent: [string, string][] = [];
  const app: SotayApp = {
    open: () => "", close: () => {}, callBytes: () => "",
    call: (method, args) => { sent.push([method, args]); return '{"ok":true,"value":3}'; },
  };
  assert.deepEqual(callApp(app, "pendingCount"), { ok: true, value: 3 });
  callApp(app, "getRecord", { id: "r1" });
  assert.deepEqual(sent, [["pendingCount", "{}"], ["getRecord", '{"id":"r1"}']]);
});

test("only a revoked or unknown device needs a new enrollment", () => {
  assert.equal(needsReenroll(problem("device_revoked", "", "")), true);
  assert.equal(needsReenroll(problem("device_unknown", "", "")), true);
  assert.equal(needsReenroll(problem("offline", "", "")), false);
  assert.equal(needsReenroll(null), false);
});

// An emscripten FS whose saves (syncfs) finish when the test says; `paths`: its files
// and folders (a folder's path ends with "/").
function fakeFs(paths: string[] = []) {
  const pending: ((err: unknown) => void)[] = [];
  const tree = new Set(paths);
  const DIR = 0o040000;
  const fs: EmscriptenFs = {
    mkdir: () => {}, mount: () => {}, filesystems: { IDBFS: {} },
    syncfs: (_populate, callback) => { pending.push(callback); },
    readdir: (dir) => [".", "..", ...[...tree].filter((p) => p !== dir + "/" && p.startsWith(dir + "/") &&
      !p.slice(dir.length + 1).replace(/\/$/, "").includes("/")).map((p) => p.slice(dir.length + 1).replace(/\/$/, ""))],
    stat: (path) => ({ mode: tree.has(path + "/") ? DIR : 0o100000 }),
    isDir: (mode) => (mode & DIR) === DIR,
    rmdir: (path) => { tree.delete(path + "/"); },
    unlink: (path) => { tree.delete(path); },
  };
  return { fs, pending, tree };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

test("saves run one at a time; calls made during a save share the one after it", async () => {
  const { fs, pending } = fakeFs();
  const q = new SaveQueue(fs);
  const first = q.persist();
  const second = q.persist();
  const third = q.persist();
  assert.equal(second, third, "one queued save for every caller that came during the first");
  assert.notEqual(first, second);
  await tick();
  assert.equal(pending.length, 1, "the second save waits for the first");
  pending[0](null);
  await first;
  await tick();
  assert.equal(pending.length, 2);
  pending[1](null);
  await second;
  // Idle again: a new call starts at once.
  const fourth = q.persist();
  await tick();
  assert.equal(pending.length, 3);
  pending[2](null);
  await fourth;
});

test("a failed save rejects its callers; the next save still runs", async () => {
  const { fs, pending } = fakeFs();
  const q = new SaveQueue(fs);
  const first = q.persist();
  const second = q.persist();
  pending[0](new Error("quota"));
  await assert.rejects(first, /quota/);
  await tick();
  assert.equal(pending.length, 2);
  pending[1](null);
  await second;
});

test("the lazy core answers as an empty phone until opened, then forwards", async () => {
  let opened = 0;
  const real = {
    enrollment: () => ({ server: "s", device_id: "d", device_name: "n", role: "leader", groups: ["tdp-01"] }),
    pendingCount: () => 7,
    listHouseholds: async (q: string) => [q],
  } as unknown as SotayCore;
  const { core, start } = lazyCore(async () => { opened++; return real; });
  assert.equal(core.enrollment(), null);
  assert.equal(core.pendingCount(), 0);
  assert.equal(core.schemas(), null);
  assert.equal(opened, 0, "asking what an empty phone has opens nothing");
  assert.equal((core as unknown as { then?: unknown }).then, undefined, "not mistaken for a promise");
  assert.deepEqual(await core.listHouseholds("lê"), ["lê"], "a real call opens the core and is answered by it");
  assert.equal(opened, 1);
  assert.equal(core.pendingCount(), 7);
  assert.equal(core.enrollment()?.device_id, "d");
  await start();
  assert.equal(opened, 1, "opened once");
});

test("an erase removes the local files, saves that, then deletes the IndexedDB database", async () => {
  const { fs, pending, tree } = fakeFs(["/sotay/", "/sotay/local.db", "/sotay/local.db-wal", "/sotay/sub/", "/sotay/sub/x", "/other/", "/other/y"]);
  let closed = 0;
  fs.filesystems.IDBFS.dbs = { "/sotay": { close: () => { closed++; } } as IDBDatabase };
  const deleted: string[] = [];
  const saved = globalThis.indexedDB;
  globalThis.indexedDB = {
    deleteDatabase: (name: string) => {
      deleted.push(name);
      const req = {} as IDBOpenDBRequest;
      setTimeout(() => req.onsuccess?.call(req, new Event("success")), 0);
      return req;
    },
  } as IDBFactory;
  try {
    const erased = eraseLocalFiles(fs, "/sotay", new SaveQueue(fs));
    await tick();
    assert.deepEqual([...tree], ["/sotay/", "/other/", "/other/y"], "the files under the mount point, and only those");
    assert.equal(pending.length, 1, "the removal is saved");
    assert.deepEqual(deleted, [], "before the database goes");
    pending[0](null);
    await erased;
    assert.equal(closed, 1);
    assert.deepEqual(fs.filesystems.IDBFS.dbs, {});
    assert.deepEqual(deleted, ["/sotay"]);
  } finally {
    globalThis.indexedDB = saved;
  }
});
