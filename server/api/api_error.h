// The HTTP answer of a failed API call, and the one table from error code to HTTP status.
//
// The rule (issue #19):
//   - Every error code has its HTTP status in one table, kErrorStatus in api_error.cc:
//     the codes of the ward (auth.h, training, accounts), of sync/ and core/ (the sync
//     codes of server_apply.h and wire.h, store_* of the storage, validation), of the
//     http layer (json_body's malformed_json..., the router's not_found...) and of the
//     handlers themselves.
//   - An API handler answers every error with ApiError, which takes the status from the
//     table; a handler never writes a status number for an error (no file of api/ but
//     api_error.cc calls ErrorResponse).
//   - The http layer knows nothing of the table. It answers the errors it makes itself,
//     before or around any handler (router: 404 not_found, 405 method_not_allowed;
//     HttpApp: 500 internal_error; the session: 400 bad_request, 413 body_too_large, 431
//     headers_too_large; static files: 404 not_found), with the status written where each
//     is made; the table repeats those codes with the same status.
//   - A code missing from the table answers 500: nobody classified it, so it is taken for
//     the server's fault. api_error_test.cc reads the sources of core/, sync/ and server/
//     and holds every code written there to an entry of the table (or to its short list
//     of codes that never reach HTTP: command-line, start-up and phone-only codes), and
//     every status the http layer writes to the table's.
// A new code: add it to the table, with the status a client should see.
#pragma once

#include <map>
#include <string_view>

#include "core/status.h"
#include "server/http/http_types.h"

namespace sotay {

// HTTP status of an error code: its entry in the table, 500 when it has none.
int ApiStatusFor(std::string_view code);
// The whole table (for tests and documentation).
const std::map<std::string_view, int>& ErrorStatusTable();

// An error response (http_types.h) with ApiStatusFor(error.code()).
HttpResponse ApiError(const Status& error);
// The same for an error made by the handler itself.
HttpResponse ApiError(std::string_view code, std::string_view message_vi,
                      std::string_view message_en, std::string_view field = {});

}  // namespace sotay
