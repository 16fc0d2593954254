// Starts the calculator's worker while the page is still being parsed, so MicroPython loads in parallel
// with the rest of the page; javascripts/calculator.js adopts it (with any messages that came early).
(() => {
  "use strict";
  // Once calculator.js has run (e.g. after instant navigation) it starts and keeps the worker itself.
  if (window.gxCalculator || window.gxCalculatorWorker || typeof Worker !== "function" || typeof WebAssembly !== "object") return;
  const script = document.currentScript;
  if (!script || !script.src) return;
  try {
    const worker = new Worker(new URL("worker.js", script.src), { type: "module", name: "calculator" });
    const early = [];
    const keep = (event) => {
      if (event.type === "error") event.preventDefault();
      early.push(event);
    };
    worker.addEventListener("message", keep);
    worker.addEventListener("error", keep);
    window.gxCalculatorWorker = {
      worker,
      createdAt: performance.now(),
      adopt() {
        worker.removeEventListener("message", keep);
        worker.removeEventListener("error", keep);
        return early;
      },
    };
  } catch (error) {
    // calculator.js starts the worker itself and reports the problem
  }
})();
