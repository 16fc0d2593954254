"""Debian's Chromium driven by Playwright, as in the browser tests (tests/browser/conftest.py).

Fresh contexts for cold loads (empty cache, no service worker), persistent profiles for warm ones.
Requests to any host but 127.0.0.1 are recorded (context "request" events) and cannot succeed: the
browser's resolver maps every other host to nothing. Playwright's request routing is not used, as
the browser tests do, because it disables the HTTP cache and adds a round trip to every request.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Each new context opens a new window, for which Chromium 156 builds its WebUI omnibox (address bar) popups in a
    # renderer of their own: ~1.5 s of CPU on 2 cores, alongside the page being measured. A visitor's browser built
    # them once, when it started; the measured page and its baselines all load without them.
    "--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup",
]
"""How Debian's Chromium is started, here and by the browser tests (tests/browser/conftest.py)."""
LOCAL_ONLY_FLAGS = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
"""The benchmarks' browser resolves no host but 127.0.0.1 (the tests route requests instead)."""
LOCAL_ONLY = re.compile(r"^(?!https?://127\.0\.0\.1[:/]|data:|blob:)")

VERDICT_SEEN = "gx-bench: verdict"
"""The console message the verdict observer writes when it has recorded the verdict."""
MEASURE_FIRST_PAINT = '<meta name="gx-bench-measure" content="first-paint">'
"""A page with no verdict carries this in its <head> (bench/served_site.py write_theme_page): the observer records its
first contentful paint as its verdict."""
FIRST_PAINT_META = 'meta[name="gx-bench-measure"][content="first-paint"]'
"""The observer's selector for that element."""

VERDICT_OBSERVER = """
(() => {
  const VERDICT_SEEN = "<VERDICT_SEEN>";
  // When #result first gets a verdict (data-status pass/fail/error, or ready on a bare runtime page).
  // paintedMs: when the frame after the verdict has been drawn (the first task after that frame's animation callbacks,
  // style, layout and paint): what a person sees, beside verdictMs, when the page's DOM got it.
  window.__bench = { verdictMs: null, paintedMs: null, status: null, longTasks: [] };
  const done = ["pass", "fail", "error", "ready"];
  new MutationObserver((records) => {
    if (window.__bench.verdictMs !== null) return;
    for (const record of records) {
      const status = record.target.dataset && record.target.dataset.status;
      if (record.target.id === "result" && done.includes(status)) {
        window.__bench.verdictMs = performance.now();
        window.__bench.status = status;
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            window.__bench.paintedMs = performance.now();
            console.debug(VERDICT_SEEN); // what bench/pageload.py waits for (no script of Playwright's runs in the page)
          };
          channel.port2.postMessage(null);
        });
        return;
      }
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-status"] });
  try {
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => window.__bench.longTasks.push(entry.duration)))
      .observe({ type: "longtask", buffered: true });
  } catch (error) {}
  // A page with no verdict (bench/served_site.py write_theme_page) says so in a <meta>: its first contentful paint is
  // recorded as its "verdict", drawn already.
  new PerformanceObserver((list) => {
    const paint = list.getEntries().find((entry) => entry.name === "first-contentful-paint");
    if (!paint || window.__bench.verdictMs !== null) return;
    if (!document.querySelector('<FIRST_PAINT_SELECTOR>')) return;
    window.__bench.verdictMs = window.__bench.paintedMs = paint.startTime;
    window.__bench.status = "drawn";
    console.debug(VERDICT_SEEN);
  }).observe({ type: "paint", buffered: true });
})();
""".replace("<VERDICT_SEEN>", VERDICT_SEEN).replace("<FIRST_PAINT_SELECTOR>", FIRST_PAINT_META)


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS + LOCAL_ONLY_FLAGS)


def guard(context: Any, third_party: list[str]) -> Any:
    def record(request: Any) -> None:
        if LOCAL_ONLY.match(request.url):
            third_party.append(request.url)

    context.on("request", record)
    context.add_init_script(VERDICT_OBSERVER)
    return context


def fresh_context(browser: Any, third_party: list[str], **options: Any) -> Any:
    return guard(browser.new_context(locale="zh-CN", **options), third_party)


def persistent_context(browser: Any, profile: Path, third_party: list[str]) -> Any:
    """A Chromium of its own with a profile on disk (its cache survives closing), launched like `browser`."""
    context = browser.browser_type.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS + LOCAL_ONLY_FLAGS, locale="zh-CN"
    )
    return guard(context, third_party)
