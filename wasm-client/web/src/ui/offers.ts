// Answers offered to a leader instead of asked again: the likely answer of a new record
// (Kinh for ethnicity) and the previous member's shared answers (residence, health
// insurance). The form shows each one marked until it is changed or saved; the core
// validates them like any typed answer. A field absent from its form is never offered.
import type { RecordView, SotayCore } from "../core/contract";
import type { FormDef } from "./schema";

export type Offered = "suggested" | "copied";

export interface Offer {
  values: Record<string, unknown>;
  marks: Record<string, Offered>;
}

interface Offers {
  suggested: Record<string, unknown>; // for every new record
  suggestedFirst: Record<string, unknown>; // for the first record of its parent
  personal: string[]; // never copied from the previous record; every other answer is offered
}

// Per record type. Ethnicity "01" is Kinh in the ethnicity code list (QĐ 1019/QĐ-TCTK);
// the first member entered for a household is its head.
const OFFERS: Record<string, Offers> = {
  person: {
    suggested: { ethnicity: "01" },
    suggestedFirst: { relationship: "head" },
    personal: ["full_name", "sex", "date_of_birth", "relationship", "citizen_id", "occupation"],
  },
};

// The answers "same as the previous member" copies: all but the person's own.
export function copiedFields(def: FormDef | undefined): string[] {
  const offers = OFFERS[def?.record_type ?? ""];
  if (!offers) return [];
  return (def?.fields ?? []).filter((f) => !f.readonly && !f.sealed && !offers.personal.includes(f.name)).map((f) => f.name);
}

const present = (v: unknown) => !(v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0));

// The suggested answers of a new record (`first`: the first of its parent), or the
// previous record's answers to copy (a sealed answer is never copied: this phone
// cannot read it).
export function offeredAnswers(def: FormDef | undefined, from: "suggested" | "suggested-first" | Record<string, unknown>,
                               sealed?: (v: unknown) => boolean): Offer {
  const out: Offer = { values: {}, marks: {} };
  const offers = OFFERS[def?.record_type ?? ""];
  if (!offers) return out;
  const source = from === "suggested" ? offers.suggested
    : from === "suggested-first" ? { ...offers.suggested, ...offers.suggestedFirst } : from;
  const names = typeof from === "string" ? Object.keys(source) : copiedFields(def);
  for (const name of names) {
    const v = source[name];
    if (!present(v) || sealed?.(v) || !def?.fields.some((f) => f.name === name)) continue;
    out.values[name] = v;
    out.marks[name] = typeof from === "string" ? "suggested" : "copied";
  }
  return out;
}

// The record saved last under each parent in this session: with "save and add the
// next", the member just entered.
const lastSaved = new Map<string, string>();

export function rememberSaved(rec: RecordView): void {
  if (rec.parent_id) lastSaved.set(`${rec.parent_id}:${rec.type}`, rec.id);
}

// The member to copy from: the one saved last in this session, else the last one the
// core lists; null for the first member.
export function previousSibling(core: SotayCore, type: string, parentId: string): RecordView | null {
  const siblings = core.children(parentId, type).filter((c) => !c.deleted);
  const last = lastSaved.get(`${parentId}:${type}`);
  return siblings.find((c) => c.id === last) ?? (siblings.length ? siblings[siblings.length - 1] : null);
}
