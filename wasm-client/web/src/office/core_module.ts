// The core's WebAssembly module in the dashboard (`sotay_client.js`, the phone's own
// module), loaded once on first need and shared: the office keyring and the sealed-value
// check (sealed.ts) and the form rules (form_rules.ts) use the same instance, the last
// two through one ClientApp on a private in-memory database (officeApp). A failed load
// is tried again on the next call.
import type { Problem } from "../core/contract";
import { loadModule, openApp, type SotayApp, type SotayModule } from "../core/module";
import { problem } from "../core/problems";

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
export function moduleMissing(vi: string, en: string): Problem {
  return problem("module_missing", "Không tải được phần lõi " + vi, "Could not load the core " + en);
}

let appPromise: Promise<SotayApp> | null = null;

async function openOfficeApp(): Promise<SotayApp> {
  let mod;
  try {
    mod = await officeModule();
  } catch {
    throw moduleMissing("để kiểm tra biểu mẫu", "to check the form");
  }
  const app: SotayApp = new mod.SotayApp();
  const open = openApp(app, ":memory:", false);
  if (!open.ok) throw open.error;
  return app;
}

// The page's one ClientApp (nothing is stored in the browser): it holds at most the
// schemas form_rules.ts gives it. Rejects with a Problem to show.
export function officeApp(): Promise<SotayApp> {
  if (!appPromise) {
    appPromise = openOfficeApp();
    appPromise.catch(() => { appPromise = null; }); // tried again next time
  }
  return appPromise;
}
