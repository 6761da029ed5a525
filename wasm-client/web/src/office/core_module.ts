// The core's WebAssembly module in the dashboard (`sotay_client.js`, the phone's own
// module), loaded once on first need and shared: the office keyring (sealed.ts) and the
// form rules (form_rules.ts) use the same instance. A failed load is tried again on the
// next call.
import { loadModule, type SotayModule } from "../core/module";
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
