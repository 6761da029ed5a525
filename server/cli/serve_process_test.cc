// The sotay-server binary as a child process: exit codes of the command line and a
// graceful SIGTERM.
#include <signal.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>

#include "tests/integration/child_process.h"
#include "tests/integration/http_test_client.h"
#include "tests/temp_dir.h"

namespace sotay {

using namespace std::chrono_literals;
using testing::ChildProcess;
using testing::ProcessResult;
using testing::RunProcess;

static const std::string kExe = SOTAY_SERVER_EXE;

TEST_CASE("sotay-server --help exits 0 and lists serve", "[cli][process]") {
  ProcessResult r = RunProcess({kExe, "--help"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("serve") != std::string::npos);
  ProcessResult sub = RunProcess({kExe, "serve", "--help"});
  CHECK(sub.exit_code == 0);
  CHECK(sub.out.find("--db PATH") != std::string::npos);
}

TEST_CASE("sotay-server: unknown subcommand and missing --db exit 2", "[cli][process]") {
  ProcessResult unknown = RunProcess({kExe, "frobnicate"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("usage: sotay-server") != std::string::npos);
  CHECK(unknown.out.empty());
  ProcessResult none = RunProcess({kExe});
  CHECK(none.exit_code == 2);
  ProcessResult no_db = RunProcess({kExe, "serve", "--port", "0"});
  CHECK(no_db.exit_code == 2);
  CHECK(no_db.err.find("--db") != std::string::npos);
  CHECK(no_db.err.find("usage: sotay-server serve") != std::string::npos);
}

TEST_CASE("sotay-server serve: startup failure exits 1 with one line", "[cli][process]") {
  ProcessResult r = RunProcess({kExe, "serve", "--db", "x.db", "--port", "0", "--tls-cert",
                                "/nonexistent/c.pem", "--tls-key", "/nonexistent/k.pem"});
  CHECK(r.exit_code == 1);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(r.err.find("c.pem") != std::string::npos);
}

TEST_CASE("sotay-server serve: --handlers out of range exits 2 and names it", "[cli][process]") {
  for (const char* n : {"0", "257", "many"}) {
    INFO(n);
    ProcessResult r = RunProcess({kExe, "serve", "--db", "x.db", "--port", "0", "--handlers", n});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("handlers") != std::string::npos);
  }
}

TEST_CASE("sotay-server serve: SIGTERM lets the in-flight request finish, exit 0",
          "[process][integration]") {
  testing::TempDir dir;
  ChildProcess server({kExe, "serve", "--db", (dir.path() / "ward.db").string(), "--host",
                       "127.0.0.1", "--port", "0", "--threads", "2", "--handlers", "2"});
  std::string line = server.ReadLine();
  INFO(line);
  REQUIRE(line.rfind("listening on http://127.0.0.1:", 0) == 0);
  uint16_t port = testing::PortFromListeningLine(line);
  REQUIRE(port != 0);

  testing::TestClient client(port);
  CHECK(client.Get("/healthz").status == 200);

  // A request whose headers have begun but not ended is in flight.
  testing::RawConnection raw(port);
  raw.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n");
  std::this_thread::sleep_for(200ms);
  server.Signal(SIGTERM);
  std::this_thread::sleep_for(300ms);
  raw.Send("Accept: */*\r\n\r\n");
  std::string reply = raw.ReadUntilClose(5s);
  CHECK(reply.rfind("HTTP/1.1 200 OK", 0) == 0);
  CHECK(reply.find("Connection: close") != std::string::npos);
  CHECK(reply.find("\"status\":\"ok\"") != std::string::npos);
  CHECK(server.WaitExit(10s) == 0);
}

}  // namespace sotay
