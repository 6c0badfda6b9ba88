// Demo only: answers nothing for ./never-answers/*, so the designer sees the loading state.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  if (new URL(event.request.url).pathname.includes('/never-answers/')) event.respondWith(new Promise(() => {}));
});
