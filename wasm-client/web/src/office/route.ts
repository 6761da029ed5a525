// Hash routes (#/groups?i=12): bookmarkable, work from a static file server, and the
// back button walks the drill-down.
export interface Route {
  parts: string[];
  params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, "");
  const [path, q] = raw.split("?");
  return { parts: path ? path.split("/").map(decodeURIComponent) : [], params: new URLSearchParams(q ?? "") };
}

export function href(path: string, params?: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return "#/" + path + (s ? "?" + s : "");
}

export function go(path: string, params?: Record<string, string | number | undefined | null>): void {
  location.hash = href(path, params);
}
