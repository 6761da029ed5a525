// The core layer as the UI sees it.
//
// The UI (screens, forms, sync button) talks only to this interface; core/index.ts
// implements it over the WebAssembly module (C++ core + sync, SQLite in IndexedDB).
// The UI never re-implements a form rule, a validation or a merge: it asks evaluate().
import type { Schemas } from "./schemas";

// An error the user can read: stable code plus Vietnamese and English text.
export interface Problem {
  code: string;
  message_vi: string;
  message_en: string;
  path?: string; // the field concerned, when there is one
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: Problem };

export interface Enrollment {
  server: string; // base URL the phone enrolled with, e.g. "http://127.0.0.1:8080"
  device_id: string;
  device_name: string;
  role: "leader" | "trainee";
  groups: string[];
}

export interface RecordView {
  id: string;
  type: string; // "household", "person", "assessment.poverty", ...
  group_id: string;
  parent_id: string | null;
  values: Record<string, unknown>; // plaintext, also for sealed fields
  deleted: boolean;
  pending: boolean; // has changes not yet acknowledged by the server
}

export interface HouseholdSummary {
  id: string;
  group_id: string;
  head_name: string;
  address: string;
  house_number: string;
  members: number;
  missing: string[]; // what is missing or overdue this period, in Vietnamese
  pending: boolean;
}

export interface FieldState {
  name: string;
  relevant: boolean; // skip logic: false = hide the field
  required: boolean;
  readonly: boolean; // calculated or computed by the core
  value: unknown; // for readonly fields: the computed value
  error?: Problem; // this field's issue, if any
}

export interface FormState {
  type: string;
  fields: FieldState[]; // in form order
  issues: Problem[]; // every issue (fields and whole-record checks)
  valid: boolean;
}

export interface SyncProgress {
  phase: "session" | "push" | "pull" | "done";
  done: number; // changes sent / received so far
  total?: number; // when known
  // pull: household records received so far, and how many a first download brings
  // (the server says so on its first page; absent otherwise).
  households?: number;
  householdsTotal?: number;
}

export interface RejectedView {
  device_seq: number;
  record_id: string;
  record_type: string;
  field: string;
  value: unknown;
  code: string;
  message_vi: string;
  message_en: string;
}

// A field this phone wrote while someone else wrote it too (push answered "conflict").
export interface ConflictView {
  record_id: string;
  record_type: string;
  field: string;
  mine: unknown; // what this phone sent
  current: unknown; // the record's value now (after the last pull)
  // What the other person wrote (the value the server held before this phone's) and
  // the name their phone enrolled with; absent for conflicts kept by an older version,
  // other_writer null for the office or an unknown phone.
  other?: unknown;
  other_writer?: string | null;
}

export interface SyncReport {
  sent: number;
  received: number;
  conflicts: ConflictView[]; // of this sync
  rejected: RejectedView[]; // of this sync
}

// A JSON file of what this phone has not sent: {format: "sotay-unsent", version: 1,
// exported_at, server, device_id, device_name, groups, changes_total, changes (the
// outbox as a push carries it, oldest first, at most 1000; sealed values are envelopes),
// changes_complete, records (the RecordViews of the households with unsent changes and
// of every record a listed change names; a sealed field holds its envelope from the
// changes, or is left out and named in sealed_left_out)}.
export interface UnsentExport {
  filename: string; // "sotay-chua-gui-2026-12-07.json"
  text: string;
  households: number; // households with unsent changes
  changes: number; // field changes not yet sent
  complete: boolean; // the file holds every one of them (at most 1000 fit)
}

export interface StorageState {
  persisted: boolean; // navigator.storage.persisted()
  usage?: number; // bytes
  quota?: number; // bytes
}

export interface SotayCore {
  // The last /api/v1/schemas body fetched (cached locally; null before enrollment).
  schemas(): Schemas | null;
  // Whether `value` is a sealed envelope: the core's check (IsSealedEnvelope,
  // core/field_check.h), never one of the UI's own.
  isSealed(value: unknown): boolean;
  // The core's search folding: lower case, no diacritics ("Mường" → "muong").
  foldForSearch(text: string): string;
  enrollment(): Enrollment | null;
  // POST /enroll with a fresh Ed25519 key kept in the local database, then fetches the
  // schemas. Resolves once everything is durable. `again`: the phone is enrolled but
  // the server refused it (revoked, or forgotten: needsReenroll below); a new code
  // enrolls it again and keeps every local record, draft and unsent change.
  // The address must be https (serverAddress, core/http.ts: server_not_https) and, once
  // enrolled, name the same server (sameServer): this phone's records and unsent
  // changes never go to another one (server_changed; wipe() first, then enroll anew).
  enroll(server: string, code: string, deviceName: string, again?: boolean): Promise<Result<Enrollment>>;
  // Erases everything this phone holds for its server: records, drafts, unsent changes,
  // conflicts, the enrollment and the device key (the IndexedDB database of the local
  // files), and the app's keys in localStorage and sessionStorage. The core is closed
  // for good: the caller reloads the page, which then starts as a new phone.
  wipe(): Promise<Result<void>>;
  // The changes not yet sent, as a file to hand to the office before they are erased
  // (UnsentExport). Sealed answers stay sealed to the office key in it.
  exportUnsent(): Promise<Result<UnsentExport>>;

  // Households of the enrolled groups in which every word of `query`, in any order, is
  // in the house number, street, head's or a member's name (case- and
  // diacritic-insensitive, the core's folding); all when empty.
  listHouseholds(query: string): Promise<HouseholdSummary[]>;
  getRecord(id: string): RecordView | null;
  children(parentId: string, type?: string): RecordView[];

  // Live form state for values being typed (nothing is stored): skip logic, required,
  // constraint errors, calculated values and core-computed ones (poverty
  // classification, cultural-family status). `id` null for a new record.
  evaluate(type: string, id: string | null, parentId: string | null,
           values: Record<string, unknown>): FormState;
  // Validates, then writes the changed fields (sealing sealed ones for the outbox).
  // Resolves only when the write is durable in IndexedDB. `id` null creates a record.
  save(type: string, id: string | null, groupId: string, parentId: string | null,
       values: Record<string, unknown>): Promise<Result<RecordView>>;
  deleteRecord(id: string): Promise<Result<void>>;

  // Drafts: whatever is typed, saved on every keystroke (debounced) so a closed tab
  // loses nothing. Durable like save().
  saveDraft(key: string, draft: unknown): Promise<void>;
  loadDraft(key: string): unknown | null;
  clearDraft(key: string): Promise<void>;
  listDrafts(): string[];

  // Whether the household list holds the whole of the groups: false from enrollment
  // until one download has reached its end (kept across restarts).
  listComplete(): boolean;
  pendingCount(): number; // field changes not yet sent
  pendingHouseholds(): number; // households with changes not yet sent
  // Session, push until the outbox is empty, pull until `more` is false.
  sync(onProgress: (p: SyncProgress) => void): Promise<Result<SyncReport>>;
  rejected(): RejectedView[];
  dismissRejected(deviceSeq: number): Promise<void>;
  conflicts(): ConflictView[]; // kept until dismissed
  dismissConflict(recordId: string, field: string): Promise<void>;

  // An authenticated JSON call to /api/v1<path> besides sync (the training exercises:
  // GET /training/me, POST /training/me/steps). A network failure is the Problem "offline".
  // `T`: the answer's shape as docs/protocol.md gives it for that route.
  callServer<T = unknown>(method: "GET" | "POST", path: string, body?: unknown): Promise<Result<T>>;

  storage(): Promise<StorageState>;
  requestPersistence(): Promise<boolean>;
}

// Problems after which only a new enrollment code helps: the device was revoked, or the
// server does not know it (a reset server, an enrollment removed by the office).
export function needsReenroll(p: Problem | null | undefined): boolean {
  return !!p && (p.code === "device_revoked" || p.code === "device_unknown");
}
