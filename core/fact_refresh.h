// Keeping the indicator facts of a Store in step with its records.
//
// Facts (core/indicator_facts.h) are what dashboards sum; they are derived data, so
// whoever changes records recomputes the facts of the households concerned in the same
// transaction: the server after every push (SyncServerOptions::on_records_changed),
// the demo generator, imports. A change to a person or an assessment changes its
// household's facts; a cultural_group record has facts of its own.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/household_bundle.h"
#include "core/record_source.h"
#include "core/schema.h"
#include "core/status.h"
#include "core/store.h"

namespace sotay {

// Periods whose facts are kept for every household: the year of `today` and the one
// before it (the "change vs previous period" indicators need both), plus any period a
// household's assessments carry.
std::vector<int64_t> DefaultFactPeriods(std::string_view today);

// The facts of a household held in memory, for DefaultFactPeriods(today) and the
// periods its assessments carry, each at its period's reference date, with record_id
// set to the household's id: what RefreshFacts stores for it (the demo generator
// computes them from the bundle it has just made, without reading it back).
std::vector<Fact> HouseholdFacts(const SchemaSet& schemas, const HouseholdBundle& bundle,
                                 std::string_view today);

// Recomputes and replaces the facts of every household (or group-level record) that
// `changed_record_ids` touch, for DefaultFactPeriods(today) and the periods of their
// assessments. Unknown ids are skipped; a deleted household loses its facts. Runs in
// the caller's transaction. `schemas` holds the person form (ComputeFacts).
Status RefreshFacts(Store& store, const SchemaSet& schemas,
                    const std::vector<std::string>& changed_record_ids, std::string_view today);

// The same, looking the records up through `records` (the push's own CachedRecords, so
// records it already holds are neither read back nor decoded again); the facts are
// written to `store`.
Status RefreshFacts(Store& store, RecordSource& records, const SchemaSet& schemas,
                    const std::vector<std::string>& changed_record_ids, std::string_view today);

}  // namespace sotay
