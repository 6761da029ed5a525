// The office key for sealed fields (office and admin roles): the wrapped X25519 secret
// key as init stored it, so the office user's browser can unwrap it with the office
// passphrase and open sealed values there. The server cannot unwrap it (it never holds
// the passphrase); every read is audited.
#include <string>
#include <vector>

#include "server/api/api_routes.h"
#include "server/api/dashboard_routes.h"
#include "server/api/dashboard_util.h"

namespace sotay {

namespace {

// "sotay-wrap-v1$argon2id13$t=<ops>$m=<mem>$<salt>$..." -> {alg, opslimit, memlimit,
// salt}: the derivation's parameters, so the browser can say how heavy it is before it
// starts (the wrapped text itself records them too). Empty when the text
// is not of that form (the browser's unwrap then reports wrapped_secret_invalid).
Json KdfOf(const std::string& wrapped) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= wrapped.size(); ++i) {
    if (i == wrapped.size() || wrapped[i] == '$') {
      parts.push_back(wrapped.substr(start, i - start));
      start = i + 1;
    }
  }
  if (parts.size() != 7 || parts[2].rfind("t=", 0) != 0 || parts[3].rfind("m=", 0) != 0) {
    return Json::object();
  }
  return {{"alg", parts[1]},
          {"opslimit", parts[2].substr(2)},
          {"memlimit", parts[3].substr(2)},
          {"salt", parts[4]}};
}

HttpResponse HandleOfficeKey(ServerServices& sv, const HttpRequest&, const RouteParams&,
                             const Principal& who) {
  Result<std::optional<WardInfo>> ward = [&] {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    return sv.accounts().GetWard();
  }();
  if (!ward.ok()) return ApiError(ward.status());
  if (!ward->has_value()) {
    return ApiError("not_found", "Phường chưa được khởi tạo (init)",
                    "The ward is not initialised (init)");
  }
  // Audited before it is handed out: a read the log cannot record is refused.
  Status audited = sv.Audit(who.Actor(), "office_key_read", "office_key", Json::object());
  if (!audited.ok()) return ApiError(audited);
  const WardInfo& w = **ward;
  HttpResponse r = JsonResponse(200, {{"public_key", w.office_public_key},
                                      {"wrapped_secret", w.office_secret_wrapped},
                                      {"kdf", KdfOf(w.office_secret_wrapped)}});
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

}  // namespace

void RegisterSealedRoutes(Router& router, ServerServices& sv) {
  AddGuarded(router, sv, "GET", "/api/v1/office-key", Access::kOffice, HandleOfficeKey);
}

}  // namespace sotay
