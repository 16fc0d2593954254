"""The page's first look at a staff list asks for verdicts only (calculator/table.py, check_rows with `kept`): each
row's outcome is the one the full check gives it, the counts and the 多年汇总 are the same, and the result rows made
later of the rows at the positions kept (a page of them, in any order: check_rows of the header's row and theirs) are
the full check's rows."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator import table
from calculator.people import People
from tests.batch_readers import RULES
from tests.test_calculator_batch_memo import CELLS, HEADER, NAMES, ROW, ROWS

KINDS = {"passed", "failed", "error"}


def full(rows: list[Any], year: Any, as_of: Any, english: bool = False, people: Any = None) -> tuple:
    """check_rows as the command line runs it: every result row, and the counts."""
    counts = {"passed": 0, "failed": 0, "error": 0}
    output = list(table.check_rows(RULES, rows, year, as_of, counts, english=english, people=people))
    return output, counts


def verdicts(rows: list[Any], year: Any, as_of: Any, english: bool = False, people: Any = None) -> tuple:
    """check_rows asked for verdicts only: the header's result row, each row's kind, the counts and the rows kept."""
    counts = {"passed": 0, "failed": 0, "error": 0}
    kept: list[Any] = []
    output = list(table.check_rows(RULES, rows, year, as_of, counts, english=english, people=people, kept=kept))
    return output, counts, kept


def kind_of(result_row: list[str], english: bool) -> str:
    """A full result row's outcome, as check_rows counts it."""
    added = result_row[-len(table.TABLE_COLUMNS) :]
    if added[table.OUTPUT_COLUMNS.index("error")]:
        return "error"
    passed = ("true",) if english else (table.VERDICTS[0], table.VERDICTS[3])
    return "passed" if added[0] in passed else "failed"


def assert_the_same(rows: list[Any], year: Any, as_of: Any, english: bool = False) -> None:
    expected, expected_counts = full(rows, year, as_of, english)
    output, counts, kept = verdicts(rows, year, as_of, english)
    assert output[0] == expected[0]  # the header's result row
    assert output[1:] == [kind_of(row, english) for row in expected[1:]]
    assert counts == expected_counts
    assert len(kept) == len(expected) and all(isinstance(position, int) for position in kept)
    # Any rows of them, in any order, alone: each the full check's row.
    picked = list(range(len(expected) - 1))
    random.Random(len(picked)).shuffle(picked)
    picked = picked[: len(picked) // 2 + 1] if picked else []
    made, _ = full([rows[kept[0]]] + [rows[kept[index + 1]] for index in picked], year, as_of, english)
    assert made == [expected[0]] + [expected[index + 1] for index in picked]


def numbered(rows: list[list[str]]) -> list[tuple[int, Any]]:
    return list(enumerate([HEADER, *rows], 1))


def test_each_rows_verdict_and_its_result_row_made_later_are_the_full_checks() -> None:
    assert_the_same(numbered(ROWS), 2026, "2026-06-01")
    output, counts, kept = verdicts(numbered(ROWS), 2026, "2026-06-01")
    assert counts == {"passed": 4, "failed": 6, "error": 5}
    assert set(output[1:]) == KINDS
    # The positions kept are the header's and the data rows', the blank row's not among them.
    blank = ROWS.index(["", "", "", "", "", ""]) + 1
    assert kept == [position for position in range(len(ROWS) + 1) if position != blank]


def test_rows_a_reader_could_not_read_and_rows_of_another_shape_are_kept_as_read() -> None:
    """A cell too long for the reader comes as None (table.Shape.too_long): its error made again from its row."""
    rows = [(1, HEADER), (2, None), (4, ["甲", "", "2026", "20", "0", "70"]), (5, ["乙", "", "2026", "20"]), (6, [])]
    assert_the_same(rows, 2026, None)
    _, counts, kept = verdicts(rows, 2026, None)
    assert kept == [0, 1, 2, 3] and counts == {"passed": 1, "failed": 1, "error": 1}


def test_the_summary_of_several_years_is_the_same_with_verdicts_only() -> None:
    rows = [
        [name, "", year, "20", "0", hours] for name in ("甲", "乙") for year, hours in (("2025", "70"), ("2026", "30"))
    ]
    rows += [["丙", "", "2025", "二十", "0", "70"], ["丙", "", "2026", "20", "0", "70"]]
    everything, only = People(), People()
    full(numbered(rows), None, "2026-06-01", people=everything)
    verdicts(numbered(rows), None, "2026-06-01", people=only)
    assert only.summary_rows(RULES, "2026-06-01") == everything.summary_rows(RULES, "2026-06-01")
    assert len(only.summary_rows(RULES, "2026-06-01")) == 4


@pytest.mark.parametrize("limit", [0, 2])
def test_when_the_memory_is_full_the_verdicts_are_still_the_full_checks(monkeypatch: Any, limit: int) -> None:
    monkeypatch.setattr(table, "_REMEMBERED", limit)
    assert_the_same(numbered(ROWS * 2), 2026, "2026-06-01")


HOURS = st.one_of(
    CELLS,
    st.integers(0, 40000).map(lambda hundredths: f"{hundredths // 100}.{hundredths % 100:02d}"),
    st.integers(0, 400).map(str),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(ROW, st.tuples(NAMES, st.sampled_from(["", "2026", "2024", "2018", "2023"]), HOURS, HOURS, HOURS)
                  .map(lambda row: [row[0], "", *row[1:]])),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from([2026, None, 2019, 2023]),
    st.sampled_from([None, "2026-06-01", "2026-02-30"]),
    st.booleans(),
)  # fmt: skip
def test_a_batch_of_verdicts_only_is_the_full_batch(
    rows: list[list[str]], year: Any, as_of: Any, english: bool
) -> None:
    """Rows of every kind (errors, short and long rows, other years, hours on both sides of every bound)."""
    assert_the_same(numbered(rows), year, as_of, english)


@settings(max_examples=500, deadline=None)
@given(st.sampled_from([2019, 2021, 2023, 2024, 2025, 2026]), st.integers(0, 6000), st.integers(0, 6000),
       st.integers(0, 30000))  # fmt: skip
def test_a_verdict_alone_is_the_verdict_of_the_full_figures(
    year: int, required: int, elective: int, professional: int
) -> None:
    """table._passes (the verdict without the other columns) against table._figures, on hundredths within bounds."""
    known = table._year(RULES, year)
    if known.course is not None and required > known.course:
        required = known.course
    values = table._figures(known, required, elective, professional, False)
    assert table._passes(known, required, elective, professional) == (
        values[0] in (table.VERDICTS[0], table.VERDICTS[3])
    )


@pytest.mark.parametrize("year", [2019, 2023, 2025, 2026])
def test_a_verdict_alone_is_the_full_figures_verdict_on_each_side_of_every_bound(year: int) -> None:
    """Hours just short of, exactly at and just past the required course, the total minimum and the professional share."""
    known = table._year(RULES, year)
    course = known.course or 0
    numerator, denominator = known.numerator, known.denominator
    seen = set()
    for required in {0, course - 1, course} - {-1}:
        for elective in (0, 1, 150, 1000, 1001):
            rest = required + elective
            at_share = numerator * rest // (denominator - numerator)  # professional where the share is just met
            at_minimum = known.minimum - rest  # professional where the total is just the minimum
            for professional in {at_share - 1, at_share, at_share + 1, at_minimum - 1, at_minimum, at_minimum + 1}:
                if professional < 0:
                    continue
                values = table._figures(known, required, elective, professional, False)
                passed = values[0] in (table.VERDICTS[0], table.VERDICTS[3])
                assert table._passes(known, required, elective, professional) == passed, (
                    required,
                    elective,
                    professional,
                )
                seen.add(passed)
    assert seen == {True, False}
