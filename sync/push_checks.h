// The checks of one pushed change that need no stored data (see server_apply.h for the
// list of codes and their order). Shared by SyncServer and by tests.
#pragma once

#include <cstdint>

#include "core/change.h"
#include "core/clock.h"
#include "core/schema.h"
#include "core/status.h"
#include "sync/scope.h"

namespace sotay {

// Checks hlc/base_hlc (well formed, the sender's node, not far in the future), the ids,
// the sender's scope, the value against the schema (server mode) and whether the form
// expects a parent. Ok or a rejection Status whose code is the per-change code.
Status CheckPushedChange(const Change& change, const DeviceScope& who, const SchemaSet& schemas,
                         const Clock& clock, int64_t max_future_ms);

// The parts of CheckPushedChange the phone also applies before it writes: lowercase
// UUIDs and a group slug (invalid_id), and the form's parent rule (bad_parent; ok for an
// unknown type).
Status CheckChangeIds(const Change& change);
Status CheckParentRule(const Change& change, const SchemaSet& schemas);

// The node part of a canonical HLC string ("" when it has none).
std::string_view HlcNode(std::string_view hlc);

}  // namespace sotay
