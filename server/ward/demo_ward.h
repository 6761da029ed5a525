// A deterministic synthetic ward for demos and benchmarks (`sotay-server demo`, bench/).
//
// Groups tdp-01..tdp-NN ("Tổ dân phố số N"; DemoGroupId); households with street addresses of
// Kiến An (Hải Phòng) style; members with Vietnamese names whose ages, sexes and
// relationships fit together (head, spouse, children, parents, grandchildren); health
// insurance, social insurance and digital-skills answers at plausible rates (each
// group draws its own BHYT coverage around the 96 % target, so some fall below); and
// poverty and cultural-family assessments for 2025 and 2026.
//
// Every field name and code comes from the real forms in schemas/; the mapping from
// the generator's people to form fields is the one table in demo_ward.cc
// (Fill* functions), to update when a form changes. Calculated fields are filled by
// the schema engine (ApplyCalculations), so generated records validate (tested).
// Sealed fields (phone, citizen id, notes) are left empty: only a device can seal.
//
// Records go through the Store in large transactions, each field with an HLC of node
// "server" and an entry in the change log, so devices pull them like any other data;
// indicator facts (HouseholdFacts of core/fact_refresh.h) are computed per household in
// the same transaction. Record ids are UUIDs of version 7 made in increasing order, so
// writes append to the id indexes instead of scattering over them. The same seed and
// options give the same records, ids and HLCs.
//
// Sized for a city: one household is in memory at a time (plus a number per group), so
// memory does not grow with the ward; after each transaction `on_progress` hears how
// far it got.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/schema.h"
#include "core/status.h"
#include "core/store.h"
#include "server/ward/accounts.h"

namespace sotay {

// Bounds of DemoOptions (`sotay-server demo` refuses more): a city of 1.5 million
// households in 1,875 groups fits with room to spare.
inline constexpr int kDemoMaxGroups = 99'999;
inline constexpr int kDemoMaxHouseholds = 10'000'000;

// The id of group n (1-based) of a ward of `groups` groups: "tdp-" and n with as many
// digits as `groups` has, at least two (tdp-01..tdp-60; tdp-0001..tdp-1875), so a
// ward's ids sort in their numeric order and the usual tdp-05 style stays below 100.
std::string DemoGroupId(int n, int groups);

struct DemoStats;

struct DemoOptions {
  int groups = 60;         // 1..kDemoMaxGroups
  int households = 40000;  // 0..kDemoMaxHouseholds
  uint64_t seed = 1;
  // Ages, card expiries and assessment dates are relative to this day (fixed for
  // determinism); HLC wall times start at hlc_wall_ms.
  std::string reference_date = "2026-11-01";
  int64_t hlc_wall_ms = 1767225600000;  // 2026-01-01T00:00:00Z
  int households_per_transaction = 1000;
  // Called after each committed transaction with the totals written so far.
  std::function<void(const DemoStats&)> on_progress;
};

struct DemoStats {
  int64_t groups = 0;
  int64_t households = 0;
  int64_t persons = 0;
  int64_t assessments = 0;
  int64_t changes = 0;
};

// Writes the demo ward into `store` (which should hold no records yet) and, when
// `accounts` is given, adds the groups that do not exist yet.
Result<DemoStats> GenerateDemoWard(Store& store, const SchemaSet& schemas,
                                   const DemoOptions& options, AccountStore* accounts);

}  // namespace sotay
