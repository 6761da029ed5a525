#include "wasm-client/app/client_dispatch.h"

#include <exception>
#include <functional>
#include <map>

#include "core/csv.h"
#include "core/field_check.h"
#include "core/text_fold.h"
#include "sync/wire.h"
#include "wasm-client/app/client_app.h"

namespace sotay {
namespace {

Status BadArgument(const std::string& name) {
  return Status::Error("invalid_argument", "Tham số không hợp lệ: " + name,
                       "Invalid argument: " + name, name);
}

// Reads arguments strictly; the first problem is kept in `status`.
class Args {
 public:
  explicit Args(const Json& json) : json_(json) {}

  std::string String(const std::string& name, bool optional = false) {
    auto it = json_.find(name);
    if (it == json_.end() || it->is_null()) {
      if (!optional) Fail(name);
      return {};
    }
    if (!it->is_string()) {
      Fail(name);
      return {};
    }
    return it->get<std::string>();
  }
  int64_t Int(const std::string& name, std::optional<int64_t> fallback = std::nullopt) {
    auto it = json_.find(name);
    if ((it == json_.end() || it->is_null()) && fallback) return *fallback;
    if (it == json_.end() || !it->is_number_integer()) {
      Fail(name);
      return 0;
    }
    return it->get<int64_t>();
  }
  // A reference into the arguments: a pull page is large, and is not copied.
  const Json& Any(const std::string& name) {
    static const Json* const kNull = new Json(nullptr);
    auto it = json_.find(name);
    if (it == json_.end()) {
      Fail(name);
      return *kNull;
    }
    return *it;
  }
  const Status& status() const { return status_; }

 private:
  void Fail(const std::string& name) {
    if (status_.ok()) status_ = BadArgument(name);
  }
  const Json& json_;
  Status status_;
};

Json Problem(const Status& s) {
  return Json{{"code", s.code()},
              {"message_vi", s.message_vi()},
              {"message_en", s.message_en()},
              {"path", s.path()}};
}

std::string Ok(const Json& value) {
  return Json{{"ok", true}, {"value", value}}.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string Reply(const Result<Json>& r) { return r.ok() ? Ok(*r) : ErrorEnvelope(r.status()); }
std::string Reply(const Status& s) { return s.ok() ? Ok(nullptr) : ErrorEnvelope(s); }

using Handler = std::function<std::string(ClientApp&, Args&)>;

// Each handler reads its arguments, then runs only if they were all well formed.
#define SOTAY_CALL(expr) (args.status().ok() ? Reply(expr) : ErrorEnvelope(args.status()))

// Every method the web apps may call. A new one is typed in
// wasm-client/web/src/core/dispatch.ts too (tests/web-unit/dispatch.test.ts compares them).
const std::map<std::string, Handler>& Handlers() {
  static const auto* handlers = new std::map<std::string, Handler>{
      {"enrollment", [](ClientApp& app, Args&) { return Ok(app.Enrollment()); }},
      {"schemas", [](ClientApp& app, Args&) { return Ok(app.Schemas()); }},
      {"today", [](ClientApp& app, Args&) { return Ok(app.Today()); }},
      {"enrollRequest",
       [](ClientApp& app, Args& args) {
         std::string server = args.String("server"), code = args.String("code"),
                     name = args.String("device_name");
         bool replace = args.Int("replace", 0) != 0;
         return SOTAY_CALL(app.EnrollRequest(server, code, name, replace));
       }},
      {"completeEnrollment",
       [](ClientApp& app, Args& args) {
         const Json& response = args.Any("response");
         return SOTAY_CALL(app.CompleteEnrollment(response));
       }},
      {"sessionRequest",
       [](ClientApp& app, Args& args) {
         int64_t now = args.Int("now_s");
         return SOTAY_CALL(app.SessionRequest(now));
       }},
      {"setSchemas",
       [](ClientApp& app, Args& args) {
         const Json& body = args.Any("body");
         return SOTAY_CALL(app.SetSchemas(body));
       }},
      {"listHouseholds",
       [](ClientApp& app, Args& args) {
         std::string query = args.String("query", true);
         return SOTAY_CALL(app.ListHouseholds(query));
       }},
      {"cacheWritten", [](ClientApp& app, Args&) { return Ok(app.TakeCacheWritten()); }},
      {"getRecord",
       [](ClientApp& app, Args& args) {
         std::string id = args.String("id");
         return SOTAY_CALL(app.GetRecord(id));
       }},
      {"children",
       [](ClientApp& app, Args& args) {
         std::string parent = args.String("parent_id"), type = args.String("type", true);
         return SOTAY_CALL(app.Children(parent, type));
       }},
      {"evaluate",
       [](ClientApp& app, Args& args) {
         std::string type = args.String("type"), id = args.String("id", true),
                     parent = args.String("parent_id", true);
         const Json& values = args.Any("values");
         return SOTAY_CALL(app.Evaluate(type, id, parent, values));
       }},
      {"save",
       [](ClientApp& app, Args& args) {
         std::string type = args.String("type"), id = args.String("id", true),
                     group = args.String("group_id", true), parent = args.String("parent_id", true);
         const Json& values = args.Any("values");
         return SOTAY_CALL(app.Save(type, id, group, parent, values));
       }},
      {"deleteRecord",
       [](ClientApp& app, Args& args) {
         std::string id = args.String("id");
         return SOTAY_CALL(app.Delete(id));
       }},
      {"saveDraft",
       [](ClientApp& app, Args& args) {
         std::string key = args.String("key");
         const Json& draft = args.Any("draft");
         return SOTAY_CALL(app.SaveDraft(key, draft));
       }},
      {"loadDraft",
       [](ClientApp& app, Args& args) {
         std::string key = args.String("key");
         return SOTAY_CALL(app.LoadDraft(key));
       }},
      {"clearDraft",
       [](ClientApp& app, Args& args) {
         std::string key = args.String("key");
         return SOTAY_CALL(app.ClearDraft(key));
       }},
      // The core's text folding (core/text_fold.h), for pickers that filter labels.
      {"foldForSearch",
       [](ClientApp&, Args& args) {
         std::string text = args.String("text");
         if (!args.status().ok()) return ErrorEnvelope(args.status());
         return Ok(FoldForSearch(text));
       }},
      // The dashboard's own downloads, neutralised like the server's exports.
      {"csvOfRows",
       [](ClientApp&, Args& args) {
         const Json& rows = args.Any("rows");
         if (!args.status().ok()) return ErrorEnvelope(args.status());
         Result<std::string> csv = CsvOfRows(rows);
         return csv.ok() ? Ok(*csv) : ErrorEnvelope(csv.status());
       }},
      {"listDrafts", [](ClientApp& app, Args&) { return Reply(app.ListDrafts()); }},
      {"pendingCount",
       [](ClientApp& app, Args&) {
         Result<int64_t> n = app.PendingCount();
         return n.ok() ? Ok(*n) : ErrorEnvelope(n.status());
       }},
      {"pendingHouseholds",
       [](ClientApp& app, Args&) {
         Result<int64_t> n = app.PendingHouseholdCount();
         return n.ok() ? Ok(*n) : ErrorEnvelope(n.status());
       }},
      {"nextPushBody",
       [](ClientApp& app, Args& args) {
         int64_t max = args.Int("max_changes", 200);
         return SOTAY_CALL(app.NextPushBody(max));
       }},
      {"applyPushResponse",
       [](ClientApp& app, Args& args) {
         const Json& response = args.Any("response");
         return SOTAY_CALL(app.ApplyPushResponse(response));
       }},
      {"pullQuery",
       [](ClientApp& app, Args& args) {
         int64_t limit = args.Int("limit", 500);
         // `since`: a page's `next`, so the page after it can be fetched while that
         // page is applied; absent, the stored cursor.
         int64_t since = args.Int("since", -1);
         if (!args.status().ok()) return ErrorEnvelope(args.status());
         if (since >= 0) return Ok(PullQueryString(since, ClampPullLimit(limit)));
         Result<std::string> q = app.PullQuery(limit);
         return q.ok() ? Ok(*q) : ErrorEnvelope(q.status());
       }},
      {"applyPullResponse",
       [](ClientApp& app, Args& args) {
         const Json& response = args.Any("response");
         return SOTAY_CALL(app.ApplyPullResponse(response));
       }},
      {"resetCursor", [](ClientApp& app, Args&) { return Reply(app.ResetCursor()); }},
      {"listComplete",
       [](ClientApp& app, Args&) {
         Result<bool> complete = app.ListComplete();
         return complete.ok() ? Ok(*complete) : ErrorEnvelope(complete.status());
       }},
      {"rejected", [](ClientApp& app, Args&) { return Reply(app.Rejected()); }},
      {"dismissRejected",
       [](ClientApp& app, Args& args) {
         int64_t seq = args.Int("device_seq");
         return SOTAY_CALL(app.DismissRejected(seq));
       }},
      {"isSealed",
       [](ClientApp&, Args& args) {
         const Json& value = args.Any("value");
         return args.status().ok() ? Ok(IsSealedEnvelope(value)) : ErrorEnvelope(args.status());
       }},
      {"conflicts", [](ClientApp& app, Args&) { return Reply(app.Conflicts()); }},
      {"dismissConflict",
       [](ClientApp& app, Args& args) {
         std::string record = args.String("record_id"), field = args.String("field");
         return SOTAY_CALL(app.DismissConflict(record, field));
       }},
  };
  return *handlers;
}

#undef SOTAY_CALL

}  // namespace

std::string ErrorEnvelope(const Status& status) {
  return Json{{"ok", false}, {"error", Problem(status)}}.dump(-1, ' ', false,
                                                              Json::error_handler_t::replace);
}

std::string Dispatch(ClientApp& app, const std::string& method, std::string_view args_json) {
  auto handler = Handlers().find(method);
  if (handler == Handlers().end()) {
    return ErrorEnvelope(Status::Error("unknown_method", "Không có lệnh '" + method + "'",
                                       "No method '" + method + "'", "method"));
  }
  Json args = args_json.empty() ? Json::object()
                                : Json::parse(args_json, nullptr, /*allow_exceptions=*/false);
  if (!args.is_object()) return ErrorEnvelope(BadArgument("args"));
  // Nothing below should throw; this is the last guard before the JS boundary, where an
  // exception would arrive as a bare number.
  try {
    Args reader(args);
    return handler->second(app, reader);
  } catch (const std::exception& e) {
    return ErrorEnvelope(Status::Error("internal_error", std::string("Lỗi nội bộ: ") + e.what(),
                                       std::string("Internal error: ") + e.what()));
  } catch (...) {
    return ErrorEnvelope(Status::Error("internal_error", "Lỗi nội bộ", "Internal error"));
  }
}

}  // namespace sotay
