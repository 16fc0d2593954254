// The engine: the calculator/ core under MicroPython in one module worker for the whole visit, and the requests to it.

import { checkKey } from "./fields.js";
import { SITE_ROOT } from "./script.js";

export const engine = {
  worker: null,
  url: null, // the worker's URL: worker.<hash>.js, one build of the core and the rules
  rulesVersion: null, // {id, date} of the rules the worker loaded
  state: "idle", // idle → loading → ready | failed
  message: "",
  links: {},
  pending: new Map(), // id → {resolve, onProgress, message}
  nextId: 1,
  listeners: new Set(),
  readyAt: null,
  firstVerdictAt: null,
};
let resolveReady;
let engineReady;
const newReadiness = () => {
  engineReady = new Promise((resolve) => {
    resolveReady = resolve;
  });
};
newReadiness();

function setEngineState(state, message) {
  engine.state = state;
  engine.message = message || "";
  for (const listener of engine.listeners) listener();
  if (state === "ready" || state === "failed") resolveReady(state);
}

// The build the calculator page shown names: its worker's URL and its rules version (null on other pages).
function pageBuild(root = document.getElementById("gx-calculator")) {
  if (!root || !root.dataset.worker) return null;
  return {
    url: new URL(root.dataset.worker, SITE_ROOT).href,
    rules: { id: root.dataset.rulesId, date: root.dataset.rulesDate },
  };
}
export let wantedBuild = pageBuild();

function failEngine(message) {
  setEngineState("failed", message);
  for (const [, request] of engine.pending) request.resolve({ error: { message, field: null, internal: true } });
  engine.pending.clear();
}

export function startEngine() {
  if (engine.state !== "idle") return;
  if (!wantedBuild) {
    failEngine("本页没有计算器的版本信息，请刷新本页");
    return;
  }
  if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
    failEngine("这个浏览器不支持 WebAssembly，无法在本机运行计算器。请换用新版的 Chrome、Edge、Firefox、Safari 或手机自带浏览器");
    return;
  }
  if (typeof Worker !== "function") {
    failEngine("这个浏览器不支持 Web Worker，无法运行计算器。请换用新版浏览器");
    return;
  }
  setEngineState("loading");
  engine.startedAt = performance.now();
  let early = [];
  const started = window.gxCalculatorWorker; // from overrides/partials/calculator-start.html, run in <head>
  window.gxCalculatorWorker = null;
  engine.url = wantedBuild.url;
  engine.rulesVersion = null;
  if (started && started.url !== engine.url) started.worker.terminate(); // of another build: not this page's
  if (started && started.url === engine.url) {
    engine.worker = started.worker;
    engine.createdAt = started.createdAt;
    early = started.adopt();
    if (started.check) {
      // The check in the URL, already sent from <head>: its answer is taken when the page asks for the same.
      const { id, key } = started.check;
      engine.early = { key, answer: new Promise((resolve) => engine.pending.set(id, { resolve })) };
    }
  } else {
    try {
      engine.worker = new Worker(engine.url, { type: "module", name: "calculator" });
    } catch (error) {
      failEngine(`计算器未能启动（${error.message}）。请换用新版浏览器`);
      return;
    }
  }
  const worker = engine.worker;
  // A replaced worker's late messages are not this engine's.
  worker.addEventListener("message", (event) => worker === engine.worker && onWorkerMessage(event.data));
  worker.addEventListener("error", (event) => worker === engine.worker && onWorkerError(event));
  for (const event of early) {
    if (event.type === "error") onWorkerError(event);
    else onWorkerMessage(event.data);
  }
  for (const [id, request] of engine.pending) if (request.message) worker.postMessage({ id, ...request.message });
}

// A worker of another build than the page's (instant navigation to a newer calculator page; the page's rules
// are those of its own build): stopped, and this page's started. Requests waiting for an answer are asked again.
function restartEngine() {
  if (engine.worker) engine.worker.terminate();
  engine.worker = null;
  engine.early = null;
  engine.links = {};
  engine.state = "idle";
  for (const [id, request] of engine.pending) if (!request.message) engine.pending.delete(id);
  newReadiness();
  startEngine();
}

function onWorkerError(event) {
  event.preventDefault();
  failEngine(`计算器未能加载${event.message ? `（${event.message}）` : ""}：请检查网络后刷新本页，或换用新版浏览器`);
}

function onWorkerMessage(message) {
  if (message.type === "ready") {
    engine.links = message.links || {};
    engine.rulesVersion = message.rules_version || null;
    engine.readyAt = performance.now();
    engine.workerStages = message.stages;
    engine.workerStartedAt = message.stages.origin - performance.timeOrigin;
    setEngineState("ready");
    // The checks asked before the worker was ready come with it (site_config/calculator/worker.js): answered here,
    // in the same task, so the first verdict is drawn before the browser paints the "ready" state alone.
    for (const { id, answer } of message.answers || []) onWorkerMessage({ id, type: "answer", answer });
    return;
  }
  if (message.type === "failed") {
    failEngine(`计算器未能加载（${message.message}）：请检查网络后刷新本页`);
    return;
  }
  const request = engine.pending.get(message.id);
  if (!request) return;
  if (message.type === "progress") {
    if (request.onProgress) request.onProgress(message);
    return;
  }
  engine.pending.delete(message.id);
  request.resolve(message.answer);
}

// Resolves with {result} or {error: {message, field}}; waits for the engine if it is still loading.
export function ask(type, input, onProgress) {
  startEngine();
  if (type === "check" && engine.early && engine.early.key === checkKey(input)) {
    const answer = engine.early.answer;
    engine.early = null;
    return answer;
  }
  engine.early = null; // anything else asked first: the check from <head> is no longer what the page shows
  if (engine.state === "failed") return Promise.resolve({ error: { message: engine.message, field: null, internal: true } });
  const id = engine.nextId;
  engine.nextId += 1;
  return new Promise((resolve) => {
    engine.pending.set(id, { resolve, onProgress, message: { type, input } });
    engine.worker.postMessage({ id, type, input });
  });
}

// Starts the engine if needed; resolves with "ready" or "failed".
export function ready() {
  startEngine();
  return engineReady;
}

// The calculator page shown (instant navigation included) names its build: a worker of another build
// (instant navigation from an older page) is replaced before any verdict.
export function followPageBuild(root) {
  wantedBuild = pageBuild(root);
  if (engine.state !== "idle" && wantedBuild && engine.url !== wantedBuild.url) restartEngine();
}
