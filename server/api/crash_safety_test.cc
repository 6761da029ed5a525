// Crash safety: clients push streams of batches to the real server binary, which is
// killed with SIGKILL mid-stream and restarted on the same file; clients retry their
// unacknowledged batches. Every acknowledged change must then be present exactly once
// (change log and receipts), and every batch wholly or not at all.
#include <signal.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "server/testing/api_test_util.h"
#include "tests/integration/child_process.h"

namespace sotay {

using namespace testing;
using namespace std::chrono_literals;

namespace {

constexpr int kClients = 3;
constexpr int kBatches = 30;
constexpr int kBatchSize = 8;

struct Device {
  std::string id;
  crypto::SigningKeyPair keys;
  std::string token;
  std::vector<std::vector<std::string>> batch_records;  // record ids per batch
};

std::unique_ptr<ChildProcess> StartServer(const std::string& db, uint16_t* port) {
  auto p = std::make_unique<ChildProcess>(
      std::vector<std::string>{SOTAY_SERVER_EXE, "serve", "--db", db, "--port", "0", "--threads",
                               "4", "--schemas", SchemasDir()});
  *port = PortFromListeningLine(p->ReadLine());
  return p;
}

}  // namespace

TEST_CASE("crash safety: SIGKILL mid-stream loses no acknowledged change",
          "[process][integration][crash]") {
  TempDir dir;
  std::string db = (dir.path() / "ward.db").string();
  InitWard(db);
  std::vector<std::string> codes;
  for (int i = 0; i < kClients; ++i) codes.push_back(AddCode(db, "leader", {"tdp-01"}));

  uint16_t first_port = 0;
  std::unique_ptr<ChildProcess> server = StartServer(db, &first_port);
  REQUIRE(first_port != 0);
  std::atomic<uint16_t> port{first_port};

  std::vector<Device> devices(kClients);
  for (int i = 0; i < kClients; ++i) {
    Phone phone(first_port, codes[static_cast<size_t>(i)]);
    REQUIRE(phone.enroll.status == 201);
    REQUIRE(phone.OpenSession().status == 200);
    devices[static_cast<size_t>(i)] = {phone.device_id, phone.keys, phone.token, {}};
  }

  std::atomic<int> acked_batches{0};
  std::atomic<bool> failed{false};
  auto client = [&](Device& d) {
    int64_t seq = 0;
    uint32_t counter = 0;
    for (int b = 0; b < kBatches && !failed; ++b) {
      Json changes = Json::array();
      std::vector<std::string> records;
      for (int i = 0; i < kBatchSize; ++i) {
        std::string rid = NewUuid();
        records.push_back(rid);
        Hlc h{SystemClock::Default().NowMs(), counter++ % 90000, d.id};
        changes.push_back({{"device_seq", ++seq},
                           {"record_id", rid},
                           {"record_type", "household"},
                           {"group_id", "tdp-01"},
                           {"parent_id", nullptr},
                           {"field", "address_street"},
                           {"value", "Phố " + std::to_string(b)},
                           {"hlc", h.ToString()},
                           {"base_hlc", nullptr}});
      }
      std::string body = Json{{"changes", changes}}.dump();
      // Retry the same batch (same device_seqs and HLCs) until it is acknowledged.
      for (int attempt = 0;; ++attempt) {
        if (attempt > 200) {
          failed = true;
          return;
        }
        try {
          TestClient c(port.load());
          c.set_timeout(5s);
          TestResponse r = c.Request("POST", "/api/v1/sync/push", body, AuthHeaders(d.token));
          if (r.status == 200 && r.JsonBody()["acked_through"] == seq) break;
        } catch (const std::exception&) {
          // Server down: wait for the restart.
        }
        std::this_thread::sleep_for(50ms);
      }
      d.batch_records.push_back(records);
      ++acked_batches;
    }
  };
  std::vector<std::thread> threads;
  for (Device& d : devices) threads.emplace_back(client, std::ref(d));

  // Kill while batches are in flight, twice.
  for (int kill = 1; kill <= 2; ++kill) {
    while (acked_batches < kill * kClients * kBatches / 3 && !failed) {
      std::this_thread::sleep_for(5ms);
    }
    server->Signal(SIGKILL);
    CHECK(server->WaitExit(10s) == -SIGKILL);
    {
      // Each batch is all or nothing: whole batches of receipts, one log entry each.
      Result<OpenedDatabase> snap = OpenDatabase(db);
      REQUIRE(snap.ok());
      int64_t receipts = 0;
      for (const Device& d : devices) {
        int64_t max_seq = *snap->store->MaxDeviceSeq(d.id);
        CHECK(max_seq % kBatchSize == 0);
        receipts += max_seq;
      }
      Result<ChangePage> log = snap->store->ReadChanges(0, 1000000, {});
      REQUIRE(log.ok());
      int64_t from_devices = 0;
      for (const Change& c : log->changes) from_devices += !WrittenByServer(c.hlc);
      CHECK(from_devices == receipts);
    }
    uint16_t next = 0;
    server = StartServer(db, &next);
    REQUIRE(next != 0);
    port = next;
  }
  for (std::thread& t : threads) t.join();
  REQUIRE_FALSE(failed);
  server->Signal(SIGTERM);
  CHECK(server->WaitExit(20s) == 0);

  Result<OpenedDatabase> opened = OpenDatabase(db);
  REQUIRE(opened.ok());
  Store& store = *opened->store;
  Result<ChangePage> log = store.ReadChanges(0, 1000000, {});
  REQUIRE(log.ok());
  std::map<std::string, int> in_log;
  for (const Change& c : log->changes) in_log[c.record_id] += !WrittenByServer(c.hlc);
  size_t expected = 0;
  for (const Device& d : devices) {
    REQUIRE(d.batch_records.size() == static_cast<size_t>(kBatches));
    int64_t seq = 0;
    for (const std::vector<std::string>& batch : d.batch_records) {
      for (const std::string& rid : batch) {
        ++seq;
        ++expected;
        CHECK(in_log[rid] == 1);
        Result<std::optional<Receipt>> receipt = store.GetReceipt(d.id, seq);
        REQUIRE(receipt.ok());
        CHECK(receipt->has_value());
      }
    }
    CHECK(*store.MaxDeviceSeq(d.id) == kBatches * kBatchSize);
  }
  size_t from_devices = 0;
  for (const auto& [id, n] : in_log) from_devices += n;
  CHECK(from_devices == expected);
}

}  // namespace sotay
