// Sổ tay service worker: the app shell (HTML, JS, CSS, WebAssembly, icons) is kept in a
// cache named after the build, so the app starts with no network. /api/ calls always go
// to the network and are never cached. A new build installs its own cache, takes over
// and deletes the old shell caches only: the records live in IndexedDB, which an update
// never touches.
"use strict";

const VERSION = "__BUILD_VERSION__";
const PREFIX = "sotay-shell-";
const CACHE = PREFIX + VERSION;
const scope = new URL(self.registration ? self.registration.scope : self.location.href);

function shellUrl(path) {
  return new URL(path, scope).href;
}

async function precacheList() {
  const res = await fetch(shellUrl("precache.json"), { cache: "no-store" });
  if (!res.ok) throw new Error("precache.json: HTTP " + res.status);
  const body = await res.json();
  const files = Array.isArray(body) ? body : Array.isArray(body.files) ? body.files : [];
  const urls = new Set([shellUrl("./")]);
  for (const f of files) {
    const name = typeof f === "string" ? f : f && f.path;
    if (name) urls.add(shellUrl(name.replace(/^\.?\//, "")));
  }
  return [...urls];
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const urls = await precacheList();
    // Fetch bypassing the HTTP cache so a new version never stores an old file.
    await Promise.all(urls.map(async (u) => {
      const res = await fetch(new Request(u, { cache: "reload" }));
      if (!res.ok) throw new Error(u + ": HTTP " + res.status);
      await cache.put(u, res);
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

function isApi(url) {
  return url.origin === scope.origin &&
    (url.pathname.includes("/api/") || url.pathname.endsWith("/healthz") || url.pathname.endsWith("/metrics"));
}

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== scope.origin || isApi(url)) return; // network only, never cached

  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    if (req.mode === "navigate") {
      // A page of this build ("/", "/index.html", other pages served beside the app)
      // comes from the cache; anything else from the network, or the app shell when
      // there is none (the phone's routes live in the URL hash).
      const page = await cache.match(req, { ignoreSearch: true });
      if (page) return page;
      try {
        return await fetch(req);
      } catch (e) {
        const shell = (await cache.match(shellUrl("./"))) || (await cache.match(shellUrl("index.html")));
        if (shell) return shell;
        throw e;
      }
    }
    const hit = await cache.match(req, { ignoreSearch: true });
    if (hit) return hit;
    return fetch(req);
  })());
});
