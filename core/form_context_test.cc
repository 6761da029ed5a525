#include "core/form_context.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace sotay {
namespace {

Record Make(const std::string& id, const std::string& type, const std::string& parent,
            const Json& fields) {
  Record r;
  r.id = id;
  r.type = type;
  r.parent_id = parent;
  for (auto it = fields.begin(); it != fields.end(); ++it) r.fields[it.key()] = {it.value(), "h"};
  return r;
}

TEST_CASE("RecordContext reads overrides, then hidden names, then the record") {
  Record r = Make("hh", "household", "", {{"a", 1}, {"b", "x"}});
  NoChildren none;
  RecordContext ctx(r, none, "2026-03-15");
  CHECK(ctx.Field("a") == 1);
  CHECK(ctx.Field("missing").is_null());
  CHECK(ctx.Today() == "2026-03-15");
  ctx.Hide("a");
  CHECK(ctx.Field("a").is_null());
  ctx.Override("a", 5);
  CHECK(ctx.Field("a") == 5);  // an override wins over hiding
  ctx.Override("c", "new");
  CHECK(ctx.Field("c") == "new");
  CHECK(ctx.Self().is_null());
  ctx.SetSelf("me");
  CHECK(ctx.Self() == "me");
}

TEST_CASE("RecordContext walks non-deleted children of its record and type") {
  Record hh = Make("hh", "household", "", Json::object());
  Record p1 = Make("p1", "person", "hh", {{"age", 30}});
  Record p2 = Make("p2", "person", "hh", {{"age", 40}});
  p2.deleted = true;
  Record p3 = Make("p3", "person", "other", {{"age", 50}});
  Record a1 = Make("a1", "assessment.poverty", "hh", {{"period", 2026}});
  VectorChildLookup lookup({p1, p2, p3, a1});
  RecordContext ctx(hh, lookup, "2026-03-15");
  std::vector<Json> ages;
  ctx.ForEachChild("person", [&](const EvalContext& child) {
    ages.push_back(child.Field("age"));
    CHECK(child.Today() == "2026-03-15");
  });
  CHECK(ages == std::vector<Json>{30});
  int assessments = 0;
  ctx.ForEachChild("assessment.poverty", [&](const EvalContext&) { ++assessments; });
  CHECK(assessments == 1);
}

}  // namespace
}  // namespace sotay
