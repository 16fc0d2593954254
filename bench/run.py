"""Run the benchmarks: `python -m bench` (or `python bench/run.py`, `make bench`).

    python -m bench                      # everything, full sizes; writes bench/results.json and the README table
    python -m bench --quick              # every benchmark at tiny sizes, 1 run (a smoke run, about 2 minutes)
    python -m bench --only startup       # one benchmark (startup, transfer, latency, build, update, overrides); repeatable
    python -m bench --runs 7             # more runs of every browser figure

A full run writes bench/results.json and renders the table of README.md's 性能 section from it
(bench/report.py). Other runs write bench/results/tmp/results.json (gitignored) unless --output is
given, and leave the README alone.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # python bench/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import build_scaling, latency, machine, overrides, report, startup, transfer, update
from bench.browser import chromium_available, launch
from bench.budgets import evaluate
from bench.served_site import missing_runtimes, prepare
from bench.servers import PlainServer, nginx_available

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
SCRATCH_RESULTS = ROOT / "bench" / "results" / "tmp" / "results.json"
BENCHMARKS = ("startup", "transfer", "latency", "build", "update", "overrides")
BROWSER_BENCHMARKS = ("startup", "transfer", "latency", "update")


def log(message: str) -> None:
    print(message, flush=True)


def browser_missing() -> str:
    """Why the browser benchmarks cannot run here ('' when they can)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (make setup)"
    if not chromium_available():
        return "Chromium not found (apt-get install chromium, or set CHROMIUM)"
    missing = missing_runtimes()
    if missing:
        return f"runtime files missing (npm ci): {', '.join(missing)}"
    return ""


def run(selected: tuple[str, ...], quick: bool, runs: int | None) -> dict[str, Any]:
    started = time.monotonic()
    browser_runs = runs or (1 if quick else 5)
    results: dict[str, Any] = {
        "schema": 1,
        "mode": "quick" if quick else "full",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "git": machine.git_state(),
        "machine": machine.describe(),
        "selected": list(selected),
        "runs": browser_runs,
        "skipped": {},
        "benchmarks": {},
    }
    benchmarks: dict[str, Any] = results["benchmarks"]
    why_not = browser_missing()
    wanted_browser = [name for name in selected if name in BROWSER_BENCHMARKS]
    if why_not:
        for name in wanted_browser:
            results["skipped"][name] = why_not
        log(f"Browser benchmarks skipped: {why_not}")
    if machine.chinese_fonts() == [] and wanted_browser and not why_not:
        log(
            "No Chinese font: the pages' text goes through Chromium's font fallback and the calculator page lays out"
            " ~30 ms slower than with one (apt-get install fonts-wqy-microhei); the results record it."
        )
    if not nginx_available():
        results["skipped"]["nginx"] = (
            "nginx not installed: compressed transfer sizes computed with gzip -9 (apt-get install nginx-light)"
        )

    scratch = Path(tempfile.mkdtemp(prefix="gx-bench-"))
    try:
        playwright_manager: Any = None
        browser: Any = None
        if not why_not and (wanted_browser or "build" in selected or "overrides" in selected):
            from playwright.sync_api import sync_playwright

            playwright_manager = sync_playwright().start()
            browser = launch(playwright_manager)
        try:
            if wanted_browser and not why_not:
                log("Building the site for the browser benchmarks…")
                site_dir = prepare(scratch / "site")
                with PlainServer(site_dir) as server:
                    if "startup" in selected:
                        log(f"Start-up ({browser_runs} rounds, cold and warm)…")
                        benchmarks["startup"] = startup.run(
                            browser,
                            server,
                            runs=browser_runs,
                            pairs=1 if quick else startup.RETURN_VISIT_PAIRS,
                            log=log,
                        )
                        log(f"Start-up over a phone line ({browser_runs} rounds, cold and warm)…")
                        benchmarks["startup"]["phone"] = startup.phone_run(
                            browser, site_dir, runs=browser_runs, log=log
                        )
                    if "latency" in selected:
                        log("Latency and batch throughput…")
                        benchmarks["latency"] = latency.run(
                            browser,
                            server,
                            runs=browser_runs,
                            browser_rows=200 if quick else latency.BROWSER_ROWS,
                            cpython_rows=2000 if quick else latency.CPYTHON_ROWS,
                            checks=5 if quick else latency.CHECKS,
                            log=log,
                        )
                if "update" in selected:
                    log(f"After a publication ({browser_runs} rounds: return visit, instant navigation)…")
                    benchmarks["update"] = update.run(browser, runs=browser_runs, log=log)
                if "transfer" in selected:
                    log("Transfer (plain server, then nginx gzip_static)…")
                    benchmarks["transfer"] = transfer.run(browser, site_dir, runs=browser_runs, log=log)
            elif "latency" in selected:
                log("Latency and batch throughput (CPython only)…")
                benchmarks["latency"] = latency.run(
                    None, None, runs=browser_runs, cpython_rows=2000 if quick else latency.CPYTHON_ROWS, log=log
                )
            if "build" in selected:
                sizes = build_scaling.QUICK_SIZES if quick else build_scaling.FULL_SIZES
                log(f"Build scaling ({', '.join(size.name for size in sizes)})…")
                query = None
                if browser is not None:
                    from bench.search_latency import first_query

                    def query(site_dir: Path) -> dict[str, Any]:
                        return first_query(browser, site_dir, runs=browser_runs)

                benchmarks["build"] = build_scaling.run(sizes, scratch=scratch / "build", search_query=query, log=log)
            if "overrides" in selected:
                log("What each kept override of Material saves (with and without, alternating)…")
                benchmarks["overrides"] = overrides.run(
                    browser, runs=browser_runs, build_runs=1 if quick else 3, quick=quick, log=log
                )
        finally:
            if browser is not None:
                browser.close()
            if playwright_manager is not None:
                playwright_manager.stop()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    results["budgets"] = evaluate(benchmarks)
    results["duration_seconds"] = round(time.monotonic() - started, 1)
    results["machine"]["load_average_at_end"] = machine.load_average()
    results["machine"]["busy_processes_at_end"] = machine.busy_processes()
    return results


def provenance(results: dict[str, Any]) -> dict[str, Any]:
    """Where a run's figures come from: when, which commit, which browser, how busy the machine was."""
    machine = results.get("machine", {})
    return {
        "date": results.get("date"),
        "git": results.get("git"),
        "chromium": machine.get("versions", {}).get("chromium"),
        "load_average_at_start": machine.get("load_average_at_start"),
        "load_average_at_end": machine.get("load_average_at_end"),
        "duration_seconds": results.get("duration_seconds"),
    }


def updated(previous: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The full results with the benchmarks of a later `--only` run in place of the old ones, budgets judged again.

    Each benchmark's "provenance" says which run (date, commit, machine load) its figures come from.
    """
    merged = dict(previous)
    benchmarks = dict(previous.get("benchmarks", {}))
    sources = dict(previous.get("provenance") or dict.fromkeys(benchmarks, provenance(previous)))
    for name, figures in new.get("benchmarks", {}).items():
        benchmarks[name] = figures
        sources[name] = provenance(new)
    skipped = {key: value for key, value in previous.get("skipped", {}).items() if key not in new.get("selected", [])}
    skipped.update(new.get("skipped", {}))
    merged.update(benchmarks=benchmarks, provenance=sources, skipped=skipped, budgets=evaluate(benchmarks))
    return merged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Benchmarks and budgets (bench/README.md)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one run: a smoke run")
    parser.add_argument("--only", action="append", choices=BENCHMARKS, help="run only this benchmark (repeatable)")
    parser.add_argument("--runs", type=int, help="runs of every browser figure (default 5, 1 with --quick)")
    parser.add_argument("--output", type=Path, help="results file (default: bench/results.json for a full run)")
    parser.add_argument(
        "--update",
        action="store_true",
        help="with --only: put the new figures into bench/results.json in place of the old ones and re-render the README",
    )
    arguments = parser.parse_args(argv)
    if arguments.update and (arguments.only is None or arguments.quick or arguments.output):
        parser.error("--update needs --only, and neither --quick nor --output")
    selected = tuple(arguments.only or BENCHMARKS)
    full = not arguments.quick and (arguments.only is None or arguments.update)
    output = arguments.output or (RESULTS if full else SCRATCH_RESULTS)
    results = run(selected, arguments.quick, arguments.runs)
    took = results["duration_seconds"]
    if arguments.update:
        results = updated(json.loads(RESULTS.read_text(encoding="utf-8")), results)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    log(f"\nResults: {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    log(report.budget_table(results))
    if full and output == RESULTS:
        report.write_readme(results)
        log("README.md 性能 table updated from bench/results.json")
    log(f"Took {took / 60:.1f} minutes.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
