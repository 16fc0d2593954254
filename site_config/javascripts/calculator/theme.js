// The calculator page's theme scripts (Material's bundle, the site's scripts): started once the calculator has answered.
//
// Loaded cold, this page used to run Material's bundle and the site's scripts (~60 ms of the main thread) while
// the calculator's worker was starting; the worker's first answer then waited for them (bench/: the first
// verdict ~40 ms later). On this page the template writes them as a JSON data block, #gx-theme-scripts
// (generator/browser/held_scripts.py), and startHeldTheme() runs them, in their order, at the first of: the
// calculator ready or failed (its first verdict drawn and painted), the person's first touch, click or key,
// or HOLD_MS after the page was parsed. Until then the page is Material's page without its scripts: readable,
// its menu and search box open (both are CSS toggles), links load pages in full.
//
// Material starts on the document's DOMContentLoaded, which has passed by the time its bundle runs here: once
// the held scripts have run, that event is sent to the document once more. Listeners for it registered before
// (this script's own, { once: true }) have run and are gone; the ones left are those of the scripts just run.

import { followTheme } from "./page.js";

const HOLD_MS = 3000;
const FIRST_INPUT = ["pointerdown", "keydown", "touchstart"];

let started = false;

// Starts the held scripts at the first of the moments above (no-op on a page without #gx-theme-scripts).
export function holdTheme(calculatorSettled) {
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => holdTheme(calculatorSettled), { once: true });
    return;
  }
  const block = document.getElementById("gx-theme-scripts");
  if (!block || started) return;
  const start = () => startHeldTheme(block);
  FIRST_INPUT.forEach((type) => window.addEventListener(type, start, { capture: true, once: true, passive: true }));
  setTimeout(start, HOLD_MS);
  // After the verdict has been painted: a frame, then a task.
  calculatorSettled.finally(() => requestAnimationFrame(() => setTimeout(start, 0)));
}

function startHeldTheme(block) {
  if (started) return;
  started = true;
  let scripts;
  try {
    scripts = JSON.parse(block.textContent);
  } catch (error) {
    console.error("#gx-theme-scripts:", error);
    return;
  }
  const loads = scripts.map((script) => {
    const element = document.createElement("script");
    if (script.type) element.type = script.type;
    if (script.defer) element.defer = true;
    element.async = Boolean(script.async); // otherwise in order, as the parser would have run them
    element.src = script.src;
    const done = new Promise((resolve) => {
      element.addEventListener("load", resolve, { once: true });
      element.addEventListener("error", resolve, { once: true }); // one missing script does not hold back the others
    });
    document.body.appendChild(element);
    return done;
  });
  Promise.all(loads).then(() => {
    followTheme();
    document.dispatchEvent(new Event("DOMContentLoaded"));
  });
}
