#include "server/ward/accounts.h"

namespace sotay {

Status ChangeEndingSessions(AccountStore& a, std::string_view subject_kind,
                            std::string_view subject_id, AuditEntry& audit,
                            const std::function<Status(AccountStore&)>& change) {
  SOTAY_RETURN_IF_ERROR(a.Begin());
  Status s = change(a);
  if (s.ok()) s = a.DeleteSessionsOf(subject_kind, subject_id);
  if (s.ok()) s = a.AppendAudit(audit);
  if (!s.ok()) {
    (void)a.Rollback();
    return s;
  }
  return a.Commit();
}

}  // namespace sotay
