// embind bindings of the phone client: ClientApp behind two string calls.
//
//   const app = new Module.SotayApp();
//   JSON.parse(app.open("/sotay/local.db", true));        // {ok, value|error}
//   JSON.parse(app.call("listHouseholds", '{"query":"nguyen"}'));
//
// The office dashboard opens sealed values with the office key (office_keyring.h):
//
//   const keys = new Module.OfficeKeyring();
//   JSON.parse(keys.unlock(publicKey, wrapped, passphrase));   // {ok, value|error}
//   JSON.parse(keys.open('{"sealed":"..."}'));                 // {ok, value: "0912345678"}
//   keys.lock();
//
// The methods behind call() are Handlers() in wasm-client/app/client_dispatch.cc.
// Nothing throws into JS (an exception crossing embind would arrive as a bare number):
// Dispatch catches, and so does open().
#include <emscripten/bind.h>

#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <string_view>

#include "wasm-client/app/client_app.h"
#include "wasm-client/app/client_dispatch.h"
#include "wasm-client/app/office_keyring.h"

namespace sotay {
namespace {

class SotayApp {
 public:
  // Opens the database at `path`; `browser_mode` for an IDBFS file (client_app.h).
  std::string Open(const std::string& path, bool browser_mode) {
    try {
      app_.reset();
      Result<std::unique_ptr<ClientApp>> app =
          ClientApp::Open({.db_path = path, .browser_mode = browser_mode});
      if (!app.ok()) return ErrorEnvelope(app.status());
      app_ = std::move(app).value();
      return R"({"ok":true,"value":null})";
    } catch (...) {
      return ErrorEnvelope(Status::Error("internal_error", "Lỗi nội bộ khi mở dữ liệu",
                                         "Internal error while opening the database"));
    }
  }

  std::string Call(const std::string& method, const std::string& args) {
    return CallView(method, args);
  }

  // The arguments as `size` bytes at `address` in this module's memory, owned by the
  // caller: a pull page of megabytes, copied there once (embind's std::string would
  // convert it character by character).
  std::string CallBytes(const std::string& method, uintptr_t address, size_t size) {
    return CallView(method, std::string_view(reinterpret_cast<const char*>(address), size));
  }

  // Closes the database (tests and the "open in another tab" hand-over).
  void Close() { app_.reset(); }

 private:
  std::string CallView(const std::string& method, std::string_view args) {
    if (app_ == nullptr) {
      return ErrorEnvelope(
          Status::Error("not_open", "Dữ liệu chưa được mở", "The database is not open"));
    }
    return Dispatch(*app_, method, args);
  }

  std::unique_ptr<ClientApp> app_;
};

// The office key behind string calls; the passphrase and the key never come back out.
class OfficeKeyringJs {
 public:
  std::string Unlock(const std::string& public_key, const std::string& wrapped,
                     std::string passphrase) {
    return Guard([&] {
      Status s = keys_.Unlock(public_key, wrapped, std::move(passphrase));
      return s.ok() ? std::string(R"({"ok":true,"value":null})") : ErrorEnvelope(s);
    });
  }

  std::string Open(const std::string& envelope) {
    return Guard([&] {
      Json parsed = Json::parse(envelope, nullptr, /*allow_exceptions=*/false);
      Result<Json> value = keys_.Open(parsed.is_discarded() ? Json() : parsed);
      if (!value.ok()) return ErrorEnvelope(value.status());
      return Json{{"ok", true}, {"value", *value}}.dump(-1, ' ', false,
                                                        Json::error_handler_t::replace);
    });
  }

  void Lock() { keys_.Lock(); }
  bool Unlocked() const { return keys_.unlocked(); }

 private:
  template <typename Fn>
  static std::string Guard(Fn fn) {
    try {
      return fn();
    } catch (...) {
      return ErrorEnvelope(Status::Error("internal_error", "Lỗi nội bộ khi mở niêm phong",
                                         "Internal error while opening sealed data"));
    }
  }

  OfficeKeyring keys_;
};

}  // namespace
}  // namespace sotay

EMSCRIPTEN_BINDINGS(sotay_client) {
  emscripten::class_<sotay::SotayApp>("SotayApp")
      .constructor<>()
      .function("open", &sotay::SotayApp::Open)
      .function("call", &sotay::SotayApp::Call)
      .function("callBytes", &sotay::SotayApp::CallBytes)
      .function("close", &sotay::SotayApp::Close);
  emscripten::class_<sotay::OfficeKeyringJs>("OfficeKeyring")
      .constructor<>()
      .function("unlock", &sotay::OfficeKeyringJs::Unlock)
      .function("open", &sotay::OfficeKeyringJs::Open)
      .function("lock", &sotay::OfficeKeyringJs::Lock)
      .function("unlocked", &sotay::OfficeKeyringJs::Unlocked);
}
