// "Bình xét Tổ dân phố văn hóa": the culture-social office enters each residential
// group's yearly review (schemas/assessment.cultural_group.json) on a form drawn from
// the schema. Which questions show, constraint errors and the result the answers give
// are the core's (form_rules.ts, the phone's own evaluation); the server checks and
// computes again on saving, and indicator (10) follows the save.
import { h } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import type { Problem } from "../core/contract";
import { put, query } from "./api";
import { useFormRules, type FieldState, type FormRules } from "./form_rules";
import { label, t } from "./i18n";
import { StatusBadge, useIndicators } from "./indicators";
import { href } from "./route";
import { choiceLabel, ErrorBox, formOf, groupName, Show, useLoad, useShared } from "./state";
import { valueOf } from "./events";

const TYPE = "assessment.cultural_group";

interface ReviewAnswer {
  group_id: string;
  year: number;
  record_id: string | null;
  fields: Record<string, unknown>;
  written?: string[];
}

function YesNo(props: { name: string; value: unknown; onChange: (v: boolean) => void }) {
  const b = (v: boolean, text: string) =>
    h("button", {
      type: "button", class: "toggle" + (props.value === v ? " on" : ""), "aria-pressed": props.value === v ? "true" : "false",
      "data-field": props.name, "data-value": String(v), onClick: () => props.onChange(v),
    }, text);
  return h("div", { class: "yes-no", role: "group" }, b(true, t("Có", "Yes")), b(false, t("Không", "No")));
}

function present(v: unknown): boolean {
  return v !== null && v !== undefined && v !== "";
}

function ReviewForm(props: { group: string; year: number; answer: ReviewAnswer; rules: FormRules; onSaved: () => void }) {
  const shared = useShared();
  const form = formOf(shared, TYPE);
  const [values, setValues] = useState<Record<string, unknown>>(props.answer.fields);
  const [error, setError] = useState<Problem | null>(null);
  const [errorField, setErrorField] = useState("");
  const [saved, setSaved] = useState<ReviewAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  // The core's view of the answers: relevance, errors, the computed result.
  const live = useMemo(() => {
    try {
      return { state: props.rules.evaluate(TYPE, { ...values, period: props.year }), error: null };
    } catch (e) {
      return { state: null, error: e as Problem };
    }
  }, [values, props.year]);
  if (!form) return h("p", { class: "error" }, t("Máy chủ chưa có biểu mẫu bình xét tổ dân phố.", "The server lacks the group review form."));
  if (!live.state) return h(ErrorBox, { error: live.error });
  const byName = new Map<string, FieldState>(live.state.fields.map((f) => [f.name, f]));
  const set = (name: string, v: unknown) => {
    setValues((old) => ({ ...old, [name]: v }));
    setSaved(null);
    // The field the server refused is no longer marked once it is answered again.
    if (name === errorField) setErrorField("");
  };
  const editable = form.fields.filter((f) => f.name !== "period" && !byName.get(f.name)?.readonly);
  const shown = (name: string) => byName.get(name)?.relevant ?? true;
  const save = async (e: Event) => {
    e.preventDefault();
    const fields: Record<string, unknown> = {};
    for (const f of editable) {
      const v = values[f.name];
      fields[f.name] = shown(f.name) && v !== undefined && v !== "" ? v : null;
    }
    setBusy(true);
    const r = await put<ReviewAnswer>("/api/v1/groups/" + encodeURIComponent(props.group) + "/cultural-review" + query({ year: props.year }), { fields });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      setErrorField(r.error.path ?? "");
      return;
    }
    setError(null);
    setErrorField("");
    setValues(r.body.fields);
    setSaved(r.body);
    props.onSaved();
  };
  const status = byName.get("status")?.value as string | null | undefined;
  const statusField = form.fields.find((f) => f.name === "status");
  return h("form", { class: "panel group-review-form", "data-group": props.group, onSubmit: save },
    editable.filter((f) => shown(f.name)).map((f) => {
      const v = values[f.name];
      // The core's complaint about an answer given (a date in the future, a decision
      // before the meeting); missing answers are named by the server on saving.
      const problem = present(v) ? byName.get(f.name)?.error : undefined;
      const wrong = errorField === f.name || !!problem;
      const input = f.type === "boolean"
        ? h(YesNo, { name: f.name, value: v, onChange: (x: boolean) => set(f.name, x) })
        : f.type === "date"
          ? h("input", { type: "date", id: "f-" + f.name, name: f.name, value: String(v ?? ""), onInput: (e: Event) => set(f.name, valueOf(e) || null) })
          : h("input", { id: "f-" + f.name, name: f.name, value: String(v ?? ""), maxLength: f.max_length, onInput: (e: Event) => set(f.name, valueOf(e)) });
      return h("div", { class: "field" + (wrong ? " wrong" : ""), "data-name": f.name },
        h("label", { for: f.type === "boolean" ? undefined : "f-" + f.name }, label(f.label), byName.get(f.name)?.required ? h("span", { class: "req", "aria-label": t("bắt buộc", "required") }, " *") : null),
        input,
        problem ? h("div", { class: "field-error", role: "alert", "data-code": problem.code }, t(problem.message_vi, problem.message_en)) : null,
        f.hint ? h("div", { class: "small muted" }, label(f.hint)) : null);
    }),
    h("p", { class: "review-result", "data-status": status ?? "" },
      statusField ? label(statusField.label) + ": " : "",
      h("strong", null, status ? choiceLabel(shared, statusField?.list ?? "cultural_status", status) : t("chưa có", "none yet"))),
    h("button", { type: "submit", "data-action": "save-group-review", disabled: busy, class: "big" }, busy ? t("Đang lưu…", "Saving…") : t("Lưu kết quả bình xét", "Save the review")),
    h(ErrorBox, { error }),
    saved ? h("p", { class: "ok", role: "status" },
      t("Đã lưu bình xét năm ", "Saved the review of ") + props.year + t(" của ", " for ") + groupName(shared, props.group) + ". " +
      (saved.written?.length ? "" : t("Không có gì thay đổi.", "Nothing changed."))) : null);
}

export function GroupReviewScreen(props: { params: URLSearchParams }) {
  const shared = useShared();
  const group = props.params.get("group") ?? shared.groups[0]?.id ?? "";
  const year = shared.year;
  const load = useLoad<ReviewAnswer>(group ? "/api/v1/groups/" + encodeURIComponent(group) + "/cultural-review" + query({ year }) : null);
  const rules = useFormRules(shared.schemas);
  const indicators = useIndicators(year);
  const [tick, setTick] = useState(0);
  useEffect(() => { if (tick) indicators.reload(); }, [tick]);
  const row = (g: string) => (indicators.data?.values ?? []).find((v) => v.indicator === "10" && v.group_id === g);
  const ward = row("");
  return h("section", { class: "screen group-review", "data-screen": "group-review" },
    h("h1", null, t("Bình xét Tổ dân phố văn hóa", "Cultural residential group review")),
    h("p", { class: "muted" }, t("Phòng Văn hóa - Xã hội nhập kết quả bình xét của từng tổ dân phố mỗi năm; chỉ tiêu (10) cập nhật ngay khi lưu.",
      "The culture-social office enters each group's yearly review; indicator (10) updates on saving.")),
    h("div", { class: "filters" },
      h("label", null, t("Tổ dân phố", "Group"),
        h("select", { id: "review-group", value: group, onChange: (e: Event) => { location.hash = href("group-review", { group: valueOf(e) }); } },
          shared.groups.map((g) => h("option", { value: g.id }, g.name)))),
      h("span", null, t("Năm ", "Year ") + year)),
    h("p", { class: "indicator-10", "data-numerator": ward?.numerator ?? "" },
      h("a", { href: href("indicator/10") }, t("Chỉ tiêu (10) toàn phường: ", "Indicator (10), whole ward: ")),
      ward && ward.numerator !== null ? ward.numerator + "/" + ward.denominator + t(" tổ được công nhận ", " groups recognised ") : t("chưa có số liệu ", "no data yet "),
      ward ? h(StatusBadge, { status: ward.status }) : null),
    rules.error ? h(ErrorBox, { error: rules.error }) : null,
    !rules.rules && !rules.error ? h("p", { class: "muted", "data-loading": "form-rules" }, t("Đang tải biểu mẫu…", "Loading the form…")) : null,
    group && rules.rules ? h(Show<ReviewAnswer>, { load }, (a: ReviewAnswer) =>
      h(ReviewForm, { group, year, answer: a, rules: rules.rules!, key: group + "/" + year + "/" + (a.record_id ?? ""), onSaved: () => setTick((n) => n + 1) })) : null);
}
