// A date as three boxes, day / month / year, typed on the number keyboard: no calendar
// to scroll back decades. Two digits move on to the next box, so "15031970" typed in
// one go fills all three. What the boxes hold is passed on as an ISO date; an
// incomplete one is passed as typed, so the core names what is wrong.
import { h, type ComponentChild } from "preact";
import { useRef, useState } from "preact/hooks";
import type { InputProps } from "./fields";

export type Parts = [string, string, string]; // day, month, year as typed

// An ISO date's boxes; empty boxes for anything else.
export function dateParts(v: unknown): Parts {
  const m = typeof v === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(v) : null;
  return m ? [m[3], m[2], m[1]] : ["", "", ""];
}

// The boxes' value: an ISO date when complete, null when empty, else "d/m/y" as typed.
export function dateOfParts([d, m, y]: Parts): string | null {
  if (!d && !m && !y) return null;
  if (d && m && y.length === 4) return `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
  return [d, m, y].join("/");
}

const BOXES: { label: string; en: string; max: number; placeholder: string }[] = [
  { label: "Ngày", en: "Day", max: 2, placeholder: "ngày" },
  { label: "Tháng", en: "Month", max: 2, placeholder: "tháng" },
  { label: "Năm", en: "Year", max: 4, placeholder: "năm" },
];

// The boxes after `text` is typed into box `i`: digits only, cut to the box's length,
// what goes past it carried into the next box.
export function typeInto(current: Parts, i: number, text: string): Parts {
  const digits = text.replace(/\D/g, "");
  const next = [...current] as Parts;
  next[i] = digits.slice(0, BOXES[i].max);
  if (digits.length > BOXES[i].max && i < 2) next[i + 1] = digits.slice(BOXES[i].max, BOXES[i].max + BOXES[i + 1].max);
  return next;
}

export function DateBoxes(p: InputProps & { id: string }): ComponentChild {
  const [parts, setParts] = useState<Parts>(() => dateParts(p.value));
  const refs = [useRef<HTMLInputElement>(null), useRef<HTMLInputElement>(null), useRef<HTMLInputElement>(null)];
  const group = useRef<HTMLDivElement>(null);
  // A value set from outside (a copy from the previous member, a discarded draft).
  const shownValue = dateOfParts(parts);
  const outside = p.value !== shownValue && !(p.value == null && shownValue == null);
  const current: Parts = outside ? dateParts(p.value) : parts;

  const type = (i: number, text: string) => {
    const next = typeInto(current, i, text);
    setParts(next);
    p.onChange(dateOfParts(next));
    if (i < 2 && next[i].length === BOXES[i].max) refs[i + 1].current?.focus();
  };

  return h("div", {
    class: "date-boxes", role: "group", ref: group,
    "aria-labelledby": p.labelledBy, "aria-describedby": p.describedBy,
    // Touched once focus leaves all three boxes, not when moving between them.
    onFocusOut: (e: FocusEvent) => {
      if (!group.current?.contains(e.relatedTarget as Node | null)) p.onBlur();
    },
  }, BOXES.map((b, i) =>
    h("label", { class: `date-part ${b.placeholder}`, key: b.label },
      h("span", { class: "date-part-label" }, b.label),
      h("input", {
        ref: refs[i], id: i === 0 ? p.id : `${p.id}-${i}`, name: `${p.def.name}-${b.en.toLowerCase()}`,
        type: "text", inputMode: "numeric", autocomplete: "off", maxLength: i < 2 ? 8 : 4,
        value: current[i], "aria-invalid": p.invalid ? "true" : undefined,
        onInput: (e: Event) => type(i, (e.target as HTMLInputElement).value),
        onKeyDown: (e: KeyboardEvent) => {
          // Backspace in an empty box goes back to the previous one.
          if (e.key === "Backspace" && i > 0 && current[i] === "") refs[i - 1].current?.focus();
        },
      }))));
}
