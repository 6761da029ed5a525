// HTTP to the ward server: JSON bodies, server error bodies mapped to Problems, network
// failures to the Problem "offline".
import type { Problem } from "./contract";
import { offline, problem } from "./problems";

export type HttpResult = { ok: true; status: number; body: any } | { ok: false; status: number; error: Problem };

// {"error": {code, message, message_vi?, message_en?, field?}} → Problem.
function errorOf(status: number, body: any): Problem {
  const e = body && typeof body === "object" ? body.error : null;
  if (e && typeof e.code === "string") {
    const vi = String(e.message_vi ?? e.message ?? e.code);
    const en = String(e.message_en ?? e.message ?? e.code);
    return problem(e.code, vi, en, typeof e.field === "string" ? e.field : undefined);
  }
  return problem("http_" + status, "Máy chủ trả lời lỗi " + status, "The server answered with error " + status);
}

export async function request(method: string, url: string, body?: unknown, token?: string): Promise<HttpResult> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = "Bearer " + token;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      credentials: "omit",
    });
  } catch {
    return { ok: false, status: 0, error: offline() };
  }
  let parsed: any = null;
  const text = await res.text().catch(() => "");
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!res.ok) return { ok: false, status: res.status, error: errorOf(res.status, parsed) };
  if (parsed === null && res.status !== 204) {
    return {
      ok: false,
      status: res.status,
      error: problem("bad_response", "Máy chủ trả lời không đúng định dạng", "The server's answer is not JSON"),
    };
  }
  return { ok: true, status: res.status, body: parsed };
}

// "http://host:8080/" → "http://host:8080"; empty → this page's origin.
export function normalizeServer(server: string): string {
  const s = server.trim().replace(/\/+$/, "");
  return s === "" ? location.origin : s;
}
