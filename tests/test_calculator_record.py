"""The record check on any input: a result whose every action cites a clause and never dates a window in the past,
or one Chinese InputError; never another exception."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from calculator.errors import InputError
from calculator.record import check_record
from calculator.ruleset import load_rules_file, standing_years, years_on_file
from tests.conftest import ROOT
from tests.test_fuzz_inputs import TYPED

RULES = load_rules_file(str(ROOT / "calculator" / "rules.json"))
CHECKABLE = years_on_file(RULES) + standing_years(RULES)
HOURS = st.one_of(st.integers(0, 120).map(str), st.sampled_from(["0", "20", "15", "70", "46.66", "60.5"]), TYPED)
YEAR = st.one_of(st.sampled_from(CHECKABLE), st.sampled_from([str(year) for year in CHECKABLE]), TYPED)
ENTRY = st.fixed_dictionaries({"year": YEAR, "public_required": HOURS, "public_elective": HOURS, "professional": HOURS})
AS_OF = st.dates(date(2019, 1, 1), date(2030, 12, 31))


def run(years: Any, as_of: Any) -> dict[str, Any] | None:
    try:
        return dict(check_record(RULES, years, as_of))
    except InputError as error:
        assert error.message and "\n" not in error.message
        return None


@settings(max_examples=300, deadline=None)
@given(st.lists(ENTRY, max_size=6), AS_OF)
def test_any_record_is_a_result_or_one_chinese_line(years: list[dict[str, Any]], as_of: date) -> None:
    result = run(years, as_of)
    if result is None:
        return
    for item in result["years"]:
        if item["passed"] is True:  # a standing-rules year (course unchecked) keeps what holds only if it was not done
            assert all(action["conditional"] for action in item["actions"]) and (
                item["actions"] == [] or item["notice_on_file"] is False
            ), item
        for action in item["actions"]:
            assert action["source"], action
            assert action["message"]
            if action["status"] == "can":
                assert action["until"] >= as_of.isoformat()
            else:
                assert action["until"] is None
    assert result["summary"].count("：") >= 1


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(CHECKABLE), AS_OF)
def test_a_missing_course_is_fixable_exactly_while_a_window_on_file_or_its_own_deadline_is_open(
    year: int, as_of: date
) -> None:
    result = run([{"year": year, "public_required": "0", "public_elective": "0", "professional": "90"}], as_of)
    assert result is not None
    (item,) = result["years"]
    (action,) = [action for action in item["actions"] if action["what"] == "public-required"]
    windows = [RULES["years"][str(other)]["makeup"] for other in years_on_file(RULES)]
    open_until = [
        date(window["year"], 12, 31)
        for window in windows
        if window and window["from_year"] <= year <= window["to_year"] and date(window["year"], 12, 31) >= as_of
    ]
    notice = RULES["years"].get(str(year))
    own = (
        [deadline["date"] for deadline in notice["deadlines"] if deadline["id"] == "public-required"] if notice else []
    )
    if own and own[0] >= as_of.isoformat():
        assert (action["status"], action["until"]) == ("can", own[0])
    elif open_until:
        assert (action["status"], action["until"]) == ("can", max(open_until).isoformat())
    else:
        assert action["status"] in ("cannot", "none-on-file")
        assert (action["status"] == "none-on-file") == (as_of.year > years_on_file(RULES)[-1])


def test_the_day_after_a_window_closes_it_is_closed() -> None:
    last = date(2026, 12, 31)
    open_result = run([{"year": 2023, "public_required": "0", "public_elective": "0", "professional": "90"}], last)
    closed = run(
        [{"year": 2023, "public_required": "0", "public_elective": "0", "professional": "90"}], last + timedelta(days=1)
    )
    assert open_result is not None and closed is not None
    assert open_result["makeup"][0]["until"] == "2026-12-31"
    assert closed["makeup"] == []


def test_the_summary_tells_arrangements_that_all_ended_from_none_at_all() -> None:
    """2023's course could be made up in 2025 and 2026 (both ended by 2027-01-05): the summary said there was none on
    file, contradicting the detail below it. 2026's own has no arrangement on file at all."""
    years = [
        {"year": 2023, "public_required": "0", "public_elective": "0", "professional": "90"},
        {"year": 2026, "public_required": "0", "public_elective": "0", "professional": "90"},
    ]
    result = run(years, date(2027, 1, 5))
    assert result is not None
    assert "2023 年公需必修课已收录的补学补考安排都已结束" in result["summary"]
    assert "2026 年公需必修课已收录的通知中没有补学安排" in result["summary"]
    ended = result["years"][0]["actions"][0]
    assert ended["status"] == "none-on-file" and ended["windows"] and "都已结束" in ended["message"]
