// The coordinator's copy of their boards on their own signed-in device: the board in the browser's
// storage (y-indexeddb), the app's files in a service worker's cache, and who was signed in, so a
// reload with no connection still opens the board with every change made here. All of it is wiped
// at sign-out. Family members' phones keep nothing: none of this runs for a participant.

import type { CoordinatorMe } from '../api.ts';

const ME_KEY = 'llb.deviceCopy.coordinator';
const BOARDS_KEY = 'llb.deviceCopy.boards';
const BOARD_PREFIX = 'llb-board:';
/** The service worker's caches start with this (see client/offline/sw.js). */
const CACHE_PREFIX = 'llb-shell-';
const SERVICE_WORKER_URL = '/sw.js';

/** The name of a board's copy in the browser's storage (one IndexedDB database per board). */
export function boardCopyName(conferenceId: string): string {
  return `${BOARD_PREFIX}${conferenceId}`;
}

function readJson(key: string): unknown {
  try {
    const text = localStorage.getItem(key);
    return text === null ? null : (JSON.parse(text) as unknown);
  } catch {
    // reason: storage turned off, or a value some other code wrote: there is no copy.
    return null;
  }
}

function isCoordinatorMe(value: unknown): value is Omit<CoordinatorMe, 'sending'> & Partial<Pick<CoordinatorMe, 'sending'>> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.kind === 'coordinator' && typeof v.id === 'string' && typeof v.name === 'string' && typeof v.email === 'string';
}

/** The coordinator signed in on this device when the server last said so; null for everyone else. */
export function rememberedCoordinator(): CoordinatorMe | null {
  const value = readJson(ME_KEY);
  // Kept by an earlier version without the ways of sending links: offline, none is offered anyway.
  return isCoordinatorMe(value) ? { ...value, sending: value.sending ?? { email: false, text: false } } : null;
}

let storageWorks: Promise<boolean> | null = null;

/**
 * True when this browser lets the page keep things (IndexedDB and localStorage both work): not in
 * every private window, nor when the person has turned site storage off. Asked once per page.
 */
export function deviceStorageWorks(): Promise<boolean> {
  storageWorks ??= new Promise<boolean>((resolve) => {
    try {
      const probe = '__llb_probe__';
      localStorage.setItem(probe, '1');
      localStorage.removeItem(probe);
      const request = indexedDB.open('llb-probe');
      request.onsuccess = () => {
        request.result.close();
        resolve(true);
      };
      request.onerror = () => resolve(false);
      request.onblocked = () => resolve(false);
    } catch {
      // reason: a browser with storage off throws on access rather than failing the request.
      resolve(false);
    }
  });
  return storageWorks;
}

/**
 * Called whenever the server confirms a coordinator is signed in: remembers them for a reload with
 * no connection and installs the service worker that keeps the app's files. A different
 * coordinator on the same device first wipes the last one's copies.
 */
export async function keepForCoordinator(me: CoordinatorMe): Promise<void> {
  if (!(await deviceStorageWorks())) return;
  const before = rememberedCoordinator();
  if (before !== null && before.id !== me.id) await wipeDeviceCopies();
  try {
    localStorage.setItem(ME_KEY, JSON.stringify({ kind: 'coordinator', id: me.id, name: me.name, email: me.email }));
  } catch {
    // reason: storage full or turned off since the probe: the board works as on any other device.
    return;
  }
  // Served only by a built server (`npm start`); under `npm run dev` there is no /sw.js and this fails quietly.
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register(SERVICE_WORKER_URL).catch(() => undefined);
  }
}

/** Notes that a board has a copy on this device, so sign-out can find it even without `indexedDB.databases()`. */
export function noteBoardCopy(conferenceId: string): void {
  const known = readJson(BOARDS_KEY);
  const names = Array.isArray(known) ? known.filter((n): n is string => typeof n === 'string') : [];
  const name = boardCopyName(conferenceId);
  if (names.includes(name)) return;
  try {
    localStorage.setItem(BOARDS_KEY, JSON.stringify([...names, name]));
  } catch {
    // reason: storage full: the copy is still found through indexedDB.databases() at sign-out.
  }
}

/** Deletes one IndexedDB database; resolves when it is gone (or could not be, with storage off). */
export function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    try {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = () => resolve();
      request.onerror = () => resolve();
      // Another tab still has it open: the deletion waits for it; nothing more to do here.
      request.onblocked = () => resolve();
    } catch {
      // reason: no IndexedDB in this browser: nothing was kept.
      resolve();
    }
  });
}

/**
 * Removes everything this device kept for the coordinator: every board's copy, the app's cached
 * files and service worker, and who was signed in. Safe to call when nothing was kept.
 */
export async function wipeDeviceCopies(): Promise<void> {
  const known = readJson(BOARDS_KEY);
  const names = new Set(Array.isArray(known) ? known.filter((n): n is string => typeof n === 'string') : []);
  try {
    for (const db of (await indexedDB.databases?.()) ?? []) {
      if (db.name?.startsWith(BOARD_PREFIX)) names.add(db.name);
    }
  } catch {
    // reason: databases() is missing or refused: the list kept in localStorage is used alone.
  }
  await Promise.all([...names].map(deleteDatabase));
  try {
    localStorage.removeItem(ME_KEY);
    localStorage.removeItem(BOARDS_KEY);
  } catch {
    // reason: storage turned off: there is nothing in it.
  }
  try {
    if ('serviceWorker' in navigator) {
      const registrations = await navigator.serviceWorker.getRegistrations();
      await Promise.all(registrations.map((r) => r.unregister()));
    }
    if ('caches' in globalThis) {
      const keys = await caches.keys();
      await Promise.all(keys.filter((k) => k.startsWith(CACHE_PREFIX)).map((k) => caches.delete(k)));
    }
  } catch {
    // reason: a browser without service workers or caches kept none.
  }
}
