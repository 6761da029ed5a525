// The group's households: search, what is missing this period, what still waits to be
// sent, and unsaved drafts to continue.
import { h, VNode } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { HouseholdSummary, SotayCore } from "../core/contract";
import { bi, button, navigate } from "./dom";
import type { Draft } from "./form";
import { formLabel } from "./schema";

function DraftList(p: { core: SotayCore; onChange: () => void }): VNode<any> | null {
  const keys = p.core.listDrafts().filter((k) => k.startsWith("edit:"));
  if (!keys.length) return null;
  return h("section", { class: "drafts" },
    h("h2", null, bi("Bản nháp chưa lưu", "Unsaved drafts")),
    keys.map((k) => {
      const d = p.core.loadDraft(k) as Draft | null;
      if (!d) return null;
      const what = formLabel(p.core, d.type);
      const who = (d.values.full_name ?? d.values.address_street ?? d.values.period ?? "") as string;
      return h("div", { class: "draft card", key: k, "data-draft": k },
        h("div", { class: "grow" },
          bi(`${what.vi}${who ? ": " + who : ""}`, what.en),
          h("div", { class: "meta" }, new Date(d.at).toLocaleString("vi-VN"))),
        button({ class: "primary", "data-action": "continue-draft",
          onClick: () => navigate(`#/edit/${encodeURIComponent(d.type)}/${d.id ?? "new"}${d.parentId ? "?parent=" + d.parentId : ""}`) },
          "Tiếp tục", "Continue"),
        button({ class: "secondary", "data-action": "discard-draft",
          onClick: async () => {
            if (confirm("Bỏ bản nháp này? Những gì đã gõ sẽ mất.\nDiscard this draft?")) {
              await p.core.clearDraft(k);
              p.onChange();
            }
          } }, "Bỏ", "Discard"));
    }));
}

export function HouseholdList(p: { core: SotayCore; refresh: number }): VNode<any> {
  const [query, setQuery] = useState(() => sessionStorage.getItem("sotay.q") ?? "");
  const [list, setList] = useState<HouseholdSummary[] | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    const t = setTimeout(async () => {
      const r = await p.core.listHouseholds(query.trim());
      if (live) setList(r);
    }, list === null ? 0 : 150);
    sessionStorage.setItem("sotay.q", query);
    return () => { live = false; clearTimeout(t); };
  }, [query, p.refresh, tick]);

  return h("main", { class: "screen households" },
    h(DraftList, { core: p.core, onChange: () => setTick((x) => x + 1) }),
    h("div", { class: "search" },
      h("label", { for: "search", class: "sr-only" }, "Tìm hộ / Search"),
      h("input", { id: "search", type: "search", value: query,
        placeholder: "Tìm tên chủ hộ, địa chỉ, số nhà… / Search",
        onInput: (e: Event) => setQuery((e.target as HTMLInputElement).value) })),
    list === null
      ? h("p", { class: "muted" }, bi("Đang tải…", "Loading…"))
      : h("div", { class: "count muted", "data-count": list.length },
          bi(`${list.length} hộ`, `${list.length} households`)),
    list && list.length === 0
      ? h("p", { class: "empty" }, query
          ? bi("Không tìm thấy hộ nào.", "No household matches.")
          : bi("Chưa có hộ nào. Bấm “Thêm hộ” để bắt đầu.", "No households yet. Tap “Add household”."))
      : null,
    h("ul", { class: "hh-list" }, (list ?? []).map((x) =>
      h("li", { key: x.id },
        h("a", { class: `card hh${x.pending ? " pending" : ""}`, href: `#/h/${x.id}`, "data-household": x.id },
          h("div", { class: "hh-addr" }, [x.house_number, x.address].filter(Boolean).join(" ") || "(chưa có địa chỉ)"),
          h("div", { class: "hh-head" }, x.head_name || bi("Chưa có chủ hộ", "No head yet", "warn")),
          h("div", { class: "meta" },
            h("span", null, `${x.members} nhân khẩu`),
            h("span", { class: "group" }, x.group_id),
            x.pending ? h("span", { class: "badge pending", title: "Chưa gửi lên máy chủ / Not yet synced" }, "⏳ Chờ gửi") : null),
          x.missing.length
            ? h("ul", { class: "missing" }, x.missing.map((m) => h("li", null, m)))
            : null)))),
    h("div", { class: "fab-space" }),
    button({ class: "fab primary", "data-action": "add-household", onClick: () => navigate("#/edit/household/new") },
      "+ Thêm hộ", "Add household"));
}
