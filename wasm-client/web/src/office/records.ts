// Households of a group (search, review state, and — when reached from an indicator —
// each household's own share of it) and one household: fields, members, assessments,
// indicator facts, review actions and the history of every write (who, when, old → new).
import { h } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Problem } from "../core/contract";
import type { FieldDef } from "../core/schemas";
import { get, post, query, saveBlob } from "./api";
import { actorText, dateTime, isoDayText, num, periodText } from "./format";
import { label, t } from "./i18n";
import { href } from "./route";
import { isSealed, SealedPanel, sealedText, unlocked, useSealedKey } from "./sealed";
import { callApp } from "../core/module";
import { moduleMissing, officeApp } from "./core_module";
import { choiceLabel, ErrorBox, formOf, groupName, Show, useLoad, useShared, type Shared } from "./state";
import { checkedOf, valueOf } from "./events";

interface Review {
  state: string;
  comment: string;
  by: string;
  at: number;
}

export interface RecordRow {
  id: string;
  type: string;
  group_id: string;
  parent_id: string | null;
  summary: { head_name?: string; address?: string; house_number?: string; members?: number };
  review: Review | null;
  updated_ms: number;
  // With ?indicator=: the household's own share of it (null: no facts).
  share?: { numerator: number; denominator: number; short: boolean } | null;
}

export interface FullRecord {
  id: string;
  type: string;
  group_id: string;
  parent_id: string | null;
  deleted?: boolean;
  fields: Record<string, { value: unknown; hlc: string }>;
}

export interface RecordAnswer {
  record: FullRecord;
  children: FullRecord[];
  review: Review | null;
  // The household's summary (who heads it is the core's rule, core/household_summary.h);
  // null for other records.
  summary: (RecordRow["summary"] & { head_id?: string | null }) | null;
  // `short`: the household falls short of the indicator on its own (the server's rule).
  facts: { period: string; indicator: string; numerator: number; denominator: number; short?: boolean }[];
  // Residents without a BHYT card valid on the year's reference date: indicator 12's
  // rule, applied by the server (core BhytCoveredOn).
  bhyt_uncovered: string[];
}

export function reviewText(state: string | undefined | null): string {
  switch (state) {
    case "approved":
      return t("Đã duyệt", "Approved");
    case "rejected":
      return t("Không duyệt", "Rejected");
    case "has_issues":
      return t("Có vấn đề", "Has issues");
    case "pending":
      return t("Chờ duyệt", "Pending");
    default:
      return t("Chưa xem", "Not reviewed");
  }
}

function ReviewBadge(props: { review: Review | null }) {
  const s = props.review?.state ?? "unreviewed";
  return h("span", { class: "badge review-" + s, "data-review": s }, reviewText(s));
}

// The list on screen as a CSV file (UTF-8 with BOM, so Excel reads Vietnamese), to hand
// to a group leader: the households to visit. The core writes it (csvOfRows): names and
// addresses typed by leaders are neutralised exactly as in the server's exports, so a
// head named "=HYPERLINK(…)" stays text in the office's spreadsheet.
async function saveListCsv(shared: Shared, rows: RecordRow[], indicator: string | null): Promise<Problem | null> {
  const head = [t("Chủ hộ", "Head of household"), t("Địa chỉ", "Address"), t("Tổ", "Group"), t("Số người", "Members"), t("Duyệt", "Review")];
  if (indicator) head.push(t("Chỉ tiêu ", "Indicator ") + indicator + t(" (đạt/tổng)", " (yes/total)"));
  const table: (string | number | null)[][] = [head];
  for (const r of rows) {
    const f = r.share;
    const line: (string | number | null)[] = [r.summary?.head_name ?? null, addressText(r.summary), groupName(shared, r.group_id),
      r.summary?.members ?? null, reviewText(r.review?.state)];
    if (indicator) line.push(f ? f.numerator + "/" + f.denominator : null);
    table.push(line);
  }
  let app;
  try {
    app = await officeApp();
  } catch {
    return moduleMissing("để tạo tệp CSV", "to make the CSV file");
  }
  const csv = callApp(app, "csvOfRows", { rows: table });
  if (!csv.ok) return csv.error;
  const blob = new Blob([csv.value], { type: "text/csv;charset=utf-8" });
  saveBlob({ name: "ho-gia-dinh" + (indicator ? "-chi-tieu-" + indicator : "") + ".csv", bytes: blob.size, blob });
  return null;
}

// The server's address may already start with the house number.
function addressText(s: RecordRow["summary"] | undefined): string {
  const n = (s?.house_number ?? "").trim();
  const a = (s?.address ?? "").trim();
  if (!n) return a;
  return a.startsWith(n) ? a : [n, a].filter(Boolean).join(", ");
}

export function HouseholdsScreen(props: { params: URLSearchParams }) {
  const shared = useShared();
  const group = props.params.get("group") ?? "";
  const status = props.params.get("status") ?? "";
  const indicator = props.params.get("i");
  const [q, setQ] = useState(props.params.get("q") ?? "");
  const [applied, setApplied] = useState(q);
  const [pages, setPages] = useState<RecordRow[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const [csvError, setCsvError] = useState<Problem | null>(null);
  const [loading, setLoading] = useState(true);
  const [onlyShort, setOnlyShort] = useState(!!indicator);
  // The server filters the whole ward by the indicator, not only the loaded page.
  const base = "/api/v1/records" + query({ type: "household", group, q: applied, status, limit: 100,
                                           indicator: indicator ?? undefined, period: indicator ? String(shared.year) : undefined,
                                           short: indicator ? (onlyShort ? 1 : 0) : undefined });

  const loadPage = async (after: string | null, reset: boolean) => {
    setLoading(true);
    const r = await get<{ records: RecordRow[]; next: string | number | null }>(base + (after ? "&after=" + encodeURIComponent(after) : ""));
    setLoading(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    setPages((p) => (reset ? r.body.records : p.concat(r.body.records)));
    setNext(r.body.next === null || r.body.next === undefined || r.body.next === "" ? null : String(r.body.next));
  };
  useEffect(() => {
    setPages([]);
    loadPage(null, true);
  }, [base]);

  const def = indicator ? (shared.schemas?.indicators ?? []).find((d) => d.id === indicator) : null;
  const rows = pages;
  const setParam = (k: string, v: string) => {
    const p = new URLSearchParams(props.params);
    if (v) p.set(k, v);
    else p.delete(k);
    location.hash = "#/households?" + p.toString();
  };

  return h("section", { class: "screen households", "data-screen": "households" },
    h("p", { class: "crumbs" },
      h("a", { href: href("groups") }, t("Các tổ", "Groups")), " › ", group ? groupName(shared, group) : t("Tất cả các tổ", "All groups"),
      indicator ? [" › ", h("a", { href: href("indicator/" + indicator) }, def ? label(def.label) : t("chỉ tiêu", "indicator"))] : null),
    h("h1", null, t("Hộ gia đình", "Households"), group ? " — " + groupName(shared, group) : ""),
    h("form", { class: "filters", onSubmit: (e: Event) => { e.preventDefault(); setApplied(q); } },
      h("label", null, t("Tìm (tên chủ hộ, địa chỉ, số nhà)", "Search (head, address, house number)"),
        h("input", { type: "search", id: "household-search", value: q, onInput: (e: Event) => setQ(valueOf(e)), placeholder: t("vd. Nguyễn Văn", "e.g. Nguyễn Văn") })),
      h("label", null, t("Tổ", "Group"),
        h("select", { id: "household-group", value: group, onChange: (e: Event) => setParam("group", valueOf(e)) },
          h("option", { value: "" }, t("Tất cả", "All")),
          shared.groups.map((g) => h("option", { value: g.id }, g.name)))),
      h("label", null, t("Duyệt", "Review"),
        h("select", { id: "household-status", value: status, onChange: (e: Event) => setParam("status", valueOf(e)) },
          h("option", { value: "" }, t("Tất cả", "All")),
          ["unreviewed", "pending", "has_issues", "approved", "rejected"].map((s) => h("option", { value: s }, reviewText(s))))),
      h("button", { type: "submit", "data-action": "search" }, t("Tìm", "Search"))),
    indicator && def
      ? h("div", { class: "indicator-context" },
          h("p", null, t("Đang xem theo chỉ tiêu ", "Viewing by indicator "), h("strong", null, (def.plan_item ? "(" + indicator + ") " : "") + label(def.label)),
            t(": cột cuối là phần của từng hộ (đạt / tổng số) năm ", ": the last column is each household's share (yes / total) for ") + shared.year + "."),
          h("label", { class: "inline" }, h("input", { type: "checkbox", checked: onlyShort, "data-action": "only-short", onChange: (e: Event) => setOnlyShort(checkedOf(e)) }),
            " " + t("Chỉ các hộ còn thiếu (trong toàn bộ danh sách)", "Only households that fall short (in the whole list)")))
      : null,
    h(ErrorBox, { error }),
    h(ErrorBox, { error: csvError }),
    rows.length
      ? h("div", { class: "actions no-print" },
          h("button", { "data-action": "list-csv", onClick: () => { void saveListCsv(shared, rows, indicator).then((e) => { if (e) setCsvError(e); }); } }, "⬇ " + t("Tải danh sách này (CSV)", "Download this list (CSV)")),
          h("button", { "data-action": "print", onClick: () => window.print() }, "🖨 " + t("In danh sách", "Print the list")))
      : null,
    // Scrolls sideways on its own on a narrow screen; the page never does.
    h("div", { class: "scroll" }, h("table", { class: "data households-table" },
      h("thead", null, h("tr", null,
        h("th", null, t("Chủ hộ", "Head of household")),
        h("th", null, t("Địa chỉ", "Address")),
        group ? null : h("th", null, t("Tổ", "Group")),
        h("th", { class: "num" }, t("Số người", "Members")),
        h("th", null, t("Duyệt", "Review")),
        h("th", null, t("Cập nhật", "Updated")),
        indicator ? h("th", { class: "num" }, t("Chỉ tiêu ", "Indicator ") + indicator) : null)),
      h("tbody", null, rows.map((r) => h("tr", { "data-record": r.id, class: indicator && r.share?.short ? "below" : "" },
        h("td", null, h("a", { href: href("record/" + r.id), class: "record-link" }, r.summary?.head_name || t("(chưa có tên)", "(no name)"))),
        h("td", null, addressText(r.summary)),
        group ? null : h("td", null, groupName(shared, r.group_id)),
        h("td", { class: "num" }, r.summary?.members ?? "—"),
        h("td", null, h(ReviewBadge, { review: r.review })),
        h("td", { class: "small" }, dateTime(r.updated_ms)),
        indicator ? h("td", { class: "num" }, r.share ? r.share.numerator + " / " + r.share.denominator : "—") : null))))),
    loading ? h("p", { class: "loading" }, t("Đang tải…", "Loading…")) : null,
    !loading && !rows.length && !error ? h("p", { class: "muted empty" }, t("Không có hộ nào.", "No households.")) : null,
    next ? h("button", { "data-action": "more", onClick: () => loadPage(next, false) }, t("Xem thêm", "Show more")) : null);
}

function fieldValue(shared: Shared, field: FieldDef | null | undefined, v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  if (isSealed(v)) return sealedText(v);
  if (field?.type === "boolean") return v === true || v === "true" || v === 1 ? t("Có", "Yes") : t("Không", "No");
  const list = field?.list;
  if (list && Array.isArray(v)) return v.map((c) => choiceLabel(shared, list, c)).join(", ");
  if (list) return choiceLabel(shared, list, v);
  if (Array.isArray(v)) return v.join(", ");
  if (typeof v === "object") return JSON.stringify(v);
  // Dates and numbers as the phone writes them: 25/12/1973, 52,7.
  if (field?.type === "date" && typeof v === "string") return isoDayText(v);
  if (typeof v === "number") return num(v, 2);
  return String(v);
}

function FieldsTable(props: { rec: FullRecord }) {
  const shared = useShared();
  useSealedKey(); // sealed values show once the office key is opened
  const form = formOf(shared, props.rec.type);
  const known = form?.fields ?? [];
  const names = known.map((f) => f.name).filter((n) => n in props.rec.fields);
  for (const n of Object.keys(props.rec.fields)) if (!names.includes(n)) names.push(n);
  return h("table", { class: "data fields" },
    h("tbody", null, names.map((n) => {
      const f = known.find((x) => x.name === n);
      const v = props.rec.fields[n]?.value;
      return h("tr", { "data-field": n },
        h("th", { scope: "row" }, f ? label(f.label) : n, f?.sensitive ? h("span", { class: "tag", title: t("Thông tin nhạy cảm", "Sensitive") }, t(" nhạy cảm", " sensitive")) : null,
          f?.sealed ? h("span", { class: "tag", title: t("Niêm phong trên điện thoại", "Sealed on the phone") }, t(" niêm phong", " sealed")) : null),
        h("td", isSealed(v) ? { "data-sealed": unlocked() ? "open" : "sealed" } : null, fieldValue(shared, f, v)));
    })));
}

// No BHYT card valid at the end of the year (or today, while it runs): indicator 12.
function personName(r: FullRecord): string {
  return String(r.fields.full_name?.value ?? t("(chưa có tên)", "(no name)"));
}

export function ReviewPanel(props: { recordId: string; review: Review | null; onDone: (r: Review) => void }) {
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  const act = async (state: string) => {
    setBusy(true);
    const r = await post<{ record_id: string; state: string; comment: string; by: string; at: number }>(
      "/api/v1/records/" + encodeURIComponent(props.recordId) + "/review", { state, comment });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    setComment("");
    props.onDone({ state: r.body.state, comment: r.body.comment, by: r.body.by, at: r.body.at });
  };
  return h("div", { class: "panel review-panel", "data-review-state": props.review?.state ?? "unreviewed" },
    h("h2", null, t("Duyệt hồ sơ", "Review")),
    h("p", null, t("Hiện tại: ", "Now: "), h(ReviewBadge, { review: props.review }),
      props.review?.by ? h("span", { class: "muted" }, " " + t("bởi ", "by ") + actorText(props.review.by) + ", " + dateTime(props.review.at)) : null),
    props.review?.comment ? h("blockquote", null, props.review.comment) : null,
    h("label", null, t("Ghi chú cho tổ trưởng", "Comment for the group leader"),
      h("textarea", { id: "review-comment", rows: 2, value: comment, onInput: (e: Event) => setComment(valueOf(e)) })),
    h("div", { class: "actions" },
      h("button", { class: "approve", disabled: busy, "data-action": "approve", onClick: () => act("approved") }, "✓ " + t("Duyệt", "Approve")),
      h("button", { class: "issues", disabled: busy, "data-action": "has-issues", onClick: () => act("has_issues") }, "! " + t("Có vấn đề", "Has issues")),
      h("button", { class: "reject", disabled: busy, "data-action": "reject", onClick: () => act("rejected") }, "✗ " + t("Không duyệt", "Reject"))),
    h(ErrorBox, { error }));
}

// One write of the record (a push of a phone, or an office decision written by the
// server): who, when, and each field it changed with the value it replaced.
interface HistoryWrite {
  id: number;
  server_seq: number;
  at_ms: number;
  device_id: string;
  device_name: string;
  user: string;
  fields: { field: string; value: unknown; old_value: unknown; had_old: boolean; hlc: string }[];
}

interface HistoryPage {
  writes: HistoryWrite[];
  next: number | null;
}

function writerText(w: HistoryWrite): string {
  if (w.device_id === "server") {
    return w.user ? w.user + " " + t("(văn phòng)", "(office)") : t("Máy chủ", "Server");
  }
  return w.device_name || w.device_id;
}

function History(props: { id: string }) {
  const shared = useShared();
  useSealedKey();
  const base = "/api/v1/records/" + encodeURIComponent(props.id) + "/history?limit=50";
  const load = useLoad<HistoryPage>(base);
  // Older pages, fetched on demand ("before" the last write shown).
  const [older, setOlder] = useState<HistoryWrite[]>([]);
  const [next, setNext] = useState<number | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  return h(Show<HistoryPage>, { load }, (a: HistoryPage) => {
    const form = formOf(shared, "household");
    const cursor = next === undefined ? a.next : next;
    const writes = [...(a.writes ?? []), ...older];
    const more = async () => {
      setBusy(true);
      const r = await get<HistoryPage>(base + "&before=" + cursor);
      setBusy(false);
      if (!r.ok) return setError(r.error);
      setError(null);
      setOlder([...older, ...r.body.writes]);
      setNext(r.body.next);
    };
    if (writes.length === 0) return h("p", { class: "muted" }, t("Chưa có lần sửa nào.", "No changes yet."));
    return h("div", null,
      h("table", { class: "data history" },
        h("thead", null, h("tr", null,
          h("th", null, t("Lúc", "When")), h("th", null, t("Ai", "Who")), h("th", null, t("Đã sửa (cũ → mới)", "Changed (old → new)")))),
        h("tbody", null, writes.map((w) => h("tr", { "data-write": w.id },
          h("td", { class: "small" }, dateTime(w.at_ms)),
          h("td", null, writerText(w)),
          h("td", null, h("ul", { class: "changes" }, w.fields.map((c) => {
            const f = (form?.fields ?? []).find((x) => x.name === c.field);
            return h("li", { "data-field": c.field },
              h("b", null, f ? label(f.label) : c.field), ": ",
              c.had_old ? h("span", { class: "old" }, fieldValue(shared, f, c.old_value) + " → ") : null,
              h("span", { class: "new" }, fieldValue(shared, f, c.value)));
          }))))))),
      cursor !== null && cursor !== undefined
        ? h("button", { class: "more", disabled: busy, "data-action": "older-history", onClick: more }, t("Xem các lần sửa cũ hơn", "Show older changes"))
        : null,
      h(ErrorBox, { error }));
  });
}

export function RecordScreen(props: { id: string }) {
  const shared = useShared();
  const load = useLoad<RecordAnswer>("/api/v1/records/" + encodeURIComponent(props.id) + "?period=" + shared.year);
  useSealedKey(); // redraws once the sealed-value check (or the key) is there
  const [review, setReview] = useState<Review | null | undefined>(undefined);
  return h("section", { class: "screen record", "data-screen": "record", "data-record": props.id },
    h(Show<RecordAnswer>, { load }, (a: RecordAnswer) => {
      const rec = a.record;
      const persons = a.children.filter((c) => c.type === "person" && !c.deleted);
      const others = a.children.filter((c) => c.type !== "person" && !c.deleted);
      const title = a.summary?.head_name || t("Hộ gia đình", "Household");
      const indicators = shared.schemas?.indicators ?? [];
      const anySealed = [rec, ...a.children].some((r) => Object.values(r.fields).some((f) => isSealed(f?.value)));
      return h("div", null,
        h("p", { class: "crumbs" }, h("a", { href: href("groups") }, t("Các tổ", "Groups")), " › ",
          h("a", { href: href("households", { group: rec.group_id }) }, groupName(shared, rec.group_id)), " › ", title),
        h("h1", null, t("Hộ ", "Household of ") + title),
        rec.deleted ? h("p", { class: "error" }, t("Hồ sơ này đã bị xoá.", "This record was deleted.")) : null,
        anySealed ? h(SealedPanel, null) : null,
        h("div", { class: "two-col" },
          h("div", null,
            h("div", { class: "panel" }, h("h2", null, t("Thông tin hộ", "Household")), h(FieldsTable, { rec })),
            h("div", { class: "panel" },
              h("h2", null, t("Nhân khẩu", "Members") + " (" + persons.length + ")"),
              h("table", { class: "data members" },
                h("thead", null, h("tr", null, h("th", null, t("Họ tên", "Name")), h("th", null, t("Quan hệ", "Relationship")), h("th", null, t("Ngày sinh", "Born")), h("th", null, "BHYT"), h("th", null, t("Hạn thẻ", "Card expiry")))),
                h("tbody", null, persons.map((p) => h("tr", { "data-person": p.id, class: a.bhyt_uncovered.includes(p.id) ? "below" : "" },
                  h("td", null, h("details", null, h("summary", null, personName(p)), h(FieldsTable, { rec: p }))),
                  h("td", null, p.fields.relationship ? choiceLabel(shared, "relationship", p.fields.relationship.value) : "—"),
                  h("td", null, p.fields.date_of_birth ? isoDayText(String(p.fields.date_of_birth.value)) : "—"),
                  h("td", null, p.fields.bhyt_has_card ? (p.fields.bhyt_has_card.value === true ? t("Có", "Yes") : t("Không", "No")) : "—"),
                  h("td", null, p.fields.bhyt_expiry ? isoDayText(String(p.fields.bhyt_expiry.value)) : "—")))))),
            others.length
              ? h("div", { class: "panel" }, h("h2", null, t("Đánh giá hằng năm", "Yearly assessments")),
                  others.map((c) => h("details", { "data-child": c.id }, h("summary", null, (label(formOf(shared, c.type)?.label) || c.type) + (c.fields.period?.value ? " — " + periodText(String(c.fields.period.value)) : "")), h(FieldsTable, { rec: c }))))
              : null),
          h("div", null,
            h(ReviewPanel, { recordId: rec.id, review: review === undefined ? a.review : review, onDone: (r) => setReview(r) }),
            h("div", { class: "panel" }, h("h2", null, t("Đóng góp vào chỉ tiêu năm ", "Contribution to indicators, ") + shared.year),
              h("table", { class: "data facts-table" },
                h("thead", null, h("tr", null, h("th", null, t("Chỉ tiêu", "Indicator")), h("th", null, t("Kỳ", "Period")), h("th", { class: "num" }, t("Đạt / tổng", "Yes / total")))),
                h("tbody", null, (a.facts ?? [])
                  .filter((f) => f.period === String(shared.year))
                  .sort((x, y) => indicators.findIndex((d) => d.id === x.indicator) - indicators.findIndex((d) => d.id === y.indicator))
                  .map((f) => {
                  const d = indicators.find((x) => x.id === f.indicator);
                  return h("tr", { class: f.short ? "below" : "" },
                    h("td", null, "(" + f.indicator + ") " + (d ? label(d.label) : "")), h("td", null, f.period), h("td", { class: "num" }, num(f.numerator, 0) + " / " + num(f.denominator, 0)));
                })))),
            h("div", { class: "panel" }, h("h2", null, t("Lịch sử thay đổi", "History of changes")), h(History, { id: rec.id })))));
    }));
}

