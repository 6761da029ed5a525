// Read-only lookups into the schema document the core fetched (GET /api/v1/schemas):
// labels, field definitions and code lists for rendering. No rule is evaluated here.
import type { SotayCore } from "../core/contract";
import type { Choice, FieldDef, FormDef, Label } from "../core/schemas";

export type { ChildDef, Choice, FieldDef, FormDef, Label } from "../core/schemas";

export function forms(core: SotayCore): FormDef[] {
  const s = core.schemas();
  return s && Array.isArray(s.schemas) ? s.schemas : [];
}

export function form(core: SotayCore, type: string): FormDef | undefined {
  return forms(core).find((f) => (f.record_type ?? f.id) === type);
}

export function fieldDef(core: SotayCore, type: string, name: string): FieldDef | undefined {
  return form(core, type)?.fields.find((f) => f.name === name);
}

export function choices(core: SotayCore, list: string | undefined): Choice[] {
  if (!list) return [];
  return core.schemas()?.code_lists?.[list]?.choices ?? [];
}

export function formLabel(core: SotayCore, type: string): Label {
  return form(core, type)?.label ?? { vi: type, en: type };
}

export function fieldLabel(core: SotayCore, type: string, name: string): Label {
  return fieldDef(core, type, name)?.label ?? { vi: name, en: name };
}

// A stored or computed value as a person reads it (code labels, Có/Không, numbers).
export function displayValue(core: SotayCore, type: string, name: string, v: unknown): string {
  if (v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) return "—";
  if (core.isSealed(v)) return "(đã niêm phong / sealed)";
  const def = fieldDef(core, type, name);
  if (typeof v === "boolean") return v ? "Có (Yes)" : "Không (No)";
  if (def?.list) {
    const cs = choices(core, def.list);
    const one = (c: unknown) => cs.find((x) => x.code === c)?.label.vi ?? String(c);
    return Array.isArray(v) ? v.map(one).join(", ") : one(v);
  }
  if (typeof v === "number") return v.toLocaleString("vi-VN");
  if (def?.type === "date" && typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const [y, m, d] = v.split("-");
    return `${d}/${m}/${y}`;
  }
  return String(v);
}
