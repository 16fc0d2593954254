"""The calculator's fast paths (bench/, issue #7) give exactly what the long way gives.

- parse_hours reads plain ASCII hours (90, 61.5) directly; anything else the long way. A leading
  space sends the same text the long way: both must agree, values and errors alike.
- table.check_row works out a row's figures without check_person's explanations: it must give
  what check_person gives, row by row, for any input.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from calculator import table as batch
from calculator.check import check_person
from calculator.dates import parse_date
from calculator.errors import InputError
from calculator.explain import verdict_cell
from calculator.hours import format_hours, hours_number, hundredths_of, parse_hours
from calculator.ruleset import load_rules_file
from tests.conftest import ROOT

RULES = load_rules_file(str(ROOT / "calculator" / "rules.json"))


def outcome(function: Any, *arguments: Any) -> Any:
    try:
        return ("value", function(*arguments))
    except InputError as error:
        return ("error", error.message, error.field)


@given(st.from_regex(r"\A[0-9]{1,10}(\.[0-9]{0,4})?(\n| |x|\.5)?\Z"), st.sampled_from([8760, 8784, 24, 1]))
def test_plain_hours_read_directly_equal_the_long_way(text: str, maximum: int) -> None:
    assert outcome(parse_hours, text, "专业科目", "professional", maximum) == outcome(
        parse_hours, " " + text, "专业科目", "professional", maximum
    )


def test_a_parsed_date_is_remembered_and_errors_are_not() -> None:
    assert parse_date("2026-12-31") is parse_date("2026-12-31") == date(2026, 12, 31)
    for _ in range(2):
        assert outcome(parse_date, "2026-02-30", "查询日期", "as_of")[0] == "error"


def reference_row(rules: Any, cells: list[str], columns: dict[str, int], year: Any, as_of: Any) -> dict[str, str]:
    """check_row as it was: check_person's result, picked apart (the long way)."""
    out = dict.fromkeys(batch.OUTPUT_COLUMNS, "")

    def cell(column: str) -> str:
        index = columns.get(column)
        return cells[index] if index is not None and index < len(cells) else ""

    def hours(number: Any) -> str:
        return "" if number is None else format_hours(hundredths_of(number))

    try:
        row_year = cell("year").strip() if "year" in columns else ""
        if row_year:
            row_year_value: Any = batch.parse_year(row_year)
        elif year is None:
            raise InputError("这一行没有年度：请填写“年度”列，或在命令行用 --year 指定")
        else:
            row_year_value = year
        result = check_person(
            rules, row_year_value, cell("public_required"), cell("public_elective"), cell("professional"), as_of
        )
    except InputError as error:
        out["error"] = error.message
        out["passed"] = "未核对"
        return out
    rules_by_id = {rule["id"]: rule for rule in result["rules"]}
    out["passed"] = verdict_cell(result["passed"], result["notice_on_file"])
    out["missing"] = result["missing"]
    out["basis"] = result["basis_clauses"]
    out["total"] = hours(result["total"])
    out["public_required_shortfall"] = hours(rules_by_id["public-required"]["shortfall"])
    out["total_minimum_shortfall"] = hours(rules_by_id["total-minimum"]["shortfall"])
    out["professional_share_shortfall"] = hours(rules_by_id["professional-share"]["shortfall"])
    out["add_professional"] = hours(result["to_pass"]["professional"])
    out["warnings"] = "；".join(warning["message"] for warning in result["warnings"])
    return out


HOURS = st.one_of(
    st.integers(0, 200).map(str),
    st.integers(0, 20000).map(lambda hundredths: format_hours(hundredths)),
    st.sampled_from(["", " ", "二十", "２０", "20学时", "-5", "61.111", "61.100", "1e3", "nan", "8785", "0.5", ".5"]),
    st.text(max_size=6),
)
YEARS = st.sampled_from([None, 2018, 2019, 2021, 2023, 2024, 2025, 2026, 2027, 2100])
ROW_YEARS = st.sampled_from(["", "2023", "２０２５年", "2026年度", "1999", "abcd", " 2024 "])
AS_OF = st.sampled_from([None, "", "2026-06-01", "2025-12-31", "2026/2/30", "明天"])


@settings(max_examples=400, deadline=None)
@given(HOURS, HOURS, HOURS, YEARS, ROW_YEARS, AS_OF, st.booleans())
def test_a_batch_row_gives_what_check_person_gives(
    required: str, elective: str, professional: str, year: Any, row_year: str, as_of: Any, year_column: bool
) -> None:
    cells = [required, elective, professional] + ([row_year] if year_column else [])
    columns = {"public_required": 0, "public_elective": 1, "professional": 2}
    if year_column:
        columns["year"] = 3
    assert batch.check_row(RULES, cells, columns, year, as_of) == reference_row(RULES, cells, columns, year, as_of)


def test_short_rows_and_two_rule_sets_are_handled_like_check_person() -> None:
    other = load_rules_file(str(ROOT / "calculator" / "rules.json"))
    columns = {"public_required": 0, "public_elective": 1, "professional": 2}
    for rules in (RULES, other, RULES):
        for cells in (["20"], ["20", "0", "70"], ["15", "30", "45.5"], []):
            assert batch.check_row(rules, cells, columns, 2026, None) == reference_row(
                rules, cells, columns, 2026, None
            )
    assert hours_number(6150) == 61.5
