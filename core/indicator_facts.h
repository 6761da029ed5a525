// Per-record indicator facts: what one household (or one group-level record)
// contributes to each computed indicator of a period, so dashboards only sum them
// (Store::ReplaceFacts / Store::AggregateFacts).
//
// Household facts for period P, reference date D (ages and card validity; see
// ReferenceDateForPeriod). "Residents" are members whose residence_status is not
// "absent" (tạm vắng: counted where they live now). Every non-deleted household gives
// each household-level fact a denominator of 1.
//   8a  new poor: poor in P and not poor in P−1 (no P−1 assessment counts as not poor);
//       only households with a known classification in P (den 1)
//   8b  near-poor household (num 1) among classified households (den 1)
//   poverty.poor  poor household among classified households
//   9   cultural family recognised for P
//   12  residents with a BHYT card valid on D ÷ residents
//   13  residents of working age (core/working_age.h) in the labour force (wage worker,
//       self-employed, unpaid family worker, unemployed) with compulsory or voluntary
//       BHXH ÷ those residents
//   16  household waste collected by the service
//   4b  household business converted to an enterprise with a date in P
//   25a drug-free family commitment signed for P; 25b awareness session attended in P
//   digital.internet  residents 14+ using a smartphone or the internet ÷ residents 14+
//   digital.vneid     residents 14+ with a level-2 VNeID account ÷ residents 14+
//   digital.course    residents 18+ who completed a Bình dân học vụ số course ÷ 18+
//   digital.online_service  residents 18+ who used an online public service in the
//                     last 12 months ÷ 18+
//   The ages of the digital.* facts are taken on the date the person form takes them
//   on (core/age_reference.h): the review date of P's poverty assessment when it has
//   one, else D; a resident the form does not ask the question on that date is left
//   out of both numerator and denominator (not concerned), as in the poverty rule.
// Group facts: 10  cultural group recognised for P (num 1/0, den 1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/household_bundle.h"
#include "core/schema.h"
#include "core/store.h"

namespace sotay {

// Facts of one household for one period; empty for a deleted household. `schemas`
// holds the person form: who is asked what (the poverty rule, the digital.* facts).
std::vector<Fact> ComputeFacts(const SchemaSet& schemas, const HouseholdBundle& bundle,
                               int64_t period, std::string_view reference_date);

// The first day after `today` ("YYYY-MM-DD") on which the household's facts computed
// on `today` (HouseholdFacts in core/fact_refresh.h) may stop being true without any
// record changing: facts of past periods are fixed at 31 December, those of the running
// period read ages and cards on `today`. The earliest of, over its members:
//   - the day after a BHYT card expires (bhyt_expiry >= today): indicator 12;
//   - the next birthday: every whole-year age bound (14, 15, 18; the derived `age`
//     field) moves on it; someone born on 29 February turns older on 1 March in common
//     years, as AgeInYears counts;
//   - the day working age ends this year (WorkingAgeEndsOn): indicator 13;
// and 1 January of the next year, when a new period starts, the retirement age moves
// and the running period becomes a past one. nullopt for a deleted household (no facts
// to keep) or a malformed `today`. A date is never missed; a day may come that changes
// nothing (a birthday at 40), which only costs a refresh.
std::optional<std::string> FactsValidUntil(const HouseholdBundle& bundle, std::string_view today);

// Indicator 12 for one member on date `on`: nullopt for a member who is not a resident
// (temporarily absent: counted where they live now); else whether they hold a BHYT card
// valid on `on` (has a card whose expiry date is `on` or later; a card without an
// expiry date is not counted as valid).
std::optional<bool> BhytCoveredOn(const Record& person, std::string_view on);

// Facts of one assessment.cultural_group record; empty for other types, other
// periods or a deleted record.
std::vector<Fact> ComputeGroupFacts(const Record& record, int64_t period);

}  // namespace sotay
