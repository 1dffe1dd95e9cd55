// Installing the app is turned off (`chat.installable = false`): a browser
// that installed an earlier worker fetches this one in its place, which
// deletes what the earlier one kept and unregisters itself.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith('colloquy-')).map((name) => caches.delete(name))))
      .then(() => self.registration.unregister()),
  );
});
