// Building a HouseholdBundle through the form engine's ChildLookup.
//
// The phone (local store) and the server (SQLite store) find a household's children
// through ChildLookup (core/form_context.h); this gathers them into the bundle that
// core/poverty.h and core/indicator_facts.h compute over, e.g. to show the poverty
// classification live on the form, or to recompute a household's facts after a change.
#pragma once

#include "core/form_context.h"
#include "core/household_bundle.h"

namespace sotay {

// `household` with its persons and yearly assessments (deleted ones included; the
// computations skip them).
HouseholdBundle BundleFromLookup(const Record& household, const ChildLookup& children);

}  // namespace sotay
