// Entry point of javascripts/calculator.js: the second run hands over to the first; window.gxCalculator; the start.
//
// The calculator page (content/calculator.md) on the main thread: the form, the URL fragment, CSV decoding,
// rendering results and downloads. The checking itself is the calculator/ Python core running under
// MicroPython in a module Web Worker (calculator/worker.<hash>.js), kept at module scope, so it survives
// Material's instant navigation. This script also registers the site's service worker.
//
// Old rules are never used without saying so. The calculator page names its build (#gx-calculator's
// data-worker, data-rules-id, data-rules-date, written by generator/calculator_assets.py): on each arrival
// on the page (instant navigation included) a worker of another build is replaced by this page's before the
// next verdict; calculator/version.json, asked of the network only, says whether the server has newer rules
// (then 通知数据已更新, with a button that loads them, still said when the network goes), gave no answer (then every
// verdict says it comes from the offline copy, with its rules version and date) or answered without a version (HTTP
// 404, 500: then every verdict says it could not be confirmed). A verdict drawn while the question is under way says
// so. Every verdict names the rules version it used.
//
// Nothing typed or chosen here leaves the browser: inputs are kept in the URL fragment (after #),
// which browsers never send to a server.
//
// These modules are bundled into the one classic script javascripts/calculator.js at each site build
// (generator/calculator_script.py, esbuild, format iife): the other modules only declare, nothing of theirs
// runs until this one calls it. On the calculator page the script is written into the page right after the
// calculator's markup (overrides/main.html, with data-src naming the file), so that a check in the URL is
// answered before Material's bundle has run; it follows Material's instant navigation from DOMContentLoaded on
// (the bundle has run by then), so that page does not link the file again. Every other page links it after the
// bundle (extra_javascript). Should a second copy run all the same, it finds window.gxCalculator and hands over
// to the first.

import { ask, engine, ready, startEngine } from "./engine.js";
import { registerServiceWorker } from "./freshness.js";
import { bindPage, calculatorParsed, followTheme } from "./page.js";

function start() {
  // For tests and the curious: the same entry points the page uses.
  window.gxCalculator = {
    check: (input) => ask("check", input),
    hours: (input) => ask("hours", input),
    ready: () => ready(),
    followTheme: () => followTheme(),
    rulesVersion: () => engine.rulesVersion,
    timings: () => ({
      workerCreatedMs: engine.createdAt === undefined ? engine.startedAt : engine.createdAt,
      engineStartedMs: engine.startedAt,
      workerStartedMs: engine.workerStartedAt,
      workerStages: engine.workerStages,
      readyMs: engine.readyAt,
      firstVerdictMs: engine.firstVerdictAt,
    }),
  };

  registerServiceWorker();
  // Start MicroPython at once on the calculator page, before Material has finished setting up the page.
  if (document.getElementById("gx-calculator")) startEngine();
  if (!followTheme()) {
    if (calculatorParsed()) bindPage();
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", () => followTheme() || bindPage(), { once: true });
    } else {
      bindPage();
    }
  }
}

if (window.gxCalculator && typeof window.gxCalculator.followTheme === "function") {
  window.gxCalculator.followTheme();
} else {
  start();
}
