// The postman's page, network first; without network the last copy is shown (read-only).
const CACHE = "janseva-postman-v1";
self.addEventListener("install", (event) => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && (request.mode === "navigate" || request.url.includes("/static/"))) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request.url.split("#")[0], copy));
        }
        return response;
      })
      .catch(() => caches.match(request.url.split("#")[0]).then((hit) => hit || Response.error()))
  );
});
