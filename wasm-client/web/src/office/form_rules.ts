// A form's rules on the dashboard, decided by the core exactly as on the phone: which
// questions show (relevance), which are required, constraint errors and computed
// fields come from ClientApp's `evaluate` (core/dispatch.ts) over the server's own
// schemas. No rule is re-implemented here.
//
// The ClientApp is the page's one (core_module.ts officeApp, on a private in-memory
// database): it holds only the schemas, which is all `evaluate` needs for a record
// without a parent.
import { useEffect, useState } from "preact/hooks";
import type { FieldState, FormState, Problem } from "../core/contract";
import { callApp } from "../core/module";
import { officeApp } from "./core_module";

export type { FieldState, FormState };

export interface FormRules {
  // The live state of a `type` record (no id, no parent) holding `values`.
  evaluate(type: string, values: Record<string, unknown>): FormState;
}

let schemasSet: unknown = null;

async function rulesFor(schemas: unknown): Promise<FormRules> {
  const app = await officeApp();
  if (schemasSet !== schemas) {
    const set = callApp(app, "setSchemas", { body: schemas });
    if (!set.ok) throw set.error;
    schemasSet = schemas;
  }
  return {
    evaluate(type, values) {
      const r = callApp(app, "evaluate", { type, id: null, parent_id: null, values });
      if (!r.ok) throw r.error;
      return r.value;
    },
  };
}

// The rules for the server's schemas (GET /api/v1/schemas), once the module is loaded:
// {rules: null, error: null} while loading.
export function useFormRules(schemas: unknown): { rules: FormRules | null; error: Problem | null } {
  const [state, setState] = useState<{ rules: FormRules | null; error: Problem | null }>({ rules: null, error: null });
  useEffect(() => {
    if (!schemas) return;
    let live = true;
    rulesFor(schemas).then(
      (rules) => { if (live) setState({ rules, error: null }); },
      (error: Problem) => { if (live) setState({ rules: null, error }); });
    return () => { live = false; };
  }, [schemas]);
  return state;
}
