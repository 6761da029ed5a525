#include "server/cli/audit_verify_command.h"

#include <filesystem>
#include <memory>

#include "server/store/ward_database.h"

namespace sotay {

namespace {

Status RunAuditVerify(const ParsedArgs& args, CommandIo& io) {
  const std::string path = args.Get("db");
  if (!std::filesystem::exists(path)) {
    return Status::Error("not_initialized", "Không có cơ sở dữ liệu", "No database", path);
  }
  Result<std::unique_ptr<AccountStore>> accounts = OpenAccountStore(path, /*read_only=*/true);
  if (!accounts.ok()) return accounts.status();
  const std::string noted = args.Get("noted");
  Result<AuditChainReport> report = (*accounts)->VerifyAuditChain(noted);
  if (!report.ok()) return report.status();
  io.out << "entries " << report->entries << " (before the chain: " << report->unchained << ")\n";
  if (report->start_missing) {
    return Status::Error("audit_chain_broken",
                         "Bản ghi nơi chuỗi nhật ký bắt đầu đã bị xoá: không thể tin nhật ký",
                         "The record of where the audit chain starts was removed: the log "
                         "cannot be trusted");
  }
  if (report->first_broken_id != 0) {
    const std::string id = std::to_string(report->first_broken_id);
    return Status::Error(
        "audit_chain_broken", "Nhật ký bị sửa hoặc xoá từ mục số " + id + " (chuỗi băm không khớp)",
        "The audit log was changed or cut at entry " + id + " (the hash chain does not match)");
  }
  if (!noted.empty() && !report->noted_found) {
    return Status::Error(
        "audit_chain_cut",
        "Mã đã ghi " + noted + " không còn trong nhật ký: các mục từ đó đã bị xoá",
        "The noted value " + noted + " is no longer in the log: entries from there were removed");
  }
  io.out << "chain ok; newest " << report->last_chain << "\n";
  return Status::Ok();
}

}  // namespace

void RegisterAuditVerifyCommand(CommandRegistry& registry) {
  registry.Add(Command{
      "audit-verify",
      "Kiểm tra nhật ký không bị sửa (verify the audit log's hash chain)",
      {{"db", "PATH", "the ward database (read only)", true, false},
       {"noted", "HEX", "a chain value written down earlier, which must still be there", false,
        false}},
      RunAuditVerify,
  });
}

}  // namespace sotay
