"""Helpers for the calculator's browser tests: drive the page's form, and run the command line for comparison."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from tests.conftest import ROOT

VERDICT = "pass", "fail", "error"
RULES = json.loads((ROOT / "calculator" / "rules.json").read_text(encoding="utf-8"))
YEARS_ON_FILE = sorted(int(year) for year in RULES["years"])


def open_calculator(page: Any, site_url: str, fragment: str = "") -> None:
    page.goto(f"{site_url}calculator/{fragment}")
    page.wait_for_selector("#check-form")


def wait_for_verdict(page: Any, timeout: float = 30_000) -> str:
    """The #result's data-status once a check has finished: pass, fail or error."""
    # A selector, not wait_for_function: the site's Content-Security-Policy forbids the eval that one needs.
    page.wait_for_selector(
        '#result:is([data-status="pass"], [data-status="fail"], [data-status="error"])',
        state="attached",
        timeout=timeout,
    )
    return str(page.get_attribute("#result", "data-status"))


def fill_and_check(
    page: Any, year: int | str, public_required: str, public_elective: str, professional: str, as_of: str = ""
) -> str:
    page.select_option("#year", str(year))
    page.fill("#public-required", public_required)
    page.fill("#public-elective", public_elective)
    page.fill("#professional", professional)
    page.fill("#as-of", as_of)
    page.click("#check")
    return wait_for_verdict(page)


def page_result(page: Any) -> dict[str, Any]:
    """The JSON the page computed and rendered (kept on #result as data-result)."""
    text = page.get_attribute("#result", "data-result")
    assert text, "no result on the page"
    return dict(json.loads(text))


def page_error(page: Any) -> str:
    return str(page.inner_text("#result .gx-error p:not(.admonition-title)"))


def cli(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "calculator", *arguments], cwd=ROOT, capture_output=True, text=True, encoding="utf-8"
    )


def cli_check(
    year: Any, public_required: Any, public_elective: Any, professional: Any, as_of: Any = None
) -> dict[str, Any]:
    """`python -m calculator check … --json`: {"result": …} or {"error": message} (exit 2)."""
    arguments = ["check", "--json", f"--year={year}", f"--public-required={public_required}"]
    arguments += [f"--professional={professional}"]
    if public_elective is not None:
        arguments.append(f"--public-elective={public_elective}")
    if as_of is not None:
        arguments.append(f"--as-of={as_of}")
    done = cli(*arguments)
    if done.returncode == 2:
        assert done.stderr.startswith("错误："), done.stderr
        return {"error": done.stderr.strip().removeprefix("错误：")}
    assert done.returncode == 0, done.stderr
    return {"result": json.loads(done.stdout)}


def upload(page: Any, name: str, data: bytes, year: str = "2026", timeout: float = 30_000) -> None:
    """Choose a staff list (CSV bytes) in the batch form and wait until it is checked or refused.

    The file chosen before, if any, is taken away first: changing the year checks the chosen file again."""
    page.set_input_files("#batch-file", files=[])
    page.select_option("#batch-year", year)
    page.set_input_files("#batch-file", files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
    page.wait_for_selector(
        '#batch-status:is([data-state="done"], [data-state="error"])', state="attached", timeout=timeout
    )


COUNT_WORKER_REQUESTS = """
(() => {
  // Every request the page sends to the calculator's worker, by type (the check in the URL comes in the name of the
  // worker started from <head>: counted as a check).
  window.workerRequests = [];
  const Started = window.Worker;
  window.Worker = function (url, options) {
    if (options && typeof options.name === "string" && options.name.startsWith("calculator {")) window.workerRequests.push("check");
    return new Started(url, options);
  };
  window.Worker.prototype = Started.prototype;
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type) window.workerRequests.push(message.type);
    return post.call(this, message, ...rest);
  };
})();
"""
