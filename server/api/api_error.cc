#include "server/api/api_error.h"

namespace sotay {

namespace {

// The one table from error code to HTTP status (the rule is in api_error.h). Grouped by
// status; within a group, by where the codes come from.
const std::map<std::string_view, int> kErrorStatus = {
    // 400: the request, or the data it carries, is wrong.
    //   the request itself (http/: the session, json_body.h)
    {"bad_request", 400},
    {"malformed_json", 400},
    {"json_too_deep", 400},
    {"missing_field", 400},
    {"wrong_type", 400},
    {"unknown_field", 400},
    {"invalid_field_type", 400},
    {"invalid_argument", 400},
    {"invalid_value", 400},
    //   query parameters and names in requests (api/, sync/wire.h)
    {"bad_cursor", 400},
    {"bad_limit", 400},
    {"bad_format", 400},
    {"bad_period", 400},
    {"invalid_group", 400},
    {"unknown_group", 400},
    {"unknown_indicator", 400},
    {"unknown_person", 400},
    {"unknown_type", 400},
    {"not_manual", 400},
    {"weak_password", 400},
    //   enrollment (auth.h)
    {"invalid_public_key", 400},
    {"invalid_device_name", 400},
    //   values a client sent, as core/ parses them
    {"date_invalid", 400},
    {"base64_invalid", 400},
    {"human_code_invalid", 400},
    {"hlc_malformed", 400},
    {"hlc_future", 400},
    {"bad_gzip", 400},
    //   a pushed change (sync/push_checks.h, server_apply.h)
    {"invalid_id", 400},
    {"hlc_node_mismatch", 400},
    {"bad_parent", 400},
    {"record_mismatch", 400},
    //   a value against its form (core/validate.h)
    {"required", 400},
    {"constraint", 400},
    {"child_count", 400},
    {"type_mismatch", 400},
    {"not_in_list", 400},
    {"duplicate_choice", 400},
    {"out_of_range", 400},
    {"too_long", 400},
    {"invalid_date", 400},
    {"invalid_phone", 400},
    {"invalid_citizen_id", 400},
    {"not_sealed", 400},
    {"invalid_sealed", 400},

    // 401: who is calling is not established (auth.h).
    {"unauthorized", 401},
    {"token_expired", 401},
    {"bad_signature", 401},
    {"clock_skew", 401},
    {"bad_credentials", 401},
    {"session_replayed", 401},

    // 403: the caller may not do this.
    {"forbidden", 403},
    {"forbidden_group", 403},
    {"device_revoked", 403},
    {"enroll_code_invalid", 403},
    {"trainee_not_allowed", 403},
    {"training_only", 403},
    {"metrics_local_only", 403},

    // 404, 405: no such thing, no such method (the router's own answers too).
    {"not_found", 404},
    {"method_not_allowed", 405},

    // 409: the request is fine but the state of the ward refuses it.
    {"no_edit_yet", 409},
    {"user_exists", 409},
    {"group_exists", 409},
    {"cannot_disable_self", 409},

    // 413, 415, 429, 431: too big, wrong media type, too often, headers too big.
    {"body_too_large", 413},
    {"batch_too_large", 413},
    {"unsupported_media_type", 415},
    {"too_many_attempts", 429},
    {"headers_too_large", 431},

    // 500: the server's own fault, whatever the request. Listed so that each is a decision,
    // not an oversight (they would be 500 without an entry too).
    {"internal_error", 500},       // a handler threw, or a header held CR/LF (http_app.h)
    {"internal", 500},             // a broken invariant of the push queue
    {"missing_form", 500},         // the schemas lack a form the server itself writes
    {"training_corrupt", 500},     // the training registry's file is unreadable
    {"facts_refresh_stuck", 500},  // indicator facts still expired after a refresh
    {"backup_prune_failed", 500},  // the backup folder cannot be listed
    {"crypto_failed", 500},        // libsodium failed (out of memory)
    {"crypto_init_failed", 500},
    {"pwhash_limits_invalid", 500},
    {"key_invalid", 500},  // a key of the server's of the wrong size
    //   a rule of the form (the schemas, not the request) could not be evaluated
    {"expr_error", 500},
    {"expr_internal", 500},
    {"expr_type", 500},
    {"expr_regex", 500},
    {"expr_syntax", 500},
    {"expr_arity", 500},
    {"expr_too_deep", 500},
    {"expr_unknown_function", 500},

    // 503: not now; the same request may succeed later (docs/protocol.md "Errors").
    {"not_initialized", 503},
    {"server_busy", 503},
    {"shutting_down", 503},
    //   the storage (core/sqlite_error.h and the stores): nothing was applied
    {"store_busy", 503},
    {"store_full", 503},
    {"store_io", 503},
    {"store_corrupt", 503},
    {"store_constraint", 503},
    {"store_error", 503},
    {"store_read_only", 503},
    {"store_rolled_back", 503},
    {"store_version_too_new", 503},
    {"store_version_too_old", 503},
};

}  // namespace

int ApiStatusFor(std::string_view code) {
  auto it = kErrorStatus.find(code);
  return it == kErrorStatus.end() ? 500 : it->second;
}

const std::map<std::string_view, int>& ErrorStatusTable() { return kErrorStatus; }

HttpResponse ApiError(const Status& error) {
  return ErrorResponse(ApiStatusFor(error.code()), error);
}

HttpResponse ApiError(std::string_view code, std::string_view message_vi,
                      std::string_view message_en, std::string_view field) {
  return ErrorResponse(ApiStatusFor(code), code, message_vi, message_en, field);
}

}  // namespace sotay
