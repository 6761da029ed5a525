// Record: the unit of household data, the same on the phone and on the server.
//
// A record is {id, type, group_id, parent_id, fields, deleted}. Every field value carries
// the HLC (see hlc.h) of its last write, so two people who edit different fields of one
// household never conflict: merge is per field, highest HLC wins. HLCs are kept as their
// canonical strings, whose byte order is clock order.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace sotay {

using Json = nlohmann::json;

struct FieldValue {
  Json value;       // null means "unset" (a cleared answer)
  std::string hlc;  // canonical HLC string of the last write
  // Server only: the server_seq the change log gave the last write (0 on phones and
  // before it is logged). The server's change log is these seqs (see Store).
  int64_t seq = 0;
  // Two versions are equal when their values and HLCs are: seq is the server's
  // bookkeeping, so a phone's copy equals the server's.
  bool operator==(const FieldValue& o) const { return value == o.value && hlc == o.hlc; }
};

struct Record {
  std::string id;         // lowercase hyphenated UUID made on the device
  std::string type;       // "household", "person", "assessment.poverty", ...
  std::string group_id;   // "tdp-05"
  std::string parent_id;  // empty when the record has no parent
  std::map<std::string, FieldValue> fields;
  bool deleted = false;

  // The value of a field, or null when the field is absent or unset.
  const Json& Get(const std::string& field) const {
    static const Json kNull;
    auto it = fields.find(field);
    return it == fields.end() ? kNull : it->second.value;
  }

  bool operator==(const Record&) const = default;
};

}  // namespace sotay
