// One input per field type, large enough for a thumb. Inputs report typed values
// (numbers, booleans, code arrays); what is valid is decided by core.evaluate().
import { h, type ComponentChild } from "preact";
import { useState } from "preact/hooks";
import { Toggle } from "./choice-buttons";
import { DateBoxes } from "./date-boxes";
import type { Choice, FieldDef } from "./schema";
import { SearchChoice } from "./search-choice";

export interface InputProps {
  def: FieldDef;
  value: unknown;
  sealed: boolean; // `value` is a sealed envelope (the core's check, SotayCore.isSealed)
  fold: (text: string) => string; // the core's search folding (SotayCore.foldForSearch)
  choices: Choice[];
  invalid: boolean;
  onChange: (v: unknown) => void;
  onBlur: () => void;
  labelledBy: string; // the id of the question's text: names choice groups and date boxes
  describedBy?: string; // the id of the error shown under the question
}

// Lists this long or shorter are answered with buttons (one tap); longer ones get a
// search box over buttons (the 54 ethnic groups).
const MAX_BUTTONS = 12;

// Whether the question is a group of buttons (named by its question's text) rather than
// one input (named by a <label for>).
export function isButtonGroup(type: string, choiceCount: number): boolean {
  return type === "boolean" || type === "select_multiple" || (type === "select_one" && choiceCount <= MAX_BUTTONS);
}

const empty = (v: unknown) => v === null || v === undefined || v === "";

// "+84 912 345 678" -> "0912345678": phone numbers are stored in national format.
export function normalisePhone(s: string): string {
  let t = s.replace(/[\s.\-()]/g, "");
  if (t.startsWith("+84")) t = "0" + t.slice(3);
  else if (t.startsWith("84") && t.length === 11) t = "0" + t.slice(2);
  return t;
}

// Vietnamese writes 2.000.000 for two million: separators are dropped for integers,
// a decimal comma becomes a point. Unparseable text is passed on as text so the core
// reports it instead of it silently vanishing.
export function parseNumber(raw: string, integer: boolean): unknown {
  const t = raw.trim();
  if (t === "") return null;
  const cleaned = integer ? t.replace(/[.\s,]/g, "") : t.replace(/\s/g, "").replace(",", ".");
  const re = integer ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/;
  return re.test(cleaned) ? Number(cleaned) : t;
}

function NumberInput(p: InputProps & { id: string }): ComponentChild {
  const integer = p.def.type === "integer";
  const [raw, setRaw] = useState<string | null>(null);
  const shown = raw ?? (empty(p.value) ? "" : String(p.value));
  return h("input", {
    id: p.id,
    name: p.def.name,
    type: "text",
    inputMode: integer ? "numeric" : "decimal",
    autocomplete: "off",
    value: shown,
    "aria-invalid": p.invalid ? "true" : undefined,
    "aria-describedby": p.describedBy,
    onInput: (e: Event) => {
      const t = (e.target as HTMLInputElement).value;
      setRaw(t);
      p.onChange(parseNumber(t, integer));
    },
    onBlur: p.onBlur,
  });
}

// Text, phone and citizen id. What is shown is what was typed; the value handed on is
// normalised (a phone without spaces or +84).
function TextInput(p: InputProps & { id: string }): ComponentChild {
  const d = p.def;
  const phone = d.type === "phone";
  const digits = phone || d.type === "citizen_id";
  const long = d.type === "text" && d.name === "notes";
  const [raw, setRaw] = useState<string | null>(null);
  // A sealed answer written on another phone arrives encrypted: this phone cannot show
  // it, and keeps it unless something new is typed.
  const sealed = p.sealed;
  return h(long ? "textarea" : "input", {
    id: p.id, name: d.name, type: phone ? "tel" : "text",
    inputMode: digits ? (phone ? "tel" : "numeric") : undefined,
    autocomplete: "off", rows: long ? 3 : undefined,
    placeholder: sealed ? "🔒 Đã niêm phong — gõ để thay (sealed; type to replace)" : undefined,
    value: raw ?? (empty(p.value) || sealed ? "" : String(p.value)),
    "aria-invalid": p.invalid ? "true" : undefined,
    "aria-describedby": p.describedBy,
    onInput: (e: Event) => {
      const t = (e.target as HTMLInputElement).value;
      setRaw(t);
      const v = phone ? normalisePhone(t) : d.type === "citizen_id" ? t.replace(/\s/g, "") : t;
      p.onChange(v === "" ? null : v);
    },
    onBlur: p.onBlur,
  });
}

export function FieldInput(p: InputProps): ComponentChild {
  const id = `f-${p.def.name}`;
  const d = p.def;
  const group = { name: d.name, value: p.value, invalid: p.invalid, onChange: p.onChange, onBlur: p.onBlur,
                  labelledBy: p.labelledBy, describedBy: p.describedBy };
  const coded = () => p.choices.map((c) => ({ code: c.code, vi: c.label.vi, en: c.label.en }));
  switch (d.type) {
    case "boolean":
      return h(Toggle, { ...group, options: [{ code: true, vi: "Có", en: "Yes" }, { code: false, vi: "Không", en: "No" }] });
    case "select_one":
      if (isButtonGroup(d.type, p.choices.length)) return h(Toggle, { ...group, options: coded() });
      return h(SearchChoice, { ...group, id, choices: p.choices, fold: p.fold });
    case "select_multiple":
      return h(Toggle, { ...group, multiple: true, options: coded() });
    case "integer":
    case "decimal":
      return h(NumberInput, { ...p, id });
    case "date":
      return h(DateBoxes, { ...p, id });
    default:
      return h(TextInput, { ...p, id });
  }
}
