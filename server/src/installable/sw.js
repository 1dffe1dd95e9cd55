const BUILD = { version: 'dev', shell: ['/offline'] };
// Colloquy's service worker. server/src/installable/mod.rs serves it at
// /sw.js with the line above naming this build: its version and the files
// of its app shell (the offline page, the icons, the compiled client's
// script, module and styles).
//
// It keeps only the app's own files. A page (it carries the person's
// conversations), a server function's answer, the API, uploads and shared
// conversations always come from the network and are never stored: offline,
// a page is the offline page, and the rest fails as it would without a
// worker.

const CACHE = `colloquy-${BUILD.version}`;

/** Paths whose answers may be kept: the build's files, never data. */
const KEPT = [/^\/pkg\//, /^\/icons\//, /^\/favicon\.ico$/, /^\/offline$/, /^\/manifest\.webmanifest$/];

/** A file named by its content (NAME.HASH.EXT) never changes. */
const NAMED_BY_CONTENT = /\.[A-Za-z0-9_-]{22}\.[a-z]+$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(BUILD.shell))
      .then(() => self.skipWaiting()),
  );
});

// The newest build's worker takes over at once and drops the files of
// the builds before it. Navigation preload: a page's request starts while
// the worker starts, so the worker costs a navigation no time.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((name) => name.startsWith('colloquy-') && name !== CACHE).map((name) => caches.delete(name))),
      )
      .then(() => self.registration.navigationPreload && self.registration.navigationPreload.enable())
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(page(event));
    return;
  }
  if (!KEPT.some((path) => path.test(url.pathname))) return;
  event.respondWith(keptOrFetched(request, url));
});

/** A page from the network, never kept; offline, the offline page. */
async function page(event) {
  try {
    return (await event.preloadResponse) || (await fetch(event.request));
  } catch {
    return offlinePage();
  }
}

async function offlinePage() {
  const kept = await caches.match('/offline', { ignoreVary: true });
  return kept || new Response('You are offline.', { status: 503, headers: { 'content-type': 'text/plain' } });
}

/** A file named by its content from the cache when kept; any other from
 * the network first (so a new build is seen at once), kept for offline. */
async function keptOrFetched(request, url) {
  const cache = await caches.open(CACHE);
  if (NAMED_BY_CONTENT.test(url.pathname)) {
    const kept = await cache.match(request, { ignoreVary: true });
    if (kept) return kept;
  }
  try {
    const response = await fetch(request);
    if (response.status === 200 && response.type === 'basic') {
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const kept = await cache.match(request, { ignoreVary: true });
    if (kept) return kept;
    throw error;
  }
}
