// sotay_bench_baseline: this machine's limits for the rows the ingest benchmark pushes,
// so bench/run.mjs can report the server's rates as fractions of them.
//
//   sotay_bench_baseline --batches FILE --db PATH [--runs 5]
//
// FILE holds push bodies, one JSON object per line ({"changes": [...]}, as sent to
// POST /api/v1/sync/push). Two measures, each repeated --runs times:
//   parse   nlohmann::json::parse of every body (the server's first step of a push);
//   insert  every change as one row of a per-field change log: the server's `changes`
//           table of schema versions 1-3 (one row per field, unique per (record, field),
//           indexed per group) in a fresh file migrated by MigrateSqlite, with the
//           server's pragmas (WAL, synchronous=FULL), with one prepared statement in
//           one transaction. Values are serialised before the clock starts.
// Rates per wall second and per CPU-second of the process.
// Prints one JSON object on stdout.
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "bench/core/bench_main.h"
#include "core/record.h"
#include "core/sqlite_migrations.h"

namespace sotay {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// One change as the columns of the changes table.
struct Row {
  std::string record_id, record_type, group_id, parent_id, field, value, hlc, device_id;
  int64_t device_seq = 0;
};

bool Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) == SQLITE_OK) return true;
  std::cerr << "sqlite: " << (err != nullptr ? err : "?") << " in " << sql << "\n";
  sqlite3_free(err);
  return false;
}

// CPU seconds of the process (robust on a shared machine, unlike wall time).
double CpuSeconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

// The per-field log of schema versions 1-3 (since version 4 the log is kept in the
// records, one row per record).
constexpr const char* kPerFieldLog =
    "CREATE TABLE changes (server_seq INTEGER PRIMARY KEY AUTOINCREMENT, "
    "record_id TEXT NOT NULL, field TEXT NOT NULL, record_type TEXT NOT NULL, "
    "group_id TEXT NOT NULL, parent_id TEXT, value TEXT NOT NULL, hlc TEXT NOT NULL, "
    "base_hlc TEXT, device_id TEXT NOT NULL, device_seq INTEGER NOT NULL); "
    "CREATE UNIQUE INDEX changes_by_field ON changes(record_id, field); "
    "CREATE INDEX changes_by_group ON changes(group_id, server_seq);";

// Wall seconds to insert `rows` into a fresh database at `path` (CPU seconds to *cpu);
// negative on failure.
double InsertRun(const std::string& path, const std::vector<Row>& rows, double* cpu) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return -1;
  double seconds = -1;
  sqlite3_stmt* stmt = nullptr;
  if (Exec(db, "PRAGMA journal_mode=WAL") && Exec(db, "PRAGMA synchronous=FULL") &&
      MigrateSqlite(db).ok() && Exec(db, kPerFieldLog) &&
      sqlite3_prepare_v2(db,
                         "INSERT INTO changes (record_id, record_type, group_id, parent_id, "
                         "field, value, hlc, base_hlc, device_id, device_seq) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8, ?9)",
                         -1, &stmt, nullptr) == SQLITE_OK) {
    auto start = Clock::now();
    const double cpu_start = CpuSeconds();
    bool ok = Exec(db, "BEGIN");
    for (const Row& r : rows) {
      if (!ok) break;
      sqlite3_bind_text(stmt, 1, r.record_id.data(), static_cast<int>(r.record_id.size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(stmt, 2, r.record_type.data(), static_cast<int>(r.record_type.size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(stmt, 3, r.group_id.data(), static_cast<int>(r.group_id.size()),
                        SQLITE_STATIC);
      if (r.parent_id.empty()) {
        sqlite3_bind_null(stmt, 4);
      } else {
        sqlite3_bind_text(stmt, 4, r.parent_id.data(), static_cast<int>(r.parent_id.size()),
                          SQLITE_STATIC);
      }
      sqlite3_bind_text(stmt, 5, r.field.data(), static_cast<int>(r.field.size()), SQLITE_STATIC);
      sqlite3_bind_text(stmt, 6, r.value.data(), static_cast<int>(r.value.size()), SQLITE_STATIC);
      sqlite3_bind_text(stmt, 7, r.hlc.data(), static_cast<int>(r.hlc.size()), SQLITE_STATIC);
      sqlite3_bind_text(stmt, 8, r.device_id.data(), static_cast<int>(r.device_id.size()),
                        SQLITE_STATIC);
      sqlite3_bind_int64(stmt, 9, r.device_seq);
      ok = sqlite3_step(stmt) == SQLITE_DONE && sqlite3_reset(stmt) == SQLITE_OK;
    }
    if (ok && Exec(db, "COMMIT")) {
      seconds = Seconds(start);
      *cpu = CpuSeconds() - cpu_start;
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return seconds;
}

int Main(int argc, char** argv) {
  std::string batches_path, db_path;
  int runs = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--batches") {
      batches_path = argv[i + 1];
    } else if (a == "--db") {
      db_path = argv[i + 1];
    } else if (a == "--runs") {
      runs = std::max(1, std::stoi(argv[i + 1]));
    }
  }
  if (batches_path.empty() || db_path.empty() || argc % 2 == 0) {
    std::cerr << "usage: sotay_bench_baseline --batches FILE --db PATH [--runs N]\n";
    return 2;
  }
  std::vector<std::string> bodies;
  std::ifstream in(batches_path);
  int64_t bytes = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    bytes += static_cast<int64_t>(line.size());
    bodies.push_back(std::move(line));
  }

  Json out;
  std::vector<double> parse_rates, parse_mib, parse_cpu_rates;
  int64_t changes = 0;
  for (int run = 0; run < runs; ++run) {
    changes = 0;
    auto start = Clock::now();
    const double cpu_start = CpuSeconds();
    for (const std::string& b : bodies)
      changes += static_cast<int64_t>(Json::parse(b)["changes"].size());
    double s = Seconds(start);
    parse_cpu_rates.push_back(static_cast<double>(changes) / (CpuSeconds() - cpu_start));
    parse_rates.push_back(static_cast<double>(changes) / s);
    parse_mib.push_back(static_cast<double>(bytes) / s / (1024.0 * 1024.0));
  }

  std::vector<Row> rows;
  rows.reserve(static_cast<size_t>(changes));
  for (const std::string& b : bodies) {
    const Json body = Json::parse(b);
    for (const Json& c : body["changes"]) {
      Row r;
      r.record_id = c["record_id"];
      r.record_type = c["record_type"];
      r.group_id = c["group_id"];
      if (c["parent_id"].is_string()) r.parent_id = c["parent_id"];
      r.field = c["field"];
      r.value = c["value"].dump();
      r.hlc = c["hlc"];
      r.device_id = r.hlc.substr(r.hlc.find('-', 14) + 1);
      r.device_seq = c["device_seq"];
      rows.push_back(std::move(r));
    }
  }
  std::vector<double> insert_rates, insert_cpu_rates;
  for (int run = 0; run < runs; ++run) {
    double cpu = 0;
    double s = InsertRun(db_path, rows, &cpu);
    if (s < 0) return 1;
    insert_rates.push_back(static_cast<double>(rows.size()) / s);
    insert_cpu_rates.push_back(static_cast<double>(rows.size()) / cpu);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db_path + suffix);
  out = {{"bodies", bodies.size()},
         {"bytes", bytes},
         {"changes", changes},
         {"parse_changes_per_s", parse_rates},
         {"parse_mib_per_s", parse_mib},
         {"parse_changes_per_cpu_s", parse_cpu_rates},
         {"insert_rows_per_s", insert_rates},
         {"insert_rows_per_cpu_s", insert_cpu_rates}};
  std::cout << out.dump() << "\n";
  return 0;
}

}  // namespace
}  // namespace sotay

int main(int argc, char** argv) {
  return sotay::RunBenchMain("sotay_bench_baseline", sotay::Main, argc, argv);
}
