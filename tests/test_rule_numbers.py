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


def test_a_total_of_1_hour_is_not_grounded_by_the_one_in_yi_ban(data_copy: Path) -> None:
    """一、（二）2 says 专业科目一般不少于…: the 一 of 一般 (“usually”) is no number."""
    path = data_copy / "notices" / "2026.yaml"
    line = line_of(path, "    minimum: 90")
    replace_once(path, "    minimum: 90\n", "    minimum: 1\n")
    error = only_error(data_copy)
    assert (error.line, error.column) == (line, 14)
    assert "规则 total_hours.minimum 写的是 1 学时，但它引用的条款 一、（二）2 中没有“1”" in error.message


def test_two_required_hours_are_not_grounded_by_two_categories(data_copy: Path) -> None:
    """一、（一）1 says 分为必修课和选修课两个类别: two categories are no 2 学时."""
    path = data_copy / "notices" / "2026.yaml"
    replace_once(path, "    hours: 20\n", "    hours: 2\n")
    error = only_error(data_copy)
    assert "规则 public_required.hours 写的是 2 学时，但它引用的条款 一、（一）1 中没有“2”" in error.message


@pytest.mark.parametrize(
    ("text", "number", "unit"),
    [
        ("专业科目一般不少于总学时的三分之二", "1", "学时"),
        ("分为必修课和选修课两个类别", "2", "学时"),
        ("由自治区人力资源社会保障厅统一组织实施", "1", "学时"),
        ("全区统一年度计划", "1", "年"),
        ("并纳入下一年度计划", "1", "年"),
        ("今年将遴选新一批专业技术人员继续教育基地", "1", "批"),
        ("由中央财政予以一次性补助", "1", "次"),
        ("考试成绩一律以系统记录为准", "1", "次"),
        ("进一步提升专业技术人员能力", "1", "次"),
        ("选修课有两种方式", "2", "学时"),
        ("三三两两地参加", "3322", "人"),
        ("每期七八个学员", "78", "名"),
        ("十分重要", "10", "次"),
        ("一、总体要求", "1", "学时"),
        ("（三）学时登记", "3", "学时"),
    ],
)
def test_a_chinese_digit_inside_a_word_is_no_number(text: str, number: str, unit: str) -> None:
    assert not has_number(text, number, unit), normalise(text, unit)


@pytest.mark.parametrize(
    ("text", "number", "unit"),
    [
        ("每年累计不少于九十学时", "90", "学时"),
        ("可获得二十学时", "20", "学时"),
        ("可获得二十个学时", "20", "学时"),
        ("专业科目一般不少于总学时的三分之二", "2/3", ""),
        ("两年内完成", "2", "年"),
        ("补学时间为两个月", "2", "个"),
        ("必修课可常规考三次", "3", "次"),
        ("共有两门课程", "2", "门"),
        ("每年举办二十期左右", "20", "期"),
        ("建设三个基地", "3", "个"),
        ("每人一次机会", "1", "次"),
        ("列入第三批", "3", "批"),
        ("于二〇二六年底前", "2026", "年"),
        ("一九九八年以来", "1998", "年"),
        ("合格分数为六十分", "60", "分"),
        ("一百零五人", "105", "人"),
        ("培养两千名", "2000", "名"),
    ],
)
def test_a_chinese_numeral_used_as_a_number_still_counts(text: str, number: str, unit: str) -> None:
    assert has_number(text, number, unit), normalise(text, unit)


def test_a_lone_chinese_digit_counts_before_the_rules_own_unit_only() -> None:
    assert has_number("建设三个基地", "3", "个")
    assert not has_number("建设三个基地", "3", "学时")
