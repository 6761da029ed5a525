// Tiny helpers over Preact's h() so screens read like markup without a JSX build step.
import { h, type ComponentChild, type ComponentChildren } from "preact";

export { h };
export type Children = ComponentChildren;

// Vietnamese text first, English underneath in smaller type.
export function bi(vi: string, en?: string, cls = ""): ComponentChild {
  return h("span", { class: `bi ${cls}`.trim() }, [
    h("span", { class: "vi", lang: "vi" }, vi),
    en ? h("span", { class: "en", lang: "en" }, en) : null,
  ]);
}

export function button(
  props: Record<string, unknown> & { onClick?: (e: Event) => void },
  vi: string,
  en?: string,
): ComponentChild {
  return h("button", { type: "button", ...props }, bi(vi, en));
}

export function problemView(p: { message_vi: string; message_en: string } | undefined | null): ComponentChild {
  if (!p) return null;
  return h("div", { class: "problem", role: "alert" }, bi(p.message_vi, p.message_en));
}

export function navigate(hash: string): void {
  if (location.hash !== hash) location.hash = hash;
  else window.dispatchEvent(new HashChangeEvent("hashchange"));
}

// The current year in Vietnam (UTC+7), whatever the phone's time zone: periods of the
// yearly forms are Vietnamese calendar years.
export function vnYear(): number {
  return new Date(Date.now() + 7 * 3600_000).getUTCFullYear();
}
