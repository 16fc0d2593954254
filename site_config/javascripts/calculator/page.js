// The calculator page bound each time it is shown (Material's instant navigation re-renders it without reloading).

import { bindBatch } from "./batch.js";
import { engine, followPageBuild, startEngine } from "./engine.js";
import { bindCheck } from "./form.js";
import { askAgain, askServer, freshness, freshnessListeners, showFreshness } from "./freshness.js";
import { bindRecord } from "./record.js";
import { SCRIPT } from "./script.js";
import { bindTraining } from "./training.js";

let pageBinding = null;
let boundRoot = null;
let followingTheme = false;

function showEngineState(root) {
  const status = root.querySelector("#calculator-status");
  const texts = {
    idle: "计算器正在加载……（可以先填写，加载完成后自动计算）",
    loading: "计算器正在加载……（可以先填写，加载完成后自动计算）",
    ready: "计算器已就绪：在您的浏览器中计算，填写的内容不离开本机。",
    failed: `计算器无法运行：${engine.message}。`,
  };
  status.textContent = texts[engine.state];
  status.dataset.state = engine.state;
  root.dataset.engine = engine.state;
}

// Once per page shown: the calculator's page is bound (the engine's and the freshness' state shown, the forms), others unbound.
export function bindPage() {
  const root = document.getElementById("gx-calculator");
  if (root && root === boundRoot) return; // bound already, by the early copy of this script
  if (pageBinding) pageBinding.abort();
  pageBinding = null;
  boundRoot = root;
  if (!root) return;
  const controller = new AbortController();
  pageBinding = controller;
  const listener = () => showEngineState(root);
  engine.listeners.add(listener);
  const freshnessListener = () => showFreshness(root);
  freshnessListeners.add(freshnessListener);
  controller.signal.addEventListener("abort", () => {
    engine.listeners.delete(listener);
    freshnessListeners.delete(freshnessListener);
  });
  // This page's build: a worker of another (instant navigation from an older page) is replaced before any verdict.
  followPageBuild(root);
  freshness.state = "unknown";
  freshness.server = null;
  freshness.status = "";
  askServer();
  // Shown again (another tab, the back/forward cache) or used again (a check): asked again (freshness.askAgain).
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && askAgain(), {
    signal: controller.signal,
  });
  window.addEventListener("pageshow", (event) => event.persisted && askAgain(), { signal: controller.signal });
  window.addEventListener("focus", askAgain, { signal: controller.signal });
  startEngine();
  showEngineState(root);
  bindCheck(root, controller.signal);
  // The sections below the check (training dates, batch, record) are bound in a task of their own, queued after the
  // worker's answer to the check in the URL when that answer has already come: the first verdict is drawn ~10 ms sooner
  // on a fresh page, whose main thread is the slower of the two (bench/: the start-up timeline).
  setTimeout(() => {
    if (controller.signal.aborted) return;
    bindTraining(root);
    bindBatch(root, controller.signal);
    bindRecord(root, controller.signal);
  }, 0);
}

// Material's instant navigation replaces the page's content without reloading: document$ emits each page shown.
export function followTheme() {
  if (followingTheme) return true;
  if (typeof window.document$ === "undefined" || typeof window.document$.subscribe !== "function") return false;
  followingTheme = true;
  window.document$.subscribe(bindPage);
  return true;
}

// The calculator's markup is complete when this script comes after it (the early copy in the page).
export function calculatorParsed() {
  const root = document.getElementById("gx-calculator");
  return Boolean(
    root && SCRIPT && !root.contains(SCRIPT) && root.compareDocumentPosition(SCRIPT) & Node.DOCUMENT_POSITION_FOLLOWING,
  );
}
