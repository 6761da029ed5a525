#include "server/api/api_error.h"

#include <map>

namespace sotay {

int ApiStatusFor(std::string_view code) {
  static const std::map<std::string_view, int> kStatus = {
      {"unauthorized", 401},       {"token_expired", 401},       {"bad_signature", 401},
      {"clock_skew", 401},         {"bad_credentials", 401},     {"session_replayed", 401},
      {"device_revoked", 403},     {"enroll_code_invalid", 403}, {"forbidden", 403},
      {"forbidden_group", 403},    {"trainee_not_allowed", 403}, {"too_many_attempts", 429},
      {"invalid_public_key", 400}, {"invalid_device_name", 400}, {"bad_request", 400},
      {"invalid_field_type", 400}, {"bad_cursor", 400},          {"bad_limit", 400},
      {"invalid_argument", 400},   {"invalid_value", 400},       {"batch_too_large", 413},
      {"not_found", 404},          {"not_initialized", 503},     {"training_only", 403},
      {"no_edit_yet", 409},        {"unknown_person", 400},      {"server_busy", 503},
  };
  auto it = kStatus.find(code);
  if (it != kStatus.end()) return it->second;
  if (code.substr(0, 6) == "store_") return 503;
  return HttpStatusForCode(code);
}

HttpResponse ApiError(const Status& error) {
  return ErrorResponse(ApiStatusFor(error.code()), error);
}

}  // namespace sotay
