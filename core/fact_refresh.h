// Keeping the indicator facts of a Store in step with its records and the calendar.
//
// Facts (core/indicator_facts.h) are what dashboards sum; they are derived data, so
// whoever changes records recomputes the facts of the households concerned in the same
// transaction: the server after every push (SyncServerOptions::on_records_changed),
// the demo generator, imports. A change to a person or an assessment changes its
// household's facts; a cultural_group record has facts of its own.
//
// Facts also change with the date alone (a card expires, a member turns 18, a new year
// starts): each household's facts are stored with the day they stop being true, and the
// server refreshes those whose day has come (server/ward/fact_refresher.h).
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

// Stores HouseholdFacts(schemas, bundle, today) as the household's facts, with the day
// they stop being true (FactsValidUntil, core/indicator_facts.h; Store::SetFactsValidUntil).
Status StoreHouseholdFacts(Store& store, const SchemaSet& schemas, const HouseholdBundle& bundle,
                           std::string_view today);

// Recomputes and replaces the facts of every household (or group-level record) that
// `changed_record_ids` touch, for DefaultFactPeriods(today) and the periods of their
// assessments, with the day they stop being true (a group record's never do). A
// deleted household loses its facts. Unknown ids, and households no record of which is
// left, lose their expiry day, so after it no id given is listed by
// ExpiredFactOwners(today): what the refresher of expired facts counts on. Runs in the
// caller's transaction. `schemas` holds the person form (ComputeFacts).
Status RefreshFacts(Store& store, const SchemaSet& schemas,
                    const std::vector<std::string>& changed_record_ids, std::string_view today);

// The same, looking the records up through `records` (the push's own CachedRecords, so
// records it already holds are neither read back nor decoded again); the facts are
// written to `store`.
Status RefreshFacts(Store& store, RecordSource& records, const SchemaSet& schemas,
                    const std::vector<std::string>& changed_record_ids, std::string_view today);

}  // namespace sotay
