"""Hours from a training's dates (calculator.training_hours): 4 hours per half-day, never across two years."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculator.errors import InputError
from calculator.training_hours import hours_between, training_hours

DAYS = st.dates(min_value=datetime.date(2019, 1, 1), max_value=datetime.date(2030, 12, 31))
HALVES = st.sampled_from(["am", "pm"])


def test_tuesday_morning_to_thursday_afternoon_is_24_hours() -> None:
    assert hours_between("2026-05-12", "2026-05-14") == 24


def test_the_hours_per_half_day_come_from_the_caller() -> None:
    assert hours_between("2026-05-12", "2026-05-12", hours_per_half_day=3) == 6


def test_the_workings_name_the_half_days() -> None:
    result = training_hours("2026-05-12", "2026-05-13", "pm", "am")
    assert (result["half_days"], result["start_text"], result["end_text"]) == (2, "2026-05-12下午", "2026-05-13上午")


def test_a_training_across_new_year_is_refused_without_advice_the_sources_do_not_give() -> None:
    with pytest.raises(InputError) as caught:
        hours_between("2025-12-31", "2026-01-01")
    message = caught.value.message
    assert "跨了 2025 和 2026 两个年度" in message and "本站说明" in message and "没有规定" in message
    assert "分别登记" not in message and "两段" not in message


@given(DAYS, HALVES, st.integers(min_value=0, max_value=400), HALVES)
def test_hours_are_four_per_half_day_from_the_start_half_to_the_end_half_inclusive(
    start: datetime.date, start_half: str, days: int, end_half: str
) -> None:
    end = start + datetime.timedelta(days=days)
    half_days = days * 2 + (end_half == "pm") - (start_half == "pm") + 1
    if half_days < 1:
        with pytest.raises(InputError, match="早于"):
            hours_between(start, end, start_half, end_half)
    elif end.year != start.year:
        with pytest.raises(InputError, match="跨了"):
            hours_between(start, end, start_half, end_half)
    else:
        assert hours_between(start, end, start_half, end_half) == 4 * half_days


@given(DAYS, st.integers(min_value=1, max_value=30), st.integers(min_value=0, max_value=30))
def test_splitting_a_training_at_a_day_boundary_keeps_the_total(start: datetime.date, first: int, second: int) -> None:
    middle = start + datetime.timedelta(days=first)
    end = middle + datetime.timedelta(days=second)
    if end.year != start.year:
        return
    whole = hours_between(start, end)
    parts = hours_between(start, middle - datetime.timedelta(days=1)) + hours_between(middle, end)
    assert whole == parts


def test_with_the_rules_a_training_across_years_quotes_the_notice_that_forbids_registering_across_years() -> None:
    from calculator.ruleset import load_rules_file
    from calculator.training_hours import training_hours_from_rules
    from generator.paths import RULES_FILE

    with pytest.raises(InputError) as caught:
        training_hours_from_rules(load_rules_file(RULES_FILE), "2025-12-30", "2026-01-02")
    message = caught.value.message
    assert "“当年参加的培训、活动或取得的成果、业绩可以登记为当年的学时，不能跨年登记。”" in message
    assert "三、（二））" in message and "本站说明" in message
