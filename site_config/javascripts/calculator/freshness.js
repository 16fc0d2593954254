// Whether the page's rules are the server's: the service worker (registered, updated), calculator/version.json, the version on verdicts.

import { element } from "./dom.js";
import { wantedBuild } from "./engine.js";
import { SITE_ROOT } from "./script.js";

// ---- Service worker: offline copy of the whole site (sw.js is written by generator/calculator_assets.py).

export function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  const register = () =>
    navigator.serviceWorker
      .register(new URL("sw.js", SITE_ROOT), { scope: SITE_ROOT.pathname })
      .then(followUpdates)
      .catch((error) => {
        console.warn("离线缓存（service worker）未能启用：", error);
      });
  // After the page has loaded and gone idle: filling the offline cache must not slow the page's own start.
  const whenIdle = () =>
    "requestIdleCallback" in window ? window.requestIdleCallback(register, { timeout: 5000 }) : setTimeout(register, 1000);
  if (document.readyState === "complete") whenIdle();
  else window.addEventListener("load", whenIdle, { once: true });
}

// A new build's service worker waits (sw.js) until no page uses the old one. The calculator page lets it take
// over at once when the page is itself of the server's build (nothing to reload); when the page is older, the
// person is asked (通知数据已更新 → 载入新数据: skip-waiting → controllerchange → reload).
let reloadOnControllerChange = false;

function followUpdates(registration) {
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (reloadOnControllerChange) location.reload();
  });
  const installed = (worker) => {
    if (worker.state === "installed") onUpdateWaiting();
    else worker.addEventListener("statechange", () => worker.state === "installed" && onUpdateWaiting());
  };
  registration.addEventListener("updatefound", () => registration.installing && installed(registration.installing));
  if (registration.installing) installed(registration.installing);
  if (registration.waiting) onUpdateWaiting();
}

async function waitingWorker() {
  if (!("serviceWorker" in navigator) || !navigator.serviceWorker.controller) return null;
  const registration = await navigator.serviceWorker.getRegistration(SITE_ROOT.href).catch(() => null);
  return (registration && registration.waiting) || null;
}

async function onUpdateWaiting() {
  if (freshness.state !== "current") return;
  const waiting = await waitingWorker();
  if (waiting) waiting.postMessage({ type: "skip-waiting" });
}

async function loadNewRules(button) {
  button.disabled = true;
  button.textContent = "正在载入……";
  const waiting = await waitingWorker();
  if (waiting) {
    reloadOnControllerChange = true;
    waiting.postMessage({ type: "skip-waiting" });
    setTimeout(() => location.reload(), 5000); // if the switch does not come, the page from the network will do
  } else {
    location.reload();
  }
}

// ---- Freshness: are the page's rules the server's? (calculator/version.json, from the network only)

const VERSION_TIMEOUT_MS = 3000;
// state: unknown → current | outdated | offline (no answer: the offline copy, or no network in time) | unverified (the
// server answered, but not with a version: HTTP 404, 500 …; `status` says what). `server` is the last version the
// server named: kept when a later question gets no answer, so a tab that learnt of newer rules keeps saying its rules
// are old while offline. `asking`: a question is under way (a verdict drawn meanwhile is not shown as confirmed).
export const freshness = { state: "unknown", server: null, status: "", asking: false, askedAt: 0 };
export const freshnessListeners = new Set();

// An open page asks again before each verdict: a tab left open (or brought back from the browser's back/forward cache)
// must not answer on rules the server has since replaced without saying so. A verdict drawn while the question is under
// way says it is not yet confirmed (a publication a second before would otherwise be shown as current until the answer
// came, up to VERSION_TIMEOUT_MS), and every verdict is relabelled as soon as the answer comes (one small request,
// version.json, a verdict; one at a time).
const STILL_KNOWN_MS = 60_000; // an answer older than this is no longer taken as known: verdicts say it is being asked
let asking = null; // the question under way, if any: {promise}

// Before a verdict (and when the page is shown again): asks the server again, unless a question is under way.
// Resolves when the answer is in (freshness.state then says it).
export function askAgain() {
  if (asking) return asking.promise;
  const since = Date.now() - freshness.askedAt;
  if (since > STILL_KNOWN_MS && freshness.state === "current") setFreshness("unknown", freshness.server);
  return askServer();
}

function setFreshness(state, server, status = "") {
  freshness.state = state;
  freshness.server = server || null;
  freshness.status = status;
  for (const listener of freshnessListeners) listener();
  if (state === "current") onUpdateWaiting();
}

// The page shown asks for its own build (even while a question for a page shown before is under way).
export function askServer() {
  const build = wantedBuild;
  if (!build) return Promise.resolve();
  const mine = {};
  asking = mine;
  freshness.asking = true;
  freshness.askedAt = Date.now();
  mine.promise = serverAnswer().then((answer) => {
    if (asking === mine) {
      asking = null;
      freshness.asking = false;
    }
    if (build !== wantedBuild) return; // another page was shown meanwhile: it asks for itself
    if (answer.server) setFreshness(answer.server.rules.id === build.rules.id ? "current" : "outdated", answer.server);
    else if (answer.status) setFreshness("unverified", freshness.server, answer.status);
    else setFreshness("offline", freshness.server); // what the server named before (newer rules) is still known
  });
  return mine.promise;
}

// {server: version.json} | {status: why the server's answer named no version} | {} (no answer: offline, or too slow).
async function serverAnswer() {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), VERSION_TIMEOUT_MS);
  try {
    const response = await fetch(new URL("calculator/version.json", SITE_ROOT), {
      cache: "no-store",
      credentials: "same-origin",
      signal: controller.signal,
    });
    if (!response.ok) return { status: `服务器回答 HTTP ${response.status}` };
    let server = null;
    try {
      server = await response.json();
    } catch (error) {
      if (error && error.name === "AbortError") return {};
      server = null;
    }
    if (!server || !server.rules || !server.rules.id) return { status: "服务器的回答中没有规则版本" };
    return { server };
  } catch (error) {
    return {}; // offline, or no answer in time
  } finally {
    clearTimeout(timer);
  }
}

// The server named newer rules than `id` (now, or before a question that got no answer).
function newerThan(id) {
  const server = freshness.server && freshness.server.rules;
  return server && server.id !== id && wantedBuild && wantedBuild.rules && server.id !== wantedBuild.rules.id ? server : null;
}

// Where a verdict made on `version` (the core's result.rules_version) stands:
// {kind, text, checkAgain, reload?}; kind: current | unconfirmed | old (the server has newer rules, or the page's are newer than
// the worker's) | offline | unverified. Results made on old rules are not handed out (batch.js: no download).
export function standing(version) {
  if (!version) return { kind: "current", text: "", checkAgain: false };
  const used = `版本 ${version.id}，${version.date} 编译`;
  const newer = newerThan(version.id);
  if (newer && freshness.state === "outdated") {
    return {
      kind: "old",
      text: `按旧规则（${used}）核对：通知数据已更新（版本 ${newer.id}，${newer.date} 编译），请点“载入新数据”后再核对`,
      checkAgain: true,
    };
  }
  if (newer && freshness.state === "offline") {
    return {
      kind: "old",
      text: `离线副本：按旧规则（${used}）核对：服务器上已有新的规则（版本 ${newer.id}，${newer.date} 编译），请点“载入新数据”或联网后再核对`,
      checkAgain: true,
    };
  }
  if (newer && freshness.state === "unverified") {
    return {
      kind: "old",
      text: `按旧规则（${used}）核对：服务器上已有新的规则（版本 ${newer.id}，${newer.date} 编译；这次未能再向服务器核实：${freshness.status}），请点“载入新数据”后再核对`,
      checkAgain: true,
    };
  }
  if (freshness.state === "offline") {
    return {
      kind: "offline",
      text: `离线副本：按 ${version.date} 编译的规则（版本 ${version.id}）核对，联网后请再核对一次`,
      checkAgain: true,
    };
  }
  // The worker's rules are not the page's (a server that handed out an older core bundle): never shown as current.
  const page = wantedBuild && wantedBuild.rules;
  if (page && page.id && page.id !== version.id) {
    return {
      kind: "old",
      text: `按旧规则（${used}）核对：本页的规则是版本 ${page.id}（${page.date} 编译），请重新载入本页后再核对`,
      checkAgain: true,
      reload: true, // the remedy is reloading this page, not 载入新数据
    };
  }
  if (freshness.state === "unverified") {
    return {
      kind: "unverified",
      text: `规则版本 ${version.id}（${version.date} 编译）：未能向服务器核实是否有更新的规则（${freshness.status}），请稍后再核对一次`,
      checkAgain: true,
    };
  }
  if (freshness.state === "unknown" || freshness.asking) {
    return {
      kind: "unconfirmed",
      text: `规则版本 ${version.id}（${version.date} 编译），正在向服务器核对是否有更新的规则……`,
      checkAgain: false,
    };
  }
  return { kind: "current", text: `规则版本 ${version.id}（${version.date} 编译）`, checkAgain: false };
}

export function renderVersion(version, className) {
  const node = document.createElement("p");
  node.className = `gx-rules-version ${className || ""}`.trim();
  node.dataset.rulesId = version ? version.id : "";
  node.dataset.rulesDate = version ? version.date : "";
  updateVersion(node);
  return node;
}

// data-freshness: the page's freshness state, or "unknown" for a verdict drawn while the question was under way.
function updateVersion(node) {
  const version = node.dataset.rulesId ? { id: node.dataset.rulesId, date: node.dataset.rulesDate } : null;
  const { kind, text, checkAgain } = standing(version);
  node.textContent = text;
  node.dataset.freshness = kind === "unconfirmed" ? "unknown" : freshness.state;
  node.dataset.checkAgain = String(checkAgain);
}

export function showFreshness(root) {
  for (const node of root.querySelectorAll(".gx-rules-version[data-rules-id]")) updateVersion(node);
  let notice = root.querySelector("#calculator-update");
  // Shown while the server's newer rules are known: also when a later question got no answer (offline).
  if (!(wantedBuild && wantedBuild.rules && newerThan(wantedBuild.rules.id))) {
    if (notice) notice.remove();
    return;
  }
  if (notice) return;
  const button = element("button", { type: "button", className: "md-button md-button--primary", id: "calculator-update-load" }, "载入新数据");
  button.addEventListener("click", () => loadNewRules(button));
  const newer = freshness.server.rules;
  notice = element(
    "div",
    { className: "admonition info gx-update", id: "calculator-update", role: "status" },
    element("p", { className: "admonition-title" }, "通知数据已更新"),
    element(
      "p",
      {},
      `本站已发布新的规则（版本 ${newer.id}，${newer.date} 编译），本页仍是旧版本（版本 ${wantedBuild.rules.id}）：载入新数据后再核对。`,
    ),
    element("p", {}, button),
  );
  root.querySelector("#calculator-status").after(notice);
}
