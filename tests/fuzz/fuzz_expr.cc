// Fuzz target: the expression parser (core/expr*.cc), then evaluation of what parses.
// Properties checked beyond "no crash, no sanitizer report": the canonical form of an
// expression parses again to the same canonical form (expr.h promises it).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/expr.h"

namespace {

// A record with a few fields of each kind and two child records.
class FuzzContext : public sotay::EvalContext {
 public:
  sotay::Json Field(std::string_view name) const override {
    if (name == "tuoi" || name == "age") return 34;
    if (name == "thu_nhap") return 2'500'000.5;
    if (name == "ho_ten") return "Nguyễn Thị Ánh";
    if (name == "ngay_sinh") return "1990-02-28";
    if (name == "nguon_nuoc") return sotay::Json::array({"may", "gieng"});
    if (name == "co") return true;
    return nullptr;
  }
  sotay::Json Self() const override { return "079190001234"; }
  void ForEachChild(std::string_view type,
                    const std::function<void(const EvalContext&)>& fn) const override {
    if (type != "person") return;
    fn(*this);
    fn(*this);
  }
  std::string Today() const override { return "2026-11-28"; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view source(reinterpret_cast<const char*>(data), size);
  sotay::Result<sotay::Expression> parsed = sotay::Expression::Parse(source);
  if (!parsed.ok()) return 0;
  const std::string canonical = parsed->Canonical();
  sotay::Result<sotay::Expression> again = sotay::Expression::Parse(canonical);
  if (!again.ok() || again->Canonical() != canonical) std::abort();
  (void)parsed->FieldReferences();
  (void)parsed->ChildTypeReferences();
  (void)parsed->ChildFieldReferences("person");
  (void)parsed->ReferencesSelf();
  FuzzContext ctx;
  sotay::Result<sotay::Json> value = parsed->Evaluate(ctx);
  if (value.ok()) (void)sotay::Expression::Truthy(*value);
  return 0;
}
