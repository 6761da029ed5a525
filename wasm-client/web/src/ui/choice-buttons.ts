// A choice question as big buttons, one tap each: a radio group (a second tap clears) or,
// for several answers, a group of check buttons. Named by its question (labelledBy).
import { h, type ComponentChild } from "preact";
import { bi } from "./dom";

export function Toggle(p: {
  name: string; options: { code: unknown; vi: string; en?: string }[]; value: unknown;
  multiple?: boolean; invalid: boolean; onChange: (v: unknown) => void; onBlur: () => void;
  labelledBy: string; describedBy?: string;
}): ComponentChild {
  const selected = (c: unknown) =>
    p.multiple ? Array.isArray(p.value) && p.value.includes(c) : p.value === c;
  return h(
    "div",
    {
      class: `choices${p.options.length <= 3 ? " row" : p.options.length > 6 ? " grid" : ""}`,
      role: p.multiple ? "group" : "radiogroup",
      "aria-labelledby": p.labelledBy,
      "aria-describedby": p.describedBy,
      "aria-invalid": p.invalid ? "true" : undefined,
    },
    p.options.map((o) =>
      h(
        "button",
        {
          type: "button",
          class: `choice${selected(o.code) ? " on" : ""}`,
          role: p.multiple ? "checkbox" : "radio",
          "aria-checked": selected(o.code) ? "true" : "false",
          "data-code": String(o.code),
          onClick: () => {
            if (p.multiple) {
              const cur = Array.isArray(p.value) ? (p.value as unknown[]) : [];
              const next = cur.includes(o.code) ? cur.filter((c) => c !== o.code) : [...cur, o.code];
              p.onChange(next.length ? next : null);
            } else {
              p.onChange(p.value === o.code ? null : o.code); // a second tap clears
            }
            p.onBlur();
          },
        },
        h("span", { class: "tick", "aria-hidden": "true" }, selected(o.code) ? "✓" : ""),
        bi(o.vi, o.en),
      ),
    ),
  );
}
