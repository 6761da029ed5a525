// Fuzz target: the stored-fields scanner the server's pull copies values with
// (core/log_page.h). Properties beyond "no crash, no sanitizer report": whatever the
// scanner accepts is a JSON object that nlohmann parses too; each span is a field of it,
// with a value and an HLC nlohmann reads; and a page of it decodes into changes and
// is written as a pull page that nlohmann parses.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/log_page.h"
#include "sync/wire.h"

namespace {

// nlohmann's dump refuses invalid UTF-8 unless told otherwise.
bool ValidUtf8(std::string_view s) {
  try {
    (void)sotay::Json(std::string(s)).dump();
    return true;
  } catch (const sotay::Json::type_error&) {
    return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<sotay::StoredFieldSpan> spans;
  if (!sotay::ScanStoredFields(text, spans)) return 0;
  // The scanner leaves UTF-8 alone (stored texts are nlohmann's dumps, valid UTF-8);
  // that is the only way it may accept what nlohmann refuses.
  const sotay::Json whole = sotay::Json::parse(text.begin(), text.end(), nullptr, false);
  if (!whole.is_object()) {
    if (ValidUtf8(text)) std::abort();
    return 0;
  }
  for (const sotay::StoredFieldSpan& s : spans) {
    const std::string_view n = s.Name(text), v = s.Value(text), h = s.Hlc(text);
    const sotay::Json name = sotay::Json::parse(n.begin(), n.end(), nullptr, false);
    const sotay::Json value = sotay::Json::parse(v.begin(), v.end(), nullptr, false);
    const sotay::Json hlc = sotay::Json::parse(h.begin(), h.end(), nullptr, false);
    if (!name.is_string() || value.is_discarded() || !hlc.is_string()) std::abort();
  }
  sotay::LogPage page;
  sotay::LoggedRecord& record = page.records.emplace_back();
  record.id = "h";
  record.type = "household";
  record.group_id = "tdp-01";
  record.fields = std::string(text);
  record.logged = spans;
  page.change_count = spans.size();
  sotay::Result<std::vector<sotay::Change>> changes = sotay::DecodeLogPage(page);
  const std::string pull = sotay::EncodePullPageText(page);
  if (!changes.ok() || !sotay::Json::accept(pull)) std::abort();
  return 0;
}
