#include "server/ward/services.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/date.h"
#include "core/fact_refresh.h"
#include "server/ward/review_flags.h"
#include "server/ward/training.h"
#include "server/ward/ward_indicators.h"

namespace sotay {

namespace {

// Households the day refresh recomputes between two looks at the time (fact_refresher.h).
constexpr size_t kRefreshChunk = 4;

// The plan indicators shipped beside the forms (schemas/indicators/plan.json, or an
// older schemas/indicators.json): the client shows them offline. Absent: [].
Json LoadIndicatorsJson(const std::string& schemas_dir) {
  for (const char* rel : {"indicators/plan.json", "indicators.json"}) {
    std::filesystem::path p = std::filesystem::path(schemas_dir) / rel;
    std::ifstream in(p, std::ios::binary);
    if (!in) continue;
    std::stringstream text;
    text << in.rdbuf();
    Json j = Json::parse(text.str(), nullptr, false);
    if (j.is_object() && j.contains("indicators") && j["indicators"].is_array()) {
      return j["indicators"];
    }
    if (j.is_array()) return j;
  }
  return Json::array();
}

}  // namespace

std::string FindSchemasDir() {
  namespace fs = std::filesystem;
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("SOTAY_SCHEMAS"); env != nullptr && *env != 0) {
    candidates.emplace_back(env);
  }
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path dir = exe.parent_path();
    candidates.push_back(dir / "schemas");
    candidates.push_back(dir.parent_path() / "share" / "sotay" / "schemas");
  }
  candidates.emplace_back("/usr/share/sotay/schemas");
  for (const fs::path& c : candidates) {
    if (fs::exists(c / "household.json", ec)) return c.string();
  }
  return "";
}

Result<std::unique_ptr<ServerServices>> ServerServices::Open(const ServicesOptions& options) {
  std::unique_ptr<ServerServices> s(new ServerServices());
  s->db_path_ = options.db_path;
  s->clock_ = options.clock != nullptr ? options.clock : &SystemClock::Default();
  s->max_idle_readers_ = options.readers;

  std::string dir = options.schemas_dir.empty() ? FindSchemasDir() : options.schemas_dir;
  if (dir.empty()) {
    return Status::Error("schemas_not_found",
                         "Không tìm thấy thư mục biểu mẫu (dùng --schemas DIR)",
                         "No schema folder found (use --schemas DIR)");
  }
  Result<SchemaSet> schemas = SchemaSet::LoadDirectory(dir);
  if (!schemas.ok()) return schemas.status();
  s->schemas_ = std::move(schemas).value();
  s->schemas_body_ = s->schemas_.ToClientJson();
  s->schemas_body_["indicators"] = LoadIndicatorsJson(dir);
  std::string plan = (std::filesystem::path(dir) / "indicators" / "plan.json").string();
  if (std::filesystem::exists(plan)) {
    Result<IndicatorRegistry> registry = IndicatorRegistry::LoadFile(plan);
    if (!registry.ok()) return registry.status();
    s->indicators_ = std::move(registry).value();
  }

  Result<std::unique_ptr<WardDatabase>> database = WardDatabase::Open(options.db_path);
  if (!database.ok()) return database.status();
  s->database_ = std::move(database).value();
  Store& writer = s->database_->writer();

  s->hlc_ = std::make_unique<HlcClock>(*s->clock_, std::string(kServerNode));
  SyncServerOptions sync_options;
  // Indicator facts follow every push in its transaction, so dashboards never lag.
  const Clock* clock = s->clock_;
  const SchemaSet* forms = &s->schemas_;
  sync_options.on_records_changed = [clock, forms](Store& store, RecordSource& records,
                                                   const std::vector<std::string>& ids) {
    return RefreshFacts(store, records, *forms, ids, VietnamToday(*clock));
  };
  // The review flags too, in the same transaction: no account transaction (and fsync)
  // of their own after each push, contending with the writer for the file.
  AccountStore* push_accounts = options.push_accounts
                                    ? &options.push_accounts(s->database_->writer_accounts())
                                    : &s->database_->writer_accounts();
  sync_options.on_records_reviewed = [push_accounts, clock](const std::vector<RecordReview>& r) {
    return FlagReviews(*push_accounts, r, clock->NowMs());
  };
  Store& push_store = options.push_store ? options.push_store(writer) : writer;
  s->sync_ = std::make_unique<SyncServer>(push_store, s->schemas_, *s->clock_, *s->hlc_,
                                          std::move(sync_options));
  ServerServices* self = s.get();
  s->push_budget_ = std::make_unique<ByteBudget>(options.push_bytes_in_flight);
  s->pushes_ = std::make_unique<PushQueue>([self](std::span<const PushRequest> group) {
    WriterLease lease = self->Writer();
    return lease.sync().ApplyPushes(group);
  });
  // Facts and derived values that stop being true with the date alone (ages, card
  // validity, a new period) are refreshed when the date changes (fact_refresher.h). How
  // a batch of households is brought to a new day is said here only: the server's own
  // pass over them (SyncServer::RecomputeWhile), one transaction that writes the derived
  // values the day made stale (logged for the phones) and their facts through the same
  // hook as a push, on the services clock's day.
  s->fact_refresher_ = std::make_unique<FactRefresher>(
      writer, s->writer_mu_, *s->clock_,
      [self](const std::vector<std::string>& household_ids, std::string_view,
             std::chrono::steady_clock::time_point until) {
        // A few households at a time (about 1 ms each), so the batch ends close to
        // `until` whatever else the machine is doing.
        return self->sync_->RecomputeWhile(household_ids, kRefreshChunk, [until] {
          return std::chrono::steady_clock::now() < until;
        });
      },
      FactRefresherOptions{.batch = options.fact_refresh_batch,
                           .period = options.fact_refresh_period,
                           .writers_waiting = [self] { return self->pushes_->Busy(); },
                           // The month that ends keeps its values as of its last day with facts:
                           // the reports of ended months show them (ward_indicators.h).
                           .before_new_month = [self](const std::string& as_of) -> Status {
                             Result<int64_t> day = ParseDate(as_of);
                             if (!day.ok()) return day.status();
                             Result<ComputedIndicators> computed = ComputeIndicatorsAsStored(
                                 *self, CivilFromDays(*day).year, as_of, false);
                             if (!computed.ok()) return computed.status();
                             return SaveSnapshot(*self, *computed, as_of.substr(0, 7));
                           }});
  if (options.training) {
    s->training_ = std::make_unique<TrainingRegistry>(*s, options.db_path + ".training", dir);
    SOTAY_RETURN_IF_ERROR(s->training_->Load());
  }
  return s;
}

ServerServices::~ServerServices() = default;

ServerServices::ReaderLease::~ReaderLease() {
  if (owner_ == nullptr || reader_.store == nullptr) return;
  std::lock_guard<std::mutex> lock(owner_->readers_mu_);
  if (static_cast<int>(owner_->idle_readers_.size()) < owner_->max_idle_readers_) {
    owner_->idle_readers_.push_back(std::move(reader_));
  }
}

Result<ServerServices::ReaderLease> ServerServices::Reader() {
  {
    std::lock_guard<std::mutex> lock(readers_mu_);
    if (!idle_readers_.empty()) {
      DatabaseReader reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return ReaderLease(this, std::move(reader));
    }
  }
  Result<DatabaseReader> reader = database_->OpenReader();
  if (!reader.ok()) return reader.status();
  return ReaderLease(this, std::move(reader).value());
}

namespace {

// `text` cut to at most `max_bytes` without splitting a UTF-8 character.
std::string TruncatedUtf8(std::string text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text;
}

}  // namespace

Status ServerServices::Audit(std::string actor, std::string action, std::string target,
                             Json detail) {
  AuditEntry e{0,
               clock_->NowMs(),
               TruncatedUtf8(std::move(actor), kAuditTextBytes),
               std::move(action),
               TruncatedUtf8(std::move(target), kAuditTextBytes),
               std::move(detail)};
  std::lock_guard<std::mutex> lock(accounts_mu);
  return accounts().AppendAudit(e);
}

}  // namespace sotay
