// Sealed fields (citizen ID, phone, notes) in the office user's browser. Phones seal them
// to the office key (crypto_box_seal); the server keeps the office secret key only
// wrapped under the office passphrase (Argon2id) and hands out that wrapped text
// (GET /api/v1/office-key, audited). Here the passphrase unwraps it inside the core's
// WebAssembly module (OfficeKeyring, the same libsodium code the phone seals with):
// the passphrase goes from the input straight into the module, the key never leaves
// it, nothing is sent to the server or stored, and closing the tab forgets both.
import { h } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Problem } from "../core/contract";
import { callApp, envelope, type OfficeKeyring } from "../core/module";
import { get } from "./api";
import { moduleMissing, officeApp, officeModule } from "./core_module";
import { t } from "./i18n";
import { ErrorBox } from "./state";

let keyring: OfficeKeyring | null = null;
// Opened values by ciphertext, so a screen does not open the same box on every render.
const opened = new Map<string, { ok: true; text: string } | { ok: false; code: string }>();
const listeners = new Set<() => void>();

function changed(): void {
  listeners.forEach((f) => f());
}

// Whether a value is a sealed envelope is the core's check (IsSealedEnvelope in
// core/field_check.h, ClientApp's `isSealed`), asked of the module; never decided here.
// The first call loads it; until it has loaded no value reads as sealed, and the
// screens that show values (useSealedKey) redraw once it has.
let sealedCheck: ((v: unknown) => boolean) | null = null;
let checkLoading = false;

function loadSealedCheck(): void {
  if (checkLoading) return;
  checkLoading = true;
  officeApp().then(
    (app) => {
      sealedCheck = (v) => {
        const r = callApp(app, "isSealed", { value: v });
        return r.ok && r.value === true;
      };
      changed();
    },
    () => { checkLoading = false; }); // not loaded: tried again on the next call
}

export function isSealed(v: unknown): v is { sealed: string } {
  if (!sealedCheck) {
    loadSealedCheck();
    return false;
  }
  return sealedCheck(v);
}

export function unlocked(): boolean {
  return !!keyring && keyring.unlocked();
}

// Re-renders the caller when the key is unlocked or locked; returns whether it is open.
export function useSealedKey(): boolean {
  const [, tick] = useState(0);
  useEffect(() => {
    const f = () => tick((x) => x + 1);
    listeners.add(f);
    return () => {
      listeners.delete(f);
    };
  }, []);
  return unlocked();
}

function textOf(v: unknown): string {
  if (v === null || v === undefined) return "";
  return typeof v === "string" ? v : JSON.stringify(v);
}

// The sealed value's plaintext once the key is open; null while it is locked. A box
// that does not open (sealed to another key, damaged) gives its error code.
export function openSealed(v: { sealed: string }): { ok: true; text: string } | { ok: false; code: string } | null {
  if (!keyring || !keyring.unlocked()) return null;
  const hit = opened.get(v.sealed);
  if (hit) return hit;
  const k = keyring;
  const r = envelope<unknown>(() => k.open(JSON.stringify(v)));
  const out = r.ok ? ({ ok: true, text: textOf(r.value) } as const) : ({ ok: false, code: String(r.error?.code ?? "seal_open_failed") } as const);
  opened.set(v.sealed, out);
  return out;
}

// What a table cell shows for a sealed value.
export function sealedText(v: { sealed: string }): string {
  const o = openSealed(v);
  if (!o) return t("(đã niêm phong)", "(sealed)");
  return o.ok ? o.text : t("(không mở được: ", "(cannot open: ") + o.code + ")";
}

export function lockSealed(): void {
  keyring?.lock();
  opened.clear();
  changed();
}

// Fetches the wrapped key and unlocks it with `passphrase`; an error to show, or null.
async function unlock(passphrase: string): Promise<Problem | null> {
  const r = await get<{ public_key: string; wrapped_secret: string }>("/api/v1/office-key");
  if (!r.ok) return r.error;
  let mod;
  try {
    mod = await officeModule();
  } catch {
    return moduleMissing("để mở niêm phong", "to open sealed fields");
  }
  const k: OfficeKeyring = keyring ?? new mod.OfficeKeyring();
  const res = envelope<null>(() => k.unlock(r.body.public_key, r.body.wrapped_secret, passphrase));
  if (!res.ok) return res.error;
  keyring = k;
  opened.clear();
  changed();
  return null;
}

// "Open sealed fields": the passphrase prompt, or (once open) a note and a lock button.
export function SealedPanel() {
  const open = useSealedKey();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const input = (e.currentTarget as HTMLFormElement).querySelector("input[type=password]") as HTMLInputElement;
    const passphrase = input.value;
    setBusy(true);
    setError(null);
    // Let the "opening…" state paint before the key derivation holds the page.
    await new Promise((r) => setTimeout(r, 30));
    const err = await unlock(passphrase);
    input.value = "";
    setBusy(false);
    setError(err);
    if (!err) setAsking(false);
  };
  if (open) {
    return h("div", { class: "panel sealed-panel", "data-sealed-key": "open" },
      h("p", { class: "ok" }, "🔓 " + t("Đã mở trường niêm phong. Khoá chỉ nằm trong trang này và mất khi đóng trang.",
                                       "Sealed fields are open. The key stays in this page only and is gone when you close it.")),
      h("button", { "data-action": "lock-sealed", onClick: () => lockSealed() }, "🔒 " + t("Khoá lại", "Lock again")));
  }
  return h("div", { class: "panel sealed-panel", "data-sealed-key": "locked" },
    h("p", { class: "muted" }, "🔒 " + t("Số định danh, số điện thoại và ghi chú được niêm phong trên điện thoại; máy chủ không đọc được.",
                                        "Citizen IDs, phone numbers and notes are sealed on the phone; the server cannot read them.")),
    asking
      ? h("form", { class: "row-form", onSubmit: submit },
          h("label", { class: "grow" }, t("Mật khẩu niêm phong của văn phòng", "The office passphrase"),
            h("input", { type: "password", id: "sealed-passphrase", autocomplete: "off", required: true, disabled: busy })),
          h("button", { type: "submit", "data-action": "unlock-sealed", disabled: busy },
            busy ? t("Đang mở… (vài giây)", "Opening… (a few seconds)") : t("Mở", "Open")),
          h("button", { type: "button", class: "link", onClick: () => { setAsking(false); setError(null); } }, t("Thôi", "Cancel")))
      : h("button", { "data-action": "open-sealed", onClick: () => setAsking(true) }, "🔑 " + t("Mở trường niêm phong", "Open sealed fields")),
    h(ErrorBox, { error }));
}
