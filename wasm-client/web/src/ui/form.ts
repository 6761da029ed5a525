// Any record's form, rendered from its schema. Every keystroke asks core.evaluate() for
// skip logic, requirements, errors and computed values, and is kept as a draft
// (debounced, durable) so a closed tab or a killed browser loses nothing.
import { h, type ComponentChild } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { FieldState, Problem, RecordView, SotayCore } from "../core/contract";
import { bi, button, problemView } from "./dom";
import { FieldInput, isButtonGroup } from "./fields";
import { useKeyboardAware } from "./keyboard";
import { copiedFields, offeredAnswers, previousSibling, rememberSaved, type Offered } from "./offers";
import { choices, displayValue, form as formOf } from "./schema";

export interface Draft {
  type: string;
  id: string | null;
  parentId: string | null;
  groupId: string;
  values: Record<string, unknown>;
  at: number; // ms, when last typed
  // Which answers are still offered or copied, not yet seen and confirmed: a restored
  // draft marks them as the form did, so none is saved as if the leader had chosen it.
  offered?: Record<string, Offered>;
  copied?: boolean;
}

export function draftKey(type: string, id: string | null, parentId: string | null): string {
  return `edit:${type}:${id ?? "new"}:${parentId ?? ""}`;
}

const DRAFT_DELAY_MS = 300;

const present = (v: unknown) =>
  !(v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0));

export interface FormProps {
  core: SotayCore;
  type: string;
  id: string | null;
  parentId: string | null;
  groupId: string;
  groups: string[]; // the groups this phone may write (a choice only for new households)
  initial?: Record<string, unknown>; // defaults for a new record (e.g. the year)
  // `next`: the leader chose "save and add the next member" (or the first, after a household).
  onSaved: (rec: RecordView, next: boolean) => void | Promise<void>;
  nextLabel?: [string, string]; // the label of that second save button; absent: not offered
  onCancel: () => void;
  onDeleted?: () => void | Promise<void>; // offered for stored child records (a member who moved away)
}

export function RecordForm(p: FormProps): ComponentChild {
  const { core, type } = p;
  const key = draftKey(type, p.id, p.parentId);
  const stored = useMemo(() => (p.id ? core.getRecord(p.id) : null), [p.id]);
  const restored = useMemo(() => core.loadDraft(key) as Draft | null, [key]);
  const def = formOf(core, type);
  // A new record starts with the schema's suggested answers, shown as such (never saved unseen).
  const previous = useMemo(() => (p.id || !p.parentId ? null : previousSibling(core, type, p.parentId)), [key]);
  const suggestions = useMemo(() => (p.id || restored ? { values: {}, marks: {} }
    : offeredAnswers(def, p.parentId && !previous ? "suggested-first" : "suggested")), [key]);
  const base = (): Record<string, unknown> => ({ ...suggestions.values, ...(p.initial ?? {}), ...(stored?.values ?? {}) });

  const [values, setValues] = useState<Record<string, unknown>>(() => restored?.values ?? base());
  const [offered, setOffered] = useState<Record<string, Offered>>(() => restored?.offered ?? suggestions.marks);
  const [copied, setCopied] = useState(() => restored?.copied ?? false);
  const [groupId, setGroupId] = useState<string>(restored?.groupId ?? p.groupId);
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<Problem | null>(null);
  const [draftNote, setDraftNote] = useState<number | null>(restored ? restored.at : null);
  const [draftState, setDraftState] = useState<"idle" | "pending" | "saved" | "error">("idle");
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef({ values, groupId, offered, copied, dirty: false });

  const state = useMemo(() => core.evaluate(type, p.id, p.parentId, values), [values]);
  const formRef = useRef<HTMLFormElement>(null);
  useKeyboardAware(formRef);

  const writeDraft = async () => {
    window.clearTimeout(timer.current);
    timer.current = undefined;
    if (!latest.current.dirty) return;
    latest.current.dirty = false;
    const d: Draft = { type, id: p.id, parentId: p.parentId, groupId: latest.current.groupId,
                       values: latest.current.values, at: Date.now(),
                       offered: latest.current.offered, copied: latest.current.copied };
    try {
      await core.saveDraft(key, d);
      setDraftState("saved");
    } catch (e) {
      console.warn("draft not saved", e);
      latest.current.dirty = true; // tried again on the next change or when the page hides
      setDraftState("error");
    }
  };

  // When the page goes away (tab closed, app switched) the pending draft is written now.
  useEffect(() => {
    const flush = () => { void writeDraft(); };
    const onHide = () => { if (document.visibilityState === "hidden") flush(); };
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", onHide);
    return () => {
      window.removeEventListener("pagehide", flush);
      document.removeEventListener("visibilitychange", onHide);
      flush();
    };
  }, [key]);

  const change = (name: string, v: unknown) => {
    const marks = { ...latest.current.offered };
    delete marks[name];
    const next = { ...latest.current.values, [name]: v };
    latest.current = { ...latest.current, values: next, offered: marks, dirty: true };
    setOffered(marks);
    setValues(next);
    setSaveError(null);
    setDraftState("pending");
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void writeDraft(), DRAFT_DELAY_MS);
  };

  // One tap copies the previous member's shared answers (residence, insurance…); each
  // copied question is marked so the leader checks it before saving.
  const copyPrevious = () => {
    if (!previous) return;
    const c = offeredAnswers(def, previous.values, (v) => core.isSealed(v));
    const next = { ...latest.current.values, ...c.values };
    const marks = { ...latest.current.offered, ...c.marks };
    latest.current = { ...latest.current, values: next, offered: marks, copied: true, dirty: true };
    setValues(next);
    setOffered(marks);
    setCopied(true);
    setDraftState("pending");
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void writeDraft(), DRAFT_DELAY_MS);
  };

  const discardDraft = async () => {
    latest.current = { values: base(), groupId: p.groupId, offered: suggestions.marks, copied: false, dirty: false };
    window.clearTimeout(timer.current);
    await core.clearDraft(key);
    setValues(latest.current.values);
    setOffered(suggestions.marks);
    setCopied(false);
    setGroupId(p.groupId);
    setDraftNote(null);
    setTouched({});
    setSubmitted(false);
  };

  const save = async (next: boolean) => {
    setSubmitted(true);
    setSaving(true);
    setSaveError(null);
    // Computed values come from the core's own evaluation, forwarded unchanged.
    const out: Record<string, unknown> = { ...values };
    for (const f of state.fields) {
      if (f.readonly) out[f.name] = f.value ?? null;
      // An offered answer to a question the form does not ask is never saved.
      else if (!f.relevant && f.name in offered) delete out[f.name];
    }
    // A stored record: only the answers that differ from the record as this form opened
    // it are written, so an answer another leader changed meanwhile (pulled by a sync in
    // the background) is not silently put back to what this screen showed.
    const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
    const sent = stored ? Object.fromEntries(Object.entries(out).filter(([k, v]) => !same(v, stored.values[k]))) : out;
    const r = await core.save(type, p.id, groupId, p.parentId, sent);
    setSaving(false);
    if (!r.ok) {
      setSaveError(r.error);
      // Focus goes to the first question to fix: a screen reader reads it with its error.
      window.setTimeout(() => {
        const first = formRef.current?.querySelector(".field.has-error");
        const control = first?.querySelector<HTMLElement>("input, textarea, select, button[aria-checked='true'], button");
        first?.scrollIntoView({ block: "center" });
        control?.focus({ preventScroll: true });
      }, 0);
      return;
    }
    latest.current.dirty = false;
    window.clearTimeout(timer.current);
    await core.clearDraft(key);
    rememberSaved(r.value);
    await p.onSaved(r.value, next);
  };

  const fieldNames = new Set(state.fields.map((f) => f.name));
  const recordIssues = state.issues.filter((i) => !i.path || !fieldNames.has(i.path));
  // Computed fields' issues (e.g. "exactly one head") depend on records entered later:
  // shown as a note, not counted as something to fix in this form.
  const errorCount = state.fields.filter((f) => f.relevant && !f.readonly && f.error && (submitted || (touched[f.name] && present(values[f.name])))).length;

  const renderField = (fs: FieldState): ComponentChild => {
    if (!fs.relevant) return null;
    const fd = def?.fields.find((f) => f.name === fs.name);
    if (!fd) return null;
    const showError = !!fs.error && (submitted || fs.readonly || (touched[fs.name] && present(values[fs.name])));
    const cls = `field${fs.readonly ? " computed" : ""}${showError && !fs.readonly ? " has-error" : ""}`;
    const qId = `q-${fs.name}`, errId = `e-${fs.name}`;
    // A label points at one input; a group of buttons is named by the question's id instead.
    const oneInput = fs.readonly || !isButtonGroup(fd.type, choices(core, fd.list).length);
    const mark = offered[fs.name];
    return h(
      "div",
      { class: cls, "data-field": fs.name, "data-type": fd.type, "data-offered": mark, key: fs.name },
      h(oneInput ? "label" : "div", { class: "q", id: qId, for: oneInput ? `f-${fs.name}` : undefined },
        bi(fd.label.vi, fd.label.en),
        fs.required && !fs.readonly ? h("span", { class: "req", title: "Bắt buộc / Required" }, " *") : null,
        fd.sealed ? h("span", { class: "badge seal" }, "🔒 niêm phong") : null),
      fd.hint ? h("div", { class: "hint" }, bi(fd.hint.vi, fd.hint.en)) : null,
      mark ? h("div", { class: "offered-note" }, mark === "copied"
        ? bi("Chép từ người trước — sửa nếu khác", "Copied from the previous member: change it if different")
        : bi("Điền sẵn — sửa nếu khác", "Filled in for you: change it if different")) : null,
      fs.readonly
        ? h("output", { class: "value", id: `f-${fs.name}`, "data-value": JSON.stringify(fs.value ?? null) },
            displayValue(core, type, fs.name, fs.value))
        : h(FieldInput, {
            def: fd, value: values[fs.name], sealed: core.isSealed(values[fs.name]), fold: (t: string) => core.foldForSearch(t), choices: choices(core, fd.list), invalid: showError,
            labelledBy: qId, describedBy: showError ? errId : undefined,
            onChange: (v: unknown) => change(fs.name, v),
            onBlur: () => setTouched((t) => (t[fs.name] ? t : { ...t, [fs.name]: true })),
          }),
      showError
        ? h("div", { class: fs.readonly ? "note" : "error", id: errId },
            bi(fs.error!.message_vi, fs.error!.message_en))
        : null,
    );
  };

  const groupPicker = !p.id && !p.parentId && p.groups.length > 1
    ? h("div", { class: "field", "data-field": "_group" },
        h("label", { class: "q", for: "f-_group" }, bi("Tổ dân phố", "Residential group")),
        h("select", { id: "f-_group", value: groupId,
          onChange: (e: Event) => {
            const g = (e.target as HTMLSelectElement).value;
            latest.current = { ...latest.current, groupId: g, dirty: true };
            setGroupId(g);
            void writeDraft();
          } }, p.groups.map((g) => h("option", { value: g }, g))))
    : null;

  return h(
    "form",
    { class: "record-form", "data-form": type, ref: formRef, novalidate: true,
      onSubmit: (e: Event) => { e.preventDefault(); void save(false); } },
    draftNote
      ? h("div", { class: "notice draft-restored" },
          bi(`Đã mở lại bản nháp chưa lưu (lúc ${new Date(draftNote).toLocaleString("vi-VN")}).`,
             "Reopened an unsaved draft."),
          button({ class: "link", onClick: () => void discardDraft() }, "Bỏ bản nháp", "Discard draft"))
      : null,
    groupPicker,
    previous && !copied && copiedFields(def).length
      ? h("div", { class: "notice copy-offer" },
          button({ class: "secondary", "data-action": "copy-previous", onClick: copyPrevious },
            `⧉ Trả lời giống ${String(previous.values.full_name ?? "người trước")}`,
            "Same answers as the previous member (name, sex, birth date, relationship excepted)"),
          h("span", { class: "muted" }, bi("Chép mọi câu trừ họ tên, giới tính, ngày sinh, quan hệ; sửa câu nào khác.",
            "Copies all but name, sex, birth date, relationship; change what differs.")))
      : null,
    state.fields.map(renderField),
    submitted && recordIssues.length
      ? h("div", { class: "record-issues" }, recordIssues.map((i) => problemView(i)))
      : null,
    // With questions to fix, focus goes to the first of them (read with its error); the
    // summary is then not announced a second time.
    saveError ? (errorCount ? h("div", { class: "problem" }, bi(saveError.message_vi, saveError.message_en)) : problemView(saveError)) : null,
    h("div", { class: "form-actions" },
      h("div", { class: "status-line" },
        errorCount ? h("span", { class: "error-count" }, `Còn ${errorCount} lỗi cần sửa (${errorCount} to fix)`) : null,
        h("span", { class: "draft-state", "aria-live": "polite", "data-state": draftState },
          draftState === "pending" ? "Đang ghi nháp… (saving draft)"
            : draftState === "saved" ? "✓ Đã ghi nháp trên máy (draft kept)"
            : draftState === "error" ? "⚠ Chưa ghi được nháp; hãy bấm Lưu (draft not kept; save)" : "")),
      h("div", { class: "buttons" },
        button({ class: "secondary", onClick: p.onCancel, "data-action": "cancel" }, "Quay lại", "Back"),
        h("button", { type: "submit", class: "primary", disabled: saving, "data-action": "save" },
          saving ? bi("Đang lưu…", "Saving…") : bi("Lưu", "Save")),
        p.nextLabel
          ? button({ class: "primary next", disabled: saving, "data-action": "save-next", onClick: () => void save(true) },
              p.nextLabel[0], p.nextLabel[1])
          : null)),
    p.id && p.parentId && p.onDeleted
      ? button({ class: "link danger", "data-action": "delete", onClick: async () => {
          if (!confirm("Xóa hồ sơ này? Việc xóa sẽ được gửi lên máy chủ khi đồng bộ.\nDelete this record?")) return;
          const r = await core.deleteRecord(p.id!);
          if (!r.ok) { setSaveError(r.error); return; }
          latest.current.dirty = false;
          await core.clearDraft(key);
          await p.onDeleted!();
        } }, "🗑 Xóa hồ sơ này", "Delete this record")
      : null,
  );
}
