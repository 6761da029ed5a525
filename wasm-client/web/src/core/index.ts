// The core layer: SotayCore (contract.ts) over the WebAssembly ClientApp.
//
// The database is /<name>/local.db in an IDBFS folder: loaded from IndexedDB at start
// (FS.syncfs(true)) and saved after every committed write (FS.syncfs(false), queued);
// writes resolve only once saved. One tab at a time holds it (navigator.locks).
// HTTP: session token kept in memory and renewed on 401; sync pushes until the outbox
// is empty and pulls until `more` is false.
import type {
  ConflictView, Enrollment, FormState, HouseholdSummary, Problem, RecordView, RejectedView, Result,
  SotayCore, StorageState, SyncProgress, SyncReport, UnsentExport,
} from "./contract";
import type { Method, PushChange, ValueOf } from "./dispatch";
import { request, requestBytes, sameServer, serverAddress, type BytesResult, type HttpResult } from "./http";
import { callApp, callAppBytes, loadModule, openApp, type ArgsParam, type SotayApp, type SotayModule } from "./module";
import type { Schemas } from "./schemas";
import { CoreError, fail, problem, storageFailed } from "./problems";
import {
  eraseLocalFiles, forgetAppKeys, growFilesByDoubling, loadFromIndexedDb, requestPersistence, SaveQueue, storageState,
  takeWriterLock,
} from "./storage";

export type { SotayCore } from "./contract";
export { sameServer, serverAddress } from "./http";
export { CoreError } from "./problems";

const PUSH_BATCH = 200;
const EXPORT_MAX_CHANGES = 1000; // the most one nextPushBody gives (sync/wire.h kMaxPushChanges)
const PULL_LIMIT = 5000; // the server's maximum (docs/protocol.md, Pull)
// A first pull brings a whole group; saving to IndexedDB after every page would rewrite
// the growing database file each time (SQLite checkpoints the WAL into it). Pulled
// pages are saved at most this often and at the end: a lost page is pulled again, the
// cursor and the data being saved together.
const PULL_SAVE_INTERVAL_MS = 3000;

// Performance timeline entries; absent APIs (old browsers) are ignored.
function mark(name: string): void {
  try { performance.mark(name); } catch { /* no timeline */ }
}
function measure(name: string, start: string, end: string): void {
  try { performance.measure(name, start, end); } catch { /* no timeline */ }
}

// POST /api/v1/session's 200 answer (docs/protocol.md, Enrollment and sessions).
interface SessionAnswer { token: string; expires_at: number }

const TAIL_DECODER = new TextDecoder();
const RESPONSE_OPEN = new TextEncoder().encode('{"response":');
const RESPONSE_CLOSE = new TextEncoder().encode("}");

// The `more` and `next` of a pull page's text (its end is enough). The server writes the object's keys in
// order ("changes", "more", "next"), so the last `"more":` and `"next":` are the
// page's own (inside a string value a quote is escaped). null when not found.
export function pullCursor(text: string): { more: boolean; next: number } | null {
  const tail = text.slice(text.lastIndexOf("]") + 1);
  const more = /"more"\s*:\s*(true|false)/.exec(tail);
  const next = /"next"\s*:\s*(\d+)/.exec(tail);
  if (!more || !next) return null;
  const n = Number(next[1]);
  return Number.isSafeInteger(n) ? { more: more[1] === "true", next: n } : null;
}

class Core implements SotayCore {
  private token: { value: string; expires_at: number } | null = null;
  private sessionInFlight: Promise<Result<string>> | null = null;
  private lastSessionS = 0;
  private schemaCache: { body: Schemas | null } | null = null;
  private enrollmentCache: { value: Enrollment | null } | null = null;
  private running: Promise<Result<SyncReport>> | null = null;
  private wiped = false;

  constructor(private readonly module: SotayModule, private readonly app: SotayApp, private readonly saves: SaveQueue,
              private readonly mount: string) {}

  // ---- helpers --------------------------------------------------------------------
  private call<M extends Method>(method: M, ...args: ArgsParam<M>): Result<ValueOf<M>> {
    if (this.wiped) return fail(problem("wiped", "Dữ liệu trên máy đã được xóa. Hãy tải lại trang.", "This phone's data was erased. Reload the page."));
    return callApp(this.app, method, ...args);
  }

  // Saves to IndexedDB; a failure is a Problem (the write is in memory only).
  private async durable(): Promise<Problem | null> {
    try {
      await this.saves.persist();
      return null;
    } catch (e) {
      return storageFailed(e);
    }
  }

  // A committing call, resolved once durable.
  private async write<M extends Method>(method: M, ...args: ArgsParam<M>): Promise<Result<ValueOf<M>>> {
    const r = this.call(method, ...args);
    if (!r.ok) return r;
    const p = await this.durable();
    return p ? fail(p) : r;
  }

  private server(): string | null {
    const e = this.enrollment();
    return e ? e.server : null;
  }

  // One session request at a time: the server accepts each signed timestamp once, so
  // calls that need a token together share the request in flight.
  private session(): Promise<Result<string>> {
    if (this.token && this.token.expires_at > Date.now() + 60_000) {
      return Promise.resolve({ ok: true, value: this.token.value });
    }
    if (!this.sessionInFlight) {
      this.sessionInFlight = this.openSession().finally(() => { this.sessionInFlight = null; });
    }
    return this.sessionInFlight;
  }

  private async openSession(): Promise<Result<string>> {
    const server = this.server();
    if (!server) return fail(problem("not_enrolled", "Máy chưa được đăng ký", "This phone is not enrolled yet"));
    let res = await this.requestSession(server);
    if (!res.ok && res.status === 401 && res.error.code === "session_replayed") {
      // A session was opened in this same second (a renewal right after a new one): sign
      // the next second, well inside the server's clock-skew window.
      res = await this.requestSession(server);
    }
    if (!res.ok && res.status === 401 && res.error.code === "unauthorized") {
      // The session route answers so for a device it does not know.
      return fail(problem("device_unknown",
        "Máy chủ không nhận ra điện thoại này (đăng ký đã hết hiệu lực). Hãy xin mã đăng ký mới và đăng ký lại; dữ liệu trên máy vẫn được giữ.",
        "The server does not know this phone (its enrollment ended). Get a new code and enroll again; data on the phone is kept."));
    }
    if (!res.ok) return fail(res.error);
    const token = String(res.body.token ?? "");
    const expires = Number(res.body.expires_at ?? 0);
    if (!token) return fail(problem("bad_response", "Máy chủ không cấp phiên làm việc", "The server gave no session token"));
    this.token = { value: token, expires_at: expires > 0 ? expires : Date.now() + 3600_000 };
    return { ok: true, value: token };
  }

  private async requestSession(server: string): Promise<HttpResult<SessionAnswer>> {
    // Never a second already signed: the server accepts each (device, second) once.
    const nowS = Math.max(Math.floor(Date.now() / 1000), this.lastSessionS + 1);
    this.lastSessionS = nowS;
    const body = this.call("sessionRequest", { now_s: nowS });
    if (!body.ok) return { ok: false, status: 0, error: body.error };
    return request<SessionAnswer>("POST", server + "/api/v1/session", body.value);
  }

  // An authenticated call; a 401 renews the session once.
  private api<T>(method: string, path: string, body?: unknown): Promise<HttpResult<T>> {
    return this.authed((token) => request<T>(method, this.server()! + "/api/v1" + path, body, { token }));
  }

  // The same, the answer's body left as bytes.
  private apiBytes(path: string): Promise<BytesResult> {
    return this.authed((token) => requestBytes("GET", this.server()! + "/api/v1" + path, { token }));
  }

  private async authed<R extends { ok: boolean; status: number }>(send: (token: string) => Promise<R>):
      Promise<R | { ok: false; status: number; error: Problem }> {
    for (let attempt = 0; ; ++attempt) {
      const token = await this.session();
      if (!token.ok) return { ok: false, status: 0, error: token.error };
      const res = await send(token.value);
      if (res.ok || res.status !== 401 || attempt > 0) return res;
      this.token = null;
    }
  }

  private async refreshSchemas(): Promise<Problem | null> {
    const res = await this.api<Schemas>("GET", "/schemas");
    if (!res.ok) return res.error;
    const current = this.schemas();
    // The same forms need no reload, but the answer's office key may be a rotated one the
    // core must seal to from now on (it compares and stores only what changed).
    const sameForms = current !== null && current.version !== undefined && current.version === res.body.version;
    if (sameForms && res.body.office_public_key === undefined) return null;
    const set = this.call("setSchemas", { body: res.body });
    if (!set.ok) return set.error;
    this.schemaCache = null;
    return this.durable();
  }

  isSealed(value: unknown): boolean {
    const r = this.call("isSealed", { value });
    return r.ok && r.value === true;
  }

  foldForSearch(text: string): string {
    const r = this.call("foldForSearch", { text });
    return r.ok ? r.value : text;
  }

  // ---- enrollment and schemas ------------------------------------------------------
  schemas(): Schemas | null {
    if (!this.schemaCache) {
      const r = this.call("schemas");
      this.schemaCache = { body: r.ok ? r.value : null };
    }
    return this.schemaCache.body;
  }

  enrollment(): Enrollment | null {
    if (!this.enrollmentCache) {
      const r = this.call("enrollment");
      this.enrollmentCache = { value: r.ok ? r.value : null };
    }
    return this.enrollmentCache.value;
  }

  async enroll(server: string, code: string, deviceName: string, again = false): Promise<Result<Enrollment>> {
    const address = serverAddress(server);
    if (!address.ok) return address;
    const base = address.value;
    // Enrolled again, the records and the unsent changes stay and go out under the new
    // enrollment: only ever to the server they belong to.
    const current = this.enrollment();
    if (current && !sameServer(current.server, base)) {
      return fail(problem("server_changed",
        `Điện thoại này đang dùng máy chủ ${current.server}. Dữ liệu trên máy không được gửi sang máy chủ khác (${base}): ` +
        "muốn đổi máy chủ, phải xóa dữ liệu của máy chủ cũ khỏi điện thoại trước.",
        `This phone uses ${current.server}; its data never goes to another server (${base}). Erase it first to switch.`, "server"));
    }
    const body = this.call("enrollRequest", { server: base, code: code.trim(), device_name: deviceName.trim(), replace: again ? 1 : 0 });
    if (!body.ok) return body;
    const saved = await this.durable(); // the device key, before the server knows it
    if (saved) return fail(saved);
    const res = await request<unknown>("POST", base + "/api/v1/enroll", body.value);
    if (!res.ok) return fail(res.error);
    const done = await this.write("completeEnrollment", { response: res.body });
    this.enrollmentCache = null;
    this.token = null; // a session of the previous device, if any
    if (!done.ok) return done;
    // The forms: without them nothing can be entered. The enrollment itself is done
    // either way (the code is used up); a failure here is retried by the next sync().
    const schemas = await this.refreshSchemas();
    if (schemas) console.warn("schemas not loaded yet:", schemas.code);
    return done;
  }

  // ---- records ---------------------------------------------------------------------
  async listHouseholds(query: string): Promise<HouseholdSummary[]> {
    const r = this.call("listHouseholds", { query });
    // The summaries are kept in the database for the next start (a cache: saved in
    // the background, never waited for).
    const kept = this.call("cacheWritten");
    if (kept.ok && kept.value) this.saves.persist().catch((e) => console.warn("list cache not saved:", e));
    if (!r.ok) {
      console.warn("listHouseholds:", r.error.code, r.error.message_en);
      return [];
    }
    return r.value;
  }

  getRecord(id: string): RecordView | null {
    const r = this.call("getRecord", { id });
    return r.ok ? r.value : null;
  }

  children(parentId: string, type?: string): RecordView[] {
    const r = this.call("children", { parent_id: parentId, type: type ?? null });
    return r.ok ? r.value : [];
  }

  evaluate(type: string, id: string | null, parentId: string | null, values: Record<string, unknown>): FormState {
    const r = this.call("evaluate", { type, id, parent_id: parentId, values });
    if (r.ok) return r.value;
    return { type, fields: [], issues: [r.error], valid: false };
  }

  save(type: string, id: string | null, groupId: string, parentId: string | null,
       values: Record<string, unknown>): Promise<Result<RecordView>> {
    return this.write("save", { type, id, group_id: groupId || null, parent_id: parentId, values });
  }

  async deleteRecord(id: string): Promise<Result<void>> {
    const r = await this.write("deleteRecord", { id });
    return r.ok ? { ok: true, value: undefined } : r;
  }

  // ---- drafts ----------------------------------------------------------------------
  async saveDraft(key: string, draft: unknown): Promise<void> {
    const r = await this.write("saveDraft", { key, draft: draft === undefined ? null : draft });
    if (!r.ok) throw new CoreError(r.error);
  }

  loadDraft(key: string): unknown | null {
    const r = this.call("loadDraft", { key });
    return r.ok ? r.value : null;
  }

  async clearDraft(key: string): Promise<void> {
    const r = await this.write("clearDraft", { key });
    if (!r.ok) throw new CoreError(r.error);
  }

  listDrafts(): string[] {
    const r = this.call("listDrafts");
    return r.ok ? r.value : [];
  }

  // ---- sync ------------------------------------------------------------------------
  listComplete(): boolean {
    const r = this.call("listComplete");
    return r.ok ? r.value : true;
  }

  pendingCount(): number {
    const r = this.call("pendingCount");
    return r.ok ? r.value : 0;
  }

  pendingHouseholds(): number {
    const r = this.call("pendingHouseholds");
    return r.ok ? r.value : 0;
  }

  sync(onProgress: (p: SyncProgress) => void): Promise<Result<SyncReport>> {
    // One sync at a time; a second call joins the running one.
    // Marks "sotay:sync" on the page's performance timeline (read by bench/phone/).
    if (!this.running) {
      mark("sotay:sync-start");
      this.running = this.runSync(onProgress).finally(() => {
        mark("sotay:sync-end");
        measure("sotay:sync", "sotay:sync-start", "sotay:sync-end");
        this.running = null;
      });
    }
    return this.running;
  }

  private async runSync(onProgress: (p: SyncProgress) => void): Promise<Result<SyncReport>> {
    const progress = (p: SyncProgress) => {
      try {
        onProgress(p);
      } catch (e) {
        console.warn("sync progress callback:", e);
      }
    };
    if (!this.enrollment()) return fail(problem("not_enrolled", "Máy chưa được đăng ký", "This phone is not enrolled yet"));
    progress({ phase: "session", done: 0 });
    const token = await this.session();
    if (!token.ok) return token;
    const schemaProblem = await this.refreshSchemas();
    if (schemaProblem) return fail(schemaProblem);

    const report: SyncReport = { sent: 0, received: 0, conflicts: [], rejected: [] };
    const total = this.pendingCount();
    progress({ phase: "push", done: 0, total });
    for (;;) {
      const body = this.call("nextPushBody", { max_changes: PUSH_BATCH });
      if (!body.ok) return body;
      const n = body.value.changes.length;
      if (n === 0) break;
      const res = await this.api("POST", "/sync/push", body.value);
      if (!res.ok) return fail(res.error);
      const applied = this.call("applyPushResponse", { response: res.body });
      if (!applied.ok) return applied;
      const saved = await this.durable();
      if (saved) return fail(saved);
      report.sent += n;
      report.conflicts.push(...applied.value.conflicts);
      report.rejected.push(...applied.value.rejected);
      progress({ phase: "push", done: report.sent, total: Math.max(total, report.sent) });
      if (applied.value.removed === 0) {
        return fail(problem("push_stuck", "Máy chủ chưa nhận các thay đổi; hãy thử lại sau",
          "The server did not acknowledge the changes; try again later"));
      }
    }

    // Pages are applied one after another, but the next page is asked for as soon as
    // this one has arrived (its `next` is the next query's cursor), so the server reads
    // page n+1 while the core applies page n. A page that fails to apply ends the sync;
    // the one already asked for is dropped and the cursor stays where it was.
    // A page goes to the core as the bytes it came as (the core parses it once); its
    // `more` and `next`, needed before that to ask for the next page, are read from the
    // end of the text (pullCursor), and checked against what the core then applied.
    let resetOnce = false;
    let lastSave = Date.now();
    // Households received, and the total a first download announces on its first page.
    // A first download resumed from its cursor (the list not yet whole, "⟳ Tải tiếp")
    // counts on from the households already here and asks the server for the total
    // again (count=households): the first page's answer, which had it, came in the
    // interrupted sync.
    let households = 0;
    let householdsTotal: number | undefined;
    let resuming = false;
    if (!this.listComplete()) {
      const first = this.call("pullQuery", { limit: PULL_LIMIT });
      resuming = first.ok && Number(new URLSearchParams(first.value).get("since") ?? 0) > 0;
      if (resuming) households = (await this.listHouseholds("")).length;
    }
    progress({ phase: "pull", done: 0, ...(resuming ? { households } : {}) });
    const fetchPage = (since?: number): Promise<BytesResult> => {
      const query = this.call("pullQuery", since === undefined ? { limit: PULL_LIMIT } : { limit: PULL_LIMIT, since });
      if (!query.ok) return Promise.resolve({ ok: false, status: 0, error: query.error });
      return this.apiBytes("/sync/pull?" + query.value + (resuming && householdsTotal === undefined ? "&count=households" : ""));
    };
    let page = fetchPage();
    for (;;) {
      const res = await page;
      if (!res.ok) {
        // The server's log is behind our cursor (it was restored): start again.
        if (res.error.code === "bad_cursor" && !resetOnce) {
          resetOnce = true;
          const reset = this.call("resetCursor");
          if (!reset.ok) return reset;
          households = 0;
          resuming = false; // from 0: the first page brings the total
          page = fetchPage();
          continue;
        }
        return fail(res.error);
      }
      const hint = pullCursor(TAIL_DECODER.decode(res.bytes.subarray(Math.max(0, res.bytes.length - 256))));
      const ahead = hint !== null && hint.more;
      if (ahead) {
        page = fetchPage(hint.next);
        page.catch(() => undefined); // settled (never rejects); awaited only if this page applies
      }
      const applied = callAppBytes(this.module, this.app, "applyPullResponse", [RESPONSE_OPEN, res.bytes, RESPONSE_CLOSE]);
      if (!applied.ok) {
        // Not JSON at all: the server's fault, not the arguments'.
        if (applied.error.code === "invalid_argument" && applied.error.path === "args") {
          return fail(problem("bad_response", "Máy chủ trả lời không đúng định dạng", "The server's answer is not JSON"));
        }
        return applied;
      }
      report.received += applied.value.received;
      households += applied.value.households;
      if (applied.value.households_total !== null) householdsTotal = applied.value.households_total;
      if (!applied.value.more || Date.now() - lastSave >= PULL_SAVE_INTERVAL_MS) {
        const saved = await this.durable();
        if (saved) return fail(saved);
        lastSave = Date.now();
      }
      progress({ phase: "pull", done: report.received, households, householdsTotal });
      if (!applied.value.more) break;
      // `more` without a usable `next`, or a hint the core did not confirm: from the
      // stored cursor (the page asked for ahead is dropped).
      if (!ahead || hint.next !== applied.value.cursor) page = fetchPage();
    }
    progress({ phase: "done", done: report.sent + report.received });
    return { ok: true, value: report };
  }

  rejected(): RejectedView[] {
    const r = this.call("rejected");
    return r.ok ? r.value : [];
  }

  async dismissRejected(deviceSeq: number): Promise<void> {
    const r = await this.write("dismissRejected", { device_seq: deviceSeq });
    if (!r.ok) throw new CoreError(r.error);
  }

  conflicts(): ConflictView[] {
    const r = this.call("conflicts");
    return r.ok ? r.value : [];
  }

  async dismissConflict(recordId: string, field: string): Promise<void> {
    const r = await this.write("dismissConflict", { record_id: recordId, field });
    if (!r.ok) throw new CoreError(r.error);
  }

  storage(): Promise<StorageState> {
    return storageState();
  }

  async callServer<T = unknown>(method: "GET" | "POST", path: string, body?: unknown): Promise<Result<T>> {
    const res = await this.api<T>(method, path, body);
    return res.ok ? { ok: true, value: res.body } : fail(res.error);
  }

  requestPersistence(): Promise<boolean> {
    return requestPersistence();
  }

  // ---- leaving no trace -----------------------------------------------------------
  async exportUnsent(): Promise<Result<UnsentExport>> {
    const enr = this.enrollment();
    const total = this.pendingCount();
    const households = this.pendingHouseholds();
    let changes: PushChange[] = [];
    if (total > 0) {
      const push = this.call("nextPushBody", { max_changes: EXPORT_MAX_CHANGES });
      if (!push.ok) return push;
      changes = push.value.changes;
    }
    // The records: each household with unsent changes (its own and its members' and
    // reviews'), and every record a listed change names.
    const ids: string[] = [];
    const add = (id: string) => { if (!ids.includes(id)) ids.push(id); };
    for (const hh of await this.listHouseholds("")) {
      if (!hh.pending) continue;
      add(hh.id);
      for (const c of this.children(hh.id)) if (c.pending) add(c.id);
    }
    for (const c of changes) if (typeof c.record_id === "string") add(c.record_id);
    // A sealed answer is in the file only as the envelope the outbox holds for it.
    const envelopes = new Map<string, unknown>();
    for (const c of changes) envelopes.set(`${c.record_id}\u0000${c.field}`, c.value);
    const sealedLeftOut: { record_id: string; field: string }[] = [];
    const records: RecordView[] = [];
    for (const id of ids) {
      const r = this.getRecord(id);
      if (!r) continue;
      const values: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(r.values)) {
        if (!this.sealedField(r.type, field) || this.isSealed(value) || value === null) {
          values[field] = value;
          continue;
        }
        const envelope = envelopes.get(`${id}\u0000${field}`);
        if (envelope !== undefined && this.isSealed(envelope)) values[field] = envelope;
        else sealedLeftOut.push({ record_id: id, field });
      }
      records.push({ ...r, values });
    }
    const now = new Date();
    const file = {
      format: "sotay-unsent",
      version: 1,
      exported_at: now.toISOString(),
      server: enr?.server ?? null,
      device_id: enr?.device_id ?? null,
      device_name: enr?.device_name ?? null,
      groups: enr?.groups ?? [],
      changes_total: total,
      changes_complete: changes.length === total,
      changes,
      records,
      sealed_left_out: sealedLeftOut,
    };
    const day = new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10); // Vietnam's date
    return { ok: true, value: { filename: `sotay-chua-gui-${day}.json`, text: JSON.stringify(file, null, 1), households, changes: total,
                                   complete: file.changes_complete } };
  }

  private sealedField(type: string, field: string): boolean {
    const forms = this.schemas()?.schemas ?? [];
    const form = forms.find((f) => (f.record_type ?? f.id) === type);
    return !!form?.fields?.find((f) => f.name === field)?.sealed;
  }

  async wipe(): Promise<Result<void>> {
    // A sync under way finishes (or fails) first: nothing writes while files go.
    if (this.running) await this.running.catch(() => undefined);
    this.wiped = true;
    this.token = null;
    this.enrollmentCache = { value: null };
    this.schemaCache = { body: null };
    try {
      this.app.close();
    } catch (e) {
      console.warn("closing the local database:", e);
    }
    try {
      await eraseLocalFiles(this.module.FS, this.mount, this.saves);
    } catch (e) {
      return fail(problem("wipe_failed",
        "Chưa xóa hết được dữ liệu trên máy (" + String(e) + "). Hãy tải lại trang rồi thử lại.",
        "Could not erase everything on this phone (" + String(e) + "). Reload and try again."));
    }
    forgetAppKeys();
    return { ok: true, value: undefined };
  }
}

// Opens the local database (name: the IDBFS folder and lock, "sotay" by default).
// Rejects with a CoreError whose problem is "open_in_another_tab" when another tab has
// it, "storage_failed" when IndexedDB cannot be read, or the database's own problem.
// Where the local database is mounted (IDBFS keeps it in an IndexedDB database of this name).
export const MOUNT_POINT = "/sotay";

export async function openCore(opts?: { name?: string }): Promise<SotayCore> {
  const name = opts?.name ?? MOUNT_POINT.slice(1);
  await takeWriterLock("sotay-db:" + name);
  const module = await loadModule();
  performance.mark("sotay:module-ready"); // start-up phases, read by bench/lighthouse and DevTools
  const FS = module.FS;
  growFilesByDoubling(FS);
  const mount = "/" + name;
  try {
    FS.mkdir(mount);
  } catch {
    // exists already
  }
  FS.mount(FS.filesystems.IDBFS, {}, mount);
  try {
    await loadFromIndexedDb(FS);
  } catch (e) {
    throw new CoreError(storageFailed(e));
  }
  performance.mark("sotay:local-files-read");
  const app = new module.SotayApp();
  const opened = openApp(app, mount + "/local.db", true);
  performance.mark("sotay:database-open");
  if (!opened.ok) throw new CoreError(opened.error);
  const saves = new SaveQueue(FS);
  try {
    await saves.persist(); // a new or migrated file
  } catch (e) {
    throw new CoreError(storageFailed(e));
  }
  return new Core(module, app, saves, mount);
}
