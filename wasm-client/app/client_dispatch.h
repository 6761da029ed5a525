// One text entry point over ClientApp, for the WebAssembly bindings: a method name and
// its arguments as a JSON object in, a JSON text out:
//   {"ok": true, "value": ...}   or   {"ok": false, "error": {code, message_vi,
//                                                              message_en, path}}
// Methods and their arguments (ClientApp's, by name):
//   enrollment {}                              schemas {}
//   enrollRequest {server, code, device_name, replace?: 0|1}
//   completeEnrollment {response}
//   sessionRequest {now_s}                     setSchemas {body}
//   listHouseholds {query}  cacheWritten {}    getRecord {id}
//   children {parent_id, type?}
//   evaluate {type, id?, parent_id?, values}  (id/parent_id: string or null)
//   save {type, id?, group_id?, parent_id?, values}
//   deleteRecord {id}
//   saveDraft {key, draft}  loadDraft {key}  clearDraft {key}  listDrafts {}
//   pendingCount {}  pendingHouseholds {}  nextPushBody {max_changes?}  applyPushResponse
//   {response} pullQuery {limit?, since?}  applyPullResponse {response}  resetCursor {} rejected {}
//   dismissRejected {device_seq}  conflicts {} dismissConflict {record_id, field}  today {}
//   isSealed {value}   whether `value` is a sealed envelope (IsSealedEnvelope,
//                      core/field_check.h): the phone's and the office's only check
//   foldForSearch {text}  the core's search folding (core/text_fold.h): "Mường" → "muong"
//   csvOfRows {rows}   a table as CSV text (core/csv.h CsvOfRows): the dashboard's
//                      downloads, formulas neutralised as in the server's exports
// Never throws: malformed arguments give invalid_argument, an unknown method
// unknown_method.
#pragma once

#include <string>
#include <string_view>

#include "core/record.h"
#include "core/status.h"

namespace sotay {

class ClientApp;

std::string Dispatch(ClientApp& app, const std::string& method, std::string_view args_json);

// The error text of the envelope above, for failures outside Dispatch (e.g. Open).
std::string ErrorEnvelope(const Status& status);

}  // namespace sotay
