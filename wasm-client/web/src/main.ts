// Entry point: register the service worker (offline start, updates), open the core
// (WebAssembly + local database), then render the app.
import { h, render } from "preact";
import type { SotayCore } from "./core/contract";
import { MOUNT_POINT, openCore } from "./core/index";
import { hasLocalData, lazyCore } from "./core/lazy";
import { App } from "./ui/app";

function registerServiceWorker(): void {
  if (!("serviceWorker" in navigator)) return;
  const hadController = !!navigator.serviceWorker.controller;
  // A new version took over: the page keeps running the old code until the person
  // chooses to reload; local data (IndexedDB) is never touched by an update.
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (hadController) window.dispatchEvent(new Event("sotay-update"));
  });
  navigator.serviceWorker.register("./sw.js").catch((e) => console.warn("service worker", e));
}

// Resolves once the shell in index.html has been painted: the core's download, compile
// and start-up come after the first picture, not before it. A tab opened in the
// background gets no animation frames: it starts after 200 ms anyway.
const afterFirstPaint = () => new Promise<void>((resolve) => {
  requestAnimationFrame(() => setTimeout(resolve, 0));
  setTimeout(resolve, 200);
});

function showFailure(root: HTMLElement, e: unknown): void {
  console.error(e);
  root.innerHTML = "";
  const p = document.createElement("div");
  p.className = "problem";
  p.textContent = "Không mở được dữ liệu trên máy. Hãy tải lại trang. (Could not open local data: " + String((e as Error)?.message ?? e) + ")";
  root.appendChild(p);
  document.body.dataset.ready = "error";
}

async function start(): Promise<void> {
  const root = document.getElementById("app")!;
  await afterFirstPaint();
  registerServiceWorker();
  try {
    let core: SotayCore;
    if (await hasLocalData(MOUNT_POINT)) {
      core = await openCore();
    } else {
      // First visit: the enrollment screen is shown at once; the core opens at the
      // first touch or key (the code being typed), or when enrollment asks for it.
      const lazy = lazyCore(() => openCore());
      core = lazy.core;
      const begin = () => { lazy.start().catch((e) => showFailure(root, e)); };
      for (const ev of ["pointerdown", "keydown", "focusin"]) document.addEventListener(ev, begin, { once: true, capture: true });
    }
    root.textContent = "";
    render(h(App, { core }), root);
    document.body.dataset.ready = "1";
  } catch (e) {
    showFailure(root, e);
  }
}

void start();
