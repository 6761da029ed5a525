// Entry point: register the service worker (offline start, updates), open the core
// (WebAssembly + local database), then render the app.
import { h, render } from "preact";
import { openCore } from "./core/index";
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

async function start(): Promise<void> {
  const root = document.getElementById("app")!;
  registerServiceWorker();
  try {
    const core = await openCore();
    root.textContent = "";
    render(h(App, { core }), root);
    document.body.dataset.ready = "1";
  } catch (e) {
    console.error(e);
    root.innerHTML = "";
    const p = document.createElement("div");
    p.className = "problem";
    p.textContent = "Không mở được dữ liệu trên máy. Hãy tải lại trang. (Could not open local data: " + String((e as Error)?.message ?? e) + ")";
    root.appendChild(p);
    document.body.dataset.ready = "error";
  }
}

void start();
