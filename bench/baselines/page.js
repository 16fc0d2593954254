// Baseline page (bench/baselines/page.html): start the worker, time "ready" and the verdict from navigation start.
const params = new URLSearchParams(location.search);
const runtime = params.get("runtime") || "micropython";
const check = params.get("check") === "1";
window.benchTimings = { runtime, check, workerCreatedMs: performance.now(), readyMs: null, coreReadyMs: null, verdictMs: null };

const input = {};
for (const [id, key] of [["year", "year"], ["public-required", "public_required"], ["public-elective", "public_elective"], ["professional", "professional"], ["as-of", "as_of"]]) {
  input[key] = new URLSearchParams(location.hash.slice(1)).get(id) || "";
}

const worker = new Worker(new URL(`worker.js?runtime=${runtime}&check=${check ? 1 : 0}`, import.meta.url), { type: "module" });
worker.onerror = (event) => {
  document.querySelector("#state").textContent = `error: ${event.message}`;
  document.querySelector("#result").dataset.status = "error";
};
worker.onmessage = ({ data }) => {
  const now = performance.now();
  if (data.type === "runtime") {
    window.benchTimings.readyMs = now;
    window.benchTimings.workerStages = data.stages;
    if (!check) {
      document.querySelector("#state").textContent = "ready";
      document.querySelector("#result").dataset.status = "ready";
    }
  } else if (data.type === "core") {
    window.benchTimings.coreReadyMs = now;
    worker.postMessage({ type: "check", input });
  } else if (data.type === "answer") {
    const answer = data.answer;
    const status = answer.error ? "error" : answer.result.passed ? "pass" : "fail";
    const result = document.querySelector("#result");
    result.textContent = answer.error ? answer.error.message : `${answer.result.year}: ${status}`;
    result.dataset.status = status;
    window.benchTimings.verdictMs = performance.now();
    document.querySelector("#state").textContent = "done";
  } else if (data.type === "failed") {
    document.querySelector("#state").textContent = `failed: ${data.message}`;
    document.querySelector("#result").dataset.status = "error";
  }
};
