// A phone's first visit: nothing is stored yet, and the first screen (enrollment) needs
// nothing from the core until the person starts using it. The core (2 MB of
// WebAssembly and a new local database) is then opened at the first touch or key,
// while the code is being typed, instead of before the screen can be used.
import type { SotayCore } from "./contract";

// What the app asks before it is enrolled, answered as for an empty phone.
const EMPTY_PHONE: Record<string, unknown> = {
  schemas: null,
  enrollment: null,
  pendingCount: 0,
  pendingHouseholds: 0,
};

// Whether this browser holds the app's local database (IDBFS keeps it in an IndexedDB
// database named after its mount point). Unknown counts as yes: the core opens at once.
export async function hasLocalData(mountPoint: string): Promise<boolean> {
  const idb = indexedDB as IDBFactory & { databases?: () => Promise<{ name?: string }[]> };
  if (typeof idb.databases !== "function") return true;
  try {
    return (await idb.databases()).some((d) => d.name === mountPoint);
  } catch {
    return true;
  }
}

// A stand-in for the core that opens the real one on the first call that needs it (or
// `start()`); calls made before that are answered as for an empty phone, storage()
// waits for the opening without starting it.
export function lazyCore(open: () => Promise<SotayCore>): { core: SotayCore; start: () => Promise<SotayCore> } {
  let real: SotayCore | null = null;
  let opening: Promise<SotayCore> | null = null;
  let opened: (c: SotayCore) => void = () => {};
  const whenOpen = new Promise<SotayCore>((resolve) => { opened = resolve; });
  const start = () => (opening ??= open().then((c) => { real = c; opened(c); return c; }));
  const core = new Proxy({} as SotayCore, {
    get(_target, prop) {
      if (real) {
        const v: unknown = Reflect.get(real, prop);
        return typeof v === "function" ? v.bind(real) : v;
      }
      if (typeof prop !== "string" || prop === "then") return undefined; // not a promise itself
      if (prop in EMPTY_PHONE) return () => EMPTY_PHONE[prop];
      if (prop === "storage") return () => whenOpen.then((c) => c.storage());
      return (...args: unknown[]) => start().then((c) => {
        const f: unknown = Reflect.get(c, prop);
        if (typeof f !== "function") throw new TypeError("SotayCore has no method " + prop);
        return f.apply(c, args);
      });
    },
  });
  return { core, start };
}
