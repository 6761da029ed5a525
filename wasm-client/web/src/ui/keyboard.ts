// The on-screen keyboard on a 640 px phone (and in-app browsers such as Zalo's, which
// shrink the page): while it is open the sticky save bar steps aside (body.keyboard-open)
// and the field being typed is scrolled to the middle of what is left visible.
import { useEffect } from "preact/hooks";

// Less than this share of the layout height visible: a keyboard is covering the rest.
const KEYBOARD_SHARE = 0.75;

const typing = (el: Element | null) =>
  !!el && (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && !["button", "checkbox", "radio"].includes((el as HTMLInputElement).type)));

export function useKeyboardAware(form: { current: HTMLElement | null }): void {
  useEffect(() => {
    const vv = window.visualViewport;
    let tallest = vv ? vv.height : window.innerHeight;
    const update = () => {
      const visible = vv ? vv.height : window.innerHeight;
      tallest = Math.max(tallest, visible);
      // A page shrunk by the browser (in-app browsers) reports the smaller height in
      // both: compared with the tallest seen, and with an absolute floor for a phone.
      const open = typing(document.activeElement) && (visible < tallest * KEYBOARD_SHARE || visible < 420);
      document.body.classList.toggle("keyboard-open", open);
      if (open) reveal();
    };
    const reveal = () => {
      const el = document.activeElement;
      if (typing(el) && form.current?.contains(el)) el!.scrollIntoView({ block: "center" });
    };
    const onFocus = () => { update(); window.setTimeout(update, 300); };
    vv?.addEventListener("resize", update);
    window.addEventListener("resize", update);
    document.addEventListener("focusin", onFocus);
    document.addEventListener("focusout", onFocus);
    return () => {
      vv?.removeEventListener("resize", update);
      window.removeEventListener("resize", update);
      document.removeEventListener("focusin", onFocus);
      document.removeEventListener("focusout", onFocus);
      document.body.classList.remove("keyboard-open");
    };
  }, []);
}
