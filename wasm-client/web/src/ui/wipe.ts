// Leaving a server: erasing the group's data from this phone (after the office revoked
// it: a lost phone, one no longer used) and switching to another server (which erases
// first: records and unsent changes of one server never go to another, core/index.ts
// enroll). Unsent changes are never erased unseen: they are listed, and erasing waits
// until they are saved to a file for the office or the leader ticks that they are dropped.
import { h, type ComponentChild, type ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { HouseholdSummary, Problem, SotayCore } from "../core/contract";
import { bi, button, problemView } from "./dom";

// What a switch of server carries across the reload that follows the erase: the new
// server, the code and the leader's name, shown filled in on the enroll screen.
export interface SwitchCarry { server: string; code: string; name: string; from: string }
const CARRY_KEY = "sotay.switch-to"; // sessionStorage, read once

export function takeSwitchCarry(): SwitchCarry | null {
  try {
    const text = sessionStorage.getItem(CARRY_KEY);
    sessionStorage.removeItem(CARRY_KEY);
    const v: unknown = text ? JSON.parse(text) : null;
    if (typeof v !== "object" || v === null) return null;
    const o = v as Record<string, unknown>;
    if (typeof o.server !== "string" || typeof o.code !== "string") return null;
    const str = (x: unknown) => (typeof x === "string" ? x : "");
    return { server: o.server, code: o.code, name: str(o.name), from: str(o.from) };
  } catch {
    return null;
  }
}

// Erases (SotayCore.wipe), then starts the page again: with nothing stored it opens on
// the enroll screen. Resolves only on failure, with the problem.
export async function wipeAndRestart(core: SotayCore, carry?: SwitchCarry): Promise<Problem> {
  const r = await core.wipe();
  if (!r.ok) return r.error;
  if (carry) sessionStorage.setItem(CARRY_KEY, JSON.stringify(carry));
  history.replaceState(null, "", location.pathname);
  location.reload();
  return new Promise<Problem>(() => {}); // the page goes away
}

// A modal dialog (the page behind it inert); Escape is the same as cancelling.
function Dialog(p: { name: string; labelledBy: string; onCancel: () => void; children?: ComponentChildren }): ComponentChild {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current!;
    if (!d.open) d.showModal();
    d.querySelector<HTMLElement>("[data-autofocus]")?.focus({ preventScroll: true }); // the title stays in view
    return () => { if (d.open) d.close(); };
  }, []);
  return h("dialog", { ref, class: `sheet ${p.name}`, "data-dialog": p.name, "aria-labelledby": p.labelledBy,
    onCancel: (e: Event) => { e.preventDefault(); p.onCancel(); } }, p.children);
}

// The unsent changes and what to do with them before an erase: `ready` once there are
// none, they were saved to a file, or the leader ticked that they are dropped.
function useUnsentGate(core: SotayCore): { ready: boolean; view: ComponentChild } {
  const changes = core.pendingCount();
  const households = core.pendingHouseholds();
  const drafts = core.listDrafts().length;
  const [list, setList] = useState<HouseholdSummary[] | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [savedAll, setSavedAll] = useState(false); // the file holds every unsent change
  const [drop, setDrop] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  useEffect(() => {
    if (changes) void core.listHouseholds("").then((all) => setList(all.filter((x) => x.pending)));
  }, []);

  const save = async () => {
    setError(null);
    const r = await core.exportUnsent();
    if (!r.ok) { setError(r.error); return; }
    const url = URL.createObjectURL(new Blob([r.value.text], { type: "application/json" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = r.value.filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    setSaved(r.value.filename);
    setSavedAll(r.value.complete);
  };

  const draftLine = drafts
    ? h("p", { class: "warn", "data-drafts": drafts }, bi(`${drafts} bản nháp (gõ dở, chưa bấm Lưu) cũng sẽ bị xóa.`,
        `${drafts} unsaved drafts will be erased too.`))
    : null;
  if (!changes) {
    return { ready: true, view: h("div", { class: "unsent", "data-unsent": 0 },
      h("p", { class: "ok" }, bi("✓ Không còn thay đổi nào chưa gửi: mọi hộ đã có trên máy chủ.", "Nothing is waiting to be sent.")),
      draftLine) };
  }
  const shown = (list ?? []).slice(0, 8);
  const more = (list?.length ?? 0) - shown.length;
  return {
    // A file that could not hold every change does not open the gate by itself.
    ready: (saved !== null && savedAll) || drop,
    view: h("div", { class: "unsent", "data-unsent": households, "data-changes": changes },
      h("p", { class: "warn" }, bi(
        `Còn ${households} hộ có thay đổi chưa gửi lên phường. Máy chủ chưa có những thay đổi này: xóa đi là mất hẳn.`,
        `${households} households have changes not sent yet. The server does not have them: erasing loses them.`)),
      list && list.length
        ? h("ul", { class: "unsent-list" },
            shown.map((x) => h("li", { key: x.id },
              [x.house_number, x.address].filter(Boolean).join(" ") || "(chưa có địa chỉ)",
              x.head_name ? ` — ${x.head_name}` : "")),
            more > 0 ? h("li", null, `và ${more} hộ khác`) : null)
        : null,
      draftLine,
      button({ class: "secondary big", "data-action": "export-unsent", onClick: save },
        "Lưu các thay đổi chưa gửi thành tệp", "Save the unsent changes to a file"),
      saved
        ? h("p", { class: "ok saved", role: "status", "data-file": saved }, bi(
            `✓ Đã lưu tệp “${saved}” vào mục Tải xuống. Hãy gửi tệp này cho Phòng Văn hóa - Xã hội, rồi xóa tệp khỏi máy: trong tệp có thông tin của dân.`,
            `Saved to Downloads. Give the file to the office, then delete it: it holds personal data.`))
        : null,
      saved && !savedAll
        ? h("p", { class: "warn", "data-export": "incomplete" }, bi(
            "Tệp chỉ chứa 1000 thay đổi đầu tiên. Hãy đồng bộ khi có mạng trước khi xóa, hoặc đánh dấu đồng ý bỏ phần còn lại.",
            "The file holds only the first 1000 changes. Sync when online before erasing, or tick to drop the rest."))
        : null,
      problemView(error),
      h("label", { class: "check", "data-action": "drop-unsent" },
        h("input", { type: "checkbox", checked: drop, onChange: (e: Event) => setDrop((e.target as HTMLInputElement).checked) }),
        bi(`Tôi đồng ý bỏ ${households} hộ chưa gửi, không lưu tệp.`, `Drop the ${households} unsent households without saving them.`))),
  };
}

// After device_revoked: erase the group's data from this phone.
export function WipeDialog(p: { core: SotayCore; onCancel: () => void }): ComponentChild {
  const gate = useUnsentGate(p.core);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  const wipe = async () => {
    setBusy(true);
    setError(await wipeAndRestart(p.core));
    setBusy(false);
  };
  return h(Dialog, { name: "wipe", labelledBy: "wipe-title", onCancel: p.onCancel },
    h("h2", { id: "wipe-title" }, bi("Xóa dữ liệu của tổ khỏi điện thoại này?", "Erase the group's data from this phone?")),
    h("p", null, bi(
      "Dùng khi điện thoại bị mất rồi tìm lại được, hoặc sẽ không dùng cho Sổ tay nữa. Mọi hộ, nhân khẩu, phiếu, bản nháp, " +
      "đăng ký và khóa của máy sẽ bị xóa khỏi điện thoại. Những gì đã gửi lên phường vẫn còn trên máy chủ.",
      "For a phone that was lost, or will not be used any more. Every household, draft, the enrollment and the device key are erased from it; what was sent stays on the server.")),
    // The safe choice first, in view as the dialog opens; the erase last, after what
    // it would lose.
    h("div", { class: "sheet-actions" },
      button({ class: "primary big", "data-action": "cancel-wipe", "data-autofocus": "", onClick: p.onCancel, disabled: busy },
        "Không xóa", "Keep the data")),
    gate.view,
    problemView(error),
    h("div", { class: "sheet-actions" },
      button({ class: "danger big", "data-action": "confirm-wipe", disabled: !gate.ready || busy, onClick: wipe },
        busy ? "Đang xóa…" : "Xóa dữ liệu khỏi máy", busy ? "Erasing…" : "Erase this phone's data")));
}

// An enrollment naming another server than the one this phone uses.
export function ServerChangeDialog(p: { core: SotayCore; from: string; to: SwitchCarry; onCancel: () => void }): ComponentChild {
  const gate = useUnsentGate(p.core);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(await wipeAndRestart(p.core, p.to));
    setBusy(false);
  };
  return h(Dialog, { name: "server-change", labelledBy: "server-change-title", onCancel: p.onCancel },
    h("h2", { id: "server-change-title" }, bi("⚠ Đổi sang máy chủ khác?", "Switch to another server?")),
    h("dl", { class: "servers" },
      h("dt", null, bi("Máy chủ đang dùng", "Current server")),
      h("dd", { class: "server-old" }, p.from),
      h("dt", null, bi("Máy chủ mới", "New server")),
      h("dd", { class: "server-new" }, p.to.server)),
    h("p", { class: "warn" }, bi(
      "Chỉ đổi khi Phòng Văn hóa - Xã hội bảo bạn đổi. Nếu bạn vừa quét một mã lạ, hoặc không chắc, hãy bấm “Hủy, giữ máy chủ cũ”.",
      "Only switch when the ward office tells you to. If you just scanned an unknown code, or are unsure, cancel.")),
    h("div", { class: "sheet-actions" },
      button({ class: "primary big", "data-action": "cancel-switch", "data-autofocus": "", onClick: p.onCancel, disabled: busy },
        "Hủy, giữ máy chủ cũ", "Cancel, keep the current server")),
    h("p", null, bi(
      "Dữ liệu trên điện thoại thuộc máy chủ đang dùng và không bao giờ được gửi sang máy chủ khác. Đổi máy chủ sẽ xóa khỏi điện thoại " +
      "mọi hộ, bản nháp, đăng ký và khóa của máy chủ đang dùng, rồi đăng ký với máy chủ mới như một máy mới.",
      "This phone's data belongs to the current server and never goes to another one. Switching erases it from the phone, then enrolls with the new server as a new phone.")),
    gate.view,
    problemView(error),
    h("div", { class: "sheet-actions" },
      button({ class: "danger big", "data-action": "confirm-switch", disabled: !gate.ready || busy, onClick: confirm },
        busy ? "Đang xóa…" : "Xóa dữ liệu và đổi máy chủ", busy ? "Erasing…" : "Erase and switch")));
}
