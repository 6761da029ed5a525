// Training sessions ("Bình dân học vụ số"): a trainer's session, its seats and the
// sandbox ward its trainees work on.
//
// A session has its own sandbox: a separate SQLite file under <db>.training/ filled by
// the demo generator (demo_ward.h) and served by its own ServerServices, so the sync
// routes run unchanged for a trainee: the route guard (api_routes.h) resolves the
// services from the caller's token — the production ones for everybody else, the
// session's sandbox for a trainee whose device enrolled with one of the session's codes.
// Nothing a trainee does reaches the production file: trainee devices, their codes and
// sessions are the only production rows a training creates (account bookkeeping).
//
// Bookkeeping (sessions, seats, progress, attendance) lives in <db>.training/
// sessions.json, rewritten atomically on every change: a few sessions of tens of seats.
//
// Progress of a seat: steps done, each with the time it was first seen. Detected from
// what the trainee's device pushed where possible (kServerSteps), else reported by the
// phone (kClientSteps). Attendance is recorded here only; writing it to production
// persons is the office's separate, audited ApplyAttendance.
//
// Thread-safe: one mutex guards the bookkeeping; sandboxes are shared_ptrs, so a reset
// swaps in a new file while requests still holding the old one finish on it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "server/ward/auth.h"
#include "sync/server_apply.h"

namespace sotay {

class ServerServices;

// The exercises in order. Server-detected: enrolled, add_member, assessment, sync,
// conflict_seen. Reported by the phone: find_household, offline_save, conflict_resolved.
extern const std::vector<std::string> kTrainingSteps;
bool IsClientTrainingStep(const std::string& step);

struct TrainingSeat {
  int seat = 0;             // 1..seats
  std::string code_digest;  // crypto::TokenDigest of the enrollment code
  std::string group;        // the sandbox group the seat works in
  std::string device_id;    // empty until enrolled
  std::string device_name;
  std::map<std::string, int64_t> steps;  // step -> first time done (ms)
  // The last text field the trainee pushed (the trainer's conflict goes there).
  Json last_edit;  // null or {record_id, record_type, group_id, parent_id, field, value}
  int64_t conflict_injected_ms = 0;  // 0: none pending
  bool attended = false;
  std::string person_id;  // production person matched at attendance ("" none)
};

struct TrainingSession {
  std::string id;    // UUID
  std::string name;  // "Tập huấn tổ 1-5"
  std::string date;  // YYYY-MM-DD
  std::string created_by;
  int64_t created_ms = 0;
  int64_t reset_ms = 0;
  std::string db_file;     // the sandbox file, relative to the training folder
  int64_t applied_ms = 0;  // attendance written to production (0: not yet)
  std::vector<TrainingSeat> seats;
};

class TrainingRegistry {
 public:
  // `production`: the ward's services (accounts for enrollment codes, the schemas, the
  // clock). `dir`: the training folder (created on first use).
  TrainingRegistry(ServerServices& production, std::string dir, std::string schemas_dir);
  ~TrainingRegistry();

  // Loads sessions.json when present (a missing file is an empty registry).
  Status Load();

  // Creates a session with `seats` one-time trainee codes (valid 24 h) and its sandbox.
  // Returns the session's JSON with "codes": [{seat, code, group}] (shown once).
  Result<Json> Create(const std::string& name, const std::string& date, int seats,
                      const std::string& actor);
  Json List();                              // [{session summary}] newest first
  Result<Json> Get(const std::string& id);  // summary with seats and progress

  // Called after a trainee device enrolled with `code`: binds it to its seat.
  void OnEnrolled(const std::string& code, const DeviceInfo& device);

  // The sandbox of a trainee's device; trainee_not_allowed when it has none.
  Result<std::shared_ptr<ServerServices>> SandboxFor(const Principal& trainee);

  // Regenerates the session's sandbox from the demo generator (a fresh file).
  Status Reset(const std::string& id);
  // Writes a newer version of the seat's last pushed text field, as another writer.
  Result<Json> InjectConflict(const std::string& id, int seat);
  // A step the phone reports (kClientSteps only).
  Status ReportStep(const Principal& trainee, const std::string& step);
  // The trainee's own view: session name, seat, steps.
  Result<Json> Me(const Principal& trainee);
  // Records who attended (seat -> attended, optional production person id).
  Status RecordAttendance(const std::string& id, const Json& seats);
  // Marks the session's attendance as written to production.
  Status MarkApplied(const std::string& id);

  // The training folder and a session's sandbox file (for tests and tools).
  const std::string& dir() const { return dir_; }
  Result<std::string> SandboxPath(const std::string& id);

 private:
  void ObservePush(const std::string& session_id, const Principal& who, const Json& body,
                   const PushOutcome& outcome);
  Result<std::shared_ptr<ServerServices>> OpenSandbox(TrainingSession& s, bool regenerate);
  Status SaveLocked();
  TrainingSession* FindLocked(const std::string& id);
  Json SummaryLocked(const TrainingSession& s, bool with_seats) const;

  ServerServices& production_;
  std::string dir_;
  std::string schemas_dir_;
  std::mutex mu_;
  std::vector<TrainingSession> sessions_;
  std::map<std::string, std::string> session_of_device_;
  std::map<std::string, std::shared_ptr<ServerServices>> sandboxes_;
};

}  // namespace sotay
