// The coordinator's service worker (registered only on a coordinator's signed-in device, removed at
// sign-out): keeps the app's own files so a reload with no connection still opens the board, whose
// contents come from the browser's storage (client/offline/deviceCopy.ts). It never keeps anything
// from /api or /sync: no plan, no person, no answer from the server but the app's files.
//
// The build prepends `const VERSION = '…'; const FILES = […];` (client/vite.config.ts): the
// content-hashed files of this build, kept all at once when the worker installs.

/* global VERSION, FILES */
const CACHE = `llb-shell-${VERSION}`;
/** Every page of the app is this one file; it routes on the path itself. */
const SHELL = '/';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([SHELL, ...FILES]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('llb-shell-') && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (/^\/(api|sync|healthz|readyz|metrics)(\/|$)/.test(url.pathname)) return;

  if (request.mode === 'navigate') {
    // The newest app when the server answers; the kept one when it does not.
    event.respondWith(
      fetch(request).catch(() => caches.match(SHELL, { cacheName: CACHE }).then((kept) => kept ?? Response.error())),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    // Hashed names never change: the kept copy is the file. A file not kept yet is added, but only
    // while the cache exists: after sign-out has deleted it, nothing is kept again.
    event.respondWith(
      caches.match(request, { cacheName: CACHE }).then(
        (kept) =>
          kept ??
          fetch(request).then(async (response) => {
            if (response.ok && (await caches.has(CACHE))) await (await caches.open(CACHE)).put(request, response.clone());
            return response;
          }),
      ),
    );
    return;
  }
  // Other files of the app (early-join.js, the icon): the server's when it answers.
  event.respondWith(fetch(request).catch(() => caches.match(request, { cacheName: CACHE }).then((kept) => kept ?? Response.error())));
});
