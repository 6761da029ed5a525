#include "server/store/audit_chain.h"

#include <sodium.h>

#include <array>
#include <optional>

namespace sotay {

namespace {

// Each part with its length first: no two different entries hash the same bytes.
void HashPart(crypto_generichash_state* st, std::string_view part) {
  const std::string length = std::to_string(part.size()) + ":";
  crypto_generichash_update(st, reinterpret_cast<const unsigned char*>(length.data()),
                            length.size());
  crypto_generichash_update(st, reinterpret_cast<const unsigned char*>(part.data()), part.size());
}

}  // namespace

std::string AuditChainValue(std::string_view previous, int64_t at_ms, std::string_view actor,
                            std::string_view action, std::string_view target,
                            std::string_view detail) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, crypto_generichash_BYTES);
  HashPart(&st, "sotay-audit-v1");
  HashPart(&st, previous);
  HashPart(&st, std::to_string(at_ms));
  HashPart(&st, actor);
  HashPart(&st, action);
  HashPart(&st, target);
  HashPart(&st, detail);
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  crypto_generichash_final(&st, digest.data(), digest.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

AuditChainCheck::AuditChainCheck(std::optional<int64_t> last_unchained, bool start_missing,
                                 std::string noted)
    : last_unchained_(last_unchained), noted_(std::move(noted)) {
  report_.start_missing = start_missing;
}

void AuditChainCheck::Add(int64_t id, int64_t at_ms, std::string_view actor,
                          std::string_view action, std::string_view target, std::string_view detail,
                          std::string_view chain) {
  ++report_.entries;
  if (chain.empty() && !chained_ && (!last_unchained_ || id <= *last_unchained_)) {
    ++report_.unchained;
    return;
  }
  if (report_.start_missing && report_.first_broken_id == 0) report_.first_broken_id = id;
  chained_ = true;
  const std::string expected = AuditChainValue(previous_, at_ms, actor, action, target, detail);
  if (report_.first_broken_id == 0 && chain != expected) report_.first_broken_id = id;
  if (!noted_.empty() && chain == noted_) report_.noted_found = true;
  previous_ = chain;
  report_.last_chain = previous_;
}

}  // namespace sotay
