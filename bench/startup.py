"""Calculator start-up: navigation → runtime ready → first verdict, cold and warm, beside its baselines.

Every round loads each page once, in an order rotated from round to round (bench/pageload.py lists
the pages): the calculator page and its baselines are measured side by side in the same session,
from the same plain static server.

- cold: a fresh browser context each time: empty cache, no service worker yet;
- warm: a persistent profile (launch_persistent_context) that visited the page once (for the
  calculator page: until its service worker controls it, i.e. has cached the site), closed and
  reopened, as when someone comes back the next day. The baseline pages have no service worker:
  warm means Chromium's HTTP cache.
- first (calculator page only): a first visit in a browser started for it, with an empty profile on
  disk: the warm load's conditions but for the earlier visit. A browser just started lays out its
  first page more slowly (its font and disk caches are cold: ~25 ms more here), so the return
  visit is judged against this load, not against the cold one in the long-running browser. Each
  round measures RETURN_VISIT_PAIRS first visits, each followed by a return visit.

On 127.0.0.1 bytes cost nothing, so a first visit there costs what a return visit costs. phone_run
loads the calculator page cold and warm again over a simulated phone line (bench/servers.py
PHONE_LINE): what a person's return visit saves against their first.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from bench.browser import fresh_context, persistent_context
from bench.pageload import EXPECTED_STATUS, PAGES, Load, load
from bench.servers import PHONE_LINE, LoggedServer, PhoneLineServer
from bench.stats import summary

PAGE_ORDER = ("calculator", "bare-micropython", "bare-pyodide", "pyodide-calculator", "micropython-core", "theme-only")
RETURN_VISIT_PAIRS = 3
"""Each round measures the calculator page's first visit and its return visit this many times, one after the other:
the two differ by a few per cent, the loads of a browser just started by ±20 %, and five of each gave medians that
moved by more than the difference from one run to the next."""


def rotated(names: tuple[str, ...], round_index: int) -> list[str]:
    shift = round_index % len(names)
    return [*names[shift:], *names[:shift]]


def cold_load(browser: Any, server: LoggedServer, name: str, third_party: list[str]) -> Load:
    context = fresh_context(browser, third_party)
    try:
        return load(context.new_page(), server, name)
    finally:
        context.close()


def load_in_new_browser(browser: Any, profile: Path, server: LoggedServer, name: str, third_party: list[str]) -> Load:
    """One load in a browser launched for it on `profile` (a folder on disk), closed afterwards."""
    context = persistent_context(browser, profile, third_party)
    try:
        return load(context.new_page(), server, name)
    finally:
        context.close()


def first_load(browser: Any, server: LoggedServer, name: str, third_party: list[str], scratch: Path) -> Load:
    """A first visit in a browser of its own, just started, with an empty profile on disk (as warm_load's return visit)."""
    profile = Path(tempfile.mkdtemp(prefix=f"profile-first-{name}-", dir=scratch))
    try:
        return load_in_new_browser(browser, profile, server, name, third_party)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def wait_for_offline_copy(page: Any, timeout_ms: float = 120_000) -> None:
    """The service worker has installed (precached the site), activated and controls the page."""
    page.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=timeout_ms
    )


def warm_load(browser: Any, server: LoggedServer, name: str, third_party: list[str], scratch: Path) -> Load:
    profile = Path(tempfile.mkdtemp(prefix=f"profile-{name}-", dir=scratch))
    try:
        context = persistent_context(browser, profile, third_party)
        try:
            page = context.new_page()
            load(page, server, name)
            if name == "calculator":
                wait_for_offline_copy(page)
            else:
                page.wait_for_timeout(300)  # let the HTTP cache entries be written
        finally:
            context.close()
        return load_in_new_browser(browser, profile, server, name, third_party)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def run(
    browser: Any,
    server: LoggedServer,
    runs: int = 5,
    pages: tuple[str, ...] = PAGE_ORDER,
    warm: bool = True,
    warm_pages: tuple[str, ...] | None = None,
    pairs: int = RETURN_VISIT_PAIRS,
    log: Any = print,
) -> dict[str, Any]:
    third_party: list[str] = []
    loads: dict[str, dict[str, list[Load]]] = {
        "cold": {name: [] for name in pages},
        "first": {name: [] for name in pages if name == "calculator"},
        "warm": {name: [] for name in pages},
    }
    scratch = Path(tempfile.mkdtemp(prefix="gx-bench-profiles-"))
    try:
        for round_index in range(runs):
            for name in rotated(pages, round_index):
                figures = cold_load(browser, server, name, third_party)
                loads["cold"][name].append(figures)
                log(f"  cold {name} {round_index + 1}/{runs}: {figures.status} at {figures.verdict_ms:.0f} ms")
            if not warm:
                continue
            for name in loads["first"]:
                for _ in range(pairs):
                    first = first_load(browser, server, name, third_party, scratch)
                    loads["first"][name].append(first)
                    again = warm_load(browser, server, name, third_party, scratch)
                    loads["warm"][name].append(again)
                    log(
                        f"  first and return visit {name} {round_index + 1}/{runs}: {first.status} at"
                        f" {first.verdict_ms:.0f} ms, {again.status} at {again.verdict_ms:.0f} ms"
                    )
            for name in rotated(warm_pages or pages, round_index):
                if name in loads["first"]:
                    continue  # measured with its first visits
                figures = warm_load(browser, server, name, third_party, scratch)
                loads["warm"][name].append(figures)
                log(f"  warm {name} {round_index + 1}/{runs}: {figures.status} at {figures.verdict_ms:.0f} ms")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result: dict[str, Any] = {"pages": {name: PAGES[name] for name in pages}, "third_party_requests": third_party}
    for mode in ("cold", "first", "warm"):
        if mode != "cold" and not warm:
            continue
        result[mode] = {name: describe(name, runs_of) for name, runs_of in loads[mode].items() if runs_of}
    result["ratios"] = ratios(result)
    return result


def phone_run(browser: Any, site_dir: Path, runs: int = 5, log: Any = print) -> dict[str, Any]:
    """The calculator page cold and warm over PHONE_LINE, alternating; the warm/cold ratio of the medians."""
    third_party: list[str] = []
    loads: dict[str, list[Load]] = {"cold": [], "warm": []}
    scratch = Path(tempfile.mkdtemp(prefix="gx-bench-phone-"))
    try:
        with PhoneLineServer(site_dir) as server:
            for round_index in range(runs):
                loads["cold"].append(cold_load(browser, server, "calculator", third_party))
                loads["warm"].append(warm_load(browser, server, "calculator", third_party, scratch))
                log(
                    f"  phone line {round_index + 1}/{runs}: cold {loads['cold'][-1].verdict_ms:.0f} ms, "
                    f"warm {loads['warm'][-1].verdict_ms:.0f} ms"
                )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result: dict[str, Any] = {
        "line": {"name": PHONE_LINE.name, "rtt_ms": PHONE_LINE.rtt_ms, "kbit_per_s": PHONE_LINE.kbit_per_s},
        "third_party_requests": third_party,
    }
    for mode, runs_of in loads.items():
        result[mode] = describe("calculator", runs_of)
    cold = result["cold"]["verdict_ms"].get("median")
    warm = result["warm"]["verdict_ms"].get("median")
    if cold and warm:
        result["warm_over_cold"] = round(warm / cold, 3)
    return result


def describe(name: str, loads: list[Load]) -> dict[str, Any]:
    statuses = [figures.status for figures in loads]
    return {
        "verdict_ms": summary([figures.verdict_ms for figures in loads if figures.verdict_ms is not None], 1),
        "painted_ms": summary([figures.painted_ms for figures in loads if figures.painted_ms is not None], 1),
        "first_paint_ms": summary(
            [figures.first_paint_ms for figures in loads if figures.first_paint_ms is not None], 1
        ),
        "ready_ms": summary([figures.ready_ms for figures in loads if figures.ready_ms is not None], 1),
        "cpu_ms": summary([figures.cpu_ms for figures in loads if figures.cpu_ms is not None], 0),
        "longest_task_ms": summary([figures.longest_task_ms for figures in loads], 1),
        "bytes": summary([sum(response.total for response in figures.responses) for figures in loads], 0),
        "statuses": statuses,
        "expected_status": EXPECTED_STATUS[name],
        "ok": all(status == EXPECTED_STATUS[name] for status in statuses),
        "worker_stages": [figures.timings.get("workerStages") for figures in loads],
        "timeline_ms": timeline(loads) if name == "calculator" else {},
    }


TIMELINE = (
    ("page_received", "the page's HTML has arrived"),
    ("worker_created", "the <head> script has created the worker"),
    ("worker_started", "the worker's script runs"),
    ("runtime_imported", "MicroPython's script is imported"),
    ("bundle_loaded", "the core bundle (ROMFS image and start-up snapshot) has arrived"),
    ("runtime_loaded", "its WebAssembly is compiled and running, the image mounted"),
    ("core_imported", "the snapshot written back (the core imported, the rules read)"),
    ("early_answered", "the check in the URL answered (sent with ready)"),
    ("ready", "the page has heard the worker is ready"),
    ("first_verdict", "the first verdict is shown"),
    ("first_painted", "the frame after it has been drawn"),
)
"""The calculator page's start-up, step by step (ms after navigation started; medians over the runs)."""


def _moments(timings: dict[str, Any]) -> dict[str, float]:
    stages = timings.get("workerStages") or {}
    started = timings.get("workerStartedMs")
    moments = {
        "page_received": timings.get("pageReceivedMs"),
        "worker_created": timings.get("workerCreatedMs"),
        "worker_started": started,
        "ready": timings.get("readyMs"),
        "first_verdict": timings.get("firstVerdictMs"),
        "first_painted": timings.get("paintedMs"),
    }
    for key, stage in (
        ("runtime_imported", "runtimeImported"),
        ("runtime_loaded", "runtimeLoaded"),
        ("bundle_loaded", "bundleLoaded"),
        ("core_imported", "coreImported"),
        ("early_answered", "earlyAnswered"),
    ):
        moments[key] = None if started is None or stage not in stages else started + stages[stage]
    return {key: float(value) for key, value in moments.items() if value is not None}


def timeline(loads: list[Load]) -> dict[str, Any]:
    """Median moment of each step of TIMELINE (calculator page only; {} for the baselines)."""
    moments = [_moments(figures.timings) for figures in loads]
    out: dict[str, Any] = {}
    for key, _ in TIMELINE:
        values = [each[key] for each in moments if key in each]
        if values:
            out[key] = summary(values, 1)["median"]
    return out


def ratios(result: dict[str, Any]) -> dict[str, Any]:
    """The comparisons the budgets are about, from medians of the same run."""
    out: dict[str, Any] = {}
    for mode in ("cold", "warm"):
        figures = result.get(mode)
        if not figures or "calculator" not in figures:
            continue
        calculator = figures["calculator"]["verdict_ms"].get("median")
        bare = figures.get("bare-micropython", {}).get("verdict_ms", {}).get("median")
        pyodide = figures.get("pyodide-calculator", {}).get("verdict_ms", {}).get("median")
        bare_pyodide = figures.get("bare-pyodide", {}).get("verdict_ms", {}).get("median")
        if calculator and bare:
            out[f"{mode}_calculator_verdict_over_bare_micropython_ready"] = round(calculator / bare, 3)
        theme = figures.get("theme-only", {}).get("verdict_ms", {}).get("median")
        if theme and bare:
            # the floor of the ratio above: the page drawn at all, with no calculator in it
            out[f"{mode}_theme_first_paint_over_bare_micropython_ready"] = round(theme / bare, 3)
        if mode == "warm" and calculator:
            for earlier in ("cold", "first"):
                median = ((result.get(earlier) or {}).get("calculator") or {}).get("verdict_ms", {}).get("median")
                if median:
                    out[f"warm_calculator_verdict_over_{earlier}"] = round(calculator / median, 3)
        if calculator and pyodide:
            out[f"{mode}_pyodide_calculator_verdict_over_calculator_verdict"] = round(pyodide / calculator, 3)
        if calculator and bare_pyodide:
            out[f"{mode}_bare_pyodide_ready_over_calculator_verdict"] = round(bare_pyodide / calculator, 3)
    return out
