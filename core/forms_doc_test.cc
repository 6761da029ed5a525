#include "core/forms_doc.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace sotay {
namespace {

TEST_CASE("docs/forms.md is generated from the schemas and is up to date", "[forms_doc]") {
  Result<SchemaSet> schemas = SchemaSet::LoadDirectory(SOTAY_SCHEMA_DIR);
  REQUIRE(schemas.ok());
  Result<IndicatorRegistry> reg =
      IndicatorRegistry::LoadFile(std::string(SOTAY_SCHEMA_DIR) + "/indicators/plan.json");
  REQUIRE(reg.ok());
  const std::string doc = RenderFormsDoc(*schemas, *reg);
  CHECK(doc.find("Nghị định 07/2021/NĐ-CP") != std::string::npos);
  CHECK(doc.find("`citizen_id`") != std::string::npos);

  const std::string path = std::string(SOTAY_SCHEMA_DIR) + "/../docs/forms.md";
  const char* update = std::getenv("SOTAY_UPDATE_DOCS");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << doc;
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream current;
  current << in.rdbuf();
  INFO("docs/forms.md is stale: run SOTAY_UPDATE_DOCS=1 sotay_unit_tests \"[forms_doc]\"");
  CHECK(current.str() == doc);
}

}  // namespace
}  // namespace sotay
