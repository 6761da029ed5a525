// Any record's form, rendered from its schema. Every keystroke asks core.evaluate() for
// skip logic, requirements, errors and computed values, and is kept as a draft
// (debounced, durable) so a closed tab or a killed browser loses nothing.
import { h, VNode } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { FieldState, Problem, RecordView, SotayCore } from "../core/contract";
import { bi, button, problemView } from "./dom";
import { FieldInput } from "./fields";
import { choices, displayValue, form as formOf } from "./schema";

export interface Draft {
  type: string;
  id: string | null;
  parentId: string | null;
  groupId: string;
  values: Record<string, unknown>;
  at: number; // ms, when last typed
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
  onSaved: (rec: RecordView) => void | Promise<void>;
  onCancel: () => void;
  onDeleted?: () => void | Promise<void>; // offered for stored child records (a member who moved away)
}

export function RecordForm(p: FormProps): VNode<any> {
  const { core, type } = p;
  const key = draftKey(type, p.id, p.parentId);
  const stored = useMemo(() => (p.id ? core.getRecord(p.id) : null), [p.id]);
  const restored = useMemo(() => core.loadDraft(key) as Draft | null, [key]);
  const base = (): Record<string, unknown> => ({ ...(p.initial ?? {}), ...(stored?.values ?? {}) });

  const [values, setValues] = useState<Record<string, unknown>>(() => restored?.values ?? base());
  const [groupId, setGroupId] = useState<string>(restored?.groupId ?? p.groupId);
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<Problem | null>(null);
  const [draftNote, setDraftNote] = useState<number | null>(restored ? restored.at : null);
  const [draftState, setDraftState] = useState<"idle" | "pending" | "saved" | "error">("idle");
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef({ values, groupId, dirty: false });

  const state = useMemo(() => core.evaluate(type, p.id, p.parentId, values), [values]);
  const def = formOf(core, type);

  const writeDraft = async () => {
    window.clearTimeout(timer.current);
    timer.current = undefined;
    if (!latest.current.dirty) return;
    latest.current.dirty = false;
    const d: Draft = { type, id: p.id, parentId: p.parentId, groupId: latest.current.groupId,
                       values: latest.current.values, at: Date.now() };
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
    const next = { ...latest.current.values, [name]: v };
    latest.current = { ...latest.current, values: next, dirty: true };
    setValues(next);
    setSaveError(null);
    setDraftState("pending");
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void writeDraft(), DRAFT_DELAY_MS);
  };

  const discardDraft = async () => {
    latest.current = { values: base(), groupId: p.groupId, dirty: false };
    window.clearTimeout(timer.current);
    await core.clearDraft(key);
    setValues(latest.current.values);
    setGroupId(p.groupId);
    setDraftNote(null);
    setTouched({});
    setSubmitted(false);
  };

  const save = async () => {
    setSubmitted(true);
    setSaving(true);
    setSaveError(null);
    // Computed values come from the core's own evaluation, forwarded unchanged.
    const out: Record<string, unknown> = { ...values };
    for (const f of state.fields) if (f.readonly) out[f.name] = f.value ?? null;
    const r = await core.save(type, p.id, groupId, p.parentId, out);
    setSaving(false);
    if (!r.ok) {
      setSaveError(r.error);
      const first = document.querySelector(".field.has-error");
      first?.scrollIntoView({ block: "center" });
      return;
    }
    latest.current.dirty = false;
    window.clearTimeout(timer.current);
    await core.clearDraft(key);
    await p.onSaved(r.value);
  };

  const fieldNames = new Set(state.fields.map((f) => f.name));
  const recordIssues = state.issues.filter((i) => !i.path || !fieldNames.has(i.path));
  // Computed fields' issues (e.g. "exactly one head") depend on records entered later:
  // shown as a note, not counted as something to fix in this form.
  const errorCount = state.fields.filter((f) => f.relevant && !f.readonly && f.error && (submitted || (touched[f.name] && present(values[f.name])))).length;

  const renderField = (fs: FieldState): VNode<any> | null => {
    if (!fs.relevant) return null;
    const fd = def?.fields.find((f) => f.name === fs.name);
    if (!fd) return null;
    const showError = !!fs.error && (submitted || fs.readonly || (touched[fs.name] && present(values[fs.name])));
    const cls = `field${fs.readonly ? " computed" : ""}${showError && !fs.readonly ? " has-error" : ""}`;
    return h(
      "div",
      { class: cls, "data-field": fs.name, "data-type": fd.type, key: fs.name },
      h("label", { class: "q", for: `f-${fs.name}` },
        bi(fd.label.vi, fd.label.en),
        fs.required && !fs.readonly ? h("span", { class: "req", title: "Bắt buộc / Required" }, " *") : null,
        fd.sealed ? h("span", { class: "badge seal" }, "🔒 niêm phong") : null),
      fd.hint ? h("div", { class: "hint" }, bi(fd.hint.vi, fd.hint.en)) : null,
      fs.readonly
        ? h("output", { class: "value", id: `f-${fs.name}`, "data-value": JSON.stringify(fs.value ?? null) },
            displayValue(core, type, fs.name, fs.value))
        : h(FieldInput, {
            def: fd, value: values[fs.name], sealed: core.isSealed(values[fs.name]), choices: choices(core, fd.list), invalid: showError,
            onChange: (v: unknown) => change(fs.name, v),
            onBlur: () => setTouched((t) => (t[fs.name] ? t : { ...t, [fs.name]: true })),
          }),
      showError
        ? h("div", { class: fs.readonly ? "note" : "error", role: fs.readonly ? undefined : "alert" },
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
    { class: "record-form", "data-form": type, onSubmit: (e: Event) => { e.preventDefault(); void save(); }, novalidate: true },
    draftNote
      ? h("div", { class: "notice draft-restored" },
          bi(`Đã mở lại bản nháp chưa lưu (lúc ${new Date(draftNote).toLocaleString("vi-VN")}).`,
             "Reopened an unsaved draft."),
          button({ class: "link", onClick: () => void discardDraft() }, "Bỏ bản nháp", "Discard draft"))
      : null,
    groupPicker,
    state.fields.map(renderField),
    submitted && recordIssues.length
      ? h("div", { class: "record-issues" }, recordIssues.map((i) => problemView(i)))
      : null,
    saveError ? problemView(saveError) : null,
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
          saving ? bi("Đang lưu…", "Saving…") : bi("Lưu", "Save")))),
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
