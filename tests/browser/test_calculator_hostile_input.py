"""Hostile or impossible values in the calculator page's address and uploads: refused in plain Chinese, never replaced."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.calculator_page import (
    COUNT_WORKER_REQUESTS,
    YEARS_ON_FILE,
    cli,
    cli_check,
    open_calculator,
    page_error,
    page_result,
    upload,
    wait_for_verdict,
)

pytestmark = pytest.mark.browser

LATEST = YEARS_ON_FILE[-1]


def test_a_year_not_on_file_in_the_address_is_refused_as_on_the_command_line(page: Any, site_url: str) -> None:
    year = LATEST + 1
    open_calculator(page, site_url, f"#year={year}&public-required=20&professional=70")
    assert wait_for_verdict(page) == "error"
    expected = cli("check", f"--year={year}", "--public-required=20", "--professional=70").stderr.strip()
    assert expected.startswith("错误：") and expected.removeprefix("错误：") == page_error(page)
    assert page.input_value("#year") == str(year), "the form shows the year that was asked, not another one"
    assert "未收录" in page.locator("#year option:checked").inner_text()
    assert page.get_attribute("#result", "data-result") is None

    page.select_option("#year", str(LATEST))
    page.click("#check")
    assert wait_for_verdict(page) == "pass"
    assert page.locator("#year option[data-refused]").count() == 0, "choosing a real year drops the refused one"


def test_an_impossible_date_in_the_address_is_refused_not_replaced_by_today(page: Any, site_url: str) -> None:
    open_calculator(page, site_url, f"#year={LATEST}&public-required=20&professional=70&as-of={LATEST}-02-30")
    assert wait_for_verdict(page) == "error"
    assert page_error(page) == f"查询日期：{LATEST} 年 2 月没有 30 日"
    assert page.get_attribute("#as-of", "aria-invalid") == "true"
    assert page.get_attribute("#result", "data-result") is None

    page.fill("#as-of", f"{LATEST}-02-28")
    page.click("#check")
    assert wait_for_verdict(page) == "pass"


def test_a_date_the_core_reads_in_another_form_is_shown_as_the_day_it_was_read_as(page: Any, site_url: str) -> None:
    # The date box cannot show 2026-6-1 (it would look empty, which means today); the core reads it as 2026-06-01.
    open_calculator(page, site_url, f"#year={LATEST}&public-required=20&professional=70&as-of={LATEST}-6-1")
    assert wait_for_verdict(page) == "pass"
    assert page.input_value("#as-of") == f"{LATEST}-06-01"
    assert f"期限按 {LATEST}-06-01 计算" in page.inner_text("#result")


def test_a_field_named_twice_in_the_address_is_refused_not_taken_once(page: Any, site_url: str) -> None:
    # Which year would be meant? The page would take the first, the command line the last: neither, say so.
    page.add_init_script(COUNT_WORKER_REQUESTS)
    open_calculator(page, site_url, f"#year={LATEST}&year=2025&public-required=20&professional=70")
    page.wait_for_selector('#result[data-status="error"]', state="attached")
    assert page_error(page) == (f"网址中的“年度”出现了 2 次（“{LATEST}”、“2025”），没有核对：请在上面的表单中重新填写")
    assert page.get_attribute("#year", "aria-invalid") == "true"
    assert page.evaluate("window.workerRequests") == [], "nothing was checked, not even from <head>"


def test_a_huge_value_in_the_address_is_not_put_into_the_page(page: Any, site_url: str) -> None:
    huge = "9" * 1_000_000
    open_calculator(page, site_url, f"#year={LATEST}&public-required=20&professional={huge}")
    assert wait_for_verdict(page) == "error"
    assert page_error(page) == (
        "网址中的“专业科目”有 1000000 个字符，太长了（最多 100 个），没有核对：请在上面的表单中重新填写"
    )
    assert page.input_value("#professional") == ""
    assert len(page.content()) < 200_000, "the page does not hold the value"


def test_an_oversized_staff_list_is_refused_before_it_is_read(page: Any, site_url: str, tmp_path: Path) -> None:
    """Just over the limit it said 有 6 MB，超过……上限 6 MB (rounded); and the previous list's result stayed on show
    under the refusal."""
    big = tmp_path / "全体职工.csv"
    head = "姓名,公需必修,公需选修,专业科目\n".encode()
    row = "职工,20,0,70\n".encode()
    with big.open("wb") as handle:
        handle.write(head)
        handle.write(row * ((6 * 1024 * 1024 - len(head)) // len(row) + 1))  # a row past 6 MB
    assert 6 * 1024 * 1024 < big.stat().st_size < 6 * 1024 * 1024 + 100
    open_calculator(page, site_url)
    upload(page, "small.csv", head + row)
    assert page.inner_text("#batch-summary").startswith("共 1 行")
    page.set_input_files("#batch-file", str(big))
    page.wait_for_selector('#batch-status[data-state="error"]')
    message = page.inner_text("#batch-status")
    assert message.startswith("文件“全体职工.csv”有 6.1 MB，超过网页批量核对的上限 6 MB"), message
    assert "python -m calculator batch" in message
    assert page.locator("#batch-view").is_hidden()
    assert page.inner_text("#batch-summary") == "" and page.locator("#batch-download").is_hidden()


def test_a_broken_percent_escape_in_the_address_is_refused_not_read_as_a_replacement_character(
    page: Any, site_url: str
) -> None:
    """%E4%B8 is half a character: URLSearchParams reads it as �, and the check ran on a value nobody typed."""
    page.add_init_script(COUNT_WORKER_REQUESTS)
    open_calculator(page, site_url, f"#year={LATEST}&public-required=20&professional=7%E4%B8")
    page.wait_for_selector('#result[data-status="error"]', state="attached")
    assert page_error(page) == (
        "网址中的“专业科目”编码不对（“7%E4%B8”不是完整的百分号编码），没有核对：请在上面的表单中重新填写"
    )
    assert page.get_attribute("#professional", "aria-invalid") == "true"
    assert page.evaluate("window.workerRequests") == [], "nothing was checked, not even from <head>"


@pytest.mark.parametrize(
    "fragment",
    [
        f"#year={LATEST}&public-required=20&public-elective=0&professional=70&as-of=2026%2F12%2F10",
        f"#year={LATEST}&public-required=20&public-elective=0&professional=70&as-of=2026-02-30",
        "#record=2025,20,0,70&record-as-of=2027%2F1%2F5",
        "#record=2025,20,0,70&record-as-of=2026-02-30",
    ],
)
def test_a_date_in_another_form_is_never_forced_into_the_date_box(page: Any, site_url: str, fragment: str) -> None:
    """Chromium warned in the console (the value "2026/12/10" does not conform to "yyyy-MM-dd"): the page assigned
    it to the date box. It is kept as given and read (or refused) by the core instead."""
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    open_calculator(page, site_url, fragment)
    page.wait_for_selector(
        '#result:is([data-status="pass"], [data-status="fail"], [data-status="error"]), '
        '#record-result:is([data-status="done"], [data-status="error"])',
        state="attached",
    )
    assert not [line for line in console if "conform" in line], console


@pytest.mark.parametrize("word", ["today", "TODAY", "今天"])
def test_as_of_today_is_read_as_the_command_line_reads_it(page: Any, site_url: str, word: str) -> None:
    """--as-of today is the command line's; the page said “today”不是日期."""
    open_calculator(page, site_url, f"#year={LATEST}&public-required=20&public-elective=0&professional=70&as-of={word}")
    assert wait_for_verdict(page) in ("pass", "fail")
    expected = cli_check(LATEST, "20", "0", "70", "today")
    assert page_result(page) == expected["result"]


@pytest.mark.parametrize("name", ["YAER", "Year", "yaer"])
def test_a_name_the_calculator_does_not_know_in_the_address_is_refused_not_passed_over(
    page: Any, site_url: str, name: str
) -> None:
    """#yaer=2030 was ignored: the page checked the default year and said nothing (the command line refuses --yaer)."""
    page.add_init_script(COUNT_WORKER_REQUESTS)
    open_calculator(page, site_url, f"#{name}=2030&public-required=20&professional=70")
    page.wait_for_selector('#result[data-status="error"]', state="attached")
    assert page_error(page) == (
        f"网址中的“{name}”不是计算器的字段（可用的有 year、public-required、public-elective、professional、as-of），"
        "没有核对：请检查网址的拼写，或在上面的表单中重新填写"
    )
    assert page.get_attribute("#result", "data-result") is None
    assert page.evaluate("window.workerRequests") == [], "nothing was checked, not even from <head>"


def test_a_value_without_a_name_in_the_address_is_refused_saying_so(page: Any, site_url: str) -> None:
    open_calculator(page, site_url, "#year=2026&public-required=20&professional=70&=5")
    page.wait_for_selector('#result[data-status="error"]', state="attached")
    assert page_error(page).startswith("网址中有一项没有名字（“=”前面是空的），它不是计算器的字段"), page_error(page)
