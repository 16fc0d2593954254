"""Lints warn about likely mistakes without blocking: area codes, differing phones, early deadlines."""

from __future__ import annotations

from pathlib import Path

from generator.data.lints import area_code
from generator.data.load import validate_data
from tests.conftest import DATA
from tests.test_validation import line_of, replace_once


def warnings_of(data_dir: Path) -> list[str]:
    data, problems = validate_data(data_dir)
    assert data is not None, [p.format() for p in problems if p.is_error]
    return [problem.format() for problem in problems if not problem.is_error]


def test_area_code_reads_fixed_lines_and_ignores_mobiles() -> None:
    assert area_code("0773-2290306") == "0773"
    assert area_code("0771—5866234") == "0771"
    assert area_code("15200379783") is None


def test_a_guilin_organisation_with_a_nanning_area_code_is_flagged() -> None:
    warnings = warnings_of(DATA)
    assert any("0771-2290306" in w and "桂林电子科技大学" in w and "区号" in w for w in warnings)


def test_an_organisation_with_different_phones_in_different_lists_is_flagged() -> None:
    warnings = warnings_of(DATA)
    assert any("广西机电技师学院" in w and "0771-3811900" in w and "0772-3811900" in w for w in warnings)


def test_a_deadline_before_the_signing_date_is_flagged(data_copy: Path) -> None:
    path = data_copy / "notices" / "2026.yaml"
    line = line_of(path, "2026-12-31")
    replace_once(path, "2026-12-31", "2025-01-02")
    replace_once(path, "应于2026年12月31日前完成", "应于2025年1月2日前完成")  # the clause prints the deadline
    warnings = warnings_of(data_copy)
    assert any(f"2026.yaml:{line}:" in w and "早于文件落款日期" in w for w in warnings)


def test_a_printed_name_that_is_not_a_known_name_is_flagged(data_copy: Path) -> None:
    path = data_copy / "directories" / "bases-2026.yaml"
    replace_once(path, "name: 广西大学\n", "name: 广西大学大学\n")
    warnings = warnings_of(data_copy)
    assert any("广西大学大学" in w and "aliases" in w for w in warnings)
