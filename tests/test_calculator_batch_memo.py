"""The batch checks rows with the same year and hours cells once (calculator/table.py, check_rows remembers each
outcome by those cells): the result is exactly what checking every row on its own gives, errors included, and
nothing else of a row (its name, other columns, its line) is part of what is remembered."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator import table
from calculator.people import People
from tests.batch_readers import RULES

HEADER = ["姓名", "部门", "年度", "公需必修", "公需选修", "专业科目"]
ROWS = [
    ["张三", "设计院", "2026", "20", "10", "70"],
    ["李四", "财务处", "2026", "20", "10", "70"],  # the same hours as 张三: checked once
    ["王五", "设计院", "2025", "20", "10", "70"],  # the same hours, another year: checked again
    ["赵六", "", "", "20", "10", "70"],  # no year in the row: the batch's year
    ["钱七", "", "2026", "15", "0", "45.5"],
    ["孙八", "", "2026", "二十", "0", "70"],  # an error, quoted in the message
    ["周九", "", "2026", "二十", "0", "70"],  # the same error, remembered
    ["吴十", "", "2026", "20", "0", "70", "多一列"],  # too many cells: an error naming its line, never remembered
    ["郑一", "", "2026", "20", "0", "x" * 1001],  # a cell too long: an error naming its line
    ["王二", "", "2018", "20", "0", "70"],  # a year without a notice on file: the standing rules, warned
    ["冯三", "", "2026", "20", "25", "70"],  # electives above what the notice gives: warned
    ["陈四", "", "2026", "20", "25", "70"],
    ["", "", "", "", "", ""],  # blank: skipped
    ["褚五", "", "2023", "10", "0", "60"],  # 2023's course in two parts
    ["卫六", "", "2026", "20", "0"],  # a short row: the missing cell is blank (0)
    ["蒋七", "", "2026", "20", "0"],
]


def checked(rows: list[list[str]], year: Any, as_of: Any, english: bool = False, people: Any = None) -> tuple:
    """check_rows over the rows in one go (remembering outcomes), and its counts."""
    counts = {"passed": 0, "failed": 0, "error": 0}
    numbered = [(line, cells) for line, cells in enumerate([HEADER, *rows], 1)]
    output = list(table.check_rows(RULES, numbered, year, as_of, counts, english=english, people=people))
    return output, counts


def row_by_row(rows: list[list[str]], year: Any, as_of: Any, english: bool = False, people: Any = None) -> tuple:
    """The same rows each checked by a check_rows of its own (nothing to remember), with its own line number."""
    counts = {"passed": 0, "failed": 0, "error": 0}
    output = list(table.check_rows(RULES, [(1, HEADER)], year, as_of, counts, english=english))
    for line, cells in enumerate(rows, 2):
        one = table.check_rows(RULES, [(1, HEADER), (line, cells)], year, as_of, counts, english=english, people=people)
        output.extend(list(one)[1:])
    return output, counts


def test_rows_with_the_same_year_and_hours_are_checked_once_and_give_what_each_row_gives(monkeypatch: Any) -> None:
    made: list[list[str]] = []
    outcome = table._outcome

    def counted(values: list[str], *rest: Any) -> Any:
        made.append(values)
        return outcome(values, *rest)

    monkeypatch.setattr(table, "_outcome", counted)  # once for each outcome worked out
    remembered, counts = checked(ROWS, 2026, "2026-06-01")
    # 15 rows not blank: 张三/李四, 孙八/周九, 冯三/陈四, 卫六/蒋七 checked once each; 王五 (another year) and 赵六 (the
    # batch's year, not written) again; 吴十 and 郑一 refused (their errors name their lines: never remembered).
    assert len(made) == 11
    expected, expected_counts = row_by_row(ROWS, 2026, "2026-06-01")
    assert remembered == expected
    assert counts == expected_counts == {"passed": 4, "failed": 6, "error": 5}
    # Rows that share an outcome share their added columns, never their own cells.
    assert remembered[1][:2] == ["张三", "设计院"] and remembered[2][:2] == ["李四", "财务处"]
    assert remembered[1][6:] == remembered[2][6:]
    errors = [row[table.OUTPUT_COLUMNS.index("error") + 6] for row in remembered[1:]]
    assert errors[7] == "第 9 行有 7 列，比表头多 1 列：请检查是否多了逗号（这一行没有核对）"
    assert errors[8].startswith("第 10 行“专业科目”列有 1,001 个字符")
    assert errors[5] == errors[6] and "“二十”不是学时数" in errors[5]


@pytest.mark.parametrize("limit", [0, 1, 3])
def test_when_the_memory_is_full_what_it_holds_still_serves_and_the_rest_is_checked(
    monkeypatch: Any, limit: int
) -> None:
    monkeypatch.setattr(table, "_REMEMBERED", limit)
    assert checked(ROWS * 3, 2026, "2026-06-01") == row_by_row(ROWS * 3, 2026, "2026-06-01")


def test_the_people_summary_is_the_same_with_outcomes_remembered() -> None:
    rows = [[name, "", year, *hours] for name in ("甲", "乙", "丙") for year in ("2024", "2025", "2026") for hours in
            (["20", "0", "70"],)] + [["丁", "", "2025", "二十", "0", "70"], ["丁", "", "2026", "20", "0", "70"]]  # fmt: skip
    together, alone = People(), People()
    assert checked(rows, None, "2026-06-01", people=together) == row_by_row(rows, None, "2026-06-01", people=alone)
    assert together.summary_rows(RULES, "2026-06-01") == alone.summary_rows(RULES, "2026-06-01")
    assert len(together.summary_rows(RULES, "2026-06-01")) == 5


CELLS = st.sampled_from(["", " ", "0", "20", "15", "10", "70", "70.5", "45.25", "二十", "-5", "９０", "90学时", "1e3"])
NAMES = st.sampled_from(["张三", "李四", "=1+1", ""])
YEARS = st.sampled_from(["", "2023", "2025", "2026", "2018", "abcd", " 2024 "])
ROW = st.tuples(NAMES, YEARS, CELLS, CELLS, CELLS, st.sampled_from([6, 6, 6, 6, 5, 3, 7])).map(
    lambda row: [row[0], "", row[1], row[2], row[3], row[4], "x"][: row[5]]
)
"""A row of HEADER's six cells, or a short one, or one cell too many."""


@settings(max_examples=300, deadline=None)
@given(
    st.lists(ROW, min_size=1, max_size=4),
    st.lists(st.tuples(st.integers(0, 3), st.integers(2, 5), CELLS), max_size=6),
    st.lists(st.tuples(st.integers(0, 9), NAMES), max_size=30),
    st.sampled_from([2026, 2026, None, 2019]),
    st.sampled_from([None, None, "2026-06-01", "2026-02-30"]),
    st.booleans(),
)
def test_a_batch_with_outcomes_remembered_is_the_batch_of_each_row_on_its_own(
    bases: list[list[str]],
    variants: list[tuple[int, int, str]],
    picks: list[tuple[int, str]],
    year: Any,
    as_of: Any,
    english: bool,
) -> None:
    """A few kinds of rows, some alike but for one year or hours cell, each repeated under other names (or not)."""
    kinds = list(bases)
    for base, cell, text in variants:
        kind = list(bases[base % len(bases)])
        if cell < len(kind):
            kind[cell] = text
        kinds.append(kind)
    rows = [[name, *kinds[kind % len(kinds)][1:]] for kind, name in picks]
    assert checked(rows, year, as_of, english) == row_by_row(rows, year, as_of, english)
