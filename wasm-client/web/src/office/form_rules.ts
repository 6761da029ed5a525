// A form's rules on the dashboard, decided by the core exactly as on the phone: which
// questions show (relevance), which are required, constraint errors and computed
// fields come from ClientApp's `evaluate` (wasm-client/app/client_dispatch.h) over the
// server's own schemas. No rule is re-implemented here.
//
// The ClientApp lives on a private in-memory database (nothing is stored in the
// browser): it holds only the schemas, which is all `evaluate` needs for a record
// without a parent. One per page, made on first use.
import { useEffect, useState } from "preact/hooks";
import type { FieldState, FormState } from "../core/contract";
import { callApp, type SotayApp } from "../core/module";
import type { ApiError } from "./api";
import { moduleMissing, officeModule } from "./core_module";

export type { FieldState, FormState };

export interface FormRules {
  // The live state of a `type` record (no id, no parent) holding `values`.
  evaluate(type: string, values: Record<string, unknown>): FormState;
}

let appPromise: Promise<SotayApp> | null = null;
let schemasSet: unknown = null;

function coreError(e: { code: string; message_vi: string; message_en: string; path?: string }): ApiError {
  return { code: e.code, vi: e.message_vi, en: e.message_en, status: 0, field: e.path };
}

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

async function rulesFor(schemas: unknown): Promise<FormRules> {
  if (!appPromise) {
    appPromise = openApp();
    appPromise.catch(() => { appPromise = null; }); // tried again next time
  }
  const app = await appPromise;
  if (schemasSet !== schemas) {
    const set = callApp(app, "setSchemas", { body: schemas });
    if (!set.ok) throw coreError(set.error);
    schemasSet = schemas;
  }
  return {
    evaluate(type, values) {
      const r = callApp<FormState>(app, "evaluate", { type, id: null, parent_id: null, values });
      if (!r.ok) throw coreError(r.error);
      return r.value;
    },
  };
}

// The rules for the server's schemas (GET /api/v1/schemas), once the module is loaded:
// {rules: null, error: null} while loading.
export function useFormRules(schemas: unknown): { rules: FormRules | null; error: ApiError | null } {
  const [state, setState] = useState<{ rules: FormRules | null; error: ApiError | null }>({ rules: null, error: null });
  useEffect(() => {
    if (!schemas) return;
    let live = true;
    rulesFor(schemas).then(
      (rules) => { if (live) setState({ rules, error: null }); },
      (error: ApiError) => { if (live) setState({ rules: null, error }); });
    return () => { live = false; };
  }, [schemas]);
  return state;
}
