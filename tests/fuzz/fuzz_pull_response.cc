// Fuzz target: the pull message decoders (sync/wire.cc): a pull page as the phone reads
// it (DecodePullResponse), and the pull query parameters as the server reads them
// (ParsePullParams; the input's first line is `since`, the second `limit`).
// Property: a page that decodes encodes back to one that decodes to the same changes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "server/http/json_body.h"
#include "sync/wire.h"

namespace {

void FuzzPullParams(std::string_view text) {
  size_t nl = text.find('\n');
  std::optional<std::string_view> since = text.substr(0, nl);
  std::optional<std::string_view> limit;
  if (nl != std::string_view::npos) limit = text.substr(nl + 1);
  sotay::Result<sotay::PullParams> p = sotay::ParsePullParams(since, limit);
  if (p.ok() && (p->since < 0 || p->limit < 1 || p->limit > sotay::kMaxPullLimit)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  FuzzPullParams(text);
  sotay::Result<sotay::Json> body = sotay::ParseJsonText(text);
  if (!body.ok()) return 0;
  sotay::Result<sotay::PullResponse> page = sotay::DecodePullResponse(*body);
  if (!page.ok()) return 0;
  sotay::Result<sotay::PullResponse> again =
      sotay::DecodePullResponse(sotay::EncodePullResponse(page->changes, page->next, page->more));
  if (!again.ok() || again->changes != page->changes || again->next != page->next ||
      again->more != page->more) {
    std::abort();
  }
  return 0;
}
