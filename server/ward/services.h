// ServerServices: the database side of a running server — the single writer, the pool
// of read-only stores, the account store, the schemas and the clocks — shared by every
// route handler through AppContext::services.
//
// Threading (see app_context.h): handlers parse JSON on their I/O thread, then
//   - writes to the core Store take `writer_mu` (one writer: SyncServer over `writer`);
//   - reads of the core Store lease a read-only Store from the pool (WAL snapshots,
//     never blocking the writer);
//   - account reads and writes take `accounts_mu` (a separate connection to the same
//     file). Never take accounts_mu inside an open core-store transaction: the two
//     connections would wait on each other's SQLite lock.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/hlc.h"
#include "core/indicator_registry.h"
#include "core/schema.h"
#include "core/sqlite_store.h"
#include "core/status.h"
#include "server/ward/accounts.h"
#include "server/ward/auth.h"
#include "server/ward/fact_refresher.h"
#include "server/ward/push_queue.h"
#include "sync/server_apply.h"

namespace sotay {

struct ServicesOptions {
  std::string db_path;
  std::string schemas_dir;       // folder of form schemas (and indicators.json, optional)
  const Clock* clock = nullptr;  // null: SystemClock::Default()
  int readers = 4;               // read-only stores kept for reuse
  bool training = true;          // keep a TrainingRegistry (training.h); false in sandboxes
  // Tests only: the store pushes are applied through, given the writer; e.g. a
  // FaultInjectingStore (core/fault_store.h) around it, kept alive by the caller for
  // as long as the services. Unset: the writer itself.
  std::function<Store&(SqliteStore& writer)> push_store;
  // How often a background thread looks for a new date to bring the indicator facts to
  // (fact_refresher.h); 0: no thread, facts are brought up to date before indicators
  // are computed only.
  std::chrono::milliseconds fact_refresh_period{0};
  // Households per writer transaction when facts are refreshed for a new date.
  int fact_refresh_batch = 100;
};

class Checkpointer;
class TrainingRegistry;

inline constexpr size_t kAuditTextBytes = 200;

class ServerServices {
 public:
  // Opens (creating and migrating) the database and loads the schemas. Fails with the
  // store's or the schema loader's Status.
  static Result<std::unique_ptr<ServerServices>> Open(const ServicesOptions& options);
  ~ServerServices();

  const Clock& clock() const { return *clock_; }
  const SchemaSet& schemas() const { return schemas_; }
  // The body of GET /api/v1/schemas, built once.
  const Json& schemas_body() const { return schemas_body_; }
  HlcClock& hlc() { return *hlc_; }
  // The plan's indicators (schemas/indicators/plan.json); empty when the folder has none.
  const IndicatorRegistry& indicators() const { return indicators_; }
  const std::string& db_path() const { return db_path_; }

  // ---- the single writer of the core store (hold writer_mu) --------------------------
  std::mutex writer_mu;
  SqliteStore& writer() { return *writer_; }
  SyncServer& sync() { return *sync_; }
  // Pushes go through here (group commit, push_queue.h); it takes writer_mu itself.
  PushQueue& pushes() { return *pushes_; }

  // Keeps the indicator facts true on today's date (fact_refresher.h): CatchUp() before
  // summing facts; it takes writer_mu itself.
  FactRefresher& fact_refresher() { return *fact_refresher_; }

  // ---- read-only stores ---------------------------------------------------------------
  class ReaderLease {
   public:
    ReaderLease(ServerServices* owner, std::unique_ptr<SqliteStore> store)
        : owner_(owner), store_(std::move(store)) {}
    ~ReaderLease();
    ReaderLease(ReaderLease&&) = default;
    SqliteStore& operator*() { return *store_; }
    SqliteStore* operator->() { return store_.get(); }

   private:
    ServerServices* owner_;
    std::unique_ptr<SqliteStore> store_;
  };
  Result<ReaderLease> Reader();

  // ---- accounts (hold accounts_mu) ---------------------------------------------------
  std::mutex accounts_mu;
  AccountStore& accounts() { return *accounts_; }

  // Appends an audit entry (takes accounts_mu itself). Failures are returned, never
  // thrown; callers log them into the response only when the action must be audited.
  // Actor and target may come from a caller (a failed sign-in's username): each is cut
  // to kAuditTextBytes (at a character boundary) so no one can fill the log.
  Status Audit(std::string actor, std::string action, std::string target,
               Json detail = Json::object());

  // ---- training (training.h) -------------------------------------------------------------
  // The training sessions and their sandboxes; null inside a sandbox.
  TrainingRegistry* training() { return training_.get(); }
  // Called by the push route after a push was applied to this store (a sandbox's
  // registry watches its trainees' progress); empty for the production store.
  std::function<void(const Principal&, const Json& body, const PushOutcome&)> after_push;

 private:
  ServerServices() = default;

  std::string db_path_;
  const Clock* clock_ = nullptr;
  SchemaSet schemas_;
  Json schemas_body_;
  IndicatorRegistry indicators_;
  std::unique_ptr<HlcClock> hlc_;
  std::unique_ptr<SqliteStore> writer_;
  std::unique_ptr<Checkpointer> checkpointer_;  // the writer's WAL checkpoints (null: none)
  // The account tables on the writer's connection: a push's review flags commit with it.
  std::unique_ptr<SqliteAccountStore> push_accounts_;
  std::unique_ptr<SyncServer> sync_;
  std::unique_ptr<PushQueue> pushes_;
  std::unique_ptr<SqliteAccountStore> accounts_;
  std::unique_ptr<TrainingRegistry> training_;
  std::mutex readers_mu_;
  std::vector<std::unique_ptr<SqliteStore>> idle_readers_;
  int max_idle_readers_ = 4;
  // Last: its thread stops before the writer it uses goes.
  std::unique_ptr<FactRefresher> fact_refresher_;
};

// The schema folder when none is given: $SOTAY_SCHEMAS, ./schemas, or a `schemas` folder
// beside the program or up to two levels above it (a build directory inside the
// repository), else /usr/share/sotay/schemas. The first that holds household.json wins;
// "" when none does.
std::string FindSchemasDir();

// Opens the database the way every subcommand does: the core store (created and
// migrated) then the account tables. Both are returned open.
struct OpenedDatabase {
  std::unique_ptr<SqliteStore> store;
  std::unique_ptr<SqliteAccountStore> accounts;
};
Result<OpenedDatabase> OpenDatabase(const std::string& db_path);

}  // namespace sotay
