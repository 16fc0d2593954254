"""Smoke runs of every benchmark in bench/ at tiny sizes, so that they cannot rot.

One run each, shipped and ×2 data, a few batch rows. Only the shape and plausibility of the results
are checked (a verdict obtained, bytes > 0, …): never a timing. The budgets live in the benchmark
suite itself (`make bench`), not in the tests. The benchmarks that drive Chromium are smoke-run in
tests/browser/test_bench_smoke_browser.py (they share the browser tests' Chromium).
"""

from __future__ import annotations

import urllib.request
from pathlib import Path
from typing import Any

import pytest

from bench import build_scaling, latency, overrides, pageload, report, transfer
from bench import run as bench_run
from bench.budgets import BUDGETS, evaluate
from bench.servers import Downlink, Line, PhoneLineServer, PlainServer, complete_lines
from bench.synthetic_data import copied_notice, notice_years, shift_date, write_synthetic_data
from generator.data.load import validate_data
from generator.rules.compile_rules import document_label
from tests.conftest import DATA


def test_synthetic_data_scales_organisations_rows_and_years_and_stays_valid(tmp_path: Path) -> None:
    counts = write_synthetic_data(tmp_path / "data", organisations=2, years=2)
    data, problems = validate_data(tmp_path / "data")
    assert data is not None, [problem.message for problem in problems if problem.is_error][:5]
    shipped, _ = validate_data(DATA)
    assert shipped is not None
    assert len(data.organisations) == 2 * len(shipped.organisations) == counts["organisations"]
    assert len(data.notices) == 2 * len(shipped.notices) == counts["notices"]
    rows = sum(len(directory.get("entries", directory.get("units", []))) for directory in data.directories.values())
    shipped_rows = sum(
        len(directory.get("entries", directory.get("units", []))) for directory in shipped.directories.values()
    )
    assert rows == 2 * shipped_rows
    labels = [document_label(notice["document"]) for notice in data.notices.values()]
    assert len(set(labels)) == len(labels), "every copied notice is cited by a label of its own"


def test_a_copied_notice_moves_its_dates_and_years_together() -> None:
    notice: dict[str, Any] = {
        "year": 2026,
        "document": {"number": "桂人社函〔2026〕196号", "date": "2025-05-18", "date_printed": "2025年5月18日"},
        "deadlines": [{"date": "2026-12-31", "printed": "2026年12月31日前"}],
        "makeup": {"from_year": 2022, "to_year": 2025, "text": "2022年至2025年未完成……"},
    }
    moved = copied_notice(notice, 2030, 3)
    assert moved["year"] == 2030
    assert moved["document"] == {
        "number": "桂人社函〔2030〕9003号",
        "date": "2029-05-18",
        "date_printed": "2029年5月18日",
    }
    assert moved["deadlines"] == [{"date": "2030-12-31", "printed": "2030年12月31日前"}]
    assert moved["makeup"] == {"from_year": 2026, "to_year": 2029, "text": "2026年至2029年未完成……"}
    with_text = {**notice, "document": {**notice["document"], "source_files": ["sources/2026-notice.txt"]}}
    assert copied_notice(with_text, 2030, 3)["document"]["source_files"] == ["sources/synthetic-2030-2026-notice.txt"]
    assert notice["year"] == 2026, "the template is left as it was"
    assert shift_date("2024-02-29", 1) == "2025-02-28"
    assert notice_years([2023, 2025, 2026], 20) == list(range(2043, 2100)), "57 copies, all after 2026"
    with pytest.raises(ValueError, match="needs 87 more years; only 73 fit in 2027–2099"):
        notice_years([2023, 2025, 2026], 30)


def test_plain_markdown_keeps_the_text_and_headings_but_no_markup() -> None:
    markdown = (
        "---\nsearch:\n  boost: 2\n---\n\n# 广西大学\n\n<div><dl><dt>所在市</dt><dd>南宁市</dd></dl></div>\n\n"
        "## 继续教育基地 { #bases }\n\n| 名单 | 级别 |\n| --- | --- |\n| [2026 年名单](../x/) | 国家级 |\n\n"
        '!!! note "说明"\n    1. 第一条\n'
    )
    plain = build_scaling.plain_markdown(markdown)
    assert plain.startswith("# 广西大学\n")
    assert "## 继续教育基地\n" in plain
    assert "南宁市" in plain and "2026 年名单" in plain and "国家级" in plain and "第一条" in plain
    for markup in ("<", "](", "{ #", "boost", "!!!", "| ---"):
        assert markup not in plain


def test_cpython_check_and_batch_give_figures_and_the_whole_output() -> None:
    check = latency.cpython_check(runs=1, calls=20)
    assert check["ms_per_check"]["runs"] == 1 and check["ms_per_check"]["median"] > 0
    batch = latency.cpython_batch(runs=1, rows=50)
    assert batch["output_lines"] == 51, "a header and one line per row"
    assert batch["summary"].startswith("共 50 行")
    assert batch["seconds"]["median"] > 0


def test_the_generated_staff_list_has_varied_rows_and_a_few_errors() -> None:
    lines = latency.staff_csv(500).splitlines()
    assert lines[0] == "姓名,部门,公需必修,公需选修,专业科目"
    assert len(lines) == 501
    assert len({line.split(",", 2)[2] for line in lines[1:]}) > 400, "hours mostly distinct"
    assert latency.staff_csv(50) == latency.staff_csv(50), "the same rows every time"


def test_the_phone_line_delivers_every_byte_and_books_the_downlink_by_size(tmp_path: Path) -> None:
    body = bytes(range(256)) * 400  # 100 KB, several slices
    (tmp_path / "file.bin").write_bytes(body)
    fast = Line("fast", rtt_ms=1, kbit_per_s=800_000)  # 100 MB/s: the test does not wait
    with PhoneLineServer(tmp_path, line=fast) as server:
        since = server.mark()
        with urllib.request.urlopen(server.url + "file.bin") as response:
            assert response.read() == body
        server.mark()  # the log line is written just after the response
        logged = server.responses(since)
    assert [(entry.path, entry.status, entry.body) for entry in logged] == [("/file.bin", 200, len(body))]
    slow = Downlink(Line("slow", rtt_ms=50, kbit_per_s=80))  # 10 kB/s: booked, never sent
    first = slow.book(5_000)
    assert slow.book(5_000) - first == pytest.approx(0.5), "the second waits for the first: one line shared"


def test_compressed_sizes_are_computed_when_nginx_is_missing(tmp_path: Path) -> None:
    (tmp_path / "calculator").mkdir()
    (tmp_path / "calculator" / "index.html").write_text("<p>" + "学时" * 2000 + "</p>", encoding="utf-8")
    page = {"requests": 1, "files": {"/calculator/": {"bytes": 12_300, "body": 12_000, "requests": 1}}}
    computed = transfer.computed_gzip(tmp_path, page)
    assert 0 < computed["bytes"] < 12_000
    assert computed["files"]["/calculator/"]["requests"] == 1


def test_budgets_are_judged_from_results_and_rendered_into_the_readme(tmp_path: Path) -> None:
    results: dict[str, Any] = {
        "startup": {
            "cold": {"calculator": {"verdict_ms": {"median": 420.0, "min": 400.0, "max": 480.0, "runs": 5}}},
            "ratios": {
                "cold_calculator_verdict_over_bare_micropython_ready": 2.5,
                "cold_pyodide_calculator_verdict_over_calculator_verdict": 16.0,
                "warm_calculator_verdict_over_cold": 1.3,
                "warm_calculator_verdict_over_first": 1.1,
            },
            "phone": {
                "line": {"name": "手机网络（模拟）", "rtt_ms": 50, "kbit_per_s": 10_000},
                "cold": {"verdict_ms": {"median": 1500.0}},
                "warm": {"verdict_ms": {"median": 300.0}},
                "warm_over_cold": 0.2,
            },
        },
        "latency": {"cpython_batch": {"seconds": {"median": 1.5, "min": 1.4, "max": 1.6, "runs": 5}}},
    }
    budgets = {entry["id"]: entry for entry in evaluate(results)}
    assert set(budgets) == {budget.id for budget in BUDGETS}
    assert budgets["startup-verdict"]["pass"] is True
    assert budgets["startup-vs-bare-micropython"]["pass"] is False
    assert budgets["startup-vs-pyodide"]["pass"] is True
    assert budgets["startup-return-visit-local"]["pass"] is False
    assert budgets["startup-return-visit-phone"]["pass"] is True
    assert budgets["batch-cpython"]["pass"] is True
    assert budgets["transfer-plain"]["pass"] is None, "not measured"
    document = {"date": "2026-11-22T00:00:00+00:00", "budgets": list(budgets.values()), "benchmarks": results}
    table = report.budget_table(document)
    assert "| 计算器页面冷启动：导航到首个结论 | ≤ 500 ms | 420 ms（400–480，5 次） | ✅ 达标 |" in table
    assert "❌ 未达标" in table and "未测" in table
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n## 性能\n\n{report.START}\nold\n{report.END}\n\nafter\n", encoding="utf-8")
    report.write_readme(document, readme)
    text = readme.read_text(encoding="utf-8")
    assert "old" not in text and table in text and text.endswith(f"{report.END}\n\nafter\n")
    assert "手机网络（模拟）：计算器页面首次访问到首个结论 1,500 ms，再次访问 300 ms，为首次访问的 0.20 倍。" in text


def test_the_report_says_how_soon_the_page_without_the_calculator_is_drawn() -> None:
    startup: dict[str, Any] = {
        "cold": {
            "calculator": {
                "verdict_ms": {"median": 300.0},
                "painted_ms": {"median": 360.0},
                "first_paint_ms": {"median": 280.0},
            },
            "bare-micropython": {"verdict_ms": {"median": 160.0}},
            "theme-only": {"verdict_ms": {"median": 200.0}},
        },
        "ratios": {"cold_theme_first_paint_over_bare_micropython_ready": 1.25},
    }
    line = report.floor_line({"benchmarks": {"startup": startup}})
    assert "冷启动第一次绘制在 200 ms，已是空白 MicroPython 页面就绪的 1.25 倍" in line
    assert "计算器页面本身第一次绘制在 280 ms，首个结论画出在 360 ms" in line
    assert report.floor_line({"benchmarks": {"startup": {"cold": {}, "ratios": {}}}}) == "", "not measured: no line"
    table = report.startup_table({"benchmarks": {"startup": startup}})
    assert "计算器页面去掉计算器" in table and "整机的 CPU 时间：" not in table, "no CPU figures: no note on them"
    startup["cold"]["calculator"]["cpu_ms"] = {"median": 900.0}
    table = report.startup_table({"machine": {"cpus": 2}, "benchmarks": {"startup": startup}})
    assert "| 900 ms（平均约 2.5 个核） |" in table and "整机的 CPU 时间：" in table and "共 2 个" in table


def test_the_machines_busy_time_only_grows() -> None:
    first = pageload.machine_cpu_ms()
    sum(range(3_000_000))  # some work
    second = pageload.machine_cpu_ms()
    assert first is not None and second is not None and second > first


def test_a_benchmark_measured_again_replaces_its_figures_and_says_when(tmp_path: Path) -> None:
    first_run: dict[str, Any] = {
        "date": "2026-11-22T10:00:00+00:00",
        "git": {"commit": "a" * 40, "dirty": False},
        "machine": {"load_average_at_start": [0.1, 0.1, 0.1]},
        "benchmarks": {
            "latency": {"cpython_batch": {"seconds": {"median": 2.5, "runs": 5}}},
            "startup": {"cold": {"calculator": {"verdict_ms": {"median": 420.0, "runs": 5}}}},
        },
        "skipped": {},
    }
    later_run: dict[str, Any] = {
        "date": "2026-11-22T12:00:00+00:00",
        "git": {"commit": "b" * 40, "dirty": False},
        "machine": {"load_average_at_start": [0.2, 0.2, 0.2]},
        "selected": ["latency"],
        "benchmarks": {"latency": {"cpython_batch": {"seconds": {"median": 1.5, "runs": 5}}}},
        "skipped": {},
    }
    merged = bench_run.updated(first_run, later_run)
    assert merged["benchmarks"]["startup"] == first_run["benchmarks"]["startup"]
    assert merged["benchmarks"]["latency"] == later_run["benchmarks"]["latency"]
    assert merged["provenance"]["startup"]["git"]["commit"] == "a" * 40
    assert merged["provenance"]["latency"]["git"]["commit"] == "b" * 40
    budgets = {entry["id"]: entry for entry in merged["budgets"]}
    assert budgets["batch-cpython"]["pass"] is True, "judged again on the new figure"
    assert merged["date"] == first_run["date"]
    line = report.provenance_line(merged)
    assert "latency" in line and "bbbbbbbbbb" in line and "startup" not in line


@pytest.mark.build
def test_build_scaling_runs_ours_and_the_bare_floor_at_two_sizes(tmp_path: Path) -> None:
    sizes = (build_scaling.Size("shipped data", 1, 1, 1), build_scaling.Size("organisations ×2", 2, 1, 1))
    result = build_scaling.run(sizes, scratch=tmp_path, log=lambda message: None)
    first, second = result["sizes"]
    for entry in (first, second):
        assert entry["ours"]["ok"], entry["ours"].get("error")
        assert entry["bare"]["ok"], entry["bare"].get("error")
        assert entry["ours"]["seconds"]["median"] > 0 and entry["ours"]["peak_rss_mb"]["median"] > 10
        assert entry["ratio"] > 0
        assert entry["search_index"]["bytes"] > entry["search_index"]["gzip_bytes"] > 0
        assert entry["search_index"]["files"] > 3  # ours: the manifest, shards, records
        assert entry["material_search"]["files"] == 1 and entry["material_search"]["bytes"] > 0  # the bare floor's
        assert entry["built_pages"] >= entry["pages"]
    assert second["pages"] > first["pages"]
    assert second["organisations"] == 2 * first["organisations"]
    assert result["linearity"]["organisations"]["steps"][0]["ms_per_page"] != 0


def test_past_a_hundred_organisations_the_navigation_lists_only_their_index(tmp_path: Path) -> None:
    from generator.site.pages import ORGANISATIONS_IN_NAV, navigation

    write_synthetic_data(tmp_path / "data", organisations=2)
    data, _ = validate_data(tmp_path / "data")
    assert data is not None and len(data.organisations) > ORGANISATIONS_IN_NAV
    section = next(item["单位"] for item in navigation(data, True) if isinstance(item, dict) and "单位" in item)
    assert section == ["organisations/index.md"]


def test_past_five_years_the_navigation_lists_the_newest_notices_and_the_index_lists_every_year(tmp_path: Path) -> None:
    from generator.site.pages import NEWEST_YEARS_IN_NAV, generate_pages, navigation

    write_synthetic_data(tmp_path / "data", years=3)
    data, _ = validate_data(tmp_path / "data")
    assert data is not None and len(data.notices) > NEWEST_YEARS_IN_NAV
    nav = navigation(data, True)
    notices = next(item["年度通知"] for item in nav if isinstance(item, dict) and "年度通知" in item)
    listed = [next(iter(entry.values())) for entry in notices if isinstance(entry, dict) and "notices/" in str(entry)]
    assert listed == [f"notices/{year}.md" for year in sorted(data.notices, reverse=True)[:NEWEST_YEARS_IN_NAV]]
    changes = next(item["变化"] for item in nav if isinstance(item, dict) and "变化" in item)
    assert len(changes) == NEWEST_YEARS_IN_NAV
    index = generate_pages(data, tmp_path / "data")["notices/index.md"]
    for year in data.notices:
        assert f'href="{year}/"' in index
    assert index.count("与上一份通知相比的变化") == len(data.notices) - 1


@pytest.mark.build
def test_each_kept_override_is_measured_with_and_without_it(tmp_path: Path) -> None:
    """bench/overrides.py: the same build with each override switched off, alternating; the README table says what it saves."""
    figures = overrides.builds(runs=2, sizes=((1, "shipped data"),), log=lambda message: None)
    assert set(figures) == set(overrides.BUILD_SWITCHES)
    for override, sizes in figures.items():
        entry = sizes["shipped data"]
        assert entry["with"]["runs"] == entry["without"]["runs"] == 2, override
        assert entry["saved"] == round(1 - entry["with"]["median"] / entry["without"]["median"], 3)
    table = report.overrides_table({"benchmarks": {"overrides": {"builds": figures}}})
    assert table.count("\n") == 1 + len(figures)
    assert "`generator/site/html_blocks.py`" in table and "生成耗时，shipped data" in table


def test_the_response_log_is_read_only_up_to_its_last_whole_line(tmp_path: Path) -> None:
    """A line the server is still writing when the benchmark reads the log is left for the next read (a torn line once
    stopped a run with a JSONDecodeError)."""
    log = tmp_path / "responses.log"
    whole = (
        '{"path": "/a", "status": 200, "body": 1, "total": 2, "encoding": "", "headers": {}, "start": 1.0, "end": 2.0}'
    )
    log.write_text(whole + "\n\n" + whole[:40], encoding="utf-8")
    assert complete_lines(log) == [whole]
    server = PlainServer(tmp_path)
    server.log_path = log
    assert [response.path for response in server.read_log()] == ["/a"]
    log.write_text(log.read_text(encoding="utf-8") + whole[40:] + "\n", encoding="utf-8")
    assert [response.path for response in server.read_log()] == ["/a", "/a"]
    assert complete_lines(tmp_path / "missing.log") == []


def test_the_context_line_says_which_chinese_fonts_the_pages_were_drawn_with() -> None:
    from bench import machine

    fonts = machine.chinese_fonts()
    assert fonts is None or all(isinstance(name, str) and name for name in fonts)
    run: dict[str, Any] = {"date": "2026-12-06T00:00:00+00:00", "git": {"commit": "c" * 40}, "machine": {"cpus": 2}}
    assert "字体" not in report.context_line(run), "an older run that did not record its fonts says nothing of them"
    run["machine"]["chinese_fonts"] = []
    assert "没有中文字体" in report.context_line(run)
    run["machine"]["chinese_fonts"] = ["WenQuanYi Micro Hei"]
    assert "中文字体 WenQuanYi Micro Hei；" in report.context_line(run)


def test_the_update_benchmarks_new_data_is_valid_and_raises_the_minimum(tmp_path: Path) -> None:
    """The update benchmark's publication (90 → 100 hours) failed validation once the data had to be in its source
    text: the full bench run stopped there."""
    from bench.update import new_rules_data
    from generator.data.load import validate_data

    data, problems = validate_data(new_rules_data(tmp_path / "data"))
    assert data is not None, [problem.format() for problem in problems if problem.is_error]
    assert data.notices[2026]["rules"]["total_hours"]["minimum"] == 100
