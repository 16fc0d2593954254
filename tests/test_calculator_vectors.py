"""The shared test vectors (tests/vectors/*.json) under CPython, MicroPython and Pyodide, with identical results."""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from calculator.vectors import run_vectors

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT / "tests" / "vectors"
RULES_TEXT = (ROOT / "calculator" / "rules.json").read_text(encoding="utf-8")
VECTOR_FILES = sorted(path.name for path in VECTORS.glob("*.json"))
RUNNERS = {
    "micropython": ROOT / "tests" / "runtimes" / "micropython_runner.mjs",
    "pyodide": ROOT / "tests" / "runtimes" / "pyodide_runner.mjs",
}


@functools.cache
def cpython_results(name: str) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = json.loads(run_vectors((VECTORS / name).read_text(encoding="utf-8"), RULES_TEXT))
    return results


def vector_cases() -> list[Any]:
    cases = []
    for name in VECTOR_FILES:
        vectors = json.loads((VECTORS / name).read_text(encoding="utf-8"))
        for case in vectors["cases"]:
            cases.append(pytest.param(name, case["name"], id=f"{name}: {case['name']}"))
    return cases


def test_the_vector_files_cover_every_year_on_file_a_missing_year_and_errors() -> None:
    cases = json.loads((VECTORS / "check.json").read_text(encoding="utf-8"))["cases"]
    by_year: dict[Any, list[dict[str, Any]]] = {}
    for case in cases:
        by_year.setdefault(case["input"]["year"], []).append(case)
    for year in (2023, 2025, 2026, 2024):
        expectations = [case["expect"] for case in by_year[year]]
        assert any(expect.get("passed") is True for expect in expectations), f"{year} has no passing case"
        assert any(expect.get("passed") is False for expect in expectations), f"{year} has no failing case"
    assert sum("error" in case["expect"] for case in cases) >= 10
    names = [case["name"] for case in cases]
    assert len(names) == len(set(names)), "vector names must be unique"


@pytest.mark.parametrize(("file_name", "case_name"), vector_cases())
def test_each_vector_gives_the_expected_result_under_cpython(file_name: str, case_name: str) -> None:
    results = {result["name"]: result for result in cpython_results(file_name)}
    result = results[case_name]
    assert result["problems"] == [], "\n".join(result["problems"])


def run_runtime(runtime: str) -> dict[str, Any]:
    if shutil.which("node") is None:
        pytest.fail("node is not installed: install Node.js (tools/bootstrap.sh checks for it)")
    if not (ROOT / "node_modules").is_dir():
        pytest.fail("node_modules is missing: run tools/bootstrap.sh (npm ci)")
    completed = subprocess.run(
        ["node", str(RUNNERS[runtime])], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=300
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-4000:]
    report: dict[str, Any] = json.loads(completed.stdout)
    return report


@pytest.fixture(scope="module")
def runtime_reports() -> dict[str, dict[str, Any]]:
    """Each runtime is started once per test run (Pyodide takes seconds to load under Node)."""
    return {}


def report_for(runtime: str, cache: dict[str, dict[str, Any]]) -> dict[str, Any]:
    if runtime not in cache:
        cache[runtime] = run_runtime(runtime)
    return cache[runtime]


@pytest.mark.runtimes
@pytest.mark.parametrize("runtime", sorted(RUNNERS))
@pytest.mark.parametrize("file_name", VECTOR_FILES)
def test_the_vectors_give_identical_results_under_the_browser_runtimes(
    runtime: str, file_name: str, runtime_reports: dict[str, dict[str, Any]]
) -> None:
    report = report_for(runtime, runtime_reports)
    assert report["output"] == [], "the core printed something"
    assert report["network"] == [], "the runtime tried to reach the network"
    expected = cpython_results(file_name)
    actual = report["results"][file_name]
    assert [result["name"] for result in actual] == [result["name"] for result in expected]
    for mine, theirs in zip(expected, actual, strict=True):
        assert theirs == mine, f"{runtime} differs from CPython on: {mine['name']}"
        assert theirs["problems"] == []


@pytest.mark.runtimes
def test_micropython_is_the_pinned_1_28_and_pyodide_is_python_3_14(runtime_reports: dict[str, dict[str, Any]]) -> None:
    assert report_for("micropython", runtime_reports)["version"] == "micropython 1.28.0"
    assert report_for("pyodide", runtime_reports)["version"].startswith("cpython 3.14")


def test_the_record_vectors_hold_the_issues_cases_and_pass_on_cpython() -> None:
    record = json.loads((VECTORS / "record.json").read_text(encoding="utf-8"))
    assert record["kind"] == "record"
    wanted = {
        ("2026-06-01", 2023): "public-required-makeup",
        ("2027-02-01", 2023): "public-required-closed",
        ("2026-06-01", 2021): "public-required-closed",
        ("2026-06-01", 2024): "public-required-makeup",
        ("2026-04-01", 2025): "professional-closed",
    }
    results = {result["name"]: result for result in cpython_results("record.json")}
    for (as_of, year), action in wanted.items():
        found = [
            case["name"]
            for case in record["cases"]
            if case["input"].get("as_of") == as_of
            and isinstance(case["input"]["years"], list)
            and [entry.get("year") for entry in case["input"]["years"] if isinstance(entry, dict)] == [year]
        ]
        assert found, f"no record vector for {year} as of {as_of}"
        assert action in results[found[0]]["actual"]["years"][str(year)]["actions"]
