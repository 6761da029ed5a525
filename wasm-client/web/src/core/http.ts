// HTTP to the ward server, for the phone's core and the office dashboard alike: JSON
// bodies, the server's error body mapped to a Problem, a network failure to the
// caller's "offline" Problem.
import type { Problem } from "./contract";
import { offline, problem } from "./problems";

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

// "http://host:8080/" → "http://host:8080"; empty → this page's origin.
export function normalizeServer(server: string): string {
  const s = server.trim().replace(/\/+$/, "");
  return s === "" ? location.origin : s;
}
