// Training sessions ("Bình dân học vụ số"), for office and admin: create a session (its
// seats' enrollment codes as QR codes), follow each trainee's exercises live, inject a
// conflict, reset the sandbox ward, record attendance and — as a separate, audited step —
// mark the matched residents' course field in the production data.
import { h } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Problem } from "../core/contract";
import { get, post } from "./api";
import { dateTime } from "./format";
import { t } from "./i18n";
import { QrCode } from "./qr";
import { go, href } from "./route";
import { ErrorBox, fieldLabel, Show, useLoad, useShared } from "./state";
import type { FullRecord, RecordAnswer, RecordRow } from "./records";
import { checkedOf, valueOf } from "./events";

// The training endpoints' answers (docs/protocol.md, Training).
interface SessionSummary {
  id: string;
  name: string;
  date: string; // "YYYY-MM-DD"
  created_by: string;
  created_ms: number;
  reset_ms: number; // 0: never reset
  applied_ms: number; // 0: attendance not yet written to the real data
  seats: number;
  enrolled: number;
  attended: number;
}

interface Trainee {
  seat: number;
  group: string;
  device_id: string; // "" until enrolled
  device_name: string;
  steps: Record<string, number>; // step → when first done (ms)
  can_inject: boolean;
  conflict_pending: boolean;
  attended: boolean;
  person_id: string; // the production person matched at attendance ("" none)
}

interface TrainingSession extends SessionSummary {
  steps: string[]; // the exercises in order
  trainees: Trainee[];
}

// A seat's one-time enrollment code, shown once at creation.
interface SeatCode { seat: number; code: string; group: string }

const STEP_LABELS: Record<string, [string, string]> = {
  enrolled: ["Đăng ký máy", "Enroll"],
  find_household: ["Tìm hộ", "Find a household"],
  add_member: ["Thêm nhân khẩu", "Add a member"],
  assessment: ["Rà soát nghèo", "Poverty assessment"],
  offline_save: ["Lưu khi mất mạng", "Save offline"],
  sync: ["Đồng bộ", "Sync"],
  conflict_seen: ["Gặp xung đột", "Conflict seen"],
  conflict_resolved: ["Xử lý xung đột", "Conflict resolved"],
};

function stepLabel(step: string): string {
  const [vi, en] = STEP_LABELS[step] ?? [step, step];
  return t(vi, en);
}

// Codes are shown once by the server; the tab keeps them so the trainer can show them
// again during the session.
const codesKey = (id: string) => "sotay.office.training." + id;
function savedCodes(id: string): SeatCode[] {
  try {
    return JSON.parse(sessionStorage.getItem(codesKey(id)) ?? "[]");
  } catch {
    return [];
  }
}

function CreateForm() {
  const [name, setName] = useState("");
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const [seats, setSeats] = useState("10");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  const create = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const r = await post<TrainingSession & { codes: SeatCode[]; codes_expire_ms: number }>(
      "/api/v1/training", { name: name.trim(), date, seats: Number(seats) });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    try {
      sessionStorage.setItem(codesKey(r.body.id), JSON.stringify(r.body.codes));
    } catch {
      // no storage: the codes are shown now only
    }
    go("training/" + r.body.id);
  };
  return h("div", { class: "panel" },
    h("h2", null, t("Mở buổi tập huấn mới", "New training session")),
    h("form", { class: "row-form training-create", onSubmit: create },
      h("label", { class: "grow" }, t("Tên buổi", "Name"), h("input", { name: "name", value: name, required: true, placeholder: "Tập huấn tổ trưởng tổ 1–10", onInput: (e: Event) => setName(valueOf(e)) })),
      h("label", null, t("Ngày", "Date"), h("input", { name: "date", type: "date", value: date, required: true, onInput: (e: Event) => setDate(valueOf(e)) })),
      h("label", null, t("Số học viên", "Seats"), h("input", { name: "seats", type: "number", min: 1, max: 60, value: seats, onInput: (e: Event) => setSeats(valueOf(e)) })),
      h("button", { type: "submit", disabled: busy }, busy ? t("Đang tạo dữ liệu tập huấn…", "Making the sandbox…") : t("Mở buổi", "Open session"))),
    h("p", { class: "small muted" }, t("Mỗi buổi có một phường tập huấn riêng (dữ liệu mẫu). Học viên không bao giờ chạm vào dữ liệu thật.", "Each session has its own sandbox ward (demo data). Trainees never touch the real data.")),
    h(ErrorBox, { error }));
}

function SessionList() {
  const load = useLoad<{ sessions: SessionSummary[] }>("/api/v1/training");
  return h("div", { class: "panel" },
    h("h2", null, t("Các buổi tập huấn", "Training sessions")),
    h(Show<{ sessions: SessionSummary[] }>, { load }, (b: { sessions: SessionSummary[] }) => b.sessions.length === 0
      ? h("p", { class: "muted" }, t("Chưa có buổi nào.", "No sessions yet."))
      : h("table", { class: "data training-sessions" },
          h("thead", null, h("tr", null, h("th", null, t("Tên", "Name")), h("th", null, t("Ngày", "Date")), h("th", { class: "num" }, t("Đã đăng ký", "Enrolled")), h("th", { class: "num" }, t("Có mặt", "Attended")))),
          h("tbody", null, b.sessions.map((s) => h("tr", { "data-session": s.id },
            h("td", null, h("a", { href: href("training/" + s.id) }, s.name)),
            h("td", null, s.date),
            h("td", { class: "num" }, `${s.enrolled}/${s.seats}`),
            h("td", { class: "num" }, String(s.attended))))))));
}

function Codes(p: { id: string }) {
  const codes = savedCodes(p.id);
  if (!codes.length) return null;
  return h("div", { class: "panel training-codes" },
    h("h2", null, t("Mã đăng ký cho học viên", "Enrollment codes for trainees")),
    h("p", { class: "small muted" }, t("Mỗi học viên quét một mã (dùng một lần, hết hạn sau 24 giờ). In trang này để phát cho học viên.", "Each trainee scans one code (single use, valid 24 hours). Print this page to hand out.")),
    h("div", { class: "code-grid" }, codes.map((c) => h("div", { class: "enroll-card", "data-seat": c.seat },
      h(QrCode, { text: c.code, size: 160, label: t("Mã QR học viên ", "Trainee QR ") + c.seat }),
      h("p", null, h("strong", null, t("Học viên ", "Trainee ") + c.seat)),
      h("p", { class: "code mono" }, c.code)))),
    h("button", { class: "no-print", onClick: () => window.print() }, "🖨 " + t("In mã", "Print codes")));
}

// Finds a production person for a trainee: search households, pick a member.
function PersonPicker(p: { value: string; onPick: (id: string, name: string) => void }) {
  const [q, setQ] = useState("");
  const [households, setHouseholds] = useState<RecordRow[]>([]);
  const [members, setMembers] = useState<FullRecord[]>([]);
  const search = async () => {
    const r = await get<{ records: RecordRow[] }>("/api/v1/records?type=household&limit=5&q=" + encodeURIComponent(q));
    if (r.ok) setHouseholds(r.body.records);
    setMembers([]);
  };
  const open = async (id: string) => {
    const r = await get<RecordAnswer>("/api/v1/records/" + encodeURIComponent(id));
    if (r.ok) setMembers(r.body.children.filter((c) => c.type === "person"));
  };
  return h("div", { class: "person-picker" },
    h("input", { placeholder: t("Tên chủ hộ hoặc địa chỉ", "Head's name or address"), value: q, onInput: (e: Event) => setQ(valueOf(e)) }),
    h("button", { type: "button", class: "link", onClick: search }, t("Tìm", "Search")),
    households.length ? h("ul", { class: "small" }, households.map((hh) =>
      h("li", null, h("button", { type: "button", class: "link", onClick: () => open(hh.id) }, (hh.summary?.head_name || "?") + " — " + (hh.summary?.address || ""))))) : null,
    members.length ? h("ul", { class: "small" }, members.map((m) => {
      const name = personName(m);
      return h("li", null, h("button", { type: "button", class: "link", "data-person": m.id, onClick: () => p.onPick(m.id, name) }, name));
    })) : null);
}

// A member's full name as the office types it in; the id when it has none.
function personName(m: FullRecord): string {
  const v = m.fields?.full_name?.value;
  return v === null || v === undefined ? m.id : String(v);
}

function Attendance(p: { session: TrainingSession; onChange: () => void }) {
  const s = p.session;
  // What the trainer changed on this screen, over what the server knows (a trainee who
  // enrolled counts as present until unticked).
  const [edits, setEdits] = useState<Record<number, { attended?: boolean; person_id?: string; name?: string }>>({});
  const rows: Record<number, { attended: boolean; person_id: string; name: string }> = {};
  for (const tr of s.trainees) {
    const e = edits[tr.seat] ?? {};
    rows[tr.seat] = {
      attended: e.attended ?? (tr.attended || !!tr.device_id),
      person_id: e.person_id ?? tr.person_id ?? "",
      name: e.name ?? "",
    };
  }
  const [error, setError] = useState<Problem | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const set = (seat: number, patch: { attended?: boolean; person_id?: string; name?: string }) => setEdits({ ...edits, [seat]: { ...edits[seat], ...patch } });
  const save = async () => {
    const seats = Object.entries(rows).map(([seat, r]) => ({ seat: Number(seat), attended: r.attended, person_id: r.person_id || null }));
    const r = await post("/api/v1/training/" + s.id + "/attendance", { seats });
    if (!r.ok) return setError(r.error);
    setError(null);
    setMessage(t("Đã lưu danh sách có mặt (chưa ghi vào dữ liệu thật).", "Attendance saved (not yet written to the real data)."));
    p.onChange();
  };
  const apply = async () => {
    const ids = Object.values(rows).filter((r) => r.attended && r.person_id).map((r) => r.person_id);
    if (!ids.length) return setMessage(t("Chưa chọn người nào trong dữ liệu thật.", "No resident matched yet."));
    if (!window.confirm(t(`Ghi "Đã hoàn thành khóa Bình dân học vụ số" cho ${ids.length} người trong dữ liệu thật? Việc này được ghi nhật ký.`, `Record "completed the Bình dân học vụ số course" for ${ids.length} residents in the real data? This is audited.`))) return;
    const r = await post<{ applied: { person_id: string; status: string }[]; field: string }>(
      "/api/v1/training/" + s.id + "/attendance/apply", { person_ids: ids });
    if (!r.ok) return setError(r.error);
    setError(null);
    setMessage(t(`Đã ghi cho ${r.body.applied.length} người.`, `Recorded for ${r.body.applied.length} residents.`));
    p.onChange();
  };
  return h("div", { class: "panel training-attendance" },
    h("h2", null, t("Điểm danh cuối buổi", "Attendance at the end")),
    h("table", { class: "data" },
      h("thead", null, h("tr", null, h("th", null, t("Học viên", "Trainee")), h("th", null, t("Có mặt", "Attended")), h("th", null, t("Là ai trong dữ liệu thật", "Who in the real data")))),
      h("tbody", null, s.trainees.map((tr) => h("tr", { "data-attend": tr.seat },
        h("td", null, `${tr.seat}. ${tr.device_name || "—"}`),
        h("td", null, h("input", { type: "checkbox", checked: rows[tr.seat]?.attended, onChange: (e: Event) => set(tr.seat, { attended: checkedOf(e) }) })),
        h("td", null, rows[tr.seat]?.person_id
          ? h("span", null, rows[tr.seat].name || rows[tr.seat].person_id, " ", h("button", { class: "link", onClick: () => set(tr.seat, { person_id: "", name: "" }) }, t("Bỏ", "Clear")))
          : h(PersonPicker, { value: "", onPick: (id, name) => set(tr.seat, { person_id: id, name }) })))))),
    h("div", { class: "row-form" },
      h("button", { "data-action": "save-attendance", onClick: save }, t("Lưu điểm danh", "Save attendance")),
      h("button", { class: "primary", "data-action": "apply-attendance", onClick: apply }, t("Ghi vào dữ liệu thật…", "Write to the real data…"))),
    s.applied_ms ? h("p", { class: "ok" }, t("Đã ghi vào dữ liệu thật lúc ", "Written to the real data at ") + dateTime(s.applied_ms)) : null,
    message ? h("p", { class: "ok", "data-message": "attendance" }, message) : null,
    h(ErrorBox, { error }));
}

function SessionScreen(p: { id: string }) {
  const shared = useShared();
  const [noticeField, setNoticeField] = useState<string | null>(null);
  const [session, setSession] = useState<TrainingSession | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reload = async () => {
    const r = await get<TrainingSession>("/api/v1/training/" + encodeURIComponent(p.id));
    if (r.ok) setSession(r.body);
    else setError(r.error);
  };
  useEffect(() => {
    reload();
    const timer = window.setInterval(reload, 3000);  // live progress
    return () => window.clearInterval(timer);
  }, [p.id]);
  if (!session) return h("section", { class: "screen training" }, error ? h(ErrorBox, { error }) : h("p", { class: "loading" }, t("Đang tải…", "Loading…")));
  const inject = async (seat: number) => {
    const r = await post<{ seat: number; record_id: string; field: string; value: unknown }>(
      `/api/v1/training/${session.id}/seats/${seat}/conflict`);
    if (!r.ok) return setError(r.error);
    setError(null);
    const name = fieldLabel(shared, r.body.field);
    setNotice(t(`Đã tạo xung đột cho học viên ${seat} ở câu “${name}”. Bảo học viên sửa lại câu đó rồi đồng bộ.`, `Conflict injected for trainee ${seat} on “${name}”. Ask them to edit it again and sync.`));
    setNoticeField(r.body.field);
    reload();
  };
  const reset = async () => {
    if (!window.confirm(t("Làm mới dữ liệu tập huấn? Mọi thay đổi của học viên trong phường tập huấn sẽ mất.", "Reset the sandbox? Every trainee change in the sandbox ward is lost."))) return;
    setBusy(true);
    const r = await post<TrainingSession>(`/api/v1/training/${session.id}/reset`);
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setSession(r.body);
    setNotice(t("Đã làm mới dữ liệu tập huấn.", "The sandbox was reset."));
    setNoticeField(null);
  };
  const steps: string[] = session.steps;
  return h("section", { class: "screen training", "data-screen": "training-session", "data-session": session.id },
    h("p", { class: "no-print" }, h("a", { href: href("training") }, "← " + t("Các buổi tập huấn", "Training sessions"))),
    h("h1", null, session.name, " · ", session.date),
    h(Codes, { id: session.id }),
    h("div", { class: "panel training-progress" },
      h("h2", null, t("Tiến độ học viên", "Trainee progress") + ` (${session.enrolled}/${session.seats})`),
      h("div", { class: "table-scroll" }, h("table", { class: "data" },
        h("thead", null, h("tr", null, h("th", null, t("Học viên", "Trainee")), steps.map((st) => h("th", { class: "step" }, stepLabel(st))), h("th", null, ""))),
        h("tbody", null, session.trainees.map((tr) => h("tr", { "data-seat": tr.seat, "data-done": Object.keys(tr.steps).length },
          h("td", null, `${tr.seat}. `, tr.device_name || h("span", { class: "muted" }, t("chưa đăng ký", "not enrolled"))),
          steps.map((st) => h("td", { class: tr.steps[st] ? "step done" : "step", "data-step": st, title: tr.steps[st] ? dateTime(tr.steps[st]) : "" }, tr.steps[st] ? "✓" : "·")),
          h("td", null, h("button", { class: "link", "data-action": "inject", disabled: !tr.can_inject || tr.conflict_pending, onClick: () => inject(tr.seat) },
            tr.conflict_pending ? t("Đang chờ xung đột", "Conflict pending") : t("Tạo xung đột", "Inject conflict")))))))),
      h("p", { class: "small muted" }, t("Tự cập nhật mỗi 3 giây. “Tạo xung đột” sửa trường chữ mà học viên vừa gửi lên, như thể có người khác cùng sửa.", "Refreshes every 3 seconds. “Inject conflict” changes the text field the trainee last sent, as if someone else edited it too."))),
    h("div", { class: "panel" },
      h("h2", null, t("Dữ liệu tập huấn", "Sandbox data")),
      h("button", { "data-action": "reset", disabled: busy, onClick: reset }, busy ? t("Đang làm mới…", "Resetting…") : t("Làm mới dữ liệu tập huấn", "Reset the sandbox")),
      session.reset_ms ? h("span", { class: "small muted" }, " " + t("Lần làm mới gần nhất: ", "Last reset: ") + dateTime(session.reset_ms)) : null),
    notice ? h("p", { class: "ok", "data-message": "training", "data-field": noticeField ?? undefined }, notice) : null,
    h(ErrorBox, { error }),
    h(Attendance, { session, onChange: reload, key: session.id }));
}

export function TrainingScreen(p: { id?: string }) {
  if (p.id) return h(SessionScreen, { id: p.id, key: p.id });
  return h("section", { class: "screen training", "data-screen": "training" },
    h("h1", null, t("Tập huấn Bình dân học vụ số", "Bình dân học vụ số training")),
    h(CreateForm, null),
    h(SessionList, null));
}
