// The core's WebAssembly module in the dashboard (`sotay_client.js`, the phone's own
// module), loaded once on first need and shared: the office keyring and the sealed-value
// check (sealed.ts) and the form rules (form_rules.ts) use the same instance, the last
// two through one ClientApp on a private in-memory database (officeApp). A failed load
// is tried again on the next call.
import { loadModule, type SotayApp, type SotayModule } from "../core/module";
import type { ApiError } from "./api";

let modulePromise: Promise<SotayModule> | null = null;

export async function officeModule(): Promise<SotayModule> {
  if (!modulePromise) modulePromise = loadModule();
  try {
    return await modulePromise;
  } catch (e) {
    modulePromise = null;
    throw e;
  }
}

// The error a screen shows when the module does not load; `what` says what it was for.
export function moduleMissing(vi: string, en: string): ApiError {
  return { code: "module_missing", vi: "Không tải được phần lõi " + vi, en: "Could not load the core " + en, status: 0 };
}

function coreError(e: { code: string; message_vi: string; message_en: string; path?: string }): ApiError {
  return { code: e.code, vi: e.message_vi, en: e.message_en, status: 0, field: e.path };
}

let appPromise: Promise<SotayApp> | null = null;

async function openApp(): Promise<SotayApp> {
  let mod;
  try {
    mod = await officeModule();
  } catch {
    throw moduleMissing("để kiểm tra biểu mẫu", "to check the form");
  }
  const app: SotayApp = new mod.SotayApp();
  const open = JSON.parse(app.open(":memory:", false));
  if (!open.ok) throw coreError(open.error);
  return app;
}

// The page's one ClientApp (nothing is stored in the browser): it holds at most the
// schemas form_rules.ts gives it. Rejects with an ApiError to show.
export function officeApp(): Promise<SotayApp> {
  if (!appPromise) {
    appPromise = openApp();
    appPromise.catch(() => { appPromise = null; }); // tried again next time
  }
  return appPromise;
}

export { coreError };
