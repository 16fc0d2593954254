"""Smoke runs of bench/'s browser benchmarks at tiny sizes (see tests/test_bench_smoke.py): shapes, never timings.

They use the browser tests' Chromium (tests/browser/conftest.py) and the session's built site, copied
with the benchmark's baseline pages and runtimes in /_bench/ and served by the benchmark's own
logging servers.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from bench import latency, overrides, startup, transfer
from bench.browser import MEASURE_FIRST_PAINT
from bench.search_latency import first_query
from bench.served_site import THEME_DIR, SiteError, add_baselines, write_theme_page
from bench.servers import PlainServer
from generator.browser.calculator_assets import core_bundle_file

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def bench_site(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test session's built site with the benchmark's baseline pages and runtimes in /_bench/."""
    target = tmp_path_factory.mktemp("bench") / "site"
    shutil.copytree(built_site, target)
    return add_baselines(target)


def test_the_measured_pages_load_without_chromium_building_its_address_bar_popups(browser: Any) -> None:
    """bench/browser.py's flags keep Chromium from building its WebUI omnibox popups for each new window.

    Under another name in a later Chromium they would come back, and with them ~1.5 s of CPU beside every
    page measured on 2 cores: this says so instead of the start-up figures silently doubling.
    """
    context = browser.new_context()
    try:
        context.new_page().goto("about:blank")
        session = browser.new_browser_cdp_session()
        targets = session.send("Target.getTargets")["targetInfos"]
    finally:
        context.close()
    assert [target["url"] for target in targets if target["type"] == "page"] == ["about:blank"]
    assert [target["url"] for target in targets if target["type"] != "page"] == []


def test_startup_measures_the_calculator_and_its_baselines_cold_and_warm(browser: Any, bench_site: Path) -> None:
    with PlainServer(bench_site) as server:
        result = startup.run(
            browser, server, runs=1, warm_pages=("calculator", "bare-micropython"), pairs=1, log=lambda _: None
        )
    assert result["third_party_requests"] == []
    for name in startup.PAGE_ORDER:
        cold = result["cold"][name]
        assert cold["ok"], (name, cold["statuses"])
        assert cold["verdict_ms"]["median"] > 0 and cold["ready_ms"]["median"] > 0
        # drawn in the frame after the verdict reached the page's DOM, never before it
        assert cold["painted_ms"]["min"] >= cold["verdict_ms"]["min"], name
        assert cold["bytes"]["median"] > 100_000, "the runtime at least"
    assert result["cold"]["pyodide-calculator"]["bytes"]["median"] > 5_000_000, "Pyodide's runtime"
    # the calculator page without the calculator: drawn, its verdict its first paint
    theme = result["cold"]["theme-only"]
    assert theme["statuses"] == ["drawn"] and theme["verdict_ms"] == theme["first_paint_ms"]
    assert result["cold"]["calculator"]["first_paint_ms"]["median"] > 0
    # the machine's CPU time while each page started: some, for every page
    assert all(result["cold"][name]["cpu_ms"]["median"] > 0 for name in startup.PAGE_ORDER)
    assert "cold_theme_first_paint_over_bare_micropython_ready" in result["ratios"]
    assert set(result["warm"]) == {"calculator", "bare-micropython"}
    assert all(entry["ok"] for entry in result["warm"].values())
    # the return visit's like-for-like first visit: the calculator page in a browser just started, empty profile
    assert set(result["first"]) == {"calculator"} and result["first"]["calculator"]["ok"]
    assert result["first"]["calculator"]["bytes"]["median"] > 100_000, "a first visit downloads the runtime"
    assert {"warm_calculator_verdict_over_cold", "warm_calculator_verdict_over_first"} <= set(result["ratios"])
    assert set(result["ratios"]) >= {
        "cold_calculator_verdict_over_bare_micropython_ready",
        "cold_pyodide_calculator_verdict_over_calculator_verdict",
    }
    # the calculator page's start-up, step by step, in the order the steps happen
    for mode in ("cold", "first", "warm"):
        steps = result[mode]["calculator"]["timeline_ms"]
        assert list(steps) == [key for key, _ in startup.TIMELINE], mode
        # (the worker may be created before the page's last byte has arrived: <head> runs as the HTML streams in)
        assert steps["worker_created"] <= steps["core_imported"] <= steps["early_answered"] <= steps["first_verdict"]
        assert steps["first_verdict"] <= steps["first_painted"], mode
    assert result["cold"]["bare-micropython"]["timeline_ms"] == {}


def test_the_page_without_the_calculator_is_the_calculator_page_without_its_two_scripts(bench_site: Path) -> None:
    page = (bench_site / "calculator" / "index.html").read_text(encoding="utf-8")
    theme = (bench_site / THEME_DIR / "index.html").read_text(encoding="utf-8")
    assert MEASURE_FIRST_PAINT in theme and MEASURE_FIRST_PAINT not in page
    assert 'id="gx-calculator"' in theme
    assert "new Worker(" in page and "new Worker(" not in theme
    assert "javascripts/calculator.js" in page and "javascripts/calculator.js" not in theme
    # everything else is the page itself, byte for byte
    rest = theme.replace(MEASURE_FIRST_PAINT, "")
    assert len(page) - len(rest) > 30_000 and all(line in page for line in rest.splitlines())


def test_a_page_that_is_not_the_calculator_page_cannot_stand_for_it(tmp_path: Path) -> None:
    (tmp_path / "calculator").mkdir()
    (tmp_path / "calculator" / "index.html").write_text(
        "<html><head></head><body>no scripts</body></html>", encoding="utf-8"
    )
    with pytest.raises(SiteError, match="no script matching"):
        write_theme_page(tmp_path)


def test_transfer_splits_the_page_from_the_offline_copy_and_compares_gzip(browser: Any, bench_site: Path) -> None:
    result = transfer.run(browser, bench_site, runs=1, log=lambda _: None)
    plain = result["plain"]
    assert plain["statuses"] == ["pass"]
    files = plain["page"]["files"]
    core = "/" + core_bundle_file(bench_site).relative_to(bench_site).as_posix()
    assert {"/calculator/", "/calculator/runtime/micropython.wasm", core} <= set(files)
    # The worker requests the WebAssembly file early and hands that response to the runtime: one request.
    wasm = bench_site / "calculator" / "runtime" / "micropython.wasm"
    assert files["/calculator/runtime/micropython.wasm"]["requests"] == 1
    assert files["/calculator/runtime/micropython.wasm"]["body"] == wasm.stat().st_size
    assert plain["page_bytes"]["median"] == plain["page"]["bytes"] > sum(entry["body"] for entry in files.values())
    assert plain["offline_copy_bytes"]["median"] > 0, "the service worker copied the site"
    compressed = result["gzip_static"]
    assert 0 < compressed["page_bytes"]["median"] < plain["page_bytes"]["median"]
    if not compressed.get("computed"):
        assert compressed["page"]["files"]["/calculator/runtime/micropython.wasm"].get("encoding") == "gzip"
    assert result["third_party_requests"] == []
    json.dumps(result)


def test_browser_latency_and_batch_give_verdicts_and_counts(browser: Any, bench_site: Path) -> None:
    with PlainServer(bench_site) as server:
        check = latency.browser_check(browser, server, runs=1, checks=3)
        batch = latency.browser_batch(browser, server, runs=1, rows=30)
    assert check["api_ms"]["median"] > 0 and check["form_ms"]["median"] > 0
    assert set(check["statuses"][0]) <= {"pass", "fail"}
    assert len(batch["summaries"]) == 2 and all(text.startswith("共 30 行") for text in batch["summaries"])
    assert batch["seconds"]["median"] > 0 and batch["first_visit_seconds"]["median"] > 0
    assert batch["download_seconds"]["median"] > 0 and set(batch["worker_ms"]) == {"read", "check", "write"}
    assert check["third_party_requests"] == batch["third_party_requests"] == []


def test_first_search_query_finds_results(browser: Any, built_site: Path) -> None:
    result = first_query(browser, built_site, runs=1)
    assert result["failures"] == [] and result["engine"] == "ours"
    assert result["ms"]["runs"] == 1 and result["ms"]["median"] > 0
    assert 2_000 < result["bytes"]["median"] < 150_000  # the query's shards and the records shown
    assert any("/p/" in path for path in result["files"]) and 0 < sum("/r/" in path for path in result["files"]) <= 10


def test_the_calculator_page_gives_its_verdict_with_its_script_written_in_and_linked(browser: Any) -> None:
    """bench/overrides.py builds the site twice (GX_INLINE_SCRIPTS=0: the script linked) and times both."""
    figures = overrides.inline_script(browser, runs=1, log=lambda message: None)
    entry = figures["first_verdict_ms"]
    assert entry["with"]["runs"] == entry["without"]["runs"] == 1
    assert entry["saved_ms"] == round(entry["without"]["median"] - entry["with"]["median"], 1)
    assert figures["third_party_requests"] == []
