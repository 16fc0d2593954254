"""Batch mode in Chromium: a CSV checked in the page equals `python -m calculator batch`, in any encoding Excel writes."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.calculator_page import open_calculator, upload
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

STAFF = (
    "姓名,部门,公需必修,公需选修,专业科目\r\n"
    '"张三, 高级工程师",设计院,20,5,70\r\n'
    '"李""小""四",设计院,20,0,40\r\n'
    "\r\n"
    "王五,财务处,二十,0,70\r\n"
    "赵六,财务处,20,0,70,多出来的一列\r\n"
    "孙七,,０,10.5,61.5学时\r\n"
    '"周八\n（借调）",设计院,20,10,60\r\n'
)


def cli_batch(data: bytes, year: str, tmp_path: Path) -> str:
    source = tmp_path / "staff.csv"
    source.write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-m", "calculator", "batch", str(source), f"--year={year}"],
        cwd=ROOT,
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8")
    return done.stdout.decode("utf-8")


def downloaded(page: Any, button: str = "#batch-download") -> bytes:
    with page.expect_download() as info:
        page.click(button)
    return Path(info.value.path()).read_bytes()


@pytest.mark.parametrize(
    "encoding",
    [
        pytest.param("utf-8-sig", id="UTF-8 with BOM"),
        pytest.param("utf-8", id="UTF-8"),
        pytest.param("gb18030", id="GB18030"),
    ],
)
def test_a_staff_list_is_checked_row_by_row_as_on_the_command_line(
    page: Any, site_url: str, tmp_path: Path, third_party_requests: list[str], encoding: str
) -> None:
    data = STAFF.encode(encoding)
    open_calculator(page, site_url)
    upload(page, "员工.csv", data)
    assert page.get_attribute("#batch-status", "data-state") == "done"
    assert page.inner_text("#batch-summary") == "共 6 行：达标 2，未达标 2，有错误 2"
    assert not page.is_visible("#batch-people"), "no 年度 column: no 多年汇总"
    statuses = page.eval_on_selector_all("#batch-table tbody tr", "rows => rows.map(row => row.dataset.status)")
    assert statuses == ["pass", "fail", "error", "error", "fail", "pass"]
    table = page.eval_on_selector("#batch-table", "table => table.textContent")  # the folded columns included
    assert "张三, 高级工程师" in table and '李"小"四' in table and "设计院" in table
    assert "第 6 行有 6 列，比表头多 1 列" in table
    assert "公需必修：“二十”不是学时数" in table

    result = downloaded(page)
    assert result.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    expected = cli_batch(data, "2026", tmp_path)
    assert result[3:].decode("utf-8") == expected
    assert third_party_requests == []
    # The table shows name, verdict and what is missing (or the error, whole) first, every column one tap away.
    expected_rows = list(csv.reader(io.StringIO(expected, newline="")))
    header = expected_rows[0]
    verdict, missing, error = header.index("结论"), header.index("还差什么"), header.index("错误")
    shown = page.eval_on_selector_all(
        "#batch-table tbody tr",
        """rows => rows.map(row => [row.cells[0].textContent, row.cells[1].textContent,
            row.cells[2].firstChild.textContent, [...row.querySelectorAll('dd')].map(dd => dd.textContent)])""",
    )
    assert page.eval_on_selector_all("#batch-table th", "heads => heads.map(head => head.textContent)") == [
        "姓名", "结论", "还差什么",
    ]  # fmt: skip
    marks = {"达标": "✓ 达标", "未达标": "✗ 未达标", "未核对": "未核对"}
    assert shown == [
        [row[0], marks[row[verdict]], row[error] or row[missing], [cell or "—" for cell in row]]
        for row in expected_rows[1:]
    ]


def test_the_year_column_wins_over_the_chosen_year(page: Any, site_url: str, tmp_path: Path) -> None:
    data = "name,year,public_required,public_elective,professional\n甲,2023,15,0,75\n乙,,20,0,70\n丙,2018,20,0,70\n".encode()
    open_calculator(page, site_url)
    upload(page, "staff.csv", data, year="2025")
    statuses = page.eval_on_selector_all("#batch-table tbody tr", "rows => rows.map(row => row.dataset.status)")
    assert statuses == ["pass", "pass", "error"]
    assert downloaded(page)[3:].decode("utf-8") == cli_batch(data, "2025", tmp_path)


def test_changing_the_year_checks_the_chosen_file_again_never_leaving_another_years_result(
    page: Any, site_url: str, tmp_path: Path
) -> None:
    """The result of 2026 stayed on show (and downloadable) after 2023 was chosen: now the file is checked again."""
    data = "姓名,公需必修,公需选修,专业科目\n张三,20,0,70\n".encode()
    open_calculator(page, site_url)
    upload(page, "staff.csv", data, year="2026")
    assert "2026 年度" in page.inner_text("#batch-status")
    page.select_option("#batch-year", "2023")
    page.wait_for_function(
        "() => document.querySelector('#batch-status').dataset.state === 'done'"
        " && document.querySelector('#batch-status').textContent.includes('2023 年度')"
    )
    assert downloaded(page)[3:].decode("utf-8") == cli_batch(data, "2023", tmp_path)
    assert page.eval_on_selector_all("#batch-table tbody tr", "rows => rows.map(row => row.dataset.status)") == [
        "error"  # 2023's public required course is 15 hours: 20 is more than it gives
    ]


def test_a_file_that_cannot_be_read_is_reported_and_nothing_is_shown(page: Any, site_url: str) -> None:
    open_calculator(page, site_url)
    upload(page, "wrong.csv", "姓名,学时\r\n张三,90\r\n".encode())
    assert page.get_attribute("#batch-status", "data-state") == "error"
    assert "表头缺少" in page.inner_text("#batch-status")
    assert page.locator("#batch-table tr").count() == 0
    assert page.locator("#batch-download").is_hidden()
    assert page.locator("#batch-view").is_hidden()

    upload(page, "binary.csv", bytes([0x81, 0x20, 0xFF, 0xFE, 0x00]) * 3 + b"\x80")
    assert page.get_attribute("#batch-status", "data-state") == "error"
    assert "无法识别文件的编码" in page.inner_text("#batch-status")


BROKEN = {
    "an unpaired quote": b'name,public_required,public_elective,professional\r\nA,20,0,70\r\n"B,20,0,70\r\nC,20,0,70\r\n',
    "too many columns": ("name,public_required,public_elective,professional\r\nA,20,0,70" + ",x" * 200).encode(),
    "GB18030 after 64 KB of UTF-8": "姓名,公需必修,公需选修,专业科目\r\n张三,20,0,70\r\n".encode() * 5000
    + "李四,20,0,70\r\n".encode("gb18030"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_file_gets_the_command_lines_message_naming_its_line(
    page: Any, site_url: str, tmp_path: Path, name: str
) -> None:
    data = BROKEN[name]
    source = tmp_path / "broken.csv"
    source.write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-m", "calculator", "batch", str(source), "--year=2026"], cwd=ROOT, capture_output=True
    )
    assert done.returncode == 2
    expected = done.stderr.decode("utf-8").strip().removeprefix("错误：")
    open_calculator(page, site_url)
    upload(page, "broken.csv", data)
    assert page.get_attribute("#batch-status", "data-state") == "error"
    assert page.inner_text("#batch-status") == expected
    assert "第 " in expected  # names its line
    assert page.locator("#batch-view").is_hidden()


def test_the_separators_rows_travel_to_micropython_with_are_refused_naming_their_line(page: Any, site_url: str) -> None:
    open_calculator(page, site_url)
    upload(page, "staff.csv", "姓名,公需必修,公需选修,专业科目\r\n张三\x1e,20,0,70\r\n".encode())
    assert page.inner_text("#batch-status") == (
        "第 2 行有控制字符 U+001E，网页无法核对：请删掉它，或用命令行 python -m calculator batch 核对"
    )


def test_a_nul_character_is_refused_not_left_to_cut_the_rows_after_it(page: Any, site_url: str) -> None:
    """The result handed back from MicroPython ended at the NUL: 丙 and 丁 (the one who failed) were gone from the
    table and both downloads while the counts said 4 rows."""
    open_calculator(page, site_url)
    upload(
        page,
        "staff.csv",
        "姓名,公需必修,公需选修,专业科目\r\n甲,20,10,60\r\n乙\x00,20,10,60\r\n丙,20,10,60\r\n丁,0,0,0\r\n".encode(),
    )
    assert page.get_attribute("#batch-status", "data-state") == "error"
    assert page.inner_text("#batch-status").startswith("第 3 行有控制字符 U+0000（空字符")
    assert page.locator("#batch-view").is_hidden()


BATCH_ANSWERS = """
(() => {
  // Each batch answer the worker sends (its result's fresh_runtime, counts), kept for the test.
  const Original = window.Worker;
  window.__batchAnswers = [];
  window.Worker = function (...args) {
    const worker = new Original(...args);
    worker.addEventListener("message", (event) => {
      const result = event.data && event.data.answer && event.data.answer.result;
      if (result && result.counts) window.__batchAnswers.push({ fresh: result.fresh_runtime, counts: result.counts });
    });
    return worker;
  };
  window.Worker.prototype = Original.prototype;
})();
"""


def test_after_a_huge_list_the_next_file_is_read_on_a_fresh_runtime(page: Any, site_url: str) -> None:
    """MicroPython's heap grows for a big list and never shrinks: the next big batch ran 30-60 times slower in it (a
    6 MB list, 1.8 s on a fresh page, 100 s after a 200,000-row one). A file is now read on a fresh runtime once the
    heap has grown; the results are the same."""
    page.add_init_script(BATCH_ANSWERS)
    open_calculator(page, site_url)
    small = "姓名,公需必修,公需选修,专业科目\r\n甲,20,10,60\r\n乙,0,0,0\r\n".encode()
    upload(page, "small.csv", small)
    huge = "姓名,公需必修,公需选修,专业科目\r\n" + "".join(f"a{number},20,10,60\r\n" for number in range(200_000))
    upload(page, "huge.csv", huge.encode(), timeout=300_000)
    assert page.inner_text("#batch-summary").startswith("共 200000 行：达标 200000")
    upload(page, "small.csv", small)
    assert page.inner_text("#batch-summary") == "共 2 行：达标 1，未达标 1，有错误 0"
    upload(page, "small.csv", small)
    answers = page.evaluate("window.__batchAnswers")
    assert [answer["fresh"] for answer in answers] == [False, False, True, False]
    assert answers[2]["counts"] == answers[3]["counts"] == {"passed": 1, "failed": 1, "error": 0}


def test_a_huge_lists_result_stays_downloadable_after_a_record_file_is_read(
    page: Any, site_url: str, tmp_path: Path
) -> None:
    """The batch's result rows stay in the runtime that checked them (the CSV downloads are made there): a record file
    read next, when the heap has grown, is read on the same runtime, leaving the result on show downloadable (read on
    a fresh one, it left a download of nothing)."""
    page.add_init_script(BATCH_ANSWERS)
    open_calculator(page, site_url)
    rows = "".join(f"a{number},20,10,{60 + number % 7}\r\n" for number in range(80_000))
    huge = ("姓名,公需必修,公需选修,专业科目\r\n" + rows).encode()
    upload(page, "huge.csv", huge, timeout=300_000)
    assert page.inner_text("#batch-summary").startswith("共 80000 行")
    expected = cli_batch(huge, "2026", tmp_path)
    assert downloaded(page)[3:].decode("utf-8") == expected
    record = tmp_path / "记录.csv"
    record.write_text("年度,公需必修,公需选修,专业科目\r\n2025,20,0,70\r\n", encoding="utf-8")
    page.set_input_files("#record-import", str(record))
    page.wait_for_function(
        "() => document.querySelectorAll('#record-rows .gx-record-row').length === 1", timeout=60_000
    )
    assert downloaded(page)[3:].decode("utf-8") == expected
    # The heap had grown past what a batch is read on a fresh runtime after: the next one is.
    upload(page, "small.csv", "姓名,公需必修,公需选修,专业科目\r\n甲,20,10,60\r\n".encode())
    assert [answer["fresh"] for answer in page.evaluate("window.__batchAnswers")] == [False, True]


def test_a_long_list_shows_progress_and_one_page_of_results_at_a_time(page: Any, site_url: str, tmp_path: Path) -> None:
    # Long enough to take several of the worker's progress intervals (it reports at most every 100 ms): hours that
    # rarely repeat (rows with the same hours are checked once, calculator/table.py).
    count = 20_000
    rows = ["姓名,公需必修,公需选修,专业科目"]
    rows += [f"员工{number},20,{number % 11},{40 + number % 45}.{number % 100:02d}" for number in range(count)]
    data = ("\r\n".join(rows) + "\r\n").encode("utf-8")
    open_calculator(page, site_url)
    page.evaluate("window.gxCalculator.ready()")
    page.evaluate(
        """() => {
            window.progressSeen = new Set();
            new MutationObserver(() => window.progressSeen.add(document.querySelector('#batch-progress').value))
                .observe(document.querySelector('#batch-progress'), {attributes: true});
            const bar = document.querySelector('#batch-progress');
            setInterval(() => window.progressSeen.add(bar.value), 20);
        }"""
    )
    upload(page, "all-staff.csv", data)
    assert page.inner_text("#batch-summary").startswith(f"共 {count} 行")
    seen = page.evaluate("[...window.progressSeen]")
    assert len([value for value in seen if 0 < value < count]) >= 3, f"progress was not shown along the way: {seen}"
    # The checking runs in the worker and the page draws one page of the table at a time: that design is
    # what keeps the page responsive. How long its tasks take is a timing, measured by the benchmark suite
    # (bench/: 10,000-row batch without freezing), not asserted here.
    assert page.locator("#batch-table tbody tr").count() == 100, "the table shows one page at a time"
    assert page.inner_text("#batch-page") == f"第 1–100 条，共 {count} 条"
    # Each page's rows are made by the worker when shown (the batch itself works out the verdicts only): every row
    # shown, on any page, under any filter, is the command line's row.
    expected = list(csv.reader(io.StringIO(cli_batch(data, "2026", tmp_path), newline="")))
    header, results = expected[0], expected[1:]
    verdict, missing = header.index("结论"), header.index("还差什么")

    def shown_rows(page_text: str) -> list[list[str]]:
        expect(page.locator("#batch-page")).to_have_text(page_text)
        return page.eval_on_selector_all(
            "#batch-table tbody tr",
            "rows => rows.map(row => [row.dataset.status, ...[...row.cells].map(cell => cell.firstChild.textContent)])",
        )

    def as_shown(row: list[str]) -> list[str]:
        status = "pass" if row[verdict] == "达标" else "fail"
        return [status, row[0], ("✓ " if status == "pass" else "✗ ") + row[verdict], row[missing]]

    assert shown_rows(f"第 1–100 条，共 {count} 条") == [as_shown(row) for row in results[:100]]
    page.click("#batch-next")
    assert shown_rows(f"第 101–200 条，共 {count} 条") == [as_shown(row) for row in results[100:200]]
    page.click("#batch-next")
    page.click("#batch-next")  # two pages asked for at once: the last one asked is the one shown
    assert shown_rows(f"第 301–400 条，共 {count} 条") == [as_shown(row) for row in results[300:400]]
    page.select_option("#batch-filter", "fail")
    failing = [row for row in results if row[verdict] == "未达标"]
    counts = page.inner_text("#batch-summary")
    assert counts.split("未达标 ")[1].split("，")[0] == str(len(failing))
    assert shown_rows(f"第 1–100 条，共 {len(failing)} 条") == [as_shown(row) for row in failing[:100]]
    page.click("#batch-next")
    assert shown_rows(f"第 101–200 条，共 {len(failing)} 条") == [as_shown(row) for row in failing[100:200]]
    assert downloaded(page)[3:].decode("utf-8") == cli_batch(data, "2026", tmp_path)


def test_an_xlsx_made_by_openpyxl_round_trips_through_the_page_as_the_command_line_writes_it(
    page: Any, site_url: str, tmp_path: Path, third_party_requests: list[str]
) -> None:
    import datetime

    from openpyxl import Workbook, load_workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "名单"
    sheet.append(["工号", "姓名", "公需必修", "公需选修", "专业科目", "入职日期", "备注"])
    sheet.append(["0012", "张三", 20, None, 70, datetime.date(2020, 5, 1), "—"])
    sheet.append([13, "李四", 20, 0, 50.5, None, "@外聘"])
    sheet.append([])
    sheet.append([14, "王五", "二十", 0, 70])
    sheet.append([15, "赵六", 0, 10, 61.5])
    text = sheet.cell(row=7, column=2, value="=不是公式")
    text.data_type = "s"
    sheet.cell(row=7, column=5, value=90)
    workbook.create_sheet("说明").append(["这一页不是名单"])  # a second sheet: both say which one was checked
    source = tmp_path / "staff.xlsx"
    workbook.save(source)
    cli_result = tmp_path / "cli.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "calculator", "batch", str(source), "--year=2026", "--output", str(cli_result)],
        cwd=ROOT,
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8")

    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    open_calculator(page, site_url)
    page.evaluate("window.gxCalculator.ready()")
    assert not [url for url in requests if "/xlsx." in url], "the .xlsx module is not part of the cold load"
    page.select_option("#batch-year", "2026")
    page.set_input_files(
        "#batch-file",
        files=[
            {
                "name": "staff.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": source.read_bytes(),
            }
        ],
    )
    page.wait_for_selector('#batch-status:is([data-state="done"], [data-state="error"])', state="attached")
    assert page.get_attribute("#batch-status", "data-state") == "done", page.inner_text("#batch-status")
    counts = "共 5 行：达标 1，未达标 3，有错误 1（工作簿有 2 个工作表，核对的是“名单”）"
    assert page.inner_text("#batch-summary") == counts
    assert counts in done.stderr.decode("utf-8")
    assert len([url for url in requests if "/xlsx." in url]) == 1, "loaded once, when the workbook was chosen"
    browser_result = tmp_path / "browser.xlsx"
    browser_result.write_bytes(downloaded(page, "#batch-download-xlsx"))
    assert third_party_requests == []

    def cells(path: Path) -> list[list[tuple[Any, str]]]:
        sheet = load_workbook(path).active
        assert sheet is not None
        return [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]

    expected = cells(cli_result)
    assert cells(browser_result) == expected
    assert expected[1][:2] == [("0012", "s"), ("张三", "s")] and ("达标", "s") in expected[1]
    assert ("=不是公式", "s") in expected[5]
    mine, theirs = load_workbook(browser_result).active, load_workbook(cli_result).active
    assert mine is not None and theirs is not None
    assert (mine.title, mine.freeze_panes, mine.auto_filter.ref) == ("核对结果", "A2", theirs.auto_filter.ref)
    assert all(cell.font.b for cell in mine[1])
    assert {key: value.width for key, value in mine.column_dimensions.items()} == {
        key: value.width for key, value in theirs.column_dimensions.items()
    }
    # The CSV download of the same result is the command line's CSV.
    assert downloaded(page)[3:].decode("utf-8") == cli_batch(source.read_bytes(), "2026", tmp_path)


def test_an_old_xls_is_refused_in_the_command_lines_words(page: Any, site_url: str) -> None:
    open_calculator(page, site_url)
    upload(page, "staff.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    assert page.get_attribute("#batch-status", "data-state") == "error"
    assert page.inner_text("#batch-status").startswith("这是 Excel 97-2003 格式（.xls）")


def test_the_result_table_reads_on_a_390_pixel_phone_with_errors_whole(page: Any, site_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    open_calculator(page, site_url)
    upload(page, "员工.csv", STAFF.encode("utf-8"))
    assert page.get_attribute("#batch-status", "data-state") == "done"
    wrap = page.eval_on_selector(
        "#batch-table", "table => [table.parentElement.scrollWidth, table.parentElement.clientWidth]"
    )
    assert wrap[0] <= wrap[1] + 1, f"the table is wider than the screen: {wrap}"
    errors = page.eval_on_selector_all(
        ".gx-batch-error",
        "spans => spans.map(span => [span.getBoundingClientRect().right, span.scrollWidth <= span.clientWidth + 1])",
    )
    assert len(errors) == 2 and all(right <= 390 and whole for right, whole in errors)
    lines = page.eval_on_selector_all(
        "#batch-table tbody tr td:nth-child(-n+2)",
        """cells => cells.map(cell => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size;
        })""",
    )
    assert set(lines) == {1}, "a name or a verdict stacks over several lines"
    page.click("#batch-table tbody tr:first-child summary")
    assert page.is_visible("#batch-table tbody tr:first-child dl")
    page.screenshot(path=str(ROOT / ".build" / "batch-390.png"), full_page=True)


def test_several_years_per_person_get_a_summary_identical_to_the_command_lines(
    page: Any, site_url: str, tmp_path: Path
) -> None:
    import datetime

    from openpyxl import load_workbook

    staff = ROOT / "tests" / "vectors" / "staff_years.csv"
    today = datetime.date.today().isoformat()  # the page's date (it has no as-of field), as the worker takes it
    options = ["--year=2026", "--as-of", today, "--output", str(tmp_path / "cli.xlsx")]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "calculator",
            "batch",
            str(staff),
            *options,
            "--summary",
            str(tmp_path / "cli-summary.csv"),
        ],
        cwd=ROOT,
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8")
    open_calculator(page, site_url)
    page.select_option("#batch-year", "2026")
    upload(page, "员工.csv", staff.read_bytes())
    assert page.get_attribute("#batch-status", "data-state") == "done"
    assert page.is_visible("#batch-people")
    heads = page.eval_on_selector_all("#batch-people-table th", "cells => cells.map(cell => cell.textContent)")
    # the summary sentence says the counts, what can still be done and what cannot (the page showed those columns
    # but not the sentence, which alone names a year without a notice or why a person could not be summarised)
    assert heads == ["姓名", "年度", "小结", "有错误的行"]
    rows = page.eval_on_selector_all(
        "#batch-people-table tbody tr", "rows => rows.map(row => [...row.cells].map(cell => cell.textContent))"
    )
    expected = list(csv.DictReader(io.StringIO((tmp_path / "cli-summary.csv").read_text(encoding="utf-8-sig"))))
    assert rows == [
        [row["姓名"] + (f"编号 {row['编号']}" if row["编号"] else ""), row["年度"], row["小结"], row["有错误的行"]]
        for row in expected
    ]
    assert [row[0] for row in rows] == ["张三编号 A001", "李四编号 A002", "王五"]
    assert rows[1][3].startswith("第 6 行（2025 年度）：专业科目：“abc”不是学时数")
    summary = downloaded(page, "#batch-people-download")
    assert summary.startswith(b"\xef\xbb\xbf")
    assert summary[3:] == (tmp_path / "cli-summary.csv").read_bytes()
    if today < "2027-01-01":
        assert "2023 年公需必修课可在 2026-12-31 前补学补考" in summary.decode("utf-8")
    verdicts = page.eval_on_selector_all("#batch-table tbody tr", "rows => rows.map(row => row.textContent)")
    assert any("达标（常设规则，必修课未核对）" in text for text in verdicts)

    browser_result = tmp_path / "browser.xlsx"
    browser_result.write_bytes(downloaded(page, "#batch-download-xlsx"))
    mine = load_workbook(browser_result)
    theirs = load_workbook(tmp_path / "cli.xlsx")
    assert mine.sheetnames == theirs.sheetnames == ["核对结果", "多年汇总"]
    for title in mine.sheetnames:
        assert [[(c.value, c.data_type) for c in row] for row in mine[title].iter_rows()] == [
            [(c.value, c.data_type) for c in row] for row in theirs[title].iter_rows()
        ]
        assert mine[title].freeze_panes == "A2" and all(cell.font.b for cell in mine[title][1])


def test_a_workbook_opening_on_an_empty_sheet_is_refused_in_the_command_lines_words(
    page: Any, site_url: str, tmp_path: Path
) -> None:
    """The list on one sheet, the workbook saved showing another, empty one: both said 文件是空的, which it is not."""
    from openpyxl import Workbook

    workbook = Workbook()
    assert workbook.active is not None
    workbook.active.title = "说明"
    names = workbook.create_sheet("名单")
    names.append(["姓名", "公需必修", "公需选修", "专业科目"])
    names.append(["张三", 20, 0, 70])
    workbook.create_sheet("空")
    workbook.active = 2
    source = tmp_path / "staff.xlsx"
    workbook.save(source)
    done = subprocess.run(
        [sys.executable, "-m", "calculator", "batch", str(source), "--year=2026"], cwd=ROOT, capture_output=True
    )
    message = "工作簿有 3 个工作表，打开时显示的“空”是空的（只读这一个）：请在 Excel 或 WPS 中切换到名单所在的工作表后保存，或把名单放在这个工作表中"
    assert (done.returncode, done.stderr.decode("utf-8").strip()) == (2, f"错误：{message}")
    open_calculator(page, site_url)
    page.set_input_files("#batch-file", str(source))
    page.wait_for_selector('#batch-status:is([data-state="done"], [data-state="error"])', state="attached")
    assert page.get_attribute("#batch-status", "data-state") == "error"
    assert page.inner_text("#batch-status") == message


def test_a_very_long_name_wraps_instead_of_widening_the_tables_on_a_phone(browser: Any, site_url: str) -> None:
    """A 32-letter Latin name made the tables 402-411 px in a 358 px box (the 小结 cut to two characters a line
    behind a scroll); a 990-character one made them ~11,700 px wide."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, service_workers="block")
    try:
        page = context.new_page()
        open_calculator(page, site_url)
        data = (
            "姓名,年度,公需必修,公需选修,专业科目\n"
            "ALEXANDROVNA-KONSTANTINOPOLSKAYA,2025,20,0,70\nALEXANDROVNA-KONSTANTINOPOLSKAYA,2026,20,0,70\n"
            + "X" * 990
            + ",2026,20,0,70\n"
        )
        upload(page, "long.csv", data.encode())
        for table in ("#batch-table", "#batch-people-table"):
            width = page.evaluate(f"document.querySelector('{table}').getBoundingClientRect().width")
            box = page.evaluate(f"document.querySelector('{table}').parentElement.clientWidth")
            assert width <= box, (table, width, box)
    finally:
        context.close()


def test_the_summarys_errors_and_the_pager_read_on_a_390_pixel_phone(browser: Any, site_url: str) -> None:
    """The 有错误的行 column was ~45 px wide (its message wrapped two characters a line over nine lines), and 下一页
    wrapped onto a line of its own, away from 上一页."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, service_workers="block")
    try:
        page = context.new_page()
        open_calculator(page, site_url)
        upload(page, "员工.csv", (ROOT / "tests" / "vectors" / "staff_years.csv").read_bytes())
        assert page.is_visible("#batch-people")
        table = page.evaluate("document.querySelector('#batch-people-table').getBoundingClientRect().width")
        cell = page.locator("#batch-people-table tbody tr:nth-child(2) td:nth-child(4)")
        assert "“abc”不是学时数" in cell.inner_text()
        assert cell.bounding_box()["width"] >= 0.8 * table, (cell.bounding_box(), table)
        lines = cell.evaluate(
            """cell => { const range = document.createRange(); range.selectNodeContents(cell);
                return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size; }"""
        )
        assert lines <= 3, lines
        previous, following = page.locator("#batch-previous").bounding_box(), page.locator("#batch-next").bounding_box()
        assert previous["y"] == following["y"], (previous, following)
    finally:
        context.close()
