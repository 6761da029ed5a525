// Data every screen shares (who is logged in, the ward's groups, forms and the plan's
// indicators) and a small hook to load one API answer.
import { createContext, h, type ComponentChild, type ComponentChildren } from "preact";
import { useCallback, useContext, useEffect, useState } from "preact/hooks";
import type { Problem } from "../core/contract";
import type { FieldDef, FormDef, IndicatorDef, Schemas } from "../core/schemas";
import { get, type HttpResult } from "./api";
import { label, t } from "./i18n";

export type { IndicatorDef };

export interface Me {
  role: string;
  username?: string;
  // The office user's full name ("" until the admin sets it): what reports are signed with.
  full_name?: string;
  groups: string[];
  ward: { name: string };
}

export interface Group {
  id: string;
  name: string;
  households: number;
  persons: number;
}

export interface Shared {
  me: Me;
  groups: Group[];
  schemas: Schemas; // GET /api/v1/schemas as it came
  year: number;
  setYear: (y: number) => void;
  reloadGroups: () => void;
}

export const SharedContext = createContext<Shared | null>(null);

export function useShared(): Shared {
  const s = useContext(SharedContext);
  if (!s) throw new Error("no shared state");
  return s;
}

export function groupName(shared: Shared, id: string): string {
  if (!id) return t("Toàn phường", "Whole ward");
  return shared.groups.find((g) => g.id === id)?.name ?? id;
}

// "Tổ 2" for "Tổ dân phố số 2": where many groups share a line (chips, a report's cell).
export function shortGroupName(shared: Shared, id: string): string {
  return groupName(shared, id).replace(/^Tổ dân phố số /, t("Tổ ", "Group "));
}

// The plan's indicators as the server's registry lists them (schemas carry them too).
export function registry(shared: Shared): IndicatorDef[] {
  return shared.schemas?.indicators ?? [];
}

export function formOf(shared: Shared, type: string): FormDef | null {
  return (shared.schemas?.schemas ?? []).find((s) => s.record_type === type || s.id === type) ?? null;
}

export function choiceLabel(shared: Shared, list: string, code: unknown): string {
  const choices = shared.schemas?.code_lists?.[list]?.choices ?? [];
  const c = choices.find((x) => x.code === code);
  return c ? label(c.label) : String(code);
}

export interface Loaded<T> {
  loading: boolean;
  error: Problem | null;
  data: T | null;
  reload: () => void;
}

export function useLoad<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ loading: boolean; error: Problem | null; data: T | null }>({
    loading: path !== null,
    error: null,
    data: null,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState((s) => ({ loading: true, error: null, data: s.data }));
    get<T>(path).then((r: HttpResult<T>) => {
      if (!live) return;
      if (r.ok) setState({ loading: false, error: null, data: r.body });
      else setState({ loading: false, error: r.error, data: null });
    });
    return () => {
      live = false;
    };
  }, [path, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

export function ErrorBox(props: { error: Problem | null | undefined }) {
  if (!props.error) return null;
  return h("p", { class: "error", role: "alert", "data-code": props.error.code }, t(props.error.message_vi, props.error.message_en) + " (" + props.error.code + ")");
}

type Render<T> = (data: T) => ComponentChild;
// Preact types children as nodes; Show's one child is a function.
function isRender<T>(c: ComponentChildren | Render<T>): c is Render<T> {
  return typeof c === "function";
}

// Loading / error / content, in that order. The child is a function of the data:
// h(Show<T>, {load}, (data: T) => …).
export function Show<T>(props: { load: Loaded<T>; children?: ComponentChildren | Render<T> }) {
  const { load } = props;
  if (load.error) return h(ErrorBox, { error: load.error });
  if (load.data === null) return h("p", { class: "loading", "aria-busy": "true" }, t("Đang tải…", "Loading…"));
  return isRender<T>(props.children) ? props.children(load.data) : null;
}

// A field's definition from its form (any form when the record type is unknown).
export function fieldDef(shared: Shared, name: string, type?: string): FieldDef | null {
  const form = type ? formOf(shared, type) : null;
  const forms = form ? [form] : shared.schemas?.schemas ?? [];
  for (const f of forms) {
    const field = (f.fields ?? []).find((x) => x.name === name);
    if (field) return field;
  }
  return null;
}

// A field's label from its form (any form when the record type is unknown).
export function fieldLabel(shared: Shared, name: string, type?: string): string {
  const field = fieldDef(shared, name, type);
  return field ? label(field.label) : name;
}
