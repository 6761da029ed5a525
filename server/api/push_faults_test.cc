// Store faults under a push, through the server's HttpApp (in process): the store the
// server applies pushes through (ServeOptions::push_store) is a FaultInjectingStore
// that fails its Nth mutating call — Begin, each write, Commit — with an I/O error or
// a full disk. Each time the phone must get 503 with that code, the database must be
// exactly as before, and the retried push must apply exactly once. Also: a far-future
// HLC is refused with its code over HTTP.
#include <algorithm>
#include <memory>
#include <set>

#include "core/fault_store.h"
#include "core/sqlite_store.h"
#include "server/testing/api_test_util.h"

namespace sotay {
namespace {

using namespace testing;

constexpr const char* kGroup = "tdp-01";

std::unique_ptr<SqliteStore> OpenReader(const std::string& db) {
  Result<std::unique_ptr<SqliteStore>> s = SqliteStore::Open({.path = db, .read_only = true});
  REQUIRE(s.ok());
  return std::move(s).value();
}

std::string DumpNow(const std::string& db) {
  Result<std::string> d = OpenReader(db)->Dump();
  REQUIRE(d.ok());
  return *d;
}

int64_t LastSeq(const std::string& db) {
  Result<int64_t> s = OpenReader(db)->LastServerSeq();
  REQUIRE(s.ok());
  return *s;
}

// A server whose pushes go through `faulty`, and one enrolled phone of tdp-01.
struct FaultyWard {
  std::unique_ptr<FaultInjectingStore> faulty;
  WardServer ward{2, [this](ServeOptions& o) {
                    o.push_store = [this](Store& writer) -> Store& {
                      faulty = std::make_unique<FaultInjectingStore>(writer);
                      return *faulty;
                    };
                  }};
  Phone phone{ward, AddCode(ward.db_path, "leader", {kGroup})};

  FaultyWard() {
    REQUIRE(phone.enroll.status == 201);
    REQUIRE(phone.OpenSession().status == 200);
    REQUIRE(faulty != nullptr);
  }

  // A batch of fresh writes: a new household with two fields, a member with two, and
  // a new field of the household made by the previous batch (if any).
  Json NextBatch() {
    const std::string house = NewUuid(), person = NewUuid();
    Json changes = Json::array();
    changes.push_back(phone.Change(house, kGroup, "address_street", "Phố Trần Phú"));
    changes.push_back(phone.Change(house, kGroup, "address_number", "12"));
    Json p1 = phone.Change(person, kGroup, "full_name", "Nguyễn Thị Ánh");
    Json p2 = phone.Change(person, kGroup, "sex", "female");
    for (Json* p : {&p1, &p2}) {
      (*p)["record_type"] = "person";
      (*p)["parent_id"] = house;
    }
    changes.push_back(p1);
    changes.push_back(p2);
    if (!last_house.empty())
      changes.push_back(phone.Change(last_house, kGroup, "housing_tenure", "owned"));
    last_house = house;
    return changes;
  }

  std::string last_house;
};

// (record_id, field) of each change of a batch.
std::multiset<std::pair<std::string, std::string>> Keys(const Json& changes) {
  std::multiset<std::pair<std::string, std::string>> keys;
  for (const Json& c : changes) {
    keys.insert({c["record_id"].get<std::string>(), c["field"].get<std::string>()});
  }
  return keys;
}

void CheckAllStatus(const TestResponse& r, const Json& changes, const std::string& status) {
  REQUIRE(r.status == 200);
  Json body = r.JsonBody();
  REQUIRE(body["results"].size() == changes.size());
  for (size_t i = 0; i < changes.size(); ++i) {
    INFO("change " << i << ": " << body["results"][i].dump());
    CHECK(body["results"][i]["device_seq"] == changes[i]["device_seq"]);
    CHECK(body["results"][i]["status"] == status);
  }
}

TEST_CASE(
    "push faults over HTTP: 503 at every write and commit point, nothing applied, "
    "the retry applies exactly once",
    "[api][sync][fault][integration]") {
  FaultyWard w;
  const std::string& db = w.ward.db_path;
  int failures = 0;
  size_t batch_size = 0;
  for (int64_t n = 1;; ++n) {
    INFO("failing mutating call " << n);
    REQUIRE(n < 200);
    const Json changes = w.NextBatch();
    batch_size = changes.size();
    const std::string before = DumpNow(db);
    const int64_t seq_before = LastSeq(db);
    const bool sticky = n % 2 == 0;  // a disk that stays full, or one I/O error
    const std::string code = sticky ? "store_full" : "store_io";
    const int64_t calls_before = w.faulty->mutating_calls();
    w.faulty->FailNth(n, Status::Error(code, "lỗi ghi (thử)", "injected fault"), sticky);

    TestResponse r = w.phone.Push(changes);
    if (r.status == 200) {
      // n is past the push's last mutating call: it went through untouched.
      CHECK(w.faulty->mutating_calls() - calls_before < n);
      w.faulty->Disarm();
      CheckAllStatus(r, changes, "applied");
      break;
    }
    ++failures;
    CHECK(r.status == 503);
    CHECK(ErrorCodeOf(r) == code);
    CHECK(DumpNow(db) == before);  // nothing half-applied: log, records, receipts, facts,
                                   // review flags
    if (sticky) {
      TestResponse again = w.phone.Push(changes);  // the disk is still full
      CHECK(again.status == 503);
      CHECK(ErrorCodeOf(again) == code);
      CHECK(DumpNow(db) == before);
    }

    w.faulty->Disarm();
    TestResponse retry = w.phone.Push(changes);
    CheckAllStatus(retry, changes, "applied");
    CHECK(retry.JsonBody()["acked_through"] == w.phone.seq);
    const int64_t seq_after = LastSeq(db);
    CHECK(*OpenReader(db)->MaxDeviceSeq(w.phone.device_id) == w.phone.seq);

    // Once more: every change is a duplicate and the log does not move.
    const std::string applied = DumpNow(db);
    TestResponse dup = w.phone.Push(changes);
    CheckAllStatus(dup, changes, "duplicate");
    CHECK(DumpNow(db) == applied);

    // The log holds each pushed write exactly once, at consecutive server_seq values.
    TestResponse pull =
        w.phone.Get("/api/v1/sync/pull?since=" + std::to_string(seq_before) + "&limit=1000");
    REQUIRE(pull.status == 200);
    // (Records come whole: their fields written before seq_before come again and are
    // left out here.)
    std::multiset<std::pair<std::string, std::string>> pulled;
    std::vector<int64_t> seqs;
    const Json page = pull.JsonBody();
    for (const Json& c : page["changes"]) {
      const int64_t seq = c["server_seq"].get<int64_t>();
      if (seq <= seq_before) continue;
      seqs.push_back(seq);
      pulled.insert({c["record_id"].get<std::string>(), c["field"].get<std::string>()});
    }
    std::sort(seqs.begin(), seqs.end());
    for (size_t i = 0; i < seqs.size(); ++i) {
      CHECK(seqs[i] == seq_before + 1 + static_cast<int64_t>(i));
    }
    CHECK(seq_before + static_cast<int64_t>(seqs.size()) == seq_after);
    for (const auto& key : Keys(changes)) {
      INFO(key.first << "." << key.second);
      CHECK(pulled.count(key) == 1);
    }
  }
  // Begin, at least one write per change and the commit each failed once.
  CHECK(failures >= static_cast<int>(batch_size) + 2);
}

TEST_CASE("push over HTTP: a far-future HLC is refused with hlc_future, a skewed one is not",
          "[api][sync][clock][integration]") {
  WardServer ward;
  Phone phone(ward, AddCode(ward.db_path, "leader", {kGroup}));
  REQUIRE(phone.enroll.status == 201);
  REQUIRE(phone.OpenSession().status == 200);
  const int64_t now = SystemClock::Default().NowMs();
  const std::string house = NewUuid();
  auto change_at = [&](int64_t wall, const std::string& field, const Json& value) {
    Json c = phone.Change(house, kGroup, field, value);
    c["hlc"] = Hlc{wall, 0, phone.device_id}.ToString();
    return c;
  };
  const int64_t seq_before = LastSeq(ward.db_path);
  Json changes = Json::array({change_at(now + 25 * 3600 * 1000, "address_street", "tương lai"),
                              change_at(now + 23 * 3600 * 1000, "address_number", "23h"),
                              change_at(now - 24 * 3600 * 1000, "housing_tenure", "rented")});
  TestResponse r = phone.Push(changes);
  REQUIRE(r.status == 200);
  Json results = r.JsonBody()["results"];
  INFO(r.body);
  REQUIRE(results.size() == 3);
  CHECK(results[0]["status"] == "rejected");
  CHECK(results[0]["code"] == "hlc_future");
  CHECK(results[1]["status"] == "applied");   // 23 h ahead: a phone whose clock is off
  CHECK(results[2]["status"] == "applied");   // a day behind: old, but never refused
  CHECK(r.JsonBody()["acked_through"] == 3);  // a rejected change is answered, not retried
  Result<std::optional<Record>> rec = OpenReader(ward.db_path)->GetRecord(house);
  REQUIRE(rec.ok());
  REQUIRE(rec->has_value());
  // Two applied changes, and the derived values the server wrote after them.
  int64_t derived = 0;
  for (const auto& [name, version] : (*rec)->fields) derived += WrittenByServer(version.hlc);
  CHECK(derived == 2);  // member_count, head_count
  CHECK(LastSeq(ward.db_path) == seq_before + 2 + derived);
  CHECK((*rec)->fields.count("address_street") == 0);
  // The push writer's counters: one group of one push so far.
  TestResponse metrics = phone.Get("/metrics");
  REQUIRE(metrics.status == 200);
  CHECK(metrics.body.find("\nsotay_push_groups_total 1\n") != std::string::npos);
  CHECK(metrics.body.find("\nsotay_push_grouped_total 1\n") != std::string::npos);
  CHECK(metrics.body.find("\nsotay_push_group_largest 1\n") != std::string::npos);
}

TEST_CASE(
    "push memory: past the bytes in flight a push is refused with 503 and Retry-After, "
    "nothing stored, and the retry applies once",
    "[api][sync][integration]") {
  WardServer ward(2, [](ServeOptions& o) { o.push_bytes_in_flight = 64 * 1024; });
  Phone phone(ward, AddCode(ward.db_path, "leader", {kGroup}));
  REQUIRE(phone.OpenSession().status == 200);
  const std::string house = NewUuid();
  Json changes = Json::array({phone.Change(house, kGroup, "address_street", "Phố Bắc Sơn"),
                              phone.Change(house, kGroup, "address_number", "170")});
  const std::string before = DumpNow(ward.db_path);
  {
    // Other pushes hold the whole budget (parsed, or waiting for the writer).
    std::optional<ByteBudget::Lease> others = ward.server->services()->push_budget().TryTake(1);
    REQUIRE(others.has_value());
    std::optional<ByteBudget::Lease> rest =
        ward.server->services()->push_budget().TryTake(64 * 1024 - 1);
    REQUIRE(rest.has_value());
    TestResponse busy = phone.Push(changes);
    CHECK(busy.status == 503);
    CHECK(busy.JsonBody()["error"]["code"] == "server_busy");
    CHECK(busy.Header("Retry-After") == "2");
    CHECK(DumpNow(ward.db_path) == before);
  }
  TestResponse retried = phone.Push(changes);
  CheckAllStatus(retried, changes, "applied");
  CHECK(phone.Push(changes).JsonBody()["results"][0]["status"] == "duplicate");
  // The held bytes are all given back, and the refusal is counted.
  CHECK(ward.server->services()->push_budget().stats().in_use == 0);
  TestResponse metrics = phone.Get("/metrics");
  CHECK(metrics.body.find("\nsotay_push_refused_busy_total 1\n") != std::string::npos);
}

}  // namespace
}  // namespace sotay
