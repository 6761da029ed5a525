// ServerServices: the ward side of a running server — the database (store/ward_database.h:
// the single writer, read-only views, the account store), the schemas and the clocks —
// shared by every route handler.
//
// Threading: handlers run on the HTTP server's handler pool (http_server.h) and parse
// their request there, then
//   - write to the core Store through a WriterLease (Writer()): one at a time, the push
//     queue's group commits included;
//   - read the core Store through a ReaderLease (Reader()) from a pool of read-only views
//     (snapshots that never block the writer);
//   - read and write accounts under `accounts_mu` (a connection of its own). Never take
//     accounts_mu while holding the writer: the two connections would wait on each
//     other's lock.
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
#include "core/status.h"
#include "core/store.h"
#include "server/store/ward_database.h"
#include "server/ward/accounts.h"
#include "server/ward/auth.h"
#include "server/ward/byte_budget.h"
#include "server/ward/fact_refresher.h"
#include "server/ward/push_queue.h"
#include "sync/server_apply.h"

namespace sotay {

// 8 MiB of push bodies: about 90 phones' batches of six households at once, more than
// one group commit takes (push_queue.h).
inline constexpr size_t kPushBytesInFlight = size_t{8} << 20;

struct ServicesOptions {
  std::string db_path;
  std::string schemas_dir;       // folder of form schemas (and indicators.json, optional)
  const Clock* clock = nullptr;  // null: SystemClock::Default()
  int readers = 4;               // read-only stores kept for reuse
  bool training = true;          // keep a TrainingRegistry (training.h); false in sandboxes
  // Tests only: the store pushes are applied through, given the writer; e.g. a
  // FaultInjectingStore (core/fault_store.h) around it, kept alive by the caller for
  // as long as the services. Unset: the writer itself.
  std::function<Store&(Store& writer)> push_store;
  // Tests only: the same for the account tables a push writes its review flags to (a
  // FaultInjectingAccountStore, server/store/fault_account_store.h), given the writer's.
  std::function<AccountStore&(AccountStore& writer_accounts)> push_accounts;
  // How often a background thread looks for a new date to bring the indicator facts to
  // (fact_refresher.h); 0: no thread, facts are brought up to date before indicators
  // are computed only.
  std::chrono::milliseconds fact_refresh_period{0};
  // Households listed per refresh batch when facts are brought to a new date (a batch
  // also ends on time: fact_refresher.h).
  int fact_refresh_batch = 100;
  // Bytes of push bodies being parsed, decoded or waiting for the writer at once; a
  // push past it is refused with 503 server_busy and Retry-After (byte_budget.h).
  size_t push_bytes_in_flight = kPushBytesInFlight;
};

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
  // Where the database is (a path of the SQLite file): backups are written beside it.
  const std::string& db_path() const { return db_path_; }

  // ---- the single writer of the core store -----------------------------------------
  // The writer, held for the lease's lifetime: other writes (pushes, office edits, the
  // day's refresh) wait until it ends. Never hold it while waiting for accounts_mu.
  class WriterLease {
   public:
    explicit WriterLease(ServerServices& owner) : owner_(&owner), lock_(owner.writer_mu_) {}
    Store& store() { return owner_->database_->writer(); }
    SyncServer& sync() { return *owner_->sync_; }

   private:
    ServerServices* owner_;
    std::unique_lock<std::mutex> lock_;
  };
  WriterLease Writer() { return WriterLease(*this); }
  // How pushes are decoded and checked before they wait for the writer (DecodePush).
  const SyncServer& push_rules() const { return *sync_; }
  // Pushes go through here (group commit, push_queue.h); it leases the writer itself.
  PushQueue& pushes() { return *pushes_; }
  // What a push holds while it is parsed, decoded and applied (api/sync_routes.cc).
  ByteBudget& push_budget() { return *push_budget_; }

  // Keeps the indicator facts true on today's date (fact_refresher.h): CatchUp() before
  // summing facts; it leases the writer itself.
  FactRefresher& fact_refresher() { return *fact_refresher_; }

  // ---- read-only views -----------------------------------------------------------------
  class ReaderLease {
   public:
    ReaderLease(ServerServices* owner, DatabaseReader reader)
        : owner_(owner), reader_(std::move(reader)) {}
    ~ReaderLease();
    ReaderLease(ReaderLease&&) = default;
    Store& operator*() { return *reader_.store; }
    Store* operator->() { return reader_.store.get(); }
    // The office's queries, in the same view.
    OfficeQueries& queries() { return *reader_.queries; }
    // The account tables in the same view, for reading (no accounts_mu needed).
    AccountStore& accounts() { return *reader_.accounts; }

   private:
    ServerServices* owner_;
    DatabaseReader reader_;
  };
  Result<ReaderLease> Reader();

  // ---- accounts (hold accounts_mu) ---------------------------------------------------
  std::mutex accounts_mu;
  AccountStore& accounts() { return database_->accounts(); }

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
  std::unique_ptr<WardDatabase> database_;
  std::mutex writer_mu_;  // held by a WriterLease
  std::unique_ptr<SyncServer> sync_;
  std::unique_ptr<PushQueue> pushes_;
  std::unique_ptr<ByteBudget> push_budget_;
  std::unique_ptr<TrainingRegistry> training_;
  std::mutex readers_mu_;
  std::vector<DatabaseReader> idle_readers_;
  int max_idle_readers_ = 4;
  // Last: its thread stops before the writer it uses goes.
  std::unique_ptr<FactRefresher> fact_refresher_;
};

// The schema folder when none is given: $SOTAY_SCHEMAS, else a `schemas` folder beside
// the program, else ../share/sotay/schemas from the program's folder (where a package
// installs them, and where the build copies them beside build/native/server/), else
// /usr/share/sotay/schemas. The first that holds household.json wins; "" when none does.
// Never a folder of the machine the program was built on.
std::string FindSchemasDir();

}  // namespace sotay
