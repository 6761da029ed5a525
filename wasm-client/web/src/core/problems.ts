// Problems made by the core layer itself (the C++ side makes its own).
import type { Problem, Result } from "./contract";

export function problem(code: string, message_vi: string, message_en: string, path?: string): Problem {
  const p: Problem = { code, message_vi, message_en };
  if (path) p.path = path;
  return p;
}

export function fail<T>(p: Problem): Result<T> {
  return { ok: false, error: p };
}

export const offline = (): Problem =>
  problem("offline", "Không kết nối được máy chủ. Dữ liệu vẫn được lưu trên máy; hãy đồng bộ lại khi có mạng.",
    "Cannot reach the server. Your data stays saved on this phone; sync again when online.");

export const storageFailed = (why: unknown): Problem =>
  problem("storage_failed", "Không ghi được vào bộ nhớ của trình duyệt (" + String(why) + ")",
    "Could not write to the browser's storage (" + String(why) + ")");

export const openElsewhere = (): Problem =>
  problem("open_in_another_tab", "Sổ tay đang mở ở một thẻ hoặc cửa sổ khác. Hãy đóng thẻ đó rồi tải lại trang này.",
    "Sổ tay is open in another tab or window. Close it, then reload this page.");

// An Error that carries a Problem, for the few calls whose contract has no Result.
export class CoreError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message_vi + " (" + problem.message_en + ")");
    this.name = "CoreError";
  }
}
