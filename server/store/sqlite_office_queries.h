// OfficeQueries (office_queries.h) in SQL, on a connection the caller owns: the server
// runs them on a leased read-only store's connection, within its WAL snapshot.
#pragma once

#include <memory>

#include "server/store/office_queries.h"

struct sqlite3;

namespace sotay {

class SqliteOfficeQueries final : public OfficeQueries {
 public:
  // `db` must outlive this object and be used by one thread at a time with it.
  explicit SqliteOfficeQueries(sqlite3* db);
  ~SqliteOfficeQueries() override;

  Result<std::vector<Fact>> RecordFacts(std::string_view record_id) override;
  Status ForEachHouseholdSummary(
      std::string_view group, std::string_view after,
      const std::function<bool(const std::string& id, const HouseholdSummary& summary)>& visit)
      override;
  Result<std::map<std::string, FactShare>> IndicatorShares(std::string_view indicator,
                                                           std::string_view period,
                                                           std::string_view group) override;
  Result<std::vector<CulturalFamilyRow>> ProposedCulturalFamilies(int64_t year,
                                                                  std::string_view group) override;

 private:
  sqlite3* const db_;
};

}  // namespace sotay
