"""A rule's number and a deadline's date must be printed in the clause the rule cites."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from generator.data.load import validate_data
from generator.data.rule_numbers import chinese_number, has_date, has_number, normalise
from tests.conftest import DATA, ROOT
from tests.test_validation import line_of, only_error, replace_once


def validate(data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--data", str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_total_of_100_hours_citing_a_clause_that_says_90_fails_at_the_number(data_copy: Path) -> None:
    path = data_copy / "notices" / "2026.yaml"
    line = line_of(path, "    minimum: 90")
    replace_once(path, "    minimum: 90\n", "    minimum: 100\n")
    result = validate(data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        f"2026.yaml:{line}:14: 错误：规则 total_hours.minimum 写的是 100 学时，但它引用的条款 一、（二）2 中没有“100”"
        "（条款原文：“专业技术人员参加继续教育的时间，每年累计不少于90学时，其中，专业科目一般不少于总学时的三分之二。”）"
        "：请核对数字或引用的条款"
    ) in result.stderr, result.stderr


def test_a_deadline_whose_date_is_not_in_its_clause_fails_at_the_date(data_copy: Path) -> None:
    path = data_copy / "notices" / "2026.yaml"
    line = line_of(path, 'date: "2027-03-31"')
    replace_once(path, 'date: "2027-03-31"', 'date: "2027-03-30"')
    error = only_error(data_copy)
    assert (error.path, error.line, error.column) == (path, line, 11)
    assert error.message.startswith(
        "期限 professional-registration 的日期是 2027-03-30，但它引用的条款 一、（三）1 中没有“2027年3月30日”"
    ), error.message


def test_a_month_and_day_without_a_year_are_read_in_the_notices_own_year(data_copy: Path) -> None:
    path = data_copy / "notices" / "2026.yaml"
    replace_once(
        path,
        'date: "2026-06-30"\n    printed: "6月30日前"\n    source: "二、（一）"',
        'date: "2027-06-30"\n    printed: "6月30日前"\n    source: "二、（一）"',
    )
    error = only_error(data_copy)
    assert "期限 city-training-plan 的日期是 2027-06-30" in error.message and "“2027年6月30日”" in error.message


def test_a_share_of_three_quarters_citing_two_thirds_fails(data_copy: Path) -> None:
    path = data_copy / "notices" / "2025.yaml"
    replace_once(path, "    numerator: 2\n    denominator: 3\n", "    numerator: 3\n    denominator: 4\n")
    error = only_error(data_copy)
    assert "规则 professional_share 写的是 3/4" in error.message and "中没有“3/4”" in error.message


def test_a_rule_citing_the_wrong_clause_fails_even_when_its_number_is_right(data_copy: Path) -> None:
    path = data_copy / "notices" / "2023.yaml"
    replace_once(
        path,
        "    attempts: 3\n    pass_mark: null\n    pass_mark_source: null\n",
        "    attempts: 3\n    pass_mark: 60\n    pass_mark_source: 二\n",
    )
    error = only_error(data_copy)
    assert "规则 exam.pass_mark 写的是 60 分，但它引用的条款 二 中没有“60”" in error.message


def test_the_shipped_data_prints_every_rule_number_and_deadline_in_its_clause() -> None:
    data, problems = validate_data(DATA)
    assert data is not None, [problem.format() for problem in problems if problem.is_error]


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("九十", 90),
        ("二十", 20),
        ("十二", 12),
        ("十", 10),
        ("一百零五", 105),
        ("二〇二六", 2026),
        ("八十万", 800000),
        ("两千", 2000),
    ],
)
def test_a_chinese_numeral_is_read_as_its_value(numeral: str, value: int) -> None:
    assert chinese_number(numeral) == value


def test_numbers_are_found_whether_written_in_arabic_full_width_or_chinese_digits() -> None:
    for text in ("每年累计不少于90学时", "每年累计不少于９０学时", "每年累计不少于九十学时"):
        assert has_number(text, "90"), text
    assert not has_number("每年累计不少于190学时", "90")
    assert not has_number("每年累计不少于九十学时", "9")
    assert has_number("专业科目一般不少于总学时的三分之二", "2/3")
    assert has_number("专业科目不少于总学时的２／３", "2/3")
    assert not has_number("专业科目不少于总学时的三分之二", "3/4")
    assert has_number("每年培养培训各类专业技术人才80万人左右", "800000")
    assert normalise("二〇二六年十二月三十一日") == "2026年12月31日"


def test_a_date_is_found_in_any_printed_form_with_the_year_implied_by_the_document() -> None:
    day = date(2026, 12, 31)
    for text in (
        "于2026年12月31日前完成",
        "于12月31日前完成",
        "截至2026-12-31",
        "于二〇二六年十二月三十一日前",
        "于２０２６年１２月３１日前",
    ):
        assert has_date(text, day, 2026), text
    assert not has_date("于12月31日前完成", day, 2025)
    assert not has_date("于2025年12月31日前完成", day, 2026)
    assert not has_date("于12月30日前完成", day, 2026)
