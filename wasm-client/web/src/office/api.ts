// HTTP to the ward server for the office dashboard (core/http.ts, the phone's own
// requests): the session token lives in sessionStorage (gone when the tab closes), a 401
// brings the login back, errors are the server's Problems.
import { failureOf, request, send, type HttpResult } from "../core/http";
import { problem } from "../core/problems";

export type { HttpResult };

const TOKEN_KEY = "sotay.office.token";

export function token(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(value: string | null): void {
  try {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Private mode without storage: the session lasts as long as the page.
  }
}

// Called when the server says the session is over, so the app can show the login.
let onUnauthorized: () => void = () => {};
export function whenUnauthorized(f: () => void): void {
  onUnauthorized = f;
}

const OFFLINE = problem("offline", "Không kết nối được máy chủ", "Cannot reach the server");

// `T`: the route's answer as docs/protocol.md gives it.
export async function call<T>(method: string, path: string, body?: unknown): Promise<HttpResult<T>> {
  const r = await request<T>(method, path, body, { token: token(), offline: OFFLINE });
  if (!r.ok && r.status === 401 && path !== "/api/v1/login") onUnauthorized();
  return r;
}

export const get = <T>(path: string) => call<T>("GET", path);
export const post = <T>(path: string, body?: unknown) => call<T>("POST", path, body ?? {});
export const put = <T>(path: string, body: unknown) => call<T>("PUT", path, body);

export function query(params: Record<string, string | number | undefined | null>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "") continue;
    parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(String(v)));
  }
  return parts.length ? "?" + parts.join("&") : "";
}

export interface Download {
  name: string;
  bytes: number;
  blob: Blob;
}

// Downloads a file with the session token, reporting bytes received as they arrive
// (a ReadableStream reader, so large exports show progress), then hands it to the
// browser's save dialog.
export async function download(
  path: string,
  fallbackName: string,
  progress: (received: number, total: number | null) => void,
): Promise<HttpResult<Download>> {
  const sent = await send("GET", path, undefined, { token: token(), offline: OFFLINE });
  if (!sent.ok) return sent;
  const res = sent.response;
  if (!res.ok) {
    if (res.status === 401) onUnauthorized();
    return { ok: false, status: res.status, error: await failureOf(res) };
  }
  const lengthHeader = res.headers.get("Content-Length");
  const total = lengthHeader ? Number(lengthHeader) : null;
  const chunks: Uint8Array[] = [];
  let received = 0;
  progress(0, total);
  if (res.body && typeof res.body.getReader === "function") {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value) {
        chunks.push(value);
        received += value.byteLength;
        progress(received, total);
      }
    }
  } else {
    const buf = new Uint8Array(await res.arrayBuffer());
    chunks.push(buf);
    received = buf.byteLength;
    progress(received, total);
  }
  const type = res.headers.get("Content-Type") ?? "application/octet-stream";
  const blob = new Blob(chunks as BlobPart[], { type });
  const disposition = res.headers.get("Content-Disposition") ?? "";
  const m = disposition.match(/filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i);
  const name = m ? decodeURIComponent(m[1] ?? m[2]) : fallbackName;
  return { ok: true, status: res.status, body: { name, bytes: received, blob } };
}

export function saveBlob(d: Download): void {
  const url = URL.createObjectURL(d.blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = d.name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
