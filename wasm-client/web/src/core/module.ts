// Loading the WebAssembly module (sotay_client.js + .wasm, built with MODULARIZE as the
// global factory createSotayModule) and calling ClientApp through its one entry point.
import type { Problem, Result } from "./contract";
import { CoreError, problem } from "./problems";

export interface SotayApp {
  open(path: string, browserMode: boolean): string;
  call(method: string, args: string): string;
  // The same with the arguments as `len` UTF-8 bytes at `ptr` in the module's memory.
  callBytes(method: string, ptr: number, len: number): string;
  close(): void;
}

export interface SotayModule {
  FS: any;
  SotayApp: new () => SotayApp;
  HEAPU8: Uint8Array; // replaced when the memory grows: read it after _malloc
  _malloc(size: number): number;
  _free(ptr: number): void;
}

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

// Loads the module from beside the page (the service worker serves it offline).
export async function loadModule(): Promise<SotayModule> {
  const base = document.baseURI;
  const g = globalThis as any;
  if (typeof g.createSotayModule !== "function") {
    await loadScript(new URL("sotay_client.js", base).href);
  }
  if (typeof g.createSotayModule !== "function") {
    throw new CoreError(problem("module_missing", "Không tải được phần lõi của ứng dụng", "Could not load the app's core"));
  }
  return (await g.createSotayModule({
    locateFile: (path: string) => new URL(path, base).href,
  })) as SotayModule;
}

// One ClientApp call: the method's arguments as JSON, its {ok, value|error} back.
export function callApp<T = any>(app: SotayApp, method: string, args: Record<string, unknown> = {}): Result<T> {
  return reply<T>(() => app.call(method, JSON.stringify(args)));
}

// The same with the arguments as JSON in UTF-8 bytes, given in pieces (a pull page as
// it came from the network, inside {"response": …}): copied once into the module's
// memory, never turned into a JS string and back.
export function callAppBytes<T = any>(module: SotayModule, app: SotayApp, method: string, parts: Uint8Array[]): Result<T> {
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
    return reply<T>(() => app.callBytes(method, ptr, size));
  } finally {
    module._free(ptr);
  }
}

function reply<T>(call: () => string): Result<T> {
  let text: string;
  try {
    text = call();
  } catch (e) {
    return { ok: false, error: problem("internal_error", "Lỗi nội bộ: " + String(e), "Internal error: " + String(e)) };
  }
  const r = JSON.parse(text);
  if (r.ok) return { ok: true, value: r.value as T };
  const e = r.error as Problem;
  const p: Problem = { code: e.code, message_vi: e.message_vi, message_en: e.message_en };
  if (e.path) p.path = e.path;
  return { ok: false, error: p };
}
