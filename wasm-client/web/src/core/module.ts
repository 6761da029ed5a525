// Loading the WebAssembly module (sotay_client.js + .wasm, built with MODULARIZE as the
// global factory createSotayModule) and calling ClientApp through its one entry point.
import type { Problem, Result } from "./contract";
import { CoreError, problem } from "./problems";

export interface SotayApp {
  open(path: string, browserMode: boolean): string;
  call(method: string, args: string): string;
  close(): void;
}

export interface SotayModule {
  FS: any;
  SotayApp: new () => SotayApp;
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
  return callAppText<T>(app, method, JSON.stringify(args));
}

// The same with the arguments already as JSON text (a pull page, passed on unparsed).
export function callAppText<T = any>(app: SotayApp, method: string, args: string): Result<T> {
  let text: string;
  try {
    text = app.call(method, args);
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
