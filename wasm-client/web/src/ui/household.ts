// One household: its answers, its members and its yearly assessments.
import { h, type ComponentChild } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { HouseholdSummary, RecordView, SotayCore } from "../core/contract";
import { bi, button, navigate, vnYear } from "./dom";
import { displayValue, fieldLabel, form, formLabel } from "./schema";

const SUMMARY_FIELDS = ["address_street", "address_number", "member_count", "housing_type", "floor_area_m2", "water_source", "latrine", "waste_collected"];

export function editHash(type: string, id: string | null, parentId: string | null): string {
  return `#/edit/${encodeURIComponent(type)}/${id ?? "new"}${parentId ? "?parent=" + parentId : ""}`;
}

function pendingBadge(r: { pending: boolean }): ComponentChild {
  return r.pending ? h("span", { class: "badge pending", title: "Chưa gửi lên máy chủ / Not yet synced" }, "⏳ Chờ gửi") : null;
}

export function HouseholdScreen(p: { core: SotayCore; id: string; refresh: number }): ComponentChild {
  const { core, id } = p;
  const rec = core.getRecord(id);
  const [summary, setSummary] = useState<HouseholdSummary | null>(null);
  useEffect(() => {
    let live = true;
    void core.listHouseholds("").then((l) => { if (live) setSummary(l.find((x) => x.id === id) ?? null); });
    return () => { live = false; };
  }, [id, p.refresh]);

  if (!rec || rec.deleted) {
    return h("main", { class: "screen" },
      h("p", { class: "problem" }, bi("Không tìm thấy hộ này trên máy.", "This household is not on this phone.")),
      button({ class: "secondary", onClick: () => navigate("#/") }, "Về danh sách", "Back to the list"));
  }
  const def = form(core, "household");
  // Computed answers (member count, area per person) as the core computes them now,
  // from the members stored so far.
  const live = core.evaluate("household", id, null, {});
  const shown = (f: string) => {
    const st = live.fields.find((x) => x.name === f);
    return st && st.readonly ? st.value : rec.values[f];
  };
  const members = core.children(id, "person").filter((c) => !c.deleted);
  const year = vnYear();

  const section = (type: string, label: { vi: string; en: string }) => {
    const recs = core.children(id, type).filter((c) => !c.deleted)
      .sort((a, b) => Number(b.values.period ?? 0) - Number(a.values.period ?? 0));
    const hasThisYear = recs.some((r) => Number(r.values.period) === year);
    return h("section", { class: "children", "data-children": type, key: type },
      h("h2", null, bi(label.vi, label.en)),
      recs.length === 0 ? h("p", { class: "muted" }, bi("Chưa có phiếu.", "None yet.")) : null,
      h("ul", { class: "rows" }, recs.map((r) =>
        h("li", { key: r.id },
          h("a", { class: "card row", href: editHash(type, r.id, id), "data-record": r.id },
            h("span", { class: "grow" }, bi(`Năm ${r.values.period ?? "?"}`, `Year ${r.values.period ?? "?"}`)),
            r.values.classification !== undefined ? h("span", { class: "tag" }, displayValue(core, type, "classification", r.values.classification)) : null,
            r.values.status !== undefined ? h("span", { class: "tag" }, displayValue(core, type, "status", r.values.status)) : null,
            pendingBadge(r))))),
      hasThisYear ? null : button({ class: "secondary", "data-action": `add-${type}`,
        onClick: () => navigate(editHash(type, null, id)) }, `+ Phiếu năm ${year}`, `New ${year} form`));
  };

  return h("main", { class: "screen household", "data-household": id },
    h("section", { class: "facts" },
      h("h2", null, bi([rec.values.address_number, rec.values.address_street].filter(Boolean).join(" ") || "Hộ gia đình", `Household · ${rec.group_id}`)),
      pendingBadge(rec),
      summary && summary.missing.length
        ? h("div", { class: "missing-box" },
            h("strong", null, bi("Còn thiếu / quá hạn:", "Missing or overdue:")),
            h("ul", { class: "missing" }, summary.missing.map((m) => h("li", null, m))))
        : null,
      h("dl", null, SUMMARY_FIELDS.filter((f) => def?.fields.some((x) => x.name === f)).map((f) => [
        h("dt", null, fieldLabel(core, "household", f).vi),
        h("dd", { "data-field": f }, displayValue(core, "household", f, shown(f))),
      ])),
      button({ class: "secondary", "data-action": "edit-household", onClick: () => navigate(editHash("household", id, null)) },
        "✎ Sửa thông tin hộ", "Edit household")),
    h("section", { class: "children", "data-children": "person" },
      h("h2", null, bi(`Nhân khẩu (${members.length})`, "Members")),
      h("ul", { class: "rows" }, members.map((m: RecordView) =>
        h("li", { key: m.id },
          h("a", { class: "card row", href: editHash("person", m.id, id), "data-record": m.id },
            h("span", { class: "grow" },
              h("span", { class: "name" }, String(m.values.full_name ?? "(chưa có tên)")),
              h("span", { class: "meta" },
                [displayValue(core, "person", "relationship", m.values.relationship),
                 m.values.age !== undefined && m.values.age !== null ? `${m.values.age} tuổi` : null].filter(Boolean).join(" · "))),
            pendingBadge(m))))),
      button({ class: "primary", "data-action": "add-person", onClick: () => navigate(editHash("person", null, id)) },
        "+ Thêm nhân khẩu", "Add member")),
    (def?.children ?? []).filter((c) => c.type !== "person").map((c) => section(c.type, c.label ?? formLabel(core, c.type))),
    button({ class: "secondary", onClick: () => navigate("#/") }, "← Danh sách hộ", "Household list"));
}
