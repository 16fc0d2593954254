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
export const freshness = { state: "unknown", server: null, askedAt: 0 }; // unknown → current | outdated | offline
export const freshnessListeners = new Set();

// An open page asks again before each verdict: a tab left open (or brought back from the browser's back/forward cache)
// must not answer on rules the server has since replaced without saying so. It used to skip the question when it had
// asked less than 5 s before: a publication in those seconds left the next verdict labelled current, and nothing
// corrected it until another verdict or focus. Now the verdict is relabelled as soon as the answer comes (one small
// request, version.json, a verdict; one at a time).
const STILL_KNOWN_MS = 60_000; // an answer older than this is no longer taken as known: verdicts say it is being asked
let asking = null; // the question under way, if any

// Before a verdict (and when the page is shown again): asks the server again, unless a question is under way.
export function askAgain() {
  if (asking) return;
  const since = Date.now() - freshness.askedAt;
  if (since > STILL_KNOWN_MS && freshness.state !== "unknown") setFreshness("unknown", freshness.server);
  asking = askServer().finally(() => {
    asking = null;
  });
}

function setFreshness(state, server) {
  freshness.state = state;
  freshness.server = server || null;
  for (const listener of freshnessListeners) listener();
  if (state === "current") onUpdateWaiting();
}

export async function askServer() {
  const build = wantedBuild;
  if (!build) return;
  freshness.askedAt = Date.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), VERSION_TIMEOUT_MS);
  let server = null;
  try {
    const response = await fetch(new URL("calculator/version.json", SITE_ROOT), {
      cache: "no-store",
      credentials: "same-origin",
      signal: controller.signal,
    });
    if (response.ok) server = await response.json();
  } catch (error) {
    server = null; // offline, or no answer in time
  } finally {
    clearTimeout(timer);
  }
  if (build !== wantedBuild) return; // another page was shown meanwhile: it asks for itself
  if (!server || !server.rules || !server.rules.id) setFreshness("offline");
  else setFreshness(server.rules.id === build.rules.id ? "current" : "outdated", server);
}

// How a verdict names its rules: the version (the core's result.rules_version), and where it stands:
// [text, whether the person should check again].
function versionText(version) {
  if (!version) return ["", false];
  if (freshness.state === "offline") {
    return [`离线副本：按 ${version.date} 编译的规则（版本 ${version.id}）核对，联网后请再核对一次`, true];
  }
  if (freshness.state === "outdated" && freshness.server && freshness.server.rules.id !== version.id) {
    const newer = freshness.server.rules;
    return [
      `按旧规则（版本 ${version.id}，${version.date} 编译）核对：通知数据已更新（版本 ${newer.id}，${newer.date} 编译），请点“载入新数据”后再核对`,
      true,
    ];
  }
  // The worker's rules are not the page's (a server that handed out an older core bundle): never shown as current.
  const page = wantedBuild && wantedBuild.rules;
  if (page && page.id && page.id !== version.id) {
    return [
      `按旧规则（版本 ${version.id}，${version.date} 编译）核对：本页的规则是版本 ${page.id}（${page.date} 编译），请重新载入本页后再核对`,
      true,
    ];
  }
  if (freshness.state === "unknown") {
    return [`规则版本 ${version.id}（${version.date} 编译），正在向服务器核对是否有更新的规则……`, false];
  }
  return [`规则版本 ${version.id}（${version.date} 编译）`, false];
}

export function renderVersion(version, className) {
  const node = document.createElement("p");
  node.className = `gx-rules-version ${className || ""}`.trim();
  node.dataset.rulesId = version ? version.id : "";
  node.dataset.rulesDate = version ? version.date : "";
  updateVersion(node);
  return node;
}

function updateVersion(node) {
  const version = node.dataset.rulesId ? { id: node.dataset.rulesId, date: node.dataset.rulesDate } : null;
  const [text, checkAgain] = versionText(version);
  node.textContent = text;
  node.dataset.freshness = freshness.state;
  node.dataset.checkAgain = String(checkAgain);
}

export function showFreshness(root) {
  for (const node of root.querySelectorAll(".gx-rules-version[data-rules-id]")) updateVersion(node);
  let notice = root.querySelector("#calculator-update");
  if (freshness.state !== "outdated") {
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
