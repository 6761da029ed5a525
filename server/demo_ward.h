// A deterministic synthetic ward for demos and benchmarks (`sotay-server demo`, bench/).
//
// Groups tdp-01..tdp-NN ("Tổ dân phố số N"); households with street addresses of
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
// indicator facts are computed per household in the same transaction.
// The same seed and options give the same records, ids and HLCs.
#pragma once

#include <cstdint>
#include <string>

#include "core/schema.h"
#include "core/status.h"
#include "core/store.h"
#include "server/accounts.h"

namespace sotay {

struct DemoOptions {
  int groups = 60;
  int households = 40000;
  uint64_t seed = 1;
  // Ages, card expiries and assessment dates are relative to this day (fixed for
  // determinism); HLC wall times start at hlc_wall_ms.
  std::string reference_date = "2026-11-01";
  int64_t hlc_wall_ms = 1767225600000;  // 2026-01-01T00:00:00Z
  int households_per_transaction = 1000;
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
