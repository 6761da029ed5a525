// Loading the WebAssembly module (sotay_client.js + .wasm, built with MODULARIZE as the
// global factory createSotayModule) and calling ClientApp through its one entry point.
import type { Problem, Result } from "./contract";
import type { ArgsOf, Method, ValueOf } from "./dispatch";
import { CoreError, problem } from "./problems";

export interface SotayApp {
  open(path: string, browserMode: boolean): string;
  call(method: string, args: string): string;
  // The same with the arguments as `len` UTF-8 bytes at `ptr` in the module's memory.
  callBytes(method: string, ptr: number, len: number): string;
  close(): void;
}

// The office key inside the module (wasm-client/app/office_keyring.h): every answer is
// the {ok, value|error} envelope as text.
export interface OfficeKeyring {
  unlock(publicKey: string, wrapped: string, passphrase: string): string;
  open(envelope: string): string;
  lock(): void;
  unlocked(): boolean;
}

// The parts of emscripten's runtime FS used here (emscripten ships no TypeScript types).
export interface MemfsNode {
  contents: Uint8Array | null;
  usedBytes: number;
}
export interface EmscriptenFs {
  mkdir(path: string): void;
  mount(type: unknown, opts: object, mountpoint: string): void;
  syncfs(populate: boolean, callback: (err: unknown) => void): void;
  readdir(path: string): string[]; // with "." and ".."
  stat(path: string): { mode: number };
  isDir(mode: number): boolean;
  rmdir(path: string): void;
  unlink(path: string): void;
  filesystems: {
    // `dbs`: IDBFS's open IndexedDB connections, by mount point.
    IDBFS: { dbs?: Record<string, IDBDatabase> };
    MEMFS?: { expandFileStorage?: (node: MemfsNode, wanted: number) => void };
  };
}

export interface SotayModule {
  FS: EmscriptenFs;
  SotayApp: new () => SotayApp;
  OfficeKeyring: new () => OfficeKeyring;
  HEAPU8: Uint8Array; // replaced when the memory grows: read it after _malloc
  _malloc(size: number): number;
  _free(ptr: number): void;
}

type ModuleFactory = (opts: { locateFile: (path: string) => string }) => Promise<SotayModule>;

function loadScript(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = url;
    s.async = true;
    s.onload = () => resolve();
    s.onerror = () => reject(new Error("could not load " + url));
    document.head.appendChild(s);
  });
}

// The factory sotay_client.js defines as a global.
function factory(): ModuleFactory | undefined {
  const f: unknown = (globalThis as { createSotayModule?: unknown }).createSotayModule;
  return typeof f === "function" ? (f as ModuleFactory) : undefined;
}

// Loads the module from beside the page (the service worker serves it offline).
export async function loadModule(): Promise<SotayModule> {
  const base = document.baseURI;
  if (!factory()) {
    await loadScript(new URL("sotay_client.js", base).href);
  }
  const create = factory();
  if (!create) {
    throw new CoreError(problem("module_missing", "Không tải được phần lõi của ứng dụng", "Could not load the app's core"));
  }
  return create({ locateFile: (path: string) => new URL(path, base).href });
}

// A method without arguments may be called without them.
export type ArgsParam<M extends Method> = Record<string, never> extends ArgsOf<M> ? [args?: ArgsOf<M>] : [args: ArgsOf<M>];

// One ClientApp call: the method's arguments as JSON, its {ok, value|error} back.
export function callApp<M extends Method>(app: SotayApp, method: M, ...[args]: ArgsParam<M>): Result<ValueOf<M>> {
  return envelope<ValueOf<M>>(() => app.call(method, JSON.stringify(args ?? {})));
}

// The same with the arguments as JSON in UTF-8 bytes, given in pieces (a pull page as
// it came from the network, inside {"response": …}): copied once into the module's
// memory, never turned into a JS string and back.
export function callAppBytes<M extends Method>(module: SotayModule, app: SotayApp, method: M, parts: Uint8Array[]): Result<ValueOf<M>> {
  const size = parts.reduce((n, p) => n + p.length, 0);
  const ptr = module._malloc(Math.max(size, 1));
  if (!ptr) return { ok: false, error: problem("out_of_memory", "Điện thoại hết bộ nhớ", "Out of memory") };
  try {
    const heap = module.HEAPU8;
    let at = ptr;
    for (const p of parts) {
      heap.set(p, at);
      at += p.length;
    }
    return envelope<ValueOf<M>>(() => app.callBytes(method, ptr, size));
  } finally {
    module._free(ptr);
  }
}

// Opens ClientApp's database (":memory:" for a private one).
export function openApp(app: SotayApp, path: string, browserMode: boolean): Result<null> {
  return envelope<null>(() => app.open(path, browserMode));
}

// The module's answer envelope ({ok, value} or {ok, error}) as a Result; `T` is what the
// call answers with (the dispatch contract, dispatch.ts).
export function envelope<T>(call: () => string): Result<T> {
  let text: string;
  try {
    text = call();
  } catch (e) {
    return { ok: false, error: problem("internal_error", "Lỗi nội bộ: " + String(e), "Internal error: " + String(e)) };
  }
  const r = JSON.parse(text) as { ok: true; value: T } | { ok: false; error: Problem };
  if (r.ok) return { ok: true, value: r.value };
  const e = r.error;
  const p: Problem = { code: e.code, message_vi: e.message_vi, message_en: e.message_en };
  if (e.path) p.path = e.path;
  return { ok: false, error: p };
}
