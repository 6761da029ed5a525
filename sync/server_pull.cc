// SyncServer::Pull (see server_apply.h).
#include "sync/server_apply.h"

#include <algorithm>

namespace sotay {

Result<LogPage> SyncServer::PullPage(const DeviceScope& who, int64_t since, int64_t limit) {
  if (!who.HasAnyGroup()) {
    return Status::Error("forbidden", "Thiết bị không có quyền đọc dữ liệu",
                         "This device may not read any data");
  }
  if (since < 0) {
    return Status::Error("bad_cursor", "Con trỏ đồng bộ (since) không hợp lệ",
                         "The sync cursor (since) is not valid", "since");
  }
  limit = ClampPullLimit(limit);

  // One read snapshot for the log's end and the page.
  Transaction txn(store_);
  SOTAY_RETURN_IF_ERROR(txn.status());
  Result<int64_t> last = store_.LastServerSeq();
  if (!last.ok()) return last.status();
  if (since > *last) {
    return Status::Error(
        "bad_cursor", "Con trỏ đồng bộ vượt quá dữ liệu của máy chủ; hãy đồng bộ lại từ đầu",
        "The sync cursor is past the server's log; sync again from the start", "since");
  }
  Result<LogPage> page = store_.ReadLogPage(since, limit, who.Filter());
  if (!page.ok()) return page.status();
  SOTAY_RETURN_IF_ERROR(txn.Commit());

  // Nothing further in scope up to the snapshot's end: skip what other groups wrote.
  if (!page->more) page->next = std::max(page->next, *last);
  return page;
}

Result<Json> SyncServer::Pull(const DeviceScope& who, int64_t since, int64_t limit) {
  Result<LogPage> page = PullPage(who, since, limit);
  if (!page.ok()) return page.status();
  Result<std::vector<Change>> changes = DecodeLogPage(*page);
  if (!changes.ok()) return changes.status();
  return EncodePullResponse(*changes, page->next, page->more);
}

}  // namespace sotay
