// HTTP to the ward server for the office dashboard: the session token lives in
// sessionStorage (gone when the tab closes), errors become bilingual messages.

export interface ApiError {
  code: string;
  vi: string;
  en: string;
  status: number;
  field?: string; // the field the server refused, when it names one
}

export type ApiResult<T> = { ok: true; body: T } | { ok: false; error: ApiError };

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

function errorOf(status: number, body: any): ApiError {
  const e = body && typeof body === "object" ? body.error : null;
  if (e && typeof e.code === "string") {
    return {
      code: e.code,
      vi: String(e.message_vi ?? e.message ?? e.code),
      en: String(e.message_en ?? e.message ?? e.code),
      status,
      ...(typeof e.field === "string" ? { field: e.field } : {}),
    };
  }
  if (status === 404) {
    return { code: "not_found", vi: "Máy chủ chưa có chức năng này", en: "The server does not offer this yet", status };
  }
  return { code: "http_" + status, vi: "Máy chủ trả lời lỗi " + status, en: "The server answered with error " + status, status };
}

function headers(json: boolean): Record<string, string> {
  const h: Record<string, string> = { Accept: "application/json" };
  if (json) h["Content-Type"] = "application/json";
  const t = token();
  if (t) h.Authorization = "Bearer " + t;
  return h;
}

export async function call<T = any>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: headers(body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  } catch {
    return { ok: false, error: { code: "offline", vi: "Không kết nối được máy chủ", en: "Cannot reach the server", status: 0 } };
  }
  const text = await res.text().catch(() => "");
  let parsed: any = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!res.ok) {
    const err = errorOf(res.status, parsed);
    if (res.status === 401 && path !== "/api/v1/login") onUnauthorized();
    return { ok: false, error: err };
  }
  return { ok: true, body: (parsed ?? {}) as T };
}

export const get = <T = any>(path: string) => call<T>("GET", path);
export const post = <T = any>(path: string, body?: unknown) => call<T>("POST", path, body ?? {});
export const put = <T = any>(path: string, body: unknown) => call<T>("PUT", path, body);

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
): Promise<ApiResult<Download>> {
  let res: Response;
  try {
    res = await fetch(path, { headers: headers(false), cache: "no-store" });
  } catch {
    return { ok: false, error: { code: "offline", vi: "Không kết nối được máy chủ", en: "Cannot reach the server", status: 0 } };
  }
  if (!res.ok) {
    let parsed: any = null;
    try {
      parsed = await res.json();
    } catch {
      parsed = null;
    }
    if (res.status === 401) onUnauthorized();
    return { ok: false, error: errorOf(res.status, parsed) };
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
  return { ok: true, body: { name, bytes: received, blob } };
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
