#include "server/http/file_limit.h"

#include <sys/resource.h>

#include <string>

namespace sotay {

Status EnsureFileLimit(uint64_t needed) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return Status::Ok();  // nothing to learn
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur >= needed) return Status::Ok();
  if (limit.rlim_cur == RLIM_INFINITY) return Status::Ok();
  const bool hard_enough = limit.rlim_max == RLIM_INFINITY || limit.rlim_max >= needed;
  if (hard_enough) {
    rlimit raised = limit;
    raised.rlim_cur = static_cast<rlim_t>(needed);
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) return Status::Ok();
  }
  const std::string have =
      std::to_string(limit.rlim_max == RLIM_INFINITY ? limit.rlim_cur : limit.rlim_max);
  const std::string want = std::to_string(needed);
  return Status::Error("file_limit",
                       "Hệ điều hành chỉ cho mở " + have + " tệp, máy chủ cần " + want +
                           ". Hãy nâng giới hạn (ulimit -n " + want + ", hoặc LimitNOFILE=" + want +
                           " trong tệp dịch vụ systemd) hoặc giảm --max-connections",
                       "The system allows only " + have + " open files; the server needs " + want +
                           ". Raise the limit (ulimit -n " + want + ", or LimitNOFILE=" + want +
                           " in the systemd unit) or lower --max-connections");
}

}  // namespace sotay
