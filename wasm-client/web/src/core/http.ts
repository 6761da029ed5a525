// HTTP to the ward server, for the phone's core and the office dashboard alike: JSON
// bodies, the server's error body mapped to a Problem, a network failure to the
// caller's "offline" Problem.
import type { Problem, Result } from "./contract";
import { fail, offline, problem } from "./problems";

// A 204 answer's body is null; any other success carries the route's JSON.
export type HttpResult<T> = { ok: true; status: number; body: T } | { ok: false; status: number; error: Problem };
export type BytesResult = { ok: true; status: number; bytes: Uint8Array } | { ok: false; status: number; error: Problem };
type Sent = { ok: true; response: Response } | { ok: false; status: number; error: Problem };

export interface RequestOptions {
  token?: string | null; // sent as "Authorization: Bearer <token>"
  offline?: Problem; // what a network failure reads as (default: the phone's, problems.ts)
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

// The server's error body (docs/protocol.md, Errors) as a Problem:
// {"error": {code, message, message_vi?, message_en?, field?}}; the status alone when
// the body is not one.
export function errorOf(status: number, body: unknown): Problem {
  const e = isObject(body) ? body.error : null;
  if (isObject(e) && typeof e.code === "string") {
    const vi = String(e.message_vi ?? e.message ?? e.code);
    const en = String(e.message_en ?? e.message ?? e.code);
    return problem(e.code, vi, en, typeof e.field === "string" ? e.field : undefined);
  }
  return problem("http_" + status, "Máy chủ trả lời lỗi " + status, "The server answered with error " + status);
}

// Like request(), but a successful answer's body is returned as its bytes, unparsed: a
// pull page goes to the core as it came (parsed once, in C++).
export async function requestBytes(method: string, url: string, opts: RequestOptions = {}): Promise<BytesResult> {
  const res = await send(method, url, undefined, opts);
  if (!res.ok) return res;
  if (res.response.ok) {
    const body = await res.response.arrayBuffer().catch(() => null);
    if (body !== null) return { ok: true, status: res.response.status, bytes: new Uint8Array(body) };
    return { ok: false, status: res.response.status, error: badResponse() };
  }
  const r = parsedResult<unknown>(res.response, await res.response.text().catch(() => ""));
  return r.ok ? { ok: false, status: r.status, error: badResponse() } : r;
}

// `T`: the route's answer as docs/protocol.md gives it (not checked here).
export async function request<T>(method: string, url: string, body?: unknown, opts: RequestOptions = {}): Promise<HttpResult<T>> {
  const res = await send(method, url, body, opts);
  if (!res.ok) return res;
  return parsedResult<T>(res.response, await res.response.text().catch(() => ""));
}

// The request itself; the answer is the caller's to read (a download streams it).
export async function send(method: string, url: string, body: unknown, opts: RequestOptions = {}): Promise<Sent> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (opts.token) headers.Authorization = "Bearer " + opts.token;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      credentials: "omit", // the token is the only credential (the server sets no cookie)
    });
  } catch {
    return { ok: false, status: 0, error: opts.offline ?? offline() };
  }
  return { ok: true, response: res };
}

// A failed answer's Problem, from its error body.
export async function failureOf(res: Response): Promise<Problem> {
  return errorOf(res.status, parseJson(await res.text().catch(() => "")));
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function parsedResult<T>(res: Response, text: string): HttpResult<T> {
  const parsed = parseJson(text);
  if (!res.ok) return { ok: false, status: res.status, error: errorOf(res.status, parsed) };
  if (parsed === null && res.status !== 204) return { ok: false, status: res.status, error: badResponse() };
  return { ok: true, status: res.status, body: parsed as T };
}

function badResponse(): Problem {
  return problem("bad_response", "Máy chủ trả lời không đúng định dạng", "The server's answer is not JSON");
}

// The address of a server this phone may enroll with, as its base URL ("https://host",
// "https://host/path"; no trailing slash; empty text: this page's origin). Personal data
// travels only encrypted: https, or plain http to this device itself (localhost,
// 127.0.0.1, [::1]: a development server and the tests). Refused before any request:
// server_not_https, or server_invalid for text that is not an http(s) address.
export function serverAddress(text: string): Result<string> {
  const s = text.trim() === "" ? location.origin : text.trim();
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return fail(serverInvalid(s));
  }
  if ((u.protocol !== "https:" && u.protocol !== "http:") || u.username || u.password || u.search || u.hash) {
    return fail(serverInvalid(s));
  }
  if (u.protocol === "http:" && !LOOPBACK.has(u.hostname)) {
    return fail(problem("server_not_https",
      `Không dùng được máy chủ “${s}”: địa chỉ máy chủ phải bắt đầu bằng https:// (kết nối được mã hóa). ` +
      "Điện thoại không gửi thông tin của dân qua kết nối không mã hóa. Hãy hỏi Phòng Văn hóa - Xã hội địa chỉ đúng.",
      `Refused “${s}”: the server address must start with https:// (an encrypted connection). Ask the office for the right address.`,
      "server"));
  }
  return { ok: true, value: u.origin + u.pathname.replace(/\/+$/, "") };
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

function serverInvalid(s: string): Problem {
  return problem("server_invalid",
    `“${s}” không phải địa chỉ máy chủ. Địa chỉ đúng bắt đầu bằng https://`,
    `“${s}” is not a server address (expected https://host).`, "server");
}

// Whether two addresses name one server: the same scheme, host, port and path once
// written alike ("https://Host:443/" and "https://host" are one). Text that is not an
// address is no server: false.
export function sameServer(a: string, b: string): boolean {
  const base = (t: string): string | null => {
    try {
      const u = new URL(t.trim());
      return u.origin + u.pathname.replace(/\/+$/, "");
    } catch {
      return null;
    }
  };
  const x = base(a);
  return x !== null && x === base(b);
}
