// The form set as GET /api/v1/schemas serves it (core/schema.cc ToClientJson, plus the
// plan's indicators from schemas/indicators/plan.json): read by the phone (cached by the
// core, SotayCore.schemas()) and by the office dashboard. docs/schema-format.md says
// what each key means; nothing here evaluates a rule.

export interface Label { vi: string; en: string }

export interface FieldDef {
  name: string;
  type: string; // "text", "integer", "decimal", "boolean", "date", "select_one", ...
  label: Label;
  hint?: Label;
  list?: string; // the code list of a select field
  readonly?: boolean;
  sealed?: boolean;
  sensitive?: boolean;
  required?: boolean | string; // or an expression
  relevant?: string;
  constraint?: string;
  constraint_message?: Label;
  calculate?: string;
  min?: number | string; // a date's bounds are "YYYY-MM-DD"
  max?: number | string;
  max_length?: number;
  source?: string;
}

export interface ChildDef { type: string; min?: number; max?: number; label: Label }

export interface FormDef {
  id: string;
  version?: number;
  record_type: string;
  parent_type: string | null;
  label: Label;
  source?: string;
  period?: boolean;
  children?: ChildDef[];
  fields: FieldDef[];
}

export interface Choice { code: string; label: Label }

export interface CodeList {
  id: string;
  source?: string;
  choices: Choice[];
}

// An indicator's target: "at least 90" is {comparison: "gte", value: 90}.
export interface Target {
  comparison: "gte" | "gt" | "lte" | "lt" | "eq";
  value: number;
}

// One indicator of the plan (schemas/indicators/plan.json), as the registry lists it.
export interface IndicatorDef {
  id: string;
  plan_item: number | null;
  label: Label;
  unit: string;
  kind: string; // "ratio", "count", "value"
  source: string; // "records" or "manual"
  frequency: string; // "month", "quarter" or "year"
  target: Target | null;
  target_text: Label;
  rule_source?: string;
  formula?: Label;
  // One group-level record per group (indicator 10); how a group's row reads is the
  // server's (each value row's `display`).
  per_group?: boolean;
}

export interface Schemas {
  version: string; // the set's content hash
  schemas: FormDef[];
  code_lists: Record<string, CodeList>;
  indicators?: IndicatorDef[];
  office_public_key?: string; // the key phones seal to (a rotated one replaces the enrollment's)
}
