// Fuzz target: the push message decoder (sync/wire.cc DecodePushBody), as the server
// runs it: body text -> ParseJsonText (server/http/json_body.cc) -> DecodePushBody.
// Property: every change that decodes encodes back to the same change.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "server/http/json_body.h"
#include "sync/wire.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  sotay::Result<sotay::Json> body = sotay::ParseJsonText(text);
  if (!body.ok()) return 0;
  sotay::Result<std::vector<sotay::PushItem>> items = sotay::DecodePushBody(*body);
  if (!items.ok()) return 0;
  for (const sotay::PushItem& item : *items) {
    if (!item.change.ok()) continue;
    sotay::Result<sotay::Change> again =
        sotay::ChangeFromPushJson(sotay::ChangeToPushJson(*item.change));
    if (!again.ok() || !(*again == *item.change)) std::abort();
  }
  return 0;
}
