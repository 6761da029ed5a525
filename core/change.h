// Change: the unit of sync, one write of one field of one record.
//
// A device records each edit as a Change in its outbox, pushes it, and the server
// appends it to its change log, from which every device pulls. Deleting a record is a
// write of the pseudo-field "_deleted" with value true (and undeleting, false), so a
// deletion merges like any other field.
//
// Wire shapes (docs/protocol.md):
//   push: {"device_seq", "record_id", "record_type", "group_id", "parent_id": str|null,
//          "field", "value", "hlc", "base_hlc": str|null}
//   pull: {"server_seq", "record_id", "record_type", "group_id", "parent_id": str|null,
//          "field", "value", "hlc"}
// The decoders are strict and never throw: every key must be present (null where the
// shape allows it), no other key is accepted, and each key must have its JSON type.
// They check shape only; whether the HLC is well formed, the type and field exist and
// the value suits the field is decided by the caller (hlc.h, schema.h, sync/).
//
// Error codes of the decoders (path names the offending key, e.g. "changes/3/hlc"):
//   bad_request         not an object, a missing or unknown key, an empty id or a
//                       device_seq/server_seq below 1
//   invalid_field_type  a key whose JSON type is wrong (e.g. "device_seq": "17")
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/record.h"
#include "core/status.h"

namespace sotay {

// The pseudo-field whose value (true/false) marks a record deleted/undeleted.
inline constexpr std::string_view kDeletedField = "_deleted";

struct Change {
  int64_t device_seq = 0;   // per device, +1 for every change it makes, forever; from 1
  std::string device_id{};  // the writer; not on the wire (the server knows the sender)
  std::string record_id{};
  std::string record_type{};
  std::string group_id{};
  std::string parent_id{};  // empty: the record has no parent (null on the wire)
  std::string field{};      // a field of the record type, or kDeletedField
  Json value{};             // null clears the field
  std::string hlc{};        // HLC of this write
  std::string base_hlc{};   // HLC of the field the writer had seen; empty: none (null)
  int64_t server_seq = 0;   // position in the server's change log; 0 until appended

  bool operator==(const Change&) const = default;
};

// Encodes/decodes one change of a push body. `path` prefixes error paths
// (e.g. "changes/3"). device_id and server_seq are not part of the push shape.
Json ChangeToPushJson(const Change& change);
Result<Change> ChangeFromPushJson(const Json& json, std::string_view path = {});

// Encodes/decodes one change of a pull response. device_seq, device_id and base_hlc
// are not part of the pull shape.
Json ChangeToPullJson(const Change& change);
Result<Change> ChangeFromPullJson(const Json& json, std::string_view path = {});

}  // namespace sotay
