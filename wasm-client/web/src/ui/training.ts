// Training mode on a trainee's phone ("Bình dân học vụ số"): a banner that never goes
// away ("CHẾ ĐỘ TẬP HUẤN"), and the guided exercises with the progress the server saw.
//
// The server detects most steps from what this phone pushed (member added, assessment,
// sync, conflict); the phone reports the ones only it can see: a household opened, a
// save made offline, a conflict read and dismissed. Reports made offline wait in
// localStorage and are sent once the network is back.
import { h, type ComponentChild } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { SotayCore } from "../core/contract";
import { bi, button } from "./dom";
import { forms } from "./schema";

interface Exercise {
  step: string;
  vi: string;
  en: string;
}

const EXERCISES: Exercise[] = [
  { step: "enrolled", vi: "Đăng ký điện thoại bằng mã QR của người hướng dẫn.", en: "Enroll with the trainer's QR code." },
  { step: "find_household", vi: "Tìm một hộ: gõ tên chủ hộ hoặc tên đường vào ô tìm kiếm, rồi bấm vào hộ đó.", en: "Find a household: type the head's name or the street, then open it." },
  { step: "add_member", vi: "Thêm một nhân khẩu cho hộ: bấm “Thêm nhân khẩu”, điền họ tên và các câu hỏi, bấm Lưu.", en: "Add a member: “Add member”, fill in the name and questions, Save." },
  { step: "assessment", vi: "Điền phiếu rà soát hộ nghèo của hộ đó, bấm Lưu.", en: "Fill in the household's poverty assessment, Save." },
  { step: "offline_save", vi: "Tắt mạng (chế độ máy bay). Sửa tên đường của hộ, bấm Lưu: dữ liệu vẫn được giữ trên máy.", en: "Go offline (airplane mode). Edit the household's street, Save: it stays on the phone." },
  { step: "sync", vi: "Bật mạng lại, vào Đồng bộ và bấm “Đồng bộ ngay”.", en: "Go back online, open Sync and sync now." },
  { step: "conflict_seen", vi: "Khi người hướng dẫn báo đã sửa cùng chỗ, sửa lại đúng trường đó (chưa đồng bộ), rồi bấm Đồng bộ.", en: "When the trainer says they edited the same field, edit it again, then sync." },
  { step: "conflict_resolved", vi: "Ở màn hình Đồng bộ, đọc thẻ “Hai người cùng sửa” và bấm “Đã hiểu”.", en: "On the Sync screen, read “Edited by two people” and tap “Got it”." },
];

// GET /api/v1/training/me (and the answer to POST …/steps): this trainee's progress.
interface TrainingMe {
  session: { id: string; name: string; date: string };
  seat: number;
  group: string;
  steps: Record<string, number>; // step → when first done (ms)
  order: string[];
  conflict_pending: boolean;
  last_edit: string | null; // the field the trainer's injected conflict is on
}

const QUEUE_KEY = "sotay.training.pending-steps";

function queued(): string[] {
  try {
    return JSON.parse(localStorage.getItem(QUEUE_KEY) ?? "[]");
  } catch {
    return [];
  }
}

function setQueued(steps: string[]): void {
  try {
    localStorage.setItem(QUEUE_KEY, JSON.stringify(steps));
  } catch {
    // No storage: the report is retried while the page stays open.
  }
}

export function isTrainee(core: SotayCore): boolean {
  return core.enrollment()?.role === "trainee";
}

// The banner and the exercises; renders nothing on a leader's phone. `route` is the
// app's current screen ("household" counts as having found a household).
export function TrainingMode(p: { core: SotayCore; route: string }): ComponentChild {
  const { core } = p;
  const trainee = isTrainee(core);
  const [open, setOpen] = useState(false);
  const [me, setMeState] = useState<TrainingMe | null>(null);
  const [, setTick] = useState(0);
  const meRef = useRef<TrainingMe | null>(null);
  const setMe = (v: TrainingMe) => { meRef.current = v; setMeState(v); };

  const flush = async () => {
    for (const step of queued()) {
      const r = await core.callServer<TrainingMe>("POST", "/training/me/steps", { step });
      if (!r.ok && r.error.code === "offline") return;
      setQueued(queued().filter((s) => s !== step));
      if (r.ok) setMe(r.value);
    }
  };
  const report = (step: string) => {
    if (meRef.current?.steps?.[step] || queued().includes(step)) return;
    setQueued(queued().concat(step));
    setTick((x) => x + 1);
    if (navigator.onLine) void flush();
  };
  const load = async () => {
    if (!navigator.onLine) return;
    await flush();
    const r = await core.callServer<TrainingMe>("GET", "/training/me");
    if (r.ok) setMe(r.value);
  };

  useEffect(() => {
    if (!trainee) return;
    // The steps only this phone sees, from the taps that make them: a save while offline
    // (once the outbox has grown) and a conflict card dismissed.
    const onClick = (e: Event) => {
      const el = e.target instanceof Element ? e.target : null;
      if (el?.closest('[data-action="dismiss-conflict"]')) report("conflict_resolved");
      if (el?.closest('.record-form [data-action="save"]') && !navigator.onLine) {
        const before = core.pendingCount();
        let tries = 0;
        const check = window.setInterval(() => {
          if (core.pendingCount() > before) report("offline_save");
          if (core.pendingCount() > before || ++tries > 20) window.clearInterval(check);
        }, 500);
      }
    };
    document.addEventListener("click", onClick, true);
    void load();
    const timer = window.setInterval(() => void load(), 4000);
    window.addEventListener("online", load);
    return () => {
      document.removeEventListener("click", onClick, true);
      window.clearInterval(timer);
      window.removeEventListener("online", load);
    };
  }, [trainee]);

  useEffect(() => {
    if (trainee && p.route === "household") report("find_household");
  }, [trainee, p.route]);

  if (!trainee) return null;
  // The question the trainer changed, as the forms name it.
  const lastEdit = me?.last_edit;
  const edited = lastEdit
    ? forms(core).flatMap((f) => f.fields).find((f) => f.name === lastEdit)?.label ?? { vi: lastEdit, en: lastEdit }
    : null;
  const done = (step: string) => !!me?.steps?.[step] || queued().includes(step);
  const count = EXERCISES.filter((e) => done(e.step)).length;
  return h("div", { class: "training-mode", "data-training": "1" },
    h("div", { class: "banner training", role: "status", style: "background:#9a3412;color:#fff;position:sticky;top:0;z-index:5" },
      h("strong", { class: "grow" }, "CHẾ ĐỘ TẬP HUẤN", h("span", { class: "en" }, " Training mode — practice data only")),
      button({ class: "secondary small", "data-action": "exercises", onClick: () => setOpen(!open) },
        `Bài tập ${count}/${EXERCISES.length}`, "Exercises")),
    open ? h("section", { class: "card exercises", "data-done": count },
      me?.session ? h("p", { class: "muted" }, `${me.session.name} · ${me.session.date} · học viên ${me.seat}`) : null,
      me?.conflict_pending
        ? h("p", { class: "warn", "data-conflict-pending": "1" },
            bi(`Người hướng dẫn vừa sửa câu “${edited?.vi}”. Hãy sửa lại câu đó rồi đồng bộ.`,
               `The trainer just edited “${edited?.en}”. Edit it again, then sync.`))
        : null,
      h("ol", null, EXERCISES.map((e) => h("li", { class: done(e.step) ? "done" : "", "data-step": e.step },
        h("span", { class: "tick" }, done(e.step) ? "✓ " : "○ "), bi(e.vi, e.en))))) : null);
}
