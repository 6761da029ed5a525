// The group's households: search, what is missing this period, what still waits to be
// sent, and unsaved drafts to continue. Until the group's list has been downloaded once
// in full, the list says so (with the download's progress) and "+ Thêm hộ" warns that
// the household may already be there.
import { h, type ComponentChild } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { HouseholdSummary, SotayCore } from "../core/contract";
import { bi, button, navigate } from "./dom";
import type { Draft } from "./form";
import { formLabel } from "./schema";
import { downloadProgress, type SyncStatus } from "./sync";

function DraftList(p: { core: SotayCore; onChange: () => void }): ComponentChild {
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

// The list while it is not whole: the download under way, or a warning with a way to
// finish it.
function IncompleteList(p: { sync: SyncStatus; onSync: () => void }): ComponentChild {
  const d = downloadProgress(p.sync);
  if (p.sync.running) {
    return h("div", { class: "notice list-state", role: "status", "data-complete": "0", "data-running": "1" },
      h("p", null, bi(d ? `Đang tải danh sách hộ… ${d.done}/${d.total}` : "Đang tải danh sách hộ…",
        d ? `Downloading households… ${d.done}/${d.total}` : "Downloading households…")),
      d ? h("progress", { max: d.total, value: d.done, "aria-label": "Tiến độ tải danh sách hộ / Download progress" }) : null,
      h("p", { class: "muted" }, bi("Danh sách chưa đủ cho đến khi tải xong.", "The list is incomplete until the download ends.")));
  }
  return h("div", { class: "notice warn-box list-state", role: "status", "data-complete": "0", "data-running": "0" },
    h("p", null, bi("⚠ Danh sách hộ chưa tải xong: có thể còn thiếu hộ.", "The household list is not fully downloaded: some may be missing.")),
    button({ class: "primary", "data-action": "resume-download", onClick: p.onSync }, "⟳ Tải tiếp", "Continue downloading"));
}

// Asked before "+ Thêm hộ" while the list is incomplete: the household may be there
// already, not yet downloaded.
function AddWarning(p: { onAdd: () => void; onClose: () => void }): ComponentChild {
  return h("div", { class: "card add-warning", role: "alertdialog", "aria-labelledby": "add-warning-title", "data-warning": "incomplete" },
    h("h2", { id: "add-warning-title" }, bi("Danh sách hộ chưa tải xong", "The list is not fully downloaded")),
    h("p", null, bi("Hộ bạn định thêm có thể đã có, chỉ chưa tải về máy. Hãy chờ tải xong rồi tìm lại, để không nhập trùng.",
      "The household may already exist but not be downloaded yet. Wait for the download, then search, to avoid a duplicate.")),
    h("div", { class: "actions" },
      button({ class: "primary", "data-action": "wait-download", onClick: p.onClose }, "Chờ tải xong", "Wait"),
      button({ class: "secondary", "data-action": "add-anyway", onClick: p.onAdd }, "Vẫn thêm hộ mới", "Add anyway")));
}

export function HouseholdList(p: { core: SotayCore; refresh: number; sync: SyncStatus; onSync: () => void }): ComponentChild {
  const [query, setQuery] = useState(() => sessionStorage.getItem("sotay.q") ?? "");
  const [list, setList] = useState<HouseholdSummary[] | null>(null);
  const [tick, setTick] = useState(0);
  const [warnAdd, setWarnAdd] = useState(false);
  const complete = p.core.listComplete();
  const add = () => navigate("#/edit/household/new");
  // The list grows while a first download runs: show each page's households.
  const downloaded = downloadProgress(p.sync)?.done;

  useEffect(() => {
    let live = true;
    const t = setTimeout(async () => {
      const r = await p.core.listHouseholds(query.trim());
      if (live) setList(r);
    }, list === null ? 0 : 150);
    sessionStorage.setItem("sotay.q", query);
    return () => { live = false; clearTimeout(t); };
  }, [query, p.refresh, tick, downloaded]);

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
    complete ? null : h(IncompleteList, { sync: p.sync, onSync: p.onSync }),
    // Before the list is whole, "no households yet" would be false: the state above says it.
    list && list.length === 0 && (query || complete)
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
    warnAdd && !complete ? h(AddWarning, { onAdd: add, onClose: () => setWarnAdd(false) }) : null,
    h("div", { class: "fab-space" }),
    button({ class: "fab primary", "data-action": "add-household", onClick: () => (complete ? add() : setWarnAdd(true)) },
      "+ Thêm hộ", "Add household"));
}
