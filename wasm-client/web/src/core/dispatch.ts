// The methods of the WebAssembly core's one entry point (SotayApp.call → Dispatch in
// wasm-client/app/client_dispatch.cc): for each, the JSON arguments it reads and the
// value it answers with ({ok: true, value} or {ok: false, error: Problem}).
//
// The C++ side's handler table is the list of methods; this interface types them.
// tests/web-unit/dispatch.test.ts fails when the two name different methods or
// arguments, or disagree on which arguments are optional.
import type {
  ConflictView, Enrollment, FormState, HouseholdSummary, RecordView, RejectedView,
} from "./contract";
import type { Schemas } from "./schemas";

type NoArgs = Record<string, never>;

// POST /api/v1/enroll's body (the new device key's public half; the secret stays in the
// local database).
export interface EnrollRequestBody { code: string; device_name: string; public_key: string }

// POST /api/v1/session's body, signed with the device key.
export interface SessionRequestBody { device_id: string; timestamp_s: number; signature: string }

// One change of POST /api/v1/sync/push (docs/protocol.md, Push).
export interface PushChange {
  device_seq: number;
  record_id: string;
  record_type: string;
  group_id: string;
  parent_id: string | null;
  field: string;
  value: unknown;
  hlc: string;
  base_hlc: string | null;
}

export interface DispatchMethods {
  enrollment: { args: NoArgs; value: Enrollment | null };
  schemas: { args: NoArgs; value: Schemas | null };
  // Today in Vietnam, "YYYY-MM-DD".
  today: { args: NoArgs; value: string };
  // `replace`: enroll again (revoked or forgotten device), keeping every local record.
  enrollRequest: { args: { server: string; code: string; device_name: string; replace?: 0 | 1 }; value: EnrollRequestBody };
  // The 201 answer of POST /enroll, as it came.
  completeEnrollment: { args: { response: unknown }; value: Enrollment };
  sessionRequest: { args: { now_s: number }; value: SessionRequestBody };
  // A GET /schemas body, as it came.
  setSchemas: { args: { body: unknown }; value: null };
  listHouseholds: { args: { query?: string }; value: HouseholdSummary[] };
  // Whether listHouseholds wrote its kept summaries since the last ask (to be saved).
  cacheWritten: { args: NoArgs; value: boolean };
  getRecord: { args: { id: string }; value: RecordView | null };
  children: { args: { parent_id: string; type?: string | null }; value: RecordView[] };
  evaluate: {
    args: { type: string; id?: string | null; parent_id?: string | null; values: Record<string, unknown> };
    value: FormState;
  };
  save: {
    args: { type: string; id?: string | null; group_id?: string | null; parent_id?: string | null; values: Record<string, unknown> };
    value: RecordView;
  };
  deleteRecord: { args: { id: string }; value: null };
  saveDraft: { args: { key: string; draft: unknown }; value: null };
  loadDraft: { args: { key: string }; value: unknown }; // null when there is none
  clearDraft: { args: { key: string }; value: null };
  listDrafts: { args: NoArgs; value: string[] };
  // The core's search folding (core/text_fold.h): "Mường" → "muong".
  foldForSearch: { args: { text: string }; value: string };
  // A table as CSV text (core/csv.h CsvOfRows): formulas neutralised as in the
  // server's exports.
  csvOfRows: { args: { rows: (string | number | null)[][] }; value: string };
  pendingCount: { args: NoArgs; value: number };
  pendingHouseholds: { args: NoArgs; value: number };
  nextPushBody: { args: { max_changes?: number }; value: { changes: PushChange[] } };
  // A 200 push answer, as it came.
  applyPushResponse: {
    args: { response: unknown };
    value: { removed: number; applied: number; duplicates: number; conflicts: ConflictView[]; rejected: RejectedView[]; pending: number };
  };
  // The query string of the next pull; `since`: a page's `next` instead of the stored cursor.
  pullQuery: { args: { limit?: number; since?: number }; value: string };
  // A 200 pull page, as it came (given as bytes: callAppBytes).
  applyPullResponse: {
    args: { response: unknown };
    value: {
      received: number; applied: number; echoes: number; cursor: number; more: boolean;
      households: number; households_total: number | null;
    };
  };
  resetCursor: { args: NoArgs; value: null };
  listComplete: { args: NoArgs; value: boolean };
  rejected: { args: NoArgs; value: RejectedView[] };
  dismissRejected: { args: { device_seq: number }; value: null };
  // Whether `value` is a sealed envelope (core/field_check.h IsSealedEnvelope): the
  // phone's and the office's only check.
  isSealed: { args: { value: unknown }; value: boolean };
  conflicts: { args: NoArgs; value: ConflictView[] };
  dismissConflict: { args: { record_id: string; field: string }; value: null };
}

export type Method = keyof DispatchMethods;
export type ArgsOf<M extends Method> = DispatchMethods[M]["args"];
export type ValueOf<M extends Method> = DispatchMethods[M]["value"];
