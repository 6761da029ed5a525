#include "core/field_rules.h"

#include <catch2/catch.hpp>

#include "core/derived_fields.h"
#include "core/form_context.h"
#include "core/validate.h"

namespace sotay {
namespace {

class Fields final : public EvalContext {
 public:
  explicit Fields(Json values) : values_(std::move(values)) {}
  Json Field(std::string_view name) const override {
    auto it = values_.find(std::string(name));
    return it == values_.end() ? Json() : *it;
  }
  Json Self() const override { return nullptr; }
  void ForEachChild(std::string_view,
                    const std::function<void(const EvalContext&)>&) const override {}
  std::string Today() const override { return "2026-06-01"; }

 private:
  Json values_;
};

Expression Parse(const std::string& text) {
  Result<Expression> e = Expression::Parse(text);
  REQUIRE(e.ok());
  return std::move(e).value();
}

TEST_CASE("Read-only fields: marked, calculated or computed by the core") {
  FormDef form;
  form.record_type = "assessment.poverty";
  FieldDef typed;
  typed.name = "income_total_month";
  CHECK_FALSE(IsReadonlyField(form, typed));
  FieldDef marked = typed;
  marked.readonly = true;
  CHECK(IsReadonlyField(form, marked));
  FieldDef calculated = typed;
  calculated.calculate = Parse("1 + 1");
  CHECK(IsReadonlyField(form, calculated));
  FieldDef derived;
  derived.name = "classification";
  REQUIRE(IsDerivedField(form.record_type, derived.name));
  CHECK(IsReadonlyField(form, derived));  // even where the form forgets `readonly`
  form.record_type = "person";
  CHECK_FALSE(IsReadonlyField(form, derived));
}

TEST_CASE("Required fields: required, required_if, never when not relevant") {
  Fields ctx(Json{{"has_card", true}});
  FieldDef f;
  f.name = "x";
  CHECK(*IsRequiredField(f, true, ctx) == false);
  f.required = true;
  CHECK(*IsRequiredField(f, true, ctx) == true);
  CHECK(*IsRequiredField(f, false, ctx) == false);
  f.required = false;
  f.required_if = Parse("${has_card} = true");
  CHECK(*IsRequiredField(f, true, ctx) == true);
  CHECK(*IsRequiredField(f, false, ctx) == false);
  Fields without(Json{{"has_card", false}});
  CHECK(*IsRequiredField(f, true, without) == false);
  f.required = true;  // required_if, when present, decides
  CHECK(*IsRequiredField(f, true, without) == false);
  f.required_if = Parse("age(1990) > 1");  // age() of a non-date fails when evaluated
  Result<bool> broken = IsRequiredField(f, true, ctx);
  CHECK_FALSE(broken.ok());
}

}  // namespace
}  // namespace sotay
