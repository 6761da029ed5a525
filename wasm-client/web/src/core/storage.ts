// Browser storage: the single-writer lock, IndexedDB saves (FS.syncfs) one at a time,
// and the persistence state of the origin.
import type { StorageState } from "./contract";
import type { EmscriptenFs, MemfsNode } from "./module";
import { CoreError, openElsewhere } from "./problems";

// Holds an exclusive lock named `name` for the life of the page. Two tabs each keep
// their own copy of the database in memory and the last save wins, so only one may
// open it. Without navigator.locks (an insecure context), a
// BroadcastChannel asks whether another tab has it open.
export async function takeWriterLock(name: string): Promise<void> {
  const locks: LockManager | undefined = navigator.locks; // absent outside secure contexts
  if (locks && typeof locks.request === "function") {
    const got = await new Promise<boolean>((resolve) => {
      locks
        .request(name, { mode: "exclusive", ifAvailable: true }, (lock) => {
          if (!lock) {
            resolve(false);
            return undefined;
          }
          resolve(true);
          return new Promise<void>(() => {}); // held until the page goes away
        })
        .catch(() => resolve(false));
    });
    if (!got) throw new CoreError(openElsewhere());
    return;
  }
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(name);
  const taken = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 200);
    channel.onmessage = (e) => {
      if (e.data === "open") {
        clearTimeout(timer);
        resolve(true);
      }
    };
    channel.postMessage("who");
  });
  if (taken) {
    channel.close();
    throw new CoreError(openElsewhere());
  }
  channel.onmessage = (e) => {
    if (e.data === "who") channel.postMessage("open");
  };
}

// FS.syncfs(false) calls, never two at once. persist() resolves once a save that
// started after the call has finished, so the caller's committed write is in IndexedDB.
export class SaveQueue {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(private readonly fs: EmscriptenFs) {}

  private start(): Promise<void> {
    const p = new Promise<void>((resolve, reject) => {
      this.fs.syncfs(false, (err: unknown) => (err ? reject(err) : resolve()));
    }).finally(() => {
      if (this.running === p) this.running = null;
    });
    this.running = p;
    return p;
  }

  persist(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.running) return this.start();
    const q = this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.start();
      });
    this.queued = q;
    return q;
  }
}

export function loadFromIndexedDb(fs: EmscriptenFs): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    fs.syncfs(true, (err: unknown) => (err ? reject(err) : resolve()));
  });
}

export async function storageState(): Promise<StorageState> {
  const s: StorageManager | undefined = navigator.storage; // absent outside secure contexts
  if (!s) return { persisted: false };
  const persisted = typeof s.persisted === "function" ? Boolean(await s.persisted().catch(() => false)) : false;
  const out: StorageState = { persisted };
  if (typeof s.estimate === "function") {
    const e = await s.estimate().catch(() => null);
    if (e) {
      if (typeof e.usage === "number") out.usage = e.usage;
      if (typeof e.quota === "number") out.quota = e.quota;
    }
  }
  return out;
}

export async function requestPersistence(): Promise<boolean> {
  const s: StorageManager | undefined = navigator.storage;
  if (!s || typeof s.persist !== "function") return false;
  return Boolean(await s.persist().catch(() => false));
}

// The database file lives in memory (MEMFS, under IDBFS) and grows as pages are written.
// Past 1 MB emscripten grows a file's buffer by 1/8 at a time, copying it each time: a
// first pull (a file of tens of MB) spent about half a second copying. Growing by
// doubling copies each byte about once; the spare capacity is at most the file's size.
export function growFilesByDoubling(FS: EmscriptenFs): void {
  const memfs = FS?.filesystems?.MEMFS;
  if (!memfs || typeof memfs.expandFileStorage !== "function") return;
  memfs.expandFileStorage = (node: MemfsNode, wanted: number) => {
    const prev = node.contents ? node.contents.length : 0;
    if (prev >= wanted) return;
    const capacity = Math.max(wanted, prev * 2, 256);
    const old = node.contents;
    node.contents = new Uint8Array(capacity);
    if (old && node.usedBytes > 0) node.contents.set(old.subarray(0, node.usedBytes), 0);
  };
}

// Erases the local files under `mount` (the database and its journal): removed from the
// in-memory file system, that removal saved (IndexedDB loses them even if the next step
// fails), then IDBFS's IndexedDB database itself closed and deleted.
export async function eraseLocalFiles(FS: EmscriptenFs, mount: string, saves: SaveQueue): Promise<void> {
  const remove = (dir: string) => {
    for (const name of FS.readdir(dir)) {
      if (name === "." || name === "..") continue;
      const p = dir + "/" + name;
      if (FS.isDir(FS.stat(p).mode)) {
        remove(p);
        FS.rmdir(p);
      } else {
        FS.unlink(p);
      }
    }
  };
  remove(mount);
  await saves.persist();
  const dbs = FS.filesystems?.IDBFS?.dbs;
  const db = dbs?.[mount];
  if (dbs && db) {
    db.close();
    delete dbs[mount];
  }
  await new Promise<void>((resolve, reject) => {
    const req = indexedDB.deleteDatabase(mount);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error ?? new Error("deleteDatabase failed"));
    // Held open elsewhere (it never is: one tab holds the lock): the files are gone
    // already, and the database goes once that connection closes.
    req.onblocked = () => setTimeout(resolve, 3000);
  });
}

// Forgets what the app keeps beside the database: its "sotay."-prefixed keys in
// localStorage (training steps waiting to be sent, whether persistence was asked) and
// sessionStorage (the last household search).
export function forgetAppKeys(): void {
  for (const store of [localStorage, sessionStorage]) {
    const keys: string[] = [];
    for (let i = 0; i < store.length; i++) {
      const k = store.key(i);
      if (k !== null && k.startsWith("sotay.")) keys.push(k);
    }
    for (const k of keys) store.removeItem(k);
  }
}
