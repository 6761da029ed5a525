// A long code list (the 54 ethnic groups) as a search box over big buttons: the chosen
// answer, or the first few of the list, are one tap away; typing a few letters, with or
// without diacritics, finds the rest.
import { h, type ComponentChild } from "preact";
import { useMemo, useState } from "preact/hooks";
import { Toggle } from "./choice-buttons";
import type { Choice } from "./schema";

const SHOWN = 4;

// The choices whose folded text ("code vi en", folded[i] for choices[i]) holds every
// word of the folded query, in any order; all of them for an empty query.
export function matchingChoices(choices: Choice[], folded: string[], foldedQuery: string): Choice[] {
  const words = foldedQuery.split(" ").filter(Boolean);
  return choices.filter((_, i) => words.every((w) => folded[i].includes(w)));
}

// The buttons shown: the first few matches, and the chosen answer (first) when it is not
// among them.
export function shownChoices(matches: Choice[], chosen: Choice | undefined): Choice[] {
  const shown = matches.slice(0, SHOWN);
  if (chosen && !shown.includes(chosen)) shown.unshift(chosen);
  return shown;
}

export function SearchChoice(p: {
  id: string; name: string; choices: Choice[]; value: unknown; invalid: boolean;
  labelledBy: string; describedBy?: string;
  fold: (text: string) => string; // the core's search folding: "Mường" and "muong" match
  onChange: (v: unknown) => void; onBlur: () => void;
}): ComponentChild {
  const [query, setQuery] = useState("");
  const folded = useMemo(() => p.choices.map((c) => p.fold(`${c.code} ${c.label.vi} ${c.label.en}`)), [p.choices]);
  const matches = matchingChoices(p.choices, folded, p.fold(query));
  const chosen = p.choices.find((c) => c.code === p.value);
  const shown = shownChoices(matches, chosen);
  return h("div", { class: "search-choice" },
    h("input", {
      id: p.id, type: "search", autocomplete: "off", value: query,
      placeholder: "Tìm… (search)",
      "aria-describedby": p.describedBy, "aria-invalid": p.invalid ? "true" : undefined,
      onInput: (e: Event) => setQuery((e.target as HTMLInputElement).value),
    }),
    h(Toggle, {
      name: p.name, value: p.value, invalid: p.invalid, labelledBy: p.labelledBy,
      options: shown.map((c) => ({ code: c.code, vi: c.label.vi, en: c.label.en })),
      onChange: (v: unknown) => { p.onChange(v); setQuery(""); }, onBlur: p.onBlur,
    }),
    matches.length > shown.length
      ? h("p", { class: "muted more" }, `Còn ${matches.length - shown.filter((c) => matches.includes(c)).length} mục khác: gõ để tìm (${matches.length} in all)`)
      : matches.length === 0 ? h("p", { class: "muted more" }, "Không thấy: gõ cách khác (no match)") : null);
}
