// Training sessions (training.h): the trainer's endpoints (office, admin) and the
// trainee's own (a trainee device of a session). The trainee's sync goes through the
// ordinary sync routes, which the guard points at the session's sandbox.
#include <charconv>
#include <set>
#include <string>

#include "core/date.h"
#include "server/api/api_routes.h"
#include "server/api/dashboard_util.h"
#include "server/http/json_body.h"
#include "server/ward/server_write.h"
#include "server/ward/training.h"

namespace sotay {

namespace {

// The person field that records the course (schemas/person.json).
constexpr const char* kCourseField = "bdhvs_course_done";
constexpr int kMaxSeats = 60;

TrainingRegistry& Registry(ServerServices& sv) { return *sv.training(); }

HttpResponse HandleList(ServerServices& sv, const HttpRequest&, const RouteParams&,
                        const Principal&) {
  return JsonResponse(200, {{"sessions", Registry(sv).List()}});
}

HttpResponse HandleCreate(ServerServices& sv, const HttpRequest& req, const RouteParams&,
                          const Principal& who) {
  Result<Json> body = ParseJsonBody(req);
  if (!body.ok()) return ApiError(body.status());
  ObjectReader in(*body);
  std::string name = in.String("name");
  std::string date = in.String("date");
  int64_t seats = in.Int("seats");
  if (Status s = in.Finish(); !s.ok()) return ApiError(s);
  if (name.empty() || name.size() > 200) {
    return BadRequest("invalid_value", "Cần tên buổi tập huấn (tối đa 200 ký tự)",
                      "The session needs a name (at most 200 characters)", "name");
  }
  if (!ParseDate(date).ok()) {
    return BadRequest("invalid_value", "Ngày phải có dạng NNNN-TT-NN", "date must be YYYY-MM-DD",
                      "date");
  }
  if (seats < 1 || seats > kMaxSeats) {
    return BadRequest("invalid_value", "Số chỗ phải từ 1 đến 60", "seats must be 1 to 60", "seats");
  }
  Result<Json> created = Registry(sv).Create(name, date, static_cast<int>(seats), who.Actor());
  if (!created.ok()) return ApiError(created.status());
  // The codes themselves are never audited: they are credentials until used.
  (void)sv.Audit(who.Actor(), "training_create", (*created)["id"],
                 {{"name", name}, {"date", date}, {"seats", seats}});
  return JsonResponse(201, *created);
}

HttpResponse HandleGet(ServerServices& sv, const HttpRequest&, const RouteParams& params,
                       const Principal&) {
  Result<Json> session = Registry(sv).Get(params.at("id"));
  if (!session.ok()) return ApiError(session.status());
  return JsonResponse(200, *session);
}

HttpResponse HandleReset(ServerServices& sv, const HttpRequest&, const RouteParams& params,
                         const Principal& who) {
  const std::string& id = params.at("id");
  Status s = Registry(sv).Reset(id);
  if (!s.ok()) return ApiError(s);
  (void)sv.Audit(who.Actor(), "training_reset", id);
  Result<Json> session = Registry(sv).Get(id);
  if (!session.ok()) return ApiError(session.status());
  return JsonResponse(200, *session);
}

HttpResponse HandleInject(ServerServices& sv, const HttpRequest&, const RouteParams& params,
                          const Principal& who) {
  int64_t seat = 0;
  const std::string& text = params.at("seat");
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seat);
  if (ec != std::errc() || end != text.data() + text.size() || seat < 1 || seat > kMaxSeats) {
    return ApiError("not_found", "Không có chỗ học viên này", "No such seat");
  }
  Result<Json> out = Registry(sv).InjectConflict(params.at("id"), static_cast<int>(seat));
  if (!out.ok()) return ApiError(out.status());
  (void)sv.Audit(who.Actor(), "training_conflict", params.at("id"), {{"seat", seat}});
  return JsonResponse(200, *out);
}

HttpResponse HandleAttendance(ServerServices& sv, const HttpRequest& req, const RouteParams& params,
                              const Principal& who) {
  Result<Json> body = ParseJsonBody(req);
  if (!body.ok()) return ApiError(body.status());
  ObjectReader in(*body);
  const Json& seats = in.Array("seats");
  if (Status s = in.Finish(); !s.ok()) return ApiError(s);
  for (size_t i = 0; i < seats.size(); ++i) {
    ObjectReader entry(seats[i], "seats/" + std::to_string(i));
    (void)entry.Int("seat");
    (void)entry.Bool("attended");
    (void)entry.OptionalString("person_id");
    if (Status s = entry.Finish(); !s.ok()) return ApiError(s);
  }
  const std::string& id = params.at("id");
  Status s = Registry(sv).RecordAttendance(id, seats);
  if (!s.ok()) return ApiError(s);
  (void)sv.Audit(who.Actor(), "training_attendance", id, {{"seats", seats.size()}});
  Result<Json> session = Registry(sv).Get(id);
  if (!session.ok()) return ApiError(session.status());
  return JsonResponse(200, *session);
}

// Writes person.bdhvs_course_done = true for the listed production persons, in one
// push of the server, audited. Nothing is written when one id is not a person.
HttpResponse HandleApply(ServerServices& sv, const HttpRequest& req, const RouteParams& params,
                         const Principal& who) {
  Result<Json> body = ParseJsonBody(req);
  if (!body.ok()) return ApiError(body.status());
  ObjectReader in(*body);
  const Json& ids_json = in.Array("person_ids");
  if (Status s = in.Finish(); !s.ok()) return ApiError(s);
  const std::string& session_id = params.at("id");
  if (Result<Json> session = Registry(sv).Get(session_id); !session.ok()) {
    return ApiError(session.status());
  }
  std::set<std::string> ids;
  for (const Json& j : ids_json) {
    if (!j.is_string()) {
      return ApiError("invalid_field_type", "person_ids phải là danh sách mã người",
                      "person_ids must be a list of person ids", "person_ids");
    }
    ids.insert(j.get<std::string>());
  }
  if (ids.empty() || ids.size() > static_cast<size_t>(kMaxSeats)) {
    return BadRequest("invalid_value", "Cần từ 1 đến 60 người", "Give 1 to 60 persons",
                      "person_ids");
  }
  Result<Json> written = [&]() -> Result<Json> {
    ServerServices::WriterLease writer = sv.Writer();
    std::vector<Change> writes;
    for (const std::string& id : ids) {
      Result<std::optional<Record>> record = writer.store().GetRecord(id);
      if (!record.ok()) return record.status();
      if (!record->has_value() || (*record)->type != "person") {
        return Status::Error("unknown_person", "Không có người mã " + id, "No person with id " + id,
                             "person_ids");
      }
      writes.push_back(ServerWriteOf(**record, kCourseField, true));
    }
    Result<ServerWriteOutcome> out = WriteFieldsAsServer(sv, writer, writes, who.id);
    if (!out.ok()) return out.status();
    Json results = Json::array();
    for (size_t i = 0; i < writes.size(); ++i) {
      const PushResult& r = out->push.response.results.at(i);
      results.push_back({{"person_id", writes[i].record_id}, {"status", r.status}});
    }
    return results;
  }();
  if (!written.ok()) return ApiError(written.status());
  Status audited =
      sv.Audit(who.Actor(), "training_attendance_apply", session_id,
               {{"field", std::string("person.") + kCourseField},
                {"person_ids", Json(std::vector<std::string>(ids.begin(), ids.end()))}});
  if (!audited.ok()) return ApiError(audited);
  (void)Registry(sv).MarkApplied(session_id);
  return JsonResponse(200, {{"applied", *written}, {"field", kCourseField}});
}

HttpResponse HandleMe(ServerServices& sv, const HttpRequest&, const RouteParams&,
                      const Principal& who) {
  Result<Json> me = Registry(sv).Me(who);
  if (!me.ok()) return ApiError(me.status());
  return JsonResponse(200, *me);
}

HttpResponse HandleStep(ServerServices& sv, const HttpRequest& req, const RouteParams&,
                        const Principal& who) {
  Result<Json> body = ParseJsonBody(req);
  if (!body.ok()) return ApiError(body.status());
  ObjectReader in(*body);
  std::string step = in.String("step");
  if (Status s = in.Finish(); !s.ok()) return ApiError(s);
  Status s = Registry(sv).ReportStep(who, step);
  if (!s.ok()) return ApiError(s);
  return HandleMe(sv, req, {}, who);
}

}  // namespace

void RegisterTrainingRoutes(Router& router, ServerServices& sv) {
  if (sv.training() == nullptr) return;
  AddGuarded(router, sv, "GET", "/api/v1/training", Access::kOffice, HandleList);
  AddGuarded(router, sv, "POST", "/api/v1/training", Access::kOffice, HandleCreate);
  AddGuarded(router, sv, "GET", "/api/v1/training/<id>", Access::kOffice, HandleGet);
  AddGuarded(router, sv, "POST", "/api/v1/training/<id>/reset", Access::kOffice, HandleReset);
  AddGuarded(router, sv, "POST", "/api/v1/training/<id>/seats/<seat>/conflict", Access::kOffice,
             HandleInject);
  AddGuarded(router, sv, "POST", "/api/v1/training/<id>/attendance", Access::kOffice,
             HandleAttendance);
  AddGuarded(router, sv, "POST", "/api/v1/training/<id>/attendance/apply", Access::kOffice,
             HandleApply);
  AddGuarded(router, sv, "GET", "/api/v1/training/me", Access::kTrainee, HandleMe);
  AddGuarded(router, sv, "POST", "/api/v1/training/me/steps", Access::kTrainee, HandleStep);
}

}  // namespace sotay
