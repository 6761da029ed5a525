// The HTTP answer of a failed API call: the status of each error code the ward's rules
// return (auth.h, sync/server_apply.h, store_*) and the error response that carries it.
// The ward's layer returns a Status and knows no HTTP; the handlers turn it into an
// answer here.
#pragma once

#include <string_view>

#include "core/status.h"
#include "server/http/http_types.h"

namespace sotay {

// HTTP status of an API error code (the auth codes of auth.h, the sync codes of
// server_apply.h, store_* -> 503, the framework's generic codes).
int ApiStatusFor(std::string_view code);
// An error response with ApiStatusFor(error.code()).
HttpResponse ApiError(const Status& error);

}  // namespace sotay
