// docs/forms.md: every form, code list, computed rule and plan indicator, written out
// in Vietnamese (with English) so an official can read and audit them.
//
// The document is generated from the loaded schemas, the indicator registry and the
// rule tables of core/poverty.h, core/cultural_family.h and core/working_age.h, so it
// cannot drift from what the code does: a unit test compares docs/forms.md with this
// output, and regenerates the file when run with SOTAY_UPDATE_DOCS=1:
//   SOTAY_UPDATE_DOCS=1 build/<dir>/sotay_unit_tests "[forms_doc]"
#pragma once

#include <string>

#include "core/indicator_registry.h"
#include "core/schema.h"

namespace sotay {

std::string RenderFormsDoc(const SchemaSet& schemas, const IndicatorRegistry& registry);

}  // namespace sotay
