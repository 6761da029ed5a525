// Families proposed for "Gia đình văn hóa" recognition, per group, as the list posted
// publicly for 10 days (Nghị định 86/2023/NĐ-CP); printable.
import { h } from "preact";
import { useState } from "preact/hooks";
import { query } from "./api";
import { t } from "./i18n";
import { href } from "./route";
import { groupName, Show, useLoad, useShared } from "./state";
import { valueOf } from "./events";

// GET /api/v1/cultural-families: one family proposed for (or granted) the title.
interface Family {
  household_id: string;
  group_id: string;
  head_name: string;
  address: string;
  status: string; // "proposed" or "recognised"
  meeting_date: string;
}

function statusText(s: string): string {
  return s === "recognised" ? t("Đã công nhận", "Recognised") : s === "proposed" ? t("Đề nghị công nhận", "Proposed") : s;
}

export function CulturalScreen(props: { params: URLSearchParams }) {
  const shared = useShared();
  const group = props.params.get("group") ?? "";
  const [which, setWhich] = useState<"proposed" | "all">("proposed");
  const load = useLoad<{ families: Family[] }>("/api/v1/cultural-families" + query({ period: shared.year, group }));
  return h("section", { class: "screen cultural", "data-screen": "cultural" },
    h("div", { class: "no-print" },
      h("h1", null, t("Gia đình văn hóa", "Cultural families")),
      h("div", { class: "filters" },
        h("label", null, t("Tổ", "Group"),
          h("select", { value: group, onChange: (e: Event) => { location.hash = href("cultural", { group: valueOf(e) }); } },
            h("option", { value: "" }, t("Tất cả các tổ", "All groups")),
            shared.groups.map((g) => h("option", { value: g.id }, g.name)))),
        h("label", null, t("Danh sách", "List"),
          h("select", { id: "cultural-which", value: which, onChange: (e: Event) => setWhich(valueOf(e) === "all" ? "all" : "proposed") },
            h("option", { value: "proposed" }, t("Đề nghị công nhận (niêm yết 10 ngày)", "Proposed (10-day posting)")),
            h("option", { value: "all" }, t("Đề nghị và đã công nhận", "Proposed and recognised")))),
        h("button", { "data-action": "print", onClick: () => window.print() }, "🖨 " + t("In danh sách", "Print the list")))),
    h(Show<{ families: Family[] }>, { load }, (a: { families: Family[] }) => {
      const families = a.families.filter((f) => which === "all" || f.status === "proposed");
      const groups = group ? [group] : shared.groups.map((g) => g.id);
      const count = (g: string, st: string) => a.families.filter((f) => f.group_id === g && f.status === st).length;
      const summary = h("table", { class: "data cultural-summary no-print" },
        h("thead", null, h("tr", null, h("th", null, t("Tổ dân phố", "Group")), h("th", { class: "num" }, t("Đề nghị công nhận", "Proposed")), h("th", { class: "num" }, t("Đã công nhận", "Recognised")), h("th", { class: "num" }, t("Số hộ", "Households")))),
        h("tbody", null, groups.map((g) => h("tr", { "data-group": g },
          h("td", null, h("a", { href: href("cultural", { group: g }) }, groupName(shared, g))),
          h("td", { class: "num" }, String(count(g, "proposed"))),
          h("td", { class: "num" }, String(count(g, "recognised"))),
          h("td", { class: "num" }, String(shared.groups.find((x) => x.id === g)?.households ?? "—"))))));
      if (!families.length && !group) {
        return h("div", null, summary,
          h("p", { class: "empty" }, t("Chưa có hộ nào được đề nghị công nhận năm ", "No family proposed for recognition in ") + shared.year +
            t(". Chọn “Đề nghị và đã công nhận” để xem cả các hộ đã được công nhận.", ". Choose “Proposed and recognised” to see recognised families too.")));
      }
      return h("div", null, group ? null : summary, h("div", { class: "print-doc" },
        groups.map((g) => {
          const list = families.filter((f) => f.group_id === g);
          if (!list.length && !group) return null;
          return h("article", { class: "posting", "data-group": g },
            h("header", { class: "doc-head" },
              h("div", null, h("div", { class: "upper" }, shared.me.ward?.name ?? ""), h("div", { class: "upper bold" }, groupName(shared, g))),
              h("div", { class: "right" }, h("div", { class: "upper bold" }, "Cộng hòa xã hội chủ nghĩa Việt Nam"), h("div", { class: "bold" }, "Độc lập - Tự do - Hạnh phúc"))),
            h("h2", { class: "doc-title" }, which === "proposed"
              ? t("DANH SÁCH HỘ GIA ĐÌNH ĐỀ NGHỊ CÔNG NHẬN DANH HIỆU “GIA ĐÌNH VĂN HÓA” NĂM ", "FAMILIES PROPOSED FOR “CULTURAL FAMILY” RECOGNITION, ") + shared.year
              : t("DANH SÁCH HỘ GIA ĐÌNH ĐỀ NGHỊ VÀ ĐÃ ĐƯỢC CÔNG NHẬN “GIA ĐÌNH VĂN HÓA” NĂM ", "FAMILIES PROPOSED FOR OR GRANTED “CULTURAL FAMILY” RECOGNITION, ") + shared.year),
            h("p", { class: "doc-sub" }, t("Niêm yết công khai 10 ngày tại nhà văn hóa tổ dân phố, từ ngày ……/……/…… đến ngày ……/……/……",
              "Posted publicly for 10 days at the group's cultural house, from ……/……/…… to ……/……/……")),
            h("table", { class: "data families" },
              h("thead", null, h("tr", null, h("th", null, t("STT", "No.")), h("th", null, t("Họ tên chủ hộ", "Head of household")), h("th", null, t("Địa chỉ", "Address")), h("th", null, t("Ngày họp bình xét", "Meeting date")), h("th", null, t("Tình trạng", "Status")))),
              h("tbody", null, list.length
                ? list.map((f, i) => h("tr", { "data-household": f.household_id },
                    h("td", { class: "num" }, String(i + 1)),
                    h("td", null, h("a", { href: href("record/" + f.household_id) }, f.head_name || "—")),
                    h("td", null, f.address ?? ""),
                    h("td", null, f.meeting_date ?? ""),
                    h("td", null, statusText(f.status))))
                : h("tr", null, h("td", { colSpan: 5, class: "empty" }, t("Chưa có hộ nào được đề nghị.", "No family proposed yet."))))),
            h("p", { class: "doc-count" }, t("Tổng số: ", "Total: ") + list.length + t(" hộ.", " families.")),
            h("p", { class: "doc-note" }, t("Mọi ý kiến về danh sách xin gửi Ban công tác Mặt trận tổ dân phố trong thời gian niêm yết.",
              "Comments on the list go to the group's Front committee during the posting.")),
            h("div", { class: "signatures" }, h("div", null, h("strong", null, t("TỔ TRƯỞNG TỔ DÂN PHỐ", "GROUP LEADER")), h("div", { class: "sign-space" }))));
        })));
    }));
}
