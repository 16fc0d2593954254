// The site's service worker (served as /sw.js, scope: the site root): after one visit every page and
// the calculator work with the network off.
//
// generator/calculator_assets.py writes this file to sw.js behind a line `const BUILD = {cache, files,
// essential}`: the cache name (a hash of everything listed, so each build that changes anything gets a
// new cache), the files of the build (pages by their folder URL) and those the calculator cannot do
// without. On install it fetches them all into the new cache; on activate it deletes the caches of older
// builds.
//
// Updates: the first worker takes control at once. A later one (a new build) waits, with its cache
// filled, until no page uses the old one, or until a page tells it {type: "skip-waiting"} (the
// calculator page does, when it is itself of the new build or when the person chose 通知数据已更新 →
// 载入新数据; javascripts/calculator.js). Meanwhile the old worker keeps serving its own build offline,
// and the new build's files (new names) from the network.
//
// Requests: files with fixed content (Material's hashed assets, the pinned MicroPython runtime, the
// calculator's files named by their content hash, the search index's files in its folder named by their
// content hash, search/<hash>/) come from the cache first; calculator/version.json (the rules on the
// server now) only from the network; everything else (pages, search/manifest.json) from the
// network first, revalidated with the server, so people online always see the current build, falling
// back to the cache when offline or when the network has not answered within NETWORK_TIMEOUT_MS.

/* global BUILD */
const CACHE_PREFIX = "gx-site-";
const NETWORK_TIMEOUT_MS = 4000;
const SCOPE = new URL(self.registration.scope);
const SEARCH_INDEX = /^search\/[0-9a-f]{12}\//; // search/<hash>/: generator/browser/search_shards.py names the folder by its content
const SEARCH_FOLDERS = [...new Set(BUILD.files.map((path) => (path.match(SEARCH_INDEX) || [""])[0]).filter(Boolean))];
const IMMUTABLE = ["assets/", "calculator/runtime/", ...SEARCH_FOLDERS];
const CONTENT_HASHED = /^calculator\/[^/]+\.([0-9a-f]{12})\.[a-z]+$/; // calculator/worker.<hash>.js and the like (the hash captured)
const NETWORK_ONLY = ["calculator/version.json"];

self.addEventListener("install", (event) => {
  addStaticRoutes(event);
  event.waitUntil(precache());
});

// Where the browser may answer without starting this worker (static routing, Chromium 123+; elsewhere the fetch
// handler below does the same): files of fixed content straight from this build's cache (a file not in it, e.g.
// one of a newer build, from the network), version.json straight from the network. Someone coming back the next
// day then gets the calculator's runtime, core and worker while this worker is still starting.
function addStaticRoutes(event) {
  if (typeof event.addRoutes !== "function") return;
  const at = (path) => ({ urlPattern: { pathname: SCOPE.pathname + path } });
  const hashed = BUILD.files.filter((path) => CONTENT_HASHED.test(path));
  const warn = (error) => console.warn("静态路由未能设置，改由 fetch 处理：", error);
  try {
    Promise.resolve(
      event.addRoutes([
        { condition: { or: [...IMMUTABLE.map((prefix) => at(`${prefix}*`)), ...hashed.map(at)] }, source: { cacheName: BUILD.cache } },
        { condition: { or: NETWORK_ONLY.map(at) }, source: "network" },
      ]),
    ).catch(warn);
  } catch (error) {
    warn(error);
  }
}

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "skip-waiting") self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== BUILD.cache).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

// At most PRECACHE_AT_ONCE downloads at a time: a browser opens only six connections to a server, and the page
// that installed this worker must still get its own requests through (a search right after arriving loads
// search/ files while the offline copy is being filled).
const PRECACHE_AT_ONCE = 3;

async function precache() {
  const cache = await caches.open(BUILD.cache);
  const results = new Array(BUILD.files.length);
  let next = 0;
  const download = async () => {
    while (next < BUILD.files.length) {
      const index = next++;
      const path = BUILD.files[index];
      try {
        const url = new URL(path, SCOPE);
        const response = await fetch(new Request(url, { cache: "reload", credentials: "same-origin" }));
        if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
        await cache.put(url, await verified(path, response));
        results[index] = { status: "fulfilled" };
      } catch (error) {
        results[index] = { status: "rejected", reason: error };
      }
    }
  };
  await Promise.all(Array.from({ length: PRECACHE_AT_ONCE }, download));
  const failed = BUILD.files.filter((path, index) => results[index].status === "rejected");
  if (failed.length) console.warn("离线缓存未能保存：", failed);
  // Without the calculator's own files the offline promise cannot be kept: fail the install, retry next visit.
  if (failed.some((path) => BUILD.essential.includes(path))) throw new Error("计算器文件未能缓存");
}

// A file named by its content (calculator/<name>.<12 hex>.<ext>: the first 12 hex digits of its SHA-256,
// generator/browser/calculator_assets.py hashed_name) is cached only when its bytes are those its name says: a server
// or proxy that once handed out an older core bundle under the new name would otherwise have it served from the cache
// for good (cache first), and reloading, the advice the page gives, could never fix it. A mismatch fails like a failed
// download (an essential file: the install fails, and is tried again at the next visit); nothing else is ever cached.
async function verified(path, response) {
  const named = path.match(CONTENT_HASHED);
  if (!named) return response;
  const bytes = await response.arrayBuffer();
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
  if (!hex.startsWith(named[1])) throw new Error(`${path}: 内容与文件名中的哈希不符（${hex.slice(0, 12)}）`);
  return new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  const key = cacheKey(url);
  const path = url.pathname.slice(SCOPE.pathname.length);
  if (NETWORK_ONLY.includes(path)) return;
  if (IMMUTABLE.some((prefix) => path.startsWith(prefix)) || CONTENT_HASHED.test(path) || SEARCH_INDEX.test(path)) {
    event.respondWith(cacheFirst(request, key));
  } else {
    event.respondWith(networkFirst(request, key));
  }
});

// The cached copy's URL: without query and fragment, and a page's index.html by its folder URL.
function cacheKey(url) {
  let path = url.pathname;
  if (path.endsWith("/index.html")) path = path.slice(0, -"index.html".length);
  return url.origin + path;
}

// caches.match with cacheName never creates the cache (caches.open would re-create one deleted by a newer build).
async function fromCache(key) {
  const options = { cacheName: BUILD.cache };
  return (await caches.match(key, options)) || (key.endsWith("/") ? undefined : await caches.match(`${key}/`, options));
}

async function cacheFirst(request, key) {
  return (await fromCache(key)) || fetch(request);
}

// No navigation preload: its request may be answered from the HTTP cache without asking the server (heuristic
// freshness), and a page seen earlier must never come back stale while the network answers.
async function networkFirst(request, key) {
  // Revalidate with the server (a 304 costs little), so a page seen earlier is never taken from the HTTP cache stale.
  const network = fetch(request.url, { cache: "no-cache", credentials: "same-origin", headers: request.headers });
  const timeout = new Promise((resolve) => setTimeout(resolve, NETWORK_TIMEOUT_MS, "timeout"));
  try {
    const first = await Promise.race([network, timeout]);
    if (first !== "timeout") return forNavigation(request, first);
    const cached = await fromCache(key);
    return cached ? await cachedForNavigation(request, key, cached) : forNavigation(request, await network);
  } catch (error) {
    const cached = await fromCache(key);
    if (cached) return await cachedForNavigation(request, key, cached);
    if (request.mode === "navigate") {
      const notFound = await fromCache(new URL("404.html", SCOPE).href);
      if (notFound) return notFound;
    }
    throw error;
  }
}

// A page asked for without its final slash (/calculator): the server answers with a redirect, which fetch() follows.
// A navigation must be given the redirect itself, not the page it led to (Chromium refuses that one: ERR_FAILED, every
// such address broke once the service worker was installed); the address then becomes the page's own, which its
// relative links are resolved from.
function forNavigation(request, response) {
  return request.mode === "navigate" && response.redirected ? Response.redirect(response.url, 301) : response;
}

// The same offline: the copy found under the folder's address (fromCache) is reached by a redirect to that address.
async function cachedForNavigation(request, key, cached) {
  if (request.mode !== "navigate" || key.endsWith("/") || (await caches.match(key, { cacheName: BUILD.cache }))) return cached;
  const url = new URL(request.url);
  url.pathname += "/";
  return Response.redirect(url.href, 301);
}
