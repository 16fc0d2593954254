"""One check's latency and batch throughput, in the browser (MicroPython) and in CPython.

- browser, one check: on a loaded and settled /calculator/ page (see the batch below), each run makes CHECKS checks one after the other
  (inputs varied, passes and failures): `api` is the round trip of window.gxCalculator.check (page →
  worker → core → page), `form` is a click on 核对 until #result shows the new verdict (what a person
  sees, rendering included). The run's figure is the median of its checks.
- browser, batch: a staff list of BROWSER_ROWS rows (staff_csv) chosen in the batch form, from the
  file's `change` event until the status says done (result table drawn); `longest_task_ms` is the
  longest main-thread task meanwhile (PerformanceObserver "longtask"): the page must not freeze; `worker_ms`, the
  worker's own account of it (reading the file; in MicroPython, every row's verdict, which the page then shows, and
  after that every row's result, for the other pages and the downloads);
  `download_seconds`, a click on the CSV download until the browser starts saving it (the rows made spreadsheet
  safe and written then), reported beside the budget's figure. Each
  run opens a fresh page twice: once waiting until the page has settled (its service worker has made
  the one-time offline copy of the site that a first visit starts once the page is idle): the budget's
  figure; once choosing the list the moment the calculator is ready, while that copy is being made
  (`first_visit_seconds`, reported beside it).
- CPython, one check: calculator.check.check_person in this process, CPYTHON_CHECKS calls a run.
- CPython, batch: `python -m calculator batch FILE --year 2026` on CPYTHON_ROWS rows, the whole
  command (start-up, decoding, checking, writing the CSV) as a subprocess.

The staff lists are generated with a fixed seed, 2026's rules: public required hours of 20 mostly (some 15,
10, 0), electives in half hours up to 30, professional hours in half hours up to 150 (one row in ten with
two decimals), about one row in a hundred with a typing error (七十, 70学时, full-width digits, blank, -5).
Rows with the same three figures are rare (a few per cent); single figures repeat, as in real lists.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from bench.browser import fresh_context
from bench.served_site import CHECK_FRAGMENT
from bench.servers import LoggedServer
from bench.stats import summary

ROOT = Path(__file__).resolve().parent.parent
CHECKS = 50
CPYTHON_CHECKS = 2000
BROWSER_ROWS = 10_000
CPYTHON_ROWS = 100_000
YEAR = 2026
AS_OF = "2026-06-01"


def staff_csv(rows: int, seed: int = 7) -> str:
    """A staff list as CSV text (UTF-8, CRLF), header 姓名,部门,公需必修,公需选修,专业科目."""
    generator = random.Random(seed)
    lines = ["姓名,部门,公需必修,公需选修,专业科目"]
    for number in range(rows):
        required = generator.choice(["20", "20", "20", "20", "15", "10", "0"])
        elective = f"{generator.randrange(0, 61) / 2:g}"
        if generator.random() < 0.9:  # hours are credited by the hour or half-hour (4 a half-day)
            professional = f"{generator.randrange(0, 301) / 2:g}"
        else:
            professional = f"{generator.randrange(0, 15001) / 100:g}"
        if number % 97 == 0:
            professional = generator.choice(["七十", "70学时", "７０", "", "-5"])
        lines.append(f"员工{number},部门{number % 23},{required},{elective},{professional}")
    return "\r\n".join(lines) + "\r\n"


def check_inputs(count: int, seed: int = 11) -> list[dict[str, str]]:
    generator = random.Random(seed)
    inputs = []
    for _ in range(count):
        inputs.append(
            {
                "year": str(YEAR),
                "public_required": "20",
                "public_elective": f"{generator.randrange(0, 21)}",
                "professional": f"{generator.randrange(30, 120)}.{generator.randrange(0, 10)}",
                "as_of": AS_OF,
            }
        )
    return inputs


# ---- CPython


def cpython_check(runs: int, calls: int = CPYTHON_CHECKS) -> dict[str, Any]:
    from calculator.check import check_person
    from calculator.ruleset import load_rules_file

    rules = load_rules_file(str(ROOT / "calculator" / "rules.json"))
    inputs = check_inputs(calls)
    as_of = date.fromisoformat(AS_OF)
    per_call = []
    for _ in range(runs):
        started = time.perf_counter()
        for item in inputs:
            check_person(rules, YEAR, item["public_required"], item["public_elective"], item["professional"], as_of)
        per_call.append((time.perf_counter() - started) / calls * 1000)
    return {"ms_per_check": summary(per_call, 4), "checks_per_run": calls}


def cpython_batch(runs: int, rows: int = CPYTHON_ROWS) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="gx-bench-batch-") as scratch:
        source = Path(scratch) / "staff.csv"
        source.write_text(staff_csv(rows), encoding="utf-8")
        output = Path(scratch) / "out.csv"
        seconds = []
        summary_line = ""
        for _ in range(runs):
            started = time.perf_counter()
            with output.open("wb") as sink:
                done = subprocess.run(
                    [sys.executable, "-m", "calculator", "batch", str(source), f"--year={YEAR}", f"--as-of={AS_OF}"],
                    cwd=ROOT,
                    stdout=sink,
                    stderr=subprocess.PIPE,
                )
            seconds.append(time.perf_counter() - started)
            if done.returncode != 0:
                raise RuntimeError(f"python -m calculator batch failed: {done.stderr.decode('utf-8', 'replace')}")
            summary_line = done.stderr.decode("utf-8").strip()
        lines = output.read_bytes().count(b"\r\n")
    return {"rows": rows, "seconds": summary(seconds, 3), "output_lines": lines, "summary": summary_line}


# ---- Browser

TIME_CHECKS = """
async (inputs) => {
  await window.gxCalculator.ready();
  const api = [];
  const statuses = [];
  for (const input of inputs) {
    const started = performance.now();
    const answer = await window.gxCalculator.check(input);
    api.push(performance.now() - started);
    statuses.push(answer.error ? "error" : answer.result.passed ? "pass" : "fail");
  }
  const form = [];
  const area = document.querySelector("#result");
  for (const input of inputs) {
    document.querySelector("#public-required").value = input.public_required;
    document.querySelector("#public-elective").value = input.public_elective;
    document.querySelector("#professional").value = input.professional;
    document.querySelector("#as-of").value = input.as_of;
    const before = area.dataset.result;
    const shown = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (["pass", "fail", "error"].includes(area.dataset.status) && area.dataset.result !== before) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe(area, { attributes: true });
    });
    const started = performance.now();
    document.querySelector("#check").click();
    await shown;
    form.push(performance.now() - started);
  }
  return { api, form, statuses };
}
"""

WATCH_BATCH = """
() => {
  window.__batch = { started: null, done: null, longTasks: [], progress: 0 };
  document.querySelector("#batch-file").addEventListener("change", () => { window.__batch.started = performance.now(); }, { capture: true });
  new PerformanceObserver((list) => list.getEntries().forEach((entry) => {
    if (window.__batch.started !== null && window.__batch.done === null) window.__batch.longTasks.push(entry.duration);
  })).observe({ type: "longtask" });
  const status = document.querySelector("#batch-status");
  new MutationObserver(() => {
    if (status.dataset.state === "running") window.__batch.progress += 1;
    if (["done", "error"].includes(status.dataset.state) && window.__batch.done === null) window.__batch.done = performance.now();
  }).observe(status, { attributes: true, childList: true, characterData: true, subtree: true });
}
"""


WORKER_TIMES = """
(() => {
  // The worker's own account of a batch (worker.js: its answer's `ms`, read / check / hand-over), kept for the results.
  const Original = window.Worker;
  if (!Original) return;
  window.__batchWorkerMs = null;
  window.Worker = function (...args) {
    const worker = new Original(...args);
    worker.addEventListener("message", (event) => {
      const result = event.data && event.data.answer && event.data.answer.result;
      if (result && result.ms) window.__batchWorkerMs = result.ms;
    });
    return worker;
  };
  window.Worker.prototype = Original.prototype;
})();
"""


def wait_until_settled(page: Any) -> None:
    """A first visit's one-time work is over: the service worker has copied the site for offline use and controls the page."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=120_000)


def browser_check(browser: Any, server: LoggedServer, runs: int, checks: int = CHECKS) -> dict[str, Any]:
    api_medians, form_medians, statuses = [], [], []
    inputs = check_inputs(checks)
    third_party: list[str] = []
    for _ in range(runs):
        context = fresh_context(browser, third_party)
        try:
            page = context.new_page()
            page.goto(f"{server.url}calculator/{CHECK_FRAGMENT}")
            page.wait_for_function("() => window.__bench && window.__bench.verdictMs !== null", timeout=60_000)
            wait_until_settled(page)
            timed = page.evaluate(TIME_CHECKS, inputs)
        finally:
            context.close()
        api_medians.append(statistics.median(timed["api"]))
        form_medians.append(statistics.median(timed["form"]))
        statuses.append(sorted(set(timed["statuses"])))
    return {
        "api_ms": summary(api_medians, 2),
        "form_ms": summary(form_medians, 2),
        "checks_per_run": checks,
        "statuses": statuses,
        "third_party_requests": third_party,
    }


def _one_batch(page: Any, data: bytes) -> dict[str, Any]:
    page.evaluate(WATCH_BATCH)
    page.select_option("#batch-year", str(YEAR))
    page.set_input_files("#batch-file", files=[{"name": "staff.csv", "mimeType": "text/csv", "buffer": data}])
    page.wait_for_function("() => window.__batch.done !== null", timeout=600_000, polling=50)
    figures: dict[str, Any] = page.evaluate("window.__batch")
    state = page.get_attribute("#batch-status", "data-state")
    if state != "done":
        raise RuntimeError(f"the batch ended with {state}: {page.inner_text('#batch-status')}")
    figures["summary"] = page.inner_text("#batch-summary")
    started = time.perf_counter()
    with page.expect_download(timeout=600_000) as download:
        page.click("#batch-download")
    download.value.path()  # saved: the whole file reached the browser
    figures["download_seconds"] = time.perf_counter() - started
    # The worker's answer comes once every row's result is made, after the page shows the verdicts: read after the
    # download, which waits for it.
    figures["worker_ms"] = page.evaluate("window.__batchWorkerMs")
    return figures


def browser_batch(browser: Any, server: LoggedServer, runs: int, rows: int = BROWSER_ROWS) -> dict[str, Any]:
    """A staff list checked in a fresh page, as soon as its calculator is ready, in two situations.

    - settled (the budget): the page has finished the one-time offline copy its service worker makes on
      a first visit (it fetches and stores the whole site once the page has loaded and gone idle);
    - first visit: the list is chosen the moment the calculator is ready, while that copy is being made.
    """
    data = staff_csv(rows).encode("utf-8")
    figures: dict[str, list[dict[str, Any]]] = {"settled": [], "first_visit": []}
    third_party: list[str] = []
    for _ in range(runs):
        for situation in ("settled", "first_visit"):
            context = fresh_context(browser, third_party)
            context.add_init_script(WORKER_TIMES)
            try:
                page = context.new_page()
                page.goto(f"{server.url}calculator/")
                page.wait_for_selector("#batch-form")
                page.evaluate("window.gxCalculator.ready()")
                if situation == "settled":
                    wait_until_settled(page)
                figures[situation].append(_one_batch(page, data))
            finally:
                context.close()

    def seconds(of: list[dict[str, Any]]) -> dict[str, Any]:
        return summary([(run["done"] - run["started"]) / 1000 for run in of], 3)

    def longest(of: list[dict[str, Any]]) -> dict[str, Any]:
        return summary([max(run["longTasks"] or [0]) for run in of], 1)

    def phases(of: list[dict[str, Any]]) -> dict[str, Any]:
        """The worker's milliseconds, settled runs: reading the file, checking (MicroPython), handing the table over."""
        timed = [run["worker_ms"] for run in of if run.get("worker_ms")]
        return (
            {phase: summary([run[phase] for run in timed], 1) for phase in ("read", "check", "write")} if timed else {}
        )

    return {
        "rows": rows,
        "seconds": seconds(figures["settled"]),
        "longest_task_ms": longest(figures["settled"]),
        "first_visit_seconds": seconds(figures["first_visit"]),
        "first_visit_longest_task_ms": longest(figures["first_visit"]),
        "download_seconds": summary([run["download_seconds"] for run in figures["settled"]], 3),
        "worker_ms": phases(figures["settled"]),
        "summaries": [run["summary"] for run in figures["settled"] + figures["first_visit"]],
        "third_party_requests": third_party,
    }


def run(
    browser: Any | None,
    server: LoggedServer | None,
    runs: int = 5,
    browser_rows: int = BROWSER_ROWS,
    cpython_rows: int = CPYTHON_ROWS,
    checks: int = CHECKS,
    log: Any = print,
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    result["cpython_check"] = cpython_check(runs)
    log(f"  CPython check: {result['cpython_check']['ms_per_check']['median']:.3f} ms")
    result["cpython_batch"] = cpython_batch(runs, cpython_rows)
    log(f"  CPython batch of {cpython_rows} rows: {result['cpython_batch']['seconds']['median']:.2f} s")
    if browser is not None and server is not None:
        result["browser_check"] = browser_check(browser, server, runs, checks)
        log(
            f"  browser check: api {result['browser_check']['api_ms']['median']:.1f} ms, "
            f"form {result['browser_check']['form_ms']['median']:.1f} ms"
        )
        result["browser_batch"] = browser_batch(browser, server, runs, browser_rows)
        log(
            f"  browser batch of {browser_rows} rows: {result['browser_batch']['seconds']['median']:.2f} s, "
            f"longest task {result['browser_batch']['longest_task_ms']['median']:.0f} ms"
        )
    return result
