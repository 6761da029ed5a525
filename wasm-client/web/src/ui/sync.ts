// Sync: one button, a progress bar, what went and came, and what needs a person's
// attention (conflicts, rejected changes) in plain words with what to do.
import { h, type ComponentChild } from "preact";
import { useState } from "preact/hooks";
import { needsReenroll, type ConflictView, type Problem, type RejectedView, type SotayCore, type SyncProgress, type SyncReport } from "../core/contract";
import { bi, button, navigate, problemView } from "./dom";
import { editHash } from "./household";
import { displayValue, fieldLabel, formLabel } from "./schema";
import { WipeDialog } from "./wipe";

export interface SyncStatus {
  running: boolean;
  progress: SyncProgress | null;
  report: SyncReport | null;
  error: Problem | null;
  finishedAt: number | null;
  completed: number; // syncs finished since the app opened (successful or not)
}

const PHASE: Record<SyncProgress["phase"], [string, string]> = {
  session: ["Đang đăng nhập máy chủ…", "Signing in…"],
  push: ["Đang gửi dữ liệu…", "Sending…"],
  pull: ["Đang nhận dữ liệu…", "Receiving…"],
  done: ["Xong", "Done"],
};

// A first download's progress in households ({done, total}), while one runs; null
// otherwise (a later pull brings changes, not the list).
export function downloadProgress(s: SyncStatus): { done: number; total: number } | null {
  const p = s.progress;
  if (!s.running || p?.phase !== "pull" || p.householdsTotal === undefined) return null;
  return { done: Math.min(p.households ?? 0, p.householdsTotal), total: p.householdsTotal };
}

// Which record a change is about, in words: the member's name or the household's address.
function recordName(core: SotayCore, id: string, type: string): string {
  const r = core.getRecord(id);
  const v = r?.values ?? {};
  const t = formLabel(core, type).vi;
  if (v.full_name) return `${t} “${v.full_name}”`;
  if (v.address_street) return `${t} ${[v.address_number, v.address_street].filter(Boolean).join(" ")}`;
  if (v.period) return `${t} năm ${v.period}`;
  return t;
}

function parentOf(core: SotayCore, id: string): string | null {
  return core.getRecord(id)?.parent_id ?? null;
}

function ConflictCard(p: { core: SotayCore; c: ConflictView; onDone: () => void }): ComponentChild {
  const { core, c } = p;
  const label = fieldLabel(core, c.record_type, c.field);
  const same = JSON.stringify(c.mine) === JSON.stringify(c.current);
  const me = core.enrollment()?.device_name;
  const known = "other" in c; // kept by an older version: only "now" is known
  const otherName = c.other_writer ? c.other_writer : c.other_writer === null ? "Phòng Văn hóa - Xã hội hoặc máy khác" : "Người khác";
  const shown = (v: unknown) => displayValue(core, c.record_type, c.field, v);
  const inUse = (v: unknown) => JSON.stringify(v) === JSON.stringify(c.current)
    ? h("span", { class: "in-use" }, " ✓ đang dùng") : null;
  return h("li", { class: "card conflict", "data-conflict": `${c.record_id}:${c.field}` },
    h("h3", null, bi(`${recordName(core, c.record_id, c.record_type)} — “${label.vi}”`, `${label.en}: edited by two people`)),
    h("p", null, bi(
      known ? `Bạn và ${otherName} cùng sửa câu hỏi này khi chưa đồng bộ.` : "Bạn và một người khác cùng sửa câu hỏi này khi chưa đồng bộ.",
      "You and someone else changed this answer before syncing.")),
    h("table", { class: "cmp" },
      h("tr", null, h("th", { scope: "row" }, `Bạn${me ? ` (${me})` : ""} ghi`),
        h("td", { class: "mine" }, shown(c.mine), known ? inUse(c.mine) : null)),
      known
        ? h("tr", null, h("th", { scope: "row", class: "other-writer" }, `${otherName} ghi`),
            h("td", { class: "other" }, shown(c.other), inUse(c.other)))
        : h("tr", null, h("th", { scope: "row" }, "Hiện tại"), h("td", { class: "current" }, shown(c.current)))),
    h("p", { class: "todo" }, same
      ? bi("Giá trị hiện tại trùng với của bạn. Không cần làm gì.", "The current value is yours. Nothing to do.")
      : bi("Không mất dữ liệu: cả hai giá trị đều được lưu trên máy chủ, Phòng Văn hóa - Xã hội sẽ xem lại. " +
           "Nếu giá trị của bạn mới đúng, hãy mở hồ sơ, sửa lại rồi đồng bộ.",
           "Nothing is lost: both values are kept on the server for the office to review. If yours is right, open the record, correct it and sync.")),
    h("div", { class: "actions" },
      button({ class: "secondary", onClick: () => { location.hash = editHash(c.record_type, c.record_id, parentOf(core, c.record_id)); } },
        "Mở hồ sơ", "Open record"),
      button({ class: "primary", "data-action": "dismiss-conflict",
        onClick: async () => { await core.dismissConflict(c.record_id, c.field); p.onDone(); } }, "Đã hiểu", "Got it")));
}

function RejectedCard(p: { core: SotayCore; r: RejectedView; onDone: () => void }): ComponentChild {
  const { core, r } = p;
  const label = fieldLabel(core, r.record_type, r.field);
  return h("li", { class: "card rejected", "data-rejected": r.device_seq },
    h("h3", null, bi(`${recordName(core, r.record_id, r.record_type)} — “${label.vi}”`, `${label.en}: not accepted`)),
    h("p", null, bi(`Máy chủ không nhận giá trị “${displayValue(core, r.record_type, r.field, r.value)}”: ${r.message_vi}`,
                    `The server refused it: ${r.message_en}`)),
    h("p", { class: "todo" }, bi(
      "Giá trị này chưa được lưu trên máy chủ (các thay đổi khác vẫn gửi bình thường). Hãy mở hồ sơ, sửa câu trả lời rồi đồng bộ lại. Nếu không rõ, hãy báo Phòng Văn hóa - Xã hội.",
      "This value was not stored on the server (other changes went through). Open the record, fix the answer and sync again; ask the office if unsure.")),
    h("div", { class: "actions" },
      button({ class: "secondary", onClick: () => { location.hash = editHash(r.record_type, r.record_id, parentOf(core, r.record_id)); } },
        "Mở hồ sơ", "Open record"),
      button({ class: "primary", onClick: async () => { await core.dismissRejected(r.device_seq); p.onDone(); } }, "Đã hiểu", "Got it")));
}

export function SyncScreen(p: { core: SotayCore; status: SyncStatus; online: boolean; onSync: () => void; onChange: () => void }): ComponentChild {
  const { core, status: s } = p;
  const pending = core.pendingCount();
  const households = core.pendingHouseholds();
  const conflicts = core.conflicts();
  const rejected = core.rejected();
  const prog = s.progress;
  const download = downloadProgress(s);
  const pct = download ? (download.total ? Math.round((download.done / download.total) * 100) : 100)
    : prog && prog.total ? Math.min(100, Math.round((prog.done / prog.total) * 100))
    : prog?.phase === "done" ? 100 : undefined;
  const complete = core.listComplete();
  const [wipe, setWipe] = useState(false);
  return h("main", { class: "screen sync", "data-completed": s.completed, "data-running": s.running ? "1" : "0" },
    // Households, the unit a leader counts in (the field changes stay in an attribute).
    h("p", { class: "pending-line", "data-pending": pending, "data-households": households }, pending
      ? bi(`${households} hộ chưa gửi lên phường.`, `${households} households not sent yet.`)
      : bi("✓ Mọi thay đổi đã được gửi lên phường.", "Everything has been sent.")),
    complete ? null : h("p", { class: "notice warn-box list-incomplete", "data-complete": "0" }, bi(
      "⚠ Danh sách hộ chưa tải xong: trên máy có thể còn thiếu hộ. Bấm “Đồng bộ ngay” để tải tiếp.",
      "The household list is not fully downloaded yet. Tap “Sync now” to continue.")),
    !p.online ? h("p", { class: "notice offline" }, bi(
      "Điện thoại đang không có mạng. Dữ liệu vẫn được lưu trên máy; ứng dụng sẽ tự đồng bộ khi có mạng trở lại.",
      "Offline. Data is kept on the phone and will sync by itself when the network is back.")) : null,
    h("button", { type: "button", class: "primary huge", "data-action": "sync", disabled: s.running, onClick: p.onSync },
      s.running ? bi("Đang đồng bộ…", "Syncing…") : bi("⟳ Đồng bộ ngay", "Sync now")),
    s.running || prog
      ? h("div", { class: "progress-wrap" },
          h("progress", { max: 100, value: pct, "aria-label": "Tiến độ / Progress" }),
          download
            ? h("div", { class: "phase", "data-download": `${download.done}/${download.total}` },
                bi(`Đang tải danh sách hộ… ${download.done}/${download.total}`, `Downloading households… ${download.done}/${download.total}`))
            : prog ? h("div", { class: "phase" }, bi(PHASE[prog.phase][0], PHASE[prog.phase][1]),
            prog.phase === "done" ? null
              : h("span", { class: "muted" }, prog.total ? ` ${prog.done}/${prog.total}` : prog.done ? ` ${prog.done}` : "")) : null)
      : null,
    s.error && needsReenroll(s.error)
      ? h("div", { class: "sync-error reenroll", "data-problem": s.error.code },
          h("h2", null, s.error.code === "device_revoked"
            ? bi("Điện thoại này đã bị thu hồi quyền gửi dữ liệu", "This phone's access was revoked")
            : bi("Đăng ký của điện thoại này đã hết hiệu lực", "This phone's enrollment has ended")),
          h("p", null, bi(
            "Máy chủ không nhận dữ liệu từ điện thoại này nữa. Dữ liệu trên máy vẫn an toàn và không bị xóa. " +
            "Hãy xin Phòng Văn hóa - Xã hội một mã đăng ký mới, rồi bấm “Đăng ký lại”.",
            "The server no longer accepts this phone. Data on the phone is safe and is not deleted. Ask the office for a new code, then tap “Enroll again”.")),
          households ? h("p", { class: "warn" }, bi(
            `Còn ${households} hộ chưa gửi: đừng xóa dữ liệu trình duyệt hay gỡ ứng dụng. Sau khi đăng ký lại, chúng sẽ được gửi.`,
            `${households} households are not sent yet: do not clear the browser's data. They will be sent after enrolling again.`)) : null,
          button({ class: "primary big", "data-action": "reenroll", onClick: () => navigate("#/reenroll") },
            "Đăng ký lại", "Enroll again"),
          // A revoked phone may be one that was lost, or is handed back: it offers to
          // leave no one's data behind (the unsent changes saved or dropped first).
          s.error.code === "device_revoked"
            ? h("div", { class: "wipe-offer" },
                h("p", null, bi("Điện thoại bị mất rồi tìm lại được, hoặc không dùng cho Sổ tay nữa?",
                  "Was this phone lost, or will it no longer be used?")),
                button({ class: "secondary big", "data-action": "offer-wipe", onClick: () => setWipe(true) },
                  "Xóa dữ liệu của tổ khỏi máy", "Erase the group's data from this phone"))
            : null)
      : s.error ? h("div", { class: "sync-error" }, problemView(s.error), h("p", { class: "todo" }, bi(
      "Dữ liệu vẫn an toàn trên điện thoại. Hãy thử lại khi có Wi-Fi; nếu vẫn lỗi, báo Phòng Văn hóa - Xã hội.",
      "Your data is safe on the phone. Try again on Wi-Fi; tell the office if it keeps failing."))) : null,
    conflicts.length
      ? h("section", { class: "conflicts" },
          h("h2", null, bi(`Hai người cùng sửa (${conflicts.length})`, "Edited by two people")),
          h("ul", null, conflicts.map((c) => h(ConflictCard, { core, c, onDone: p.onChange, key: `${c.record_id}:${c.field}` }))))
      : null,
    rejected.length
      ? h("section", { class: "rejected-list" },
          h("h2", null, bi(`Máy chủ không nhận (${rejected.length})`, "Refused by the server")),
          h("ul", null, rejected.map((r) => h(RejectedCard, { core, r, onDone: p.onChange, key: r.device_seq }))))
      : null,
    // Outside the card: a later sync's answer does not close it.
    wipe ? h(WipeDialog, { core, onCancel: () => setWipe(false) }) : null,
    s.report && !s.running
      ? h("div", { class: "report card", "data-sent": s.report.sent, "data-received": s.report.received },
          h("h2", null, bi("Lần đồng bộ vừa rồi", "Last sync")),
          h("p", null, bi(`Đã gửi ${s.report.sent} thay đổi, đã nhận ${s.report.received} thay đổi.`,
                          `Sent ${s.report.sent}, received ${s.report.received} changes.`)),
          s.finishedAt ? h("p", { class: "muted" }, new Date(s.finishedAt).toLocaleString("vi-VN")) : null,
          s.report.conflicts.length || s.report.rejected.length
            ? h("p", { class: "warn" }, bi(`${s.report.conflicts.length} trùng sửa, ${s.report.rejected.length} bị từ chối — xem ở trên.`,
                `${s.report.conflicts.length} conflicts, ${s.report.rejected.length} rejected — see above.`))
            : h("p", { class: "ok" }, bi("Không có vấn đề gì.", "No problems.")))
      : null);
}
