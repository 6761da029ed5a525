// The dashboard shell: login, then the shared data (who, groups, forms, indicators),
// the navigation and the screen the hash route names.
import { h } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import type { Problem } from "../core/contract";
import type { Schemas } from "../core/schemas";
import { get, post, setToken, token, whenUnauthorized } from "./api";
import { AdminScreen } from "./admin";
import { AuditScreen } from "./audit";
import { CulturalScreen } from "./cultural";
import { GroupReviewScreen } from "./group_review";
import { ExportsScreen } from "./exports";
import { lang, setLang, t } from "./i18n";
import { GroupsScreen, IndicatorScreen, OverviewScreen } from "./indicators";
import { LoginScreen } from "./login";
import { ManualScreen } from "./manual";
import { HouseholdsScreen, RecordScreen } from "./records";
import { ReportScreen } from "./report";
import { ReviewScreen } from "./review";
import { lockSealed } from "./sealed";
import { href, parseRoute, type Route } from "./route";
import { TrainingScreen } from "./training";
import { ErrorBox, SharedContext, type Group, type Me, type Shared } from "./state";
import { valueOf } from "./events";

const ROLE_KEY = "sotay.office.who";

function defaultYear(): number {
  const y = new Date().getFullYear();
  return y < 2026 ? 2026 : y;
}

function useRoute(): Route {
  const [route, setRoute] = useState(parseRoute(location.hash));
  useEffect(() => {
    const f = () => setRoute(parseRoute(location.hash));
    window.addEventListener("hashchange", f);
    return () => window.removeEventListener("hashchange", f);
  }, []);
  return route;
}

function screenFor(route: Route) {
  const [first, second] = route.parts;
  switch (first ?? "") {
    case "":
      return h(OverviewScreen, null);
    case "indicator":
      return h(IndicatorScreen, { id: second ?? "", key: second });
    case "groups":
      return h(GroupsScreen, null);
    case "households":
      return h(HouseholdsScreen, { params: route.params, key: route.params.toString() });
    case "record":
      return h(RecordScreen, { id: second ?? "", key: second });
    case "review":
      return h(ReviewScreen, { params: route.params });
    case "manual":
      return h(ManualScreen, { params: route.params });
    case "cultural":
      return h(CulturalScreen, { params: route.params });
    case "group-review":
      return h(GroupReviewScreen, { params: route.params, key: route.params.toString() });
    case "report":
      return h(ReportScreen, { params: route.params, key: route.params.toString() });
    case "exports":
      return h(ExportsScreen, null);
    case "admin":
      return h(AdminScreen, null);
    case "training":
      return h(TrainingScreen, { id: second });
    case "audit":
      return h(AuditScreen, { params: route.params, key: route.params.toString() });
    default:
      return h("p", null, t("Không có trang này.", "No such page."));
  }
}

const NAV: [string, string, string][] = [
  ["", "Chỉ tiêu", "Indicators"],
  ["groups", "Tổ dân phố", "Groups"],
  ["households", "Hộ gia đình", "Households"],
  ["review", "Duyệt", "Review"],
  ["manual", "Nhập tay", "Manual entry"],
  ["cultural", "Gia đình văn hóa", "Cultural families"],
  ["group-review", "TDP văn hóa", "Cultural groups"],
  ["report", "Báo cáo", "Report"],
  ["exports", "Xuất dữ liệu", "Exports"],
  ["training", "Tập huấn", "Training"],
  ["audit", "Nhật ký", "Audit log"],
  ["admin", "Quản trị", "Admin"],
];

export function App() {
  const [, setLangTick] = useState(lang());
  const [authed, setAuthed] = useState(!!token());
  const [notice, setNotice] = useState<string | null>(null);
  const [me, setMe] = useState<Me | null>(null);
  const [groups, setGroups] = useState<Group[]>([]);
  const [schemas, setSchemas] = useState<Schemas | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const [year, setYear] = useState(defaultYear());
  const route = useRoute();

  useEffect(() => {
    whenUnauthorized(() => {
      lockSealed();
      setToken(null);
      setMe(null);
      setAuthed(false);
      setNotice(t("Phiên làm việc đã hết, xin đăng nhập lại.", "Your session ended; please log in again."));
    });
  }, []);

  const loadGroups = useCallback(async () => {
    const r = await get<{ groups: Group[] }>("/api/v1/groups");
    if (r.ok) setGroups(r.body.groups);
    else setError(r.error);
  }, []);

  useEffect(() => {
    if (!authed) return;
    let live = true;
    (async () => {
      const [m, s] = await Promise.all([get<Me>("/api/v1/me"), get<Schemas>("/api/v1/schemas")]);
      if (!live) return;
      if (m.ok) setMe(m.body);
      else if (m.status === 404) {
        // A server without /me yet: what the login told us is enough to start.
        let who: { role?: string; username?: string } = {};
        try {
          who = JSON.parse(sessionStorage.getItem(ROLE_KEY) ?? "{}");
        } catch {
          who = {};
        }
        setMe({ role: who.role ?? "office", username: who.username, groups: [], ward: { name: "" } });
      } else if (m.status !== 401) setError(m.error);
      if (s.ok) setSchemas(s.body);
      else if (s.status !== 401) setError(s.error);
      await loadGroups();
    })();
    return () => {
      live = false;
    };
  }, [authed]);

  useEffect(() => {
    if (me && schemas) document.body.dataset.ready = "1";
    else delete document.body.dataset.ready;
  }, [me, schemas]);

  if (!authed) {
    return h(LoginScreen, {
      notice,
      onToggleLang: () => {
        setLang(lang() === "vi" ? "en" : "vi");
        setLangTick(lang());
      },
      onLoggedIn: (role, username) => {
        try {
          sessionStorage.setItem(ROLE_KEY, JSON.stringify({ role, username }));
        } catch {
          // no storage
        }
        setNotice(null);
        setError(null);
        setAuthed(true);
      },
    });
  }
  if (!me || !schemas) {
    return h("main", { class: "starting" }, error ? h(ErrorBox, { error }) : h("p", { class: "loading" }, t("Đang tải…", "Loading…")));
  }
  const shared: Shared = { me, groups, schemas, year, setYear, reloadGroups: loadGroups };
  const logout = async () => {
    await post("/api/v1/logout");
    lockSealed();
    setToken(null);
    setMe(null);
    setAuthed(false);
    location.hash = "";
  };
  const current = route.parts[0] ?? "";
  const active = (key: string) =>
    key === current || (key === "" && current === "indicator") || (key === "households" && current === "record");
  const years = [2025, 2026, 2027].filter((y) => y <= Math.max(2026, new Date().getFullYear()) + 1);
  return h(SharedContext.Provider, { value: shared },
    h("header", { class: "top no-print" },
      h("div", { class: "brand" }, h("strong", null, "Sổ tay"), h("span", null, me.ward?.name || t("Văn phòng phường", "Ward office"))),
      h("nav", { class: "main-nav", "aria-label": t("Các phần", "Sections") },
        NAV.filter(([k]) => k !== "admin" || me.role === "admin").map(([k, vi, en]) =>
          h("a", { href: href(k), class: active(k) ? "active" : "", "data-nav": k || "overview", "aria-current": active(k) ? "page" : undefined }, t(vi, en)))),
      h("div", { class: "tools" },
        h("label", null, h("span", { class: "sr-only" }, t("Năm", "Year")),
          h("select", { id: "year", value: year, onChange: (e: Event) => setYear(Number(valueOf(e))) }, years.map((y) => h("option", { value: y }, String(y))))),
        h("button", { class: "link", "data-action": "lang", onClick: () => { setLang(lang() === "vi" ? "en" : "vi"); setLangTick(lang()); } }, lang() === "vi" ? "English" : "Tiếng Việt"),
        h("span", { class: "who" }, (me.full_name ? me.full_name + " (" + (me.username ?? "") + ")" : me.username ?? "") + " · " + me.role),
        h("button", { class: "link", "data-action": "logout", onClick: logout }, t("Đăng xuất", "Log out")))),
    error ? h("div", { class: "no-print" }, h(ErrorBox, { error })) : null,
    h("main", { class: "content" }, screenFor(route)));
}
