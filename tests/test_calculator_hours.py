"""Parsing hours, dates and years as people type them, and formatting hours back (calculator.hours, dates, text)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculator.dates import parse_date, parse_year
from calculator.errors import InputError
from calculator.hours import MAX_HOURS_IN_A_YEAR, format_hours, hours_in_year, hours_number, hundredths_of, parse_hours
from calculator.text import normalise, to_ascii, trim


@pytest.mark.parametrize(
    ("typed", "hundredths"),
    [
        ("90", 9000),
        ("61.1", 6110),
        ("61.10", 6110),
        ("61.100", 6110),
        ("0.05", 5),
        (".5", 50),
        ("61.", 6100),
        ("0", 0),
        ("-0", 0),
        ("+20", 2000),
        ("９０", 9000),
        ("６１．１", 6110),
        ("90学时", 9000),
        ("20 个学时", 2000),
        ("  20\u3000", 2000),
        ("\ufeff20", 2000),
        (20, 2000),
        (61.1, 6110),
        ("8784", 878400),
    ],
)
def test_typed_hours_are_parsed_exactly_into_hundredths(typed: object, hundredths: int) -> None:
    assert parse_hours(typed, "专业科目", "professional") == hundredths


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "没有就填 0"),
        ("   ", "没有就填 0"),
        (None, "没有就填 0"),
        ("-5", "负数"),
        ("-0.01", "负数"),
        (-1, "负数"),
        ("nan", "有限"),
        ("NaN", "有限"),
        ("inf", "有限"),
        ("-Infinity", "有限"),
        (float("nan"), "有限"),
        (float("inf"), "有限"),
        ("七十", "不是学时数"),
        ("1e3", "不是学时数"),
        ("1,000", "不是学时数"),
        ("0x10", "不是学时数"),
        ("1_000", "不是学时数"),
        (".", "不是学时数"),
        ("61.111", "两位小数"),
        ("0.001", "两位小数"),
        ("8784.01", "8784"),
        ("99999999999999999999", "8784"),
        (True, "真假值"),
        ([90], "无法识别"),
    ],
)
def test_bad_hours_are_refused_with_a_chinese_message_naming_the_field(typed: object, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_hours(typed, "专业科目", "professional")
    assert message in caught.value.message
    assert caught.value.message.startswith("专业科目：")
    assert caught.value.field == "professional"


def test_the_maximum_can_be_the_hours_of_a_common_year() -> None:
    assert parse_hours("8760", "x", None, hours_in_year(2026)) == 876000
    with pytest.raises(InputError, match="8760"):
        parse_hours("8760.01", "x", None, hours_in_year(2026))


def test_a_leap_year_has_8784_hours_and_others_8760() -> None:
    assert hours_in_year(2024) == MAX_HOURS_IN_A_YEAR == 8784
    assert hours_in_year(2026) == 8760
    assert hours_in_year(2100) == 8760
    assert hours_in_year(2000) == 8784


@pytest.mark.parametrize(
    ("hundredths", "text"),
    [
        (6110, "61.1"),
        (9000, "90"),
        (5, "0.05"),
        (50, "0.5"),
        (0, "0"),
        (9165, "91.65"),
        (-10, "-0.1"),
        (-9000, "-90"),
        (-9165, "-91.65"),
        (105, "1.05"),
        (123456789012, "1234567890.12"),
    ],
)
def test_hundredths_are_formatted_as_the_shortest_exact_decimal(hundredths: int, text: str) -> None:
    assert format_hours(hundredths) == text


@given(st.integers(min_value=0, max_value=MAX_HOURS_IN_A_YEAR * 100))
def test_formatting_then_parsing_gives_back_the_same_hundredths(hundredths: int) -> None:
    assert parse_hours(format_hours(hundredths)) == hundredths
    assert hundredths_of(hours_number(hundredths)) == hundredths
    assert parse_hours(hours_number(hundredths)) == hundredths


def test_hours_numbers_are_ints_when_whole() -> None:
    assert hours_number(9000) == 90 and isinstance(hours_number(9000), int)
    assert hours_number(6110) == 61.1


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-05-12", datetime.date(2026, 5, 12)),
        ("2026-5-2", datetime.date(2026, 5, 2)),
        ("2026/5/12", datetime.date(2026, 5, 12)),
        ("2026.5.12", datetime.date(2026, 5, 12)),
        ("2026年5月12日", datetime.date(2026, 5, 12)),
        ("20260512", datetime.date(2026, 5, 12)),
        ("２０２６－０５－１２", datetime.date(2026, 5, 12)),
        (" 2024-02-29 ", datetime.date(2024, 2, 29)),
        (datetime.date(2026, 1, 1), datetime.date(2026, 1, 1)),
    ],
)
def test_dates_are_understood_in_the_forms_people_type(typed: object, expected: datetime.date) -> None:
    assert parse_date(typed, "日期", "d") == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "请填写日期"),
        ("tomorrow", "不是日期"),
        ("2026-02-29", "没有 29 日"),
        ("2026-13-01", "13 月不存在"),
        ("2026-00-10", "0 月不存在"),
        ("2026-04-31", "没有 31 日"),
        ("26-5-12", "不是日期"),
        ("1999-01-01", "不在"),
        ("2026-5", "不是日期"),
        (20260512, "请填写日期"),
    ],
)
def test_bad_dates_are_refused_with_a_chinese_message(typed: object, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_date(typed, "查询日期", "as_of")
    assert message in caught.value.message
    assert caught.value.field == "as_of"


@pytest.mark.parametrize(
    ("typed", "year"), [(2026, 2026), ("2026", 2026), ("２０２６", 2026), ("2026年", 2026), ("2026年度", 2026)]
)
def test_years_are_understood(typed: object, year: int) -> None:
    assert parse_year(typed) == year


@pytest.mark.parametrize("typed", ["", "26", "20x6", "2026.0", "1999", "2101", True, None, 2026.0])
def test_bad_years_are_refused(typed: object) -> None:
    with pytest.raises(InputError) as caught:
        parse_year(typed)
    assert caught.value.message.startswith("年度：")
    assert caught.value.field == "year"


def test_full_width_text_is_folded_and_every_kind_of_space_trimmed() -> None:
    assert to_ascii("ＡＢ１２．５") == "AB12.5"
    assert trim("\u3000\xa0 x \u200b\ufeff") == "x"
    assert normalise("\u3000９０\u3000") == "90"
