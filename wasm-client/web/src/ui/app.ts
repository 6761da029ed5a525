// The app shell: routes (in the URL hash, so a reload lands on the same screen), the
// header with network and sync state, the storage warning and automatic sync.
import { h, type ComponentChild } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { needsReenroll, type SotayCore, type StorageState } from "../core/contract";
import { bi, button, navigate, vnYear } from "./dom";
import { EnrollScreen } from "./enroll";
import { RecordForm } from "./form";
import { editHash, HouseholdScreen } from "./household";
import { HouseholdList } from "./households";
import { formLabel } from "./schema";
import { SyncScreen, SyncStatus } from "./sync";
import { TrainingMode } from "./training";

type Route =
  | { name: "list" }
  | { name: "household"; id: string }
  | { name: "edit"; type: string; id: string | null; parentId: string | null }
  | { name: "sync" }
  | { name: "reenroll" };

export function parseRoute(hash: string): Route {
  const [path, qs] = hash.replace(/^#/, "").split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const q = new URLSearchParams(qs ?? "");
  if (parts[0] === "h" && parts[1]) return { name: "household", id: parts[1] };
  if (parts[0] === "edit" && parts[1]) {
    return { name: "edit", type: parts[1], id: parts[2] && parts[2] !== "new" ? parts[2] : null, parentId: q.get("parent") };
  }
  if (parts[0] === "sync") return { name: "sync" };
  if (parts[0] === "reenroll") return { name: "reenroll" };
  return { name: "list" };
}

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true), down = () => setOnline(false);
    window.addEventListener("online", up);
    window.addEventListener("offline", down);
    return () => { window.removeEventListener("online", up); window.removeEventListener("offline", down); };
  }, []);
  return online;
}

function StorageBanner(p: { state: StorageState | null; asked: boolean; onAsk: () => void }): ComponentChild {
  const s = p.state;
  if (!s) return null;
  if (s.quota && s.usage !== undefined && s.usage / s.quota > 0.8) {
    return h("div", { class: "banner storage-warning", role: "status", "data-full": "1" },
      h("span", { class: "grow" }, bi("⚠ Bộ nhớ của trình duyệt gần đầy. Hãy đồng bộ ngay và xóa bớt ứng dụng, ảnh không cần thiết.",
        "Browser storage is nearly full. Sync now and free some space.")));
  }
  // The browser may clear a site's data when the phone runs short of space, unless the
  // site is allowed to keep it (navigator.storage.persist). One short line, one button,
  // asked until tapped once; the sync screen keeps the state (StorageInfo).
  if (s.persisted || p.asked) return null;
  return h("div", { class: "banner storage-ask", role: "status", "data-persisted": "0" },
    h("span", { class: "grow" }, bi("Cho phép máy giữ hồ sơ, không tự xóa?", "Let this phone keep the records?")),
    button({ class: "secondary small", onClick: p.onAsk, "data-action": "persist" }, "Cho phép", "Allow"));
}

const PERSIST_ASKED = "sotay.persist-asked";

function StorageInfo(p: { state: StorageState | null; onAsk: () => void }): ComponentChild {
  const s = p.state;
  if (!s) return null;
  const mb = (b?: number) => (b === undefined ? "?" : (b / 1048576).toLocaleString("vi-VN", { maximumFractionDigits: 1 }));
  return h("section", { class: "card storage-info", "data-persisted": s.persisted ? "1" : "0" },
    h("h2", null, bi("Bộ nhớ trên máy", "Storage on this phone")),
    h("p", null, s.persisted
      ? bi("✓ Được bảo vệ: trình duyệt không tự xóa dữ liệu.", "Persistent: the browser will not evict it.")
      : bi("⚠ Trình duyệt có thể tự xóa hồ sơ khi máy thiếu bộ nhớ. Hồ sơ đã gửi lên phường thì không mất.", "Not persistent: may be evicted.", "warn")),
    s.persisted ? null : button({ class: "secondary", onClick: p.onAsk, "data-action": "persist" }, "Cho phép máy giữ hồ sơ", "Allow keeping the records"),
    s.usage !== undefined ? h("p", { class: "muted" }, `Đã dùng ${mb(s.usage)} MB / ${mb(s.quota)} MB`) : null);
}

export function App(p: { core: SotayCore }): ComponentChild {
  const { core } = p;
  const [enrolled, setEnrolled] = useState(() => core.enrollment() !== null);
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  const [refresh, setRefresh] = useState(0);
  const [storage, setStorage] = useState<StorageState | null>(null);
  const [updateReady, setUpdateReady] = useState(false);
  const [flash, setFlash] = useState<[string, string] | null>(null);
  const [formRun, setFormRun] = useState(0); // a new, empty form after "save and add the next"
  const flashTimer = useRef<number | undefined>(undefined);
  const say = (vi: string, en: string) => {
    setFlash([vi, en]);
    window.clearTimeout(flashTimer.current);
    flashTimer.current = window.setTimeout(() => setFlash(null), 4000);
  };
  const online = useOnline();
  const [sync, setSync] = useState<SyncStatus>({ running: false, progress: null, report: null, error: null, finishedAt: null, completed: 0 });
  const running = useRef(false);
  const rerun = useRef(false); // a save came during a sync: its changes go in another
  const rerunQuiet = useRef(false); // and whether one of those wants its "sent" message
  const retry = useRef<number | undefined>(undefined);
  const [persistAsked, setPersistAsked] = useState(() => localStorage.getItem(PERSIST_ASKED) === "1");

  const bump = () => setRefresh((x) => x + 1);
  const loadStorage = () => void core.storage().then(setStorage, () => setStorage(null));
  const askPersist = () => {
    localStorage.setItem(PERSIST_ASKED, "1");
    setPersistAsked(true);
    void core.requestPersistence().finally(loadStorage);
  };

  useEffect(() => {
    const on = () => { setRoute(parseRoute(location.hash)); window.scrollTo(0, 0); };
    const upd = () => setUpdateReady(true);
    window.addEventListener("hashchange", on);
    window.addEventListener("sotay-update", upd);
    loadStorage();
    return () => { window.removeEventListener("hashchange", on); window.removeEventListener("sotay-update", upd); };
  }, []);

  // Resolves true when the sync went through. `quiet`: after a save; says "sent" or,
  // on failure, tries again in a minute while online (besides the tries on reconnect
  // and at start below).
  const runSync = useCallback(async (quiet = false): Promise<boolean> => {
    if (!core.enrollment()) return false;
    if (running.current) {
      rerun.current = true;
      // A save during another sync keeps its "sent" message and its retry on the rerun.
      rerunQuiet.current = rerunQuiet.current || quiet;
      return false;
    }
    running.current = true;
    window.clearTimeout(retry.current);
    setSync((s) => ({ ...s, running: true, progress: { phase: "session", done: 0 }, error: null }));
    let r;
    try {
      r = await core.sync((pr) => setSync((s) => ({ ...s, progress: pr })));
    } catch (e) {
      r = { ok: false as const, error: { code: "sync_failed", message_vi: "Đồng bộ thất bại.", message_en: String(e) } };
    }
    running.current = false;
    setSync((s) => ({
      running: false,
      progress: r.ok ? { phase: "done", done: s.progress?.done ?? 0, total: s.progress?.total } : null,
      report: r.ok ? r.value : s.report,
      error: r.ok ? null : r.error,
      finishedAt: Date.now(),
      completed: s.completed + 1,
    }));
    bump();
    loadStorage();
    if (rerun.current) {
      const wasQuiet = quiet || rerunQuiet.current;
      rerun.current = false;
      rerunQuiet.current = false;
      return runSync(wasQuiet);
    }
    if (quiet && r.ok && core.pendingHouseholds() === 0) {
      say("✓ Đã lưu và đã gửi lên phường.", "Saved and sent to the ward office.");
    } else if (quiet && !r.ok && !needsReenroll(r.error)) {
      say("✓ Đã lưu trên máy. Chưa gửi được lên phường, máy sẽ tự gửi lại.", "Saved on this phone. Not sent yet; it will retry.");
      retry.current = window.setTimeout(() => { if (navigator.onLine) void runSync(true); }, 60_000);
    }
    return r.ok;
  }, []);

  // How many syncs have finished, on the page itself: tests wait for a background sync.
  useEffect(() => { document.body.dataset.syncs = String(sync.completed); }, [sync.completed]);

  // The network came back: send what was collected offline without being asked. Also
  // at start, when the app was closed offline with changes still waiting.
  useEffect(() => {
    const back = () => void runSync();
    window.addEventListener("online", back);
    const atStart = window.setTimeout(() => {
      if (navigator.onLine && core.enrollment() && core.pendingCount() > 0) void runSync();
    }, 1500);
    return () => { window.removeEventListener("online", back); window.clearTimeout(atStart); };
  }, []);

  if (!enrolled) {
    return h("div", { class: "app" },
      h("header", { class: "top" }, h("span", { class: "brand" }, "Sổ tay")),
      h(EnrollScreen, { core, onEnrolled: () => {
        setEnrolled(true);
        navigate("#/");
        void core.requestPersistence().finally(loadStorage);
        void runSync(); // first pull of the group's households
      } }));
  }

  if (route.name === "reenroll") {
    return h("div", { class: "app", "data-route": "reenroll" },
      h("header", { class: "top" }, h("a", { class: "brand", href: "#/" }, "Sổ tay")),
      h(EnrollScreen, { core, again: true, onCancel: () => navigate("#/sync"), onEnrolled: () => {
        say("✓ Đã đăng ký lại. Dữ liệu trên máy được giữ nguyên.", "Enrolled again. Your data is kept.");
        setSync((s) => ({ ...s, error: null }));
        navigate("#/sync");
        void runSync(); // sends what waited, under the new enrollment
      } }));
  }

  const enr = core.enrollment()!;
  const pending = core.pendingHouseholds();
  let body: ComponentChild;
  let title: [string, string] = ["Hộ gia đình", "Households"];
  switch (route.name) {
    case "household":
      title = ["Hộ gia đình", "Household"];
      body = h(HouseholdScreen, { core, id: route.id, refresh, key: route.id });
      break;
    case "edit": {
      const parent = route.parentId ? core.getRecord(route.parentId) : null;
      const existing = route.id ? core.getRecord(route.id) : null;
      const groupId = existing?.group_id ?? parent?.group_id ?? enr.groups[0] ?? "";
      const l = formLabel(core, route.type);
      title = [`${route.id ? "Sửa" : "Thêm"}: ${l.vi}`, `${route.id ? "Edit" : "New"}: ${l.en}`];
      const back = () => navigate(route.parentId ? `#/h/${route.parentId}` : route.id && route.type === "household" ? `#/h/${route.id}` : "#/");
      const isPeriod = route.type.startsWith("assessment.");
      body = h("main", { class: "screen edit" }, h(RecordForm, {
        core, type: route.type, id: route.id, parentId: route.parentId, groupId, groups: enr.groups,
        initial: !route.id && isPeriod ? { period: vnYear() } : undefined,
        key: `${route.type}:${route.id}:${route.parentId}:${formRun}`,
        nextLabel: route.id ? undefined : route.type === "household" ? ["Lưu và thêm người đầu tiên", "Save, add the first member"]
          : route.type === "person" ? ["Lưu và thêm người tiếp", "Save, add the next member"] : undefined,
        onCancel: back,
        onDeleted: () => { bump(); say("Đã xóa.", "Deleted."); back(); },
        onSaved: (rec, next) => {
          bump();
          // Sent at once when online: browser storage alone may be cleared.
          if (navigator.onLine) {
            say("✓ Đã lưu trên máy. Đang gửi lên phường…", "Saved on this phone. Sending…");
            void runSync(true);
          } else {
            say("✓ Đã lưu trên máy. Sẽ tự gửi khi có mạng.", "Saved on this phone; it will be sent when online.");
          }
          if (!next) navigate(route.type === "household" ? `#/h/${rec.id}` : route.parentId ? `#/h/${route.parentId}` : "#/");
          else { setFormRun((n) => n + 1); navigate(editHash("person", null, rec.parent_id ?? rec.id)); } },
      }));
      break;
    }
    case "sync":
      title = ["Đồng bộ", "Sync"];
      body = h("div", null,
        h(SyncScreen, { core, status: sync, online, onSync: () => void runSync(), onChange: bump }),
        h(StorageInfo, { state: storage, onAsk: askPersist }),
        h("section", { class: "card device" },
          h("h2", null, bi("Điện thoại này", "This phone")),
          h("p", null, `${enr.device_name} · ${enr.role === "leader" ? "Tổ trưởng" : "Học viên"} · ${enr.groups.join(", ")}`),
          h("p", { class: "muted" }, enr.server)));
      break;
    default:
      body = h(HouseholdList, { core, refresh, sync, onSync: () => void runSync(), key: "list" });
  }

  return h("div", { class: "app", "data-route": route.name },
    h("header", { class: "top" },
      h("a", { class: "brand", href: "#/" }, "Sổ tay"),
      h("h1", { class: "title" }, bi(title[0], title[1])),
      h("span", { class: `net ${online ? "on" : "off"}`, "data-online": online ? "1" : "0",
        title: online ? "Có mạng / Online" : "Không có mạng / Offline" }, online ? "● Có mạng" : "○ Ngoại tuyến")),
    h(TrainingMode, { core, route: route.name }),
    updateReady ? h("div", { class: "banner update" },
      bi("Đã có phiên bản mới. Dữ liệu trên máy được giữ nguyên.", "A new version is ready. Your data stays."),
      button({ class: "primary small", onClick: () => location.reload() }, "Tải lại", "Reload")) : null,
    flash ? h("div", { class: "banner flash", role: "status" }, bi(flash[0], flash[1])) : null,
    route.name !== "list" ? null : h(StorageBanner, { state: storage, asked: persistAsked, onAsk: askPersist }),
    body,
    // Edit screens keep their height for the form and its save bar (issue 17).
    route.name === "edit" ? null : h("nav", { class: "bottom" },
      h("a", { href: "#/", class: route.name === "list" || route.name === "household" ? "on" : "" }, bi("🏠 Hộ", "Households")),
      h("a", { href: "#/sync", class: route.name === "sync" ? "on" : "", "data-nav": "sync" },
        bi(sync.running ? "⟳ Đang đồng bộ" : "⟳ Đồng bộ", "Sync"),
        pending ? h("span", { class: "count-badge", "data-pending": pending,
          title: `${pending} hộ chưa gửi / ${pending} households not sent yet` }, String(pending)) : null)));
}
