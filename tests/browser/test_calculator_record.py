"""The 多年记录 view: several years side by side, the address round trip, storage only when asked, file export and
import, the one-page print layout, and hostile addresses refused."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests.browser.calculator_page import cli, fill_and_check, open_calculator
from tests.conftest import ROOT

RECORD = "#record=2023,0,0,75;2024,20,0,50;2025,20,10,60&record-as-of=2026-06-01"
DONE = '#record-result:is([data-status="done"], [data-status="error"])'


def wait_for_record(page: Any) -> str:
    page.wait_for_selector(DONE, state="attached", timeout=30_000)
    return str(page.get_attribute("#record-result", "data-status"))


def record_result(page: Any) -> dict[str, Any]:
    text = page.get_attribute("#record-result", "data-result")
    assert text, "no record result on the page"
    return dict(json.loads(text))


def record_rows(page: Any) -> list[list[str]]:
    return list(
        page.eval_on_selector_all(
            "#record-rows .gx-record-row",
            "rows => rows.map(row => [...row.querySelectorAll('input')].map(i => i.value))",
        )
    )


def test_a_record_in_the_address_shows_its_years_side_by_side_as_the_command_line_checks_them(
    page: Any, site_url: str, tmp_path: Path
) -> None:
    open_calculator(page, site_url, RECORD)
    assert wait_for_record(page) == "done"
    summary = page.inner_text("#record-result .gx-record-summary")
    assert summary.startswith("2023–2025：1 年达标，2 年未达标")
    assert "2023 年公需必修课可在 2026-12-31 前补学补考" in summary
    heads = page.eval_on_selector_all(".gx-record-table thead th", "cells => cells.map(c => c.textContent)")
    assert heads == ["年度", "2023", "2024", "2025"]
    verdicts = page.eval_on_selector_all(
        ".gx-record-table tbody tr:first-child td", "cells => cells.map(c => c.dataset.passed)"
    )
    assert verdicts == ["false", "false", "true"]
    assert (
        page.locator('#record-result li[data-action="public-required-makeup"] >> nth=0')
        .inner_text()
        .endswith("计入 2023 年度（桂人社函〔2026〕196号 一、（三）1）")
    )
    csv = tmp_path / "record.csv"
    csv.write_text("年度,公需必修,公需选修,专业科目\n2023,0,0,75\n2024,20,0,50\n2025,20,10,60\n", encoding="utf-8")
    done = cli("record", str(csv), "--as-of", "2026-06-01", "--json")
    assert done.returncode == 0, done.stderr
    assert record_result(page) == json.loads(done.stdout)


@pytest.mark.parametrize("as_of", ["2027/1/5", "2027年1月5日", "2026-02-30", "abc"])
def test_a_date_in_the_address_the_box_cannot_show_is_read_or_refused_as_the_command_line_does(
    page: Any, site_url: str, tmp_path: Path, as_of: str
) -> None:
    """The page emptied the box (today) without a word: 2027/1/5 said what could be done as of today."""
    open_calculator(page, site_url, f"#record=2025,10,0,60&record-as-of={quote(as_of)}")
    status = wait_for_record(page)
    csv = tmp_path / "record.csv"
    csv.write_text("年度,公需必修,公需选修,专业科目\n2025,10,0,60\n", encoding="utf-8")
    done = cli("record", str(csv), "--as-of", as_of, "--json")
    if done.returncode == 0:
        assert status == "done"
        assert record_result(page) == json.loads(done.stdout)
        assert page.input_value("#record-as-of") == json.loads(done.stdout)["as_of"]
    else:
        assert status == "error"
        # The command line names its option (查询日期（--as-of）：…), the page its field (查询日期：…).
        said = done.stderr.strip().removeprefix("错误：").replace("（--as-of）", "")
        assert page.inner_text("#record-result").endswith("\n" + said)
        assert page.get_attribute("#record-as-of", "aria-invalid") == "true"


def test_years_added_from_the_single_check_round_trip_through_the_address_with_the_check(
    browser: Any, page: Any, site_url: str
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_calculator(page, site_url)
    assert fill_and_check(page, 2025, "20", "0", "40", as_of="2026-04-01") == "fail"
    page.click("#record-add-check")
    assert record_rows(page) == [["2025", "20", "0", "40"]]
    page.click("#record-add")
    inputs = page.locator("#record-rows .gx-record-row").nth(1).locator("input")
    for index, value in enumerate(["2026", "20", "", "70"]):
        inputs.nth(index).fill(value)
    page.fill("#record-as-of", "2026-04-01")
    page.click("#record-check")
    assert wait_for_record(page) == "done"
    first = record_result(page)
    assert [(item["year"], item["passed"]) for item in first["years"]] == [(2025, False), (2026, True)]
    assert [(entry["year"], entry["missing"]) for entry in first["lost"]] == [(2025, "professional")]
    assert page.locator(
        '.gx-record-year[data-year="2026"] li[data-deadline="professional-registration"]'
    ).inner_text() == (
        "尚未截止：2027-03-31（2027年3月31日前）专业技术人员：完成专业科目个人学时登记（桂人社函〔2026〕196号 一、（三）1）"
    )
    url = page.url
    assert "year=2025&public-required=20" in url and "record=2025,20,0,40;2026,20,,70&record-as-of=2026-04-01" in url

    page.fill("#professional", "70")  # a new single check keeps the record in the address
    page.click("#check")
    page.wait_for_selector('#result[data-status="pass"]', state="attached")
    assert "record=2025,20,0,40;2026,20,,70" in page.url

    other = browser.new_context(locale="zh-CN", service_workers="block")
    try:
        restored = other.new_page()
        restored.goto(url)
        assert wait_for_record(restored) == "done"
        assert record_rows(restored) == [["2025", "20", "0", "40"], ["2026", "20", "", "70"]]
        assert restored.input_value("#record-as-of") == "2026-04-01"
        assert record_result(restored) == first
    finally:
        other.close()
    assert not [address for address in requested if "record" in address and "#" not in address]


def test_the_record_is_stored_only_when_asked_and_clear_removes_it_everywhere(page: Any, site_url: str) -> None:
    open_calculator(page, site_url, RECORD)
    assert wait_for_record(page) == "done"
    stored_before = page.evaluate("Object.entries(localStorage)")
    assert not [value for _, value in stored_before if "2024" in value or "record" in value], stored_before
    page.check("#record-keep")
    stored = json.loads(page.evaluate("localStorage.getItem('gx-calculator-record')"))
    assert stored["rows"][0] == {"year": "2023", "public_required": "0", "public_elective": "0", "professional": "75"}
    page.goto("about:blank")
    page.goto(f"{site_url}calculator/")
    assert wait_for_record(page) == "done"
    assert page.is_checked("#record-keep")
    assert len(record_rows(page)) == 3
    page.click("#record-clear")
    assert page.evaluate("localStorage.getItem('gx-calculator-record')") is None
    assert "record" not in page.url
    assert record_rows(page) == [["", "", "", ""]]
    assert page.inner_text("#record-result") == ""
    assert "已清除" in page.inner_text("#record-status")


def test_the_record_exports_to_a_csv_the_command_line_reads_and_imports_back(
    page: Any, site_url: str, tmp_path: Path
) -> None:
    open_calculator(page, site_url, RECORD)
    assert wait_for_record(page) == "done"
    with page.expect_download() as info:
        page.click("#record-export")
    exported = tmp_path / "exported.csv"
    info.value.save_as(exported)
    assert exported.read_bytes().startswith("\ufeff年度,公需必修,公需选修,专业科目\r\n2023,0,0,75\r\n".encode())
    done = cli("record", str(exported), "--as-of", "2026-06-01", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == record_result(page)

    page.click("#record-clear")
    page.set_input_files("#record-import", str(exported))
    assert wait_for_record(page) == "done"
    assert record_rows(page) == [["2023", "0", "0", "75"], ["2024", "20", "0", "50"], ["2025", "20", "10", "60"]]

    bad = tmp_path / "bad.csv"
    bad.write_text("公需必修,公需选修,专业科目\n20,0,70\n", encoding="utf-8")
    page.set_input_files("#record-import", str(bad))
    page.wait_for_selector("#record-status:has-text('没有导入')")
    assert "表头缺少“年度”列" in page.inner_text("#record-status")


def test_an_exported_record_keeps_formula_like_values_inert_and_in_their_own_cells(
    page: Any, site_url: str, tmp_path: Path
) -> None:
    # A value that a spreadsheet would run gets a ' in front, and is still quoted when it holds a comma or a quote:
    # '=1,2 unquoted was two cells, and importing the file back shifted 专业科目 into a fifth, dropped, column.
    typed = [["2025", "=1,2", "0", "70"], ["2024", '-"x",1', "@SUM(A1)", "50"]]
    fragment = ";".join(",".join(quote(value, safe="") for value in row) for row in typed)
    open_calculator(page, site_url, f"#record={fragment}&record-as-of=2026-06-01")
    wait_for_record(page)
    assert record_rows(page) == typed
    with page.expect_download() as info:
        page.click("#record-export")
    exported = tmp_path / "exported.csv"
    info.value.save_as(exported)
    with exported.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows == [
        ["年度", "公需必修", "公需选修", "专业科目"],
        ["2025", "'=1,2", "0", "70"],
        ["2024", '\'-"x",1', "'@SUM(A1)", "50"],
    ]
    page.click("#record-clear")
    page.set_input_files("#record-import", str(exported))
    wait_for_record(page)
    assert record_rows(page) == rows[1:], "imported back cell for cell, nothing shifted"


@pytest.mark.parametrize(
    "record",
    [
        "2022,10,0,80;2023,0,0,75;2024,20,0,50;2025,20,10,60;2026,0,0,30",
        # four years, each to make up, with their consequences (six took two pages before, without them)
        ";".join(f"{year},0,0,60" for year in range(2023, 2027)),
    ],
    ids=["five-years", "four-years-to-make-up"],
)
def test_the_print_layout_is_the_record_alone_on_one_page(page: Any, site_url: str, record: str) -> None:
    page.add_init_script("window.print = () => {}")
    open_calculator(page, site_url, f"#record={record}&record-as-of=2026-12-07")
    assert wait_for_record(page) == "done"
    page.click(".gx-record-print")
    page.emulate_media(media="print")
    for hidden in (".md-header", "#check-form", "#result", "#record-form", ".gx-record-tools", ".gx-record-print"):
        assert not page.locator(hidden).first.is_visible(), hidden
    for shown in (".gx-record-table", ".gx-record-summary", "#record-result .gx-print-note"):
        assert page.locator(shown).is_visible(), shown
    pdf = page.pdf(format="A4")
    assert re.findall(rb"/Type\s*/Pages\b.*?/Count (\d+)", pdf, re.DOTALL) == [b"1"], (
        "the record takes more than a page"
    )


def test_the_view_fits_a_390_pixel_phone(browser: Any, site_url: str) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 800}, service_workers="block")
    try:
        page = context.new_page()
        open_calculator(page, site_url, RECORD)
        assert wait_for_record(page) == "done"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.locator("#record-check").is_visible()
    finally:
        context.close()


def test_hostile_addresses_are_refused_without_building_the_rows(page: Any, site_url: str) -> None:
    many = ";".join(f"{2000 + index % 90},20,0,70" for index in range(61))
    open_calculator(page, site_url, f"#record={many}")
    assert wait_for_record(page) == "error"
    assert "超过了 60 个" in page.inner_text("#record-result")
    assert record_rows(page) == [["", "", "", ""]]

    # The same page with another fragment: its hashchange, handled in a task of its own after goto returns. Waited for
    # by the words expected (the status attribute still holds the previous refusal's "error").
    open_calculator(page, site_url, "#record=2025,20,0," + "9" * 101)
    page.wait_for_selector('#record-result:has-text("太长了")', timeout=30_000)
    assert record_rows(page) == [["", "", "", ""]]

    open_calculator(page, site_url, "#record=2025,%E0%A4%A,0,70")
    page.wait_for_selector('#record-result:has-text("无法读取")', timeout=30_000)

    open_calculator(page, site_url, "#record=2025,20,0,70&record=2024,20,0,70")
    page.wait_for_selector('#record-result:has-text("网址中的多年记录出现了 2 次，没有核对")', timeout=30_000)
    assert wait_for_record(page) == "error"

    script = "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"
    page.goto(f"{site_url}calculator/#record=2025,{script},0,70&record-as-of=2026-06-01")
    page.reload()
    assert wait_for_record(page) == "error"
    message = page.inner_text("#record-result")
    assert "2025 年度：公需必修" in message and "<img" in message
    assert page.locator("#record-result img").count() == 0
    assert page.get_attribute('#record-rows input[data-key="public_required"]', "aria-invalid") == "true"


def test_after_one_visit_the_record_view_works_offline(page: Any, site_url: str, built_site: Path) -> None:
    from tests.browser.test_calculator_offline import build_of, wait_until_cached

    open_calculator(page, site_url, RECORD)
    assert wait_for_record(page) == "done"
    first = record_result(page)
    wait_until_cached(page, build_of(built_site))
    page.context.set_offline(True)
    try:
        page.reload()
        assert wait_for_record(page) == "done"
        assert record_result(page) == first
        with page.expect_download() as info:
            page.click("#record-export")
        assert info.value.path() is not None
    finally:
        page.context.set_offline(False)


def test_a_record_workbook_imports_as_the_command_line_reads_it(page: Any, site_url: str, tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["年度", "公需必修", "公需选修", "专业科目"])
    sheet.append([2023, 0, 0, 75])
    sheet.append([2024, 20, None, 50])
    sheet.title = "记录"
    workbook.create_sheet("旧的").append(["年度", "公需必修", "公需选修", "专业科目"])  # both say which one was read
    source = tmp_path / "记录.xlsx"
    workbook.save(source)
    open_calculator(page, site_url, RECORD)
    assert wait_for_record(page) == "done"
    page.click("#record-clear")
    page.set_input_files("#record-import", str(source))
    page.wait_for_function(
        "() => document.querySelectorAll('#record-rows .gx-record-row').length === 2", timeout=30_000
    )
    assert wait_for_record(page) == "done"
    assert record_rows(page) == [["2023", "0", "0", "75"], ["2024", "20", "0", "50"]]
    done = cli("record", str(source), "--as-of", "2026-06-01", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["years"] == record_result(page)["years"]
    note = "工作簿有 2 个工作表，读的是“记录”"
    assert done.stderr.strip() == note
    assert page.inner_text("#record-status") == f"已导入 2 个年度（{note}）"


def test_a_record_workbook_larger_than_a_record_imports_as_the_command_line_reads_it(
    page: Any, site_url: str, tmp_path: Path
) -> None:
    """A record on the sheet a workbook opens on, details on another: over 64 KB, refused by the page unread while
    the command line read it; the page's limit is now the staff list's (MicroPython's heap), as large."""
    import hashlib

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "记录"
    sheet.append(["年度", "公需必修", "公需选修", "专业科目"])
    sheet.append([2025, 20, 0, 70])
    sheet.append([2026, 20, 0, 70])
    details = workbook.create_sheet("明细")
    for number in range(3000):
        details.append([f"第 {number} 次培训", hashlib.sha256(str(number).encode()).hexdigest(), number])
    source = tmp_path / "记录和明细.xlsx"
    workbook.save(source)
    assert source.stat().st_size > 64 * 1024
    open_calculator(page, site_url, RECORD)
    assert wait_for_record(page) == "done"
    page.click("#record-clear")
    page.set_input_files("#record-import", str(source))
    page.wait_for_selector("#record-status:has-text('已导入')")
    assert page.inner_text("#record-status") == "已导入 2 个年度（工作簿有 2 个工作表，读的是“记录”）"
    done = cli("record", str(source), "--as-of", "2026-06-01", "--json")
    assert done.returncode == 0, done.stderr
    assert [year["year"] for year in json.loads(done.stdout)["years"]] == [2025, 2026]


def test_each_failing_year_lists_the_consequences_the_command_line_prints(page: Any, site_url: str) -> None:
    """`record` prints each failing year's consequences (“! …年度考核不得评为优秀等次”); the page left them out."""
    open_calculator(page, site_url, "#record=2023,0,0,50;2026,0,0,50&record-as-of=2026-06-01")
    assert wait_for_record(page) == "done"
    done = subprocess.run(
        [sys.executable, "-m", "calculator", "record", "-", "--as-of", "2026-06-01", "--json"],
        input="年度,公需必修,公需选修,专业科目\n2023,0,0,50\n2026,0,0,50\n",
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert done.returncode == 0, done.stderr
    for year in json.loads(done.stdout)["years"]:
        expected = [f"后果：{item['text']}（{item['source']}）" for item in year["consequences"]]
        assert expected, year["year"]
        shown = page.eval_on_selector_all(
            f".gx-record-year[data-year='{year['year']}'] li[data-consequence]",
            "items => items.map(i => i.textContent)",
        )
        assert shown == expected


def test_removing_a_row_keeps_the_focus_in_the_record_and_the_rows_named_by_their_place(
    page: Any, site_url: str
) -> None:
    """The focus fell to <body> (the next Tab went to the top of the page) and the rows kept their old numbers: two
    groups could both be 第 3 个年度."""
    open_calculator(page, site_url, "#record=2023,0,0,75;2024,20,0,50;2025,20,10,60&record-as-of=2026-06-01")
    assert wait_for_record(page) == "done"
    page.focus("#record-rows .gx-record-row:nth-child(1) .gx-record-remove")
    page.keyboard.press("Enter")
    labels = page.eval_on_selector_all(
        "#record-rows .gx-record-row",
        "rows => rows.map(row => [row.getAttribute('aria-label'), row.querySelector('.gx-record-remove').getAttribute('aria-label')])",
    )
    assert labels == [["第 1 个年度", "删除第 1 个年度"], ["第 2 个年度", "删除第 2 个年度"]]
    assert page.evaluate("document.activeElement.closest('.gx-record-row').getAttribute('aria-label')") == "第 1 个年度"
    page.click("#record-add")
    assert page.get_attribute("#record-rows .gx-record-row:nth-child(3)", "aria-label") == "第 3 个年度"


def test_clearing_the_record_can_be_undone(page: Any, site_url: str) -> None:
    """清除 is one tap on a phone and removed years of records for good."""
    open_calculator(page, site_url, RECORD)
    assert wait_for_record(page) == "done"
    before = record_rows(page)
    page.click("#record-clear")
    assert record_rows(page) == [["", "", "", ""]] and "record=" not in page.evaluate("location.hash")
    page.click("#record-status .gx-record-undo")
    assert wait_for_record(page) == "done"
    assert record_rows(page) == before and "record=" in page.evaluate("location.hash")
    assert page.inner_text("#record-status") == "记录已恢复"


def test_the_records_and_batchs_controls_are_a_fingers_size_on_a_phone(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        open_calculator(page, site_url, RECORD)
        assert wait_for_record(page) == "done"
        small = page.eval_on_selector_all(
            # a checkbox counts with its label (.gx-record-keep), which toggles it too
            ".gx-record :is(button, input:not([type=checkbox]), .gx-record-keep), .gx-batch :is(button, input[type=file])",
            """nodes => nodes.filter(node => node.offsetParent !== null)
                .map(node => [node.id || node.className || node.textContent, node.getBoundingClientRect().height])
                .filter(([, height]) => height < 44)""",
        )
        assert small == [], small
    finally:
        context.close()
