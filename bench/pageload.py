"""One page load in Chromium, timed from navigation start, with the bytes the server sent for it.

The pages the start-up and transfer benchmarks load, all from the same server:

- calculator: /calculator/ with a check in the URL fragment (the page checks it as soon as the
  runtime is ready): the whole page — Material theme, search, rules, our core — until its first verdict;
- bare-micropython / bare-pyodide: /_bench/page.html, a page with nothing but a module worker that
  loads the runtime (bench/baselines/);
- pyodide-calculator: the same baseline page loading Pyodide, then our core (as Python sources, /_bench/core-sources.json),
  and answering the same check: what the calculator would cost on Pyodide;
- micropython-core: the same on MicroPython: our core and check without the theme;
- theme-only: /_bench-theme/, the calculator page without its two scripts (no worker, nothing bound): the theme and
  the page's markup, until its first contentful paint, which stands for its verdict. The calculator page's verdict cannot
  be drawn before its page can be drawn at all: this is that floor, measured beside the bare runtime.

Times are performance.now() in the page (milliseconds since navigation start): `ready_ms` when the
page learnt that the runtime (and, on the calculator page, our core) is ready, `verdict_ms` when #result
first showed a verdict (a MutationObserver installed before any page script, bench/browser.py), `painted_ms` when the
frame after it had been drawn (what a person sees; not a budget's figure, reported beside it), `first_paint_ms` the
page's first contentful paint (Paint Timing). `cpu_ms` is the CPU time the whole machine spent from navigation to the
verdict (all cores and processes, /proc/stat: the browser's, the server's, the harness'): on a machine whose cores are
all busy while a page starts, wall time follows the total work, whichever thread does it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.browser import VERDICT_SEEN
from bench.served_site import CHECK_FRAGMENT, THEME_DIR
from bench.servers import LoggedServer, Response

PAGES = {
    "calculator": f"calculator/{CHECK_FRAGMENT}",
    "bare-micropython": "_bench/page.html?runtime=micropython",
    "bare-pyodide": "_bench/page.html?runtime=pyodide",
    "pyodide-calculator": f"_bench/page.html?runtime=pyodide&check=1{CHECK_FRAGMENT}",
    "micropython-core": f"_bench/page.html?runtime=micropython&check=1{CHECK_FRAGMENT}",
    "theme-only": f"{THEME_DIR}/",
}
EXPECTED_STATUS = {
    "calculator": "pass",
    "bare-micropython": "ready",
    "bare-pyodide": "ready",
    "pyodide-calculator": "pass",
    "micropython-core": "pass",
    "theme-only": "drawn",
}


@dataclass
class Load:
    name: str
    status: str
    ready_ms: float | None
    verdict_ms: float | None
    painted_ms: float | None
    first_paint_ms: float | None
    cpu_ms: float | None
    longest_task_ms: float
    responses: list[Response]
    timings: dict[str, Any]


FIRST_PAINT = "(() => { const entry = performance.getEntriesByName('first-contentful-paint')[0]; return entry ? entry.startTime : null; })()"
"""When the page first drew some content (ms after navigation started)."""
PAGE_RECEIVED = "(() => { const entry = performance.getEntriesByType('navigation')[0]; return entry ? entry.responseEnd : null; })()"
"""When the page's HTML had arrived (ms after navigation started): through the service worker on a return visit."""


PROC_STAT = Path("/proc/stat")


def machine_cpu_ms() -> float | None:
    """CPU time the whole machine has spent busy (all cores, all processes: browser, server, harness), in ms; None
    where there is no /proc/stat (not Linux)."""
    try:
        fields = [int(value) for value in PROC_STAT.read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) * 1000 / os.sysconf("SC_CLK_TCK")


def load(page: Any, server: LoggedServer, name: str, timeout_ms: float = 120_000) -> Load:
    """Navigate to the page, wait for its verdict (or ready), return the figures."""
    since = server.mark()
    cpu_before = machine_cpu_ms()
    # Waiting by the observer's console message, not by page.wait_for_function: polling would run Playwright's own
    # script in the page (~15 ms of the main thread when it is first used, then a call every poll) while it starts up.
    with page.expect_console_message(lambda message: message.text == VERDICT_SEEN, timeout=timeout_ms):
        page.goto(server.url + PAGES[name], wait_until="commit")
    cpu_after = machine_cpu_ms()
    bench = page.evaluate("window.__bench")
    if name == "calculator":
        timings = page.evaluate("window.gxCalculator ? window.gxCalculator.timings() : {}")
        timings["pageReceivedMs"] = page.evaluate(PAGE_RECEIVED)
        timings["paintedMs"] = bench.get("paintedMs")
        ready = timings.get("readyMs")
    elif name == "theme-only":
        timings = {}
        ready = bench["verdictMs"]  # its first paint: nothing else to be ready
    else:
        timings = page.evaluate("window.benchTimings || {}")
        ready = timings.get("coreReadyMs") or timings.get("readyMs")
    first_paint = page.evaluate(FIRST_PAINT)
    return Load(
        name=name,
        status=str(bench["status"]),
        ready_ms=None if ready is None else float(ready),
        verdict_ms=float(bench["verdictMs"]),
        painted_ms=None if bench.get("paintedMs") is None else float(bench["paintedMs"]),
        first_paint_ms=None if first_paint is None else float(first_paint),
        cpu_ms=None if cpu_before is None or cpu_after is None else cpu_after - cpu_before,
        longest_task_ms=float(max(bench["longTasks"] or [0])),
        responses=server.responses(since),
        timings=timings,
    )


def is_offline_copy(response: Response) -> bool:
    """A request of the service worker: sw.js itself, or its precaching of the site (fetch with cache: "reload")."""
    headers = response.headers
    return headers.get("sec-fetch-dest") == "serviceworker" or "no-cache" in headers.get("cache-control", "")
