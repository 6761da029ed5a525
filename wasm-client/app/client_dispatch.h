// One text entry point over ClientApp, for the WebAssembly bindings: a method name and
// its arguments as a JSON object in, a JSON text out:
//   {"ok": true, "value": ...}   or   {"ok": false, "error": {code, message_vi,
//                                                              message_en, path}}
// The methods are the entries of Handlers() in client_dispatch.cc, each reading its
// arguments by name and calling ClientApp (client_app.h says what each answers). Their
// TypeScript types, arguments and answers, are DispatchMethods in
// wasm-client/web/src/core/dispatch.ts; tests/web-unit/dispatch.test.ts fails when the
// two name different methods or arguments.
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
