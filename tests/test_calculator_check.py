"""The rules engine (calculator.check): exact boundaries, the result's shape, and properties checked by hypothesis."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator import check
from calculator.check import check_person, share_shortfall
from calculator.errors import InputError
from calculator.explain import render_text
from calculator.hours import format_hours, hundredths_of
from calculator.ruleset import load_rules, standing_years, year_rules, years_on_file

ROOT = Path(__file__).resolve().parent.parent
RULES = load_rules((ROOT / "calculator" / "rules.json").read_text(encoding="utf-8"))
COURSE_HOURS = {2023: 15, 2025: 20, 2026: 20}


def run(year: int, required: int, elective: int, professional: int, as_of: str | None = None) -> dict[str, Any]:
    """check_person with hours given in hundredths."""
    return check_person(RULES, year, format_hours(required), format_hours(elective), format_hours(professional), as_of)


def rule(result: dict[str, Any], rule_id: str) -> dict[str, Any]:
    return next(item for item in result["rules"] if item["id"] == rule_id)


def test_the_years_on_file_are_2023_2025_2026_and_the_standing_rules_cover_2019_to_2024() -> None:
    assert years_on_file(RULES) == [2023, 2025, 2026]
    assert standing_years(RULES) == [2019, 2020, 2021, 2022, 2024]


@pytest.mark.parametrize(("year", "hours"), sorted(COURSE_HOURS.items()))
def test_the_public_required_course_hours_come_from_each_years_notice(year: int, hours: int) -> None:
    assert year_rules(RULES, year)["public_required"]["hours"] == hours


def test_the_2023_course_is_10_hours_of_study_and_5_of_exam() -> None:
    parts = year_rules(RULES, 2023)["public_required"]["parts"]
    assert [(part["name"], part["hours"]) for part in parts] == [("课程学习", 10), ("课程考试", 5)]


def test_61_1_professional_hours_of_91_65_are_exactly_two_thirds_and_pass() -> None:
    result = check_person(RULES, 2026, "20", "10.55", "61.1")
    assert result["passed"] is True
    assert rule(result, "professional-share")["passed"] is True
    assert result["total"] == 91.65


def test_one_more_hundredth_of_electives_breaks_two_thirds_and_needs_two_hundredths_of_professional() -> None:
    result = check_person(RULES, 2026, "20", "10.56", "61.1")
    share = rule(result, "professional-share")
    assert share["passed"] is False
    assert share["shortfall"] == 0.02  # 3 × 61.12 = 183.36 ≥ 2 × 91.68 = 183.36; 61.11 is not enough
    assert check_person(RULES, 2026, "20", "10.56", "61.12")["passed"] is True
    assert check_person(RULES, 2026, "20", "10.56", "61.11")["passed"] is False


def test_89_99_hours_miss_the_minimum_by_one_hundredth_and_90_pass() -> None:
    assert rule(check_person(RULES, 2026, "20", "0", "69.99"), "total-minimum")["shortfall"] == 0.01
    assert check_person(RULES, 2026, "20", "0", "70")["passed"] is True


def test_the_professional_top_up_counts_its_own_addition_to_the_total() -> None:
    result = check_person(RULES, 2026, "20", "30", "45")
    assert result["to_pass"] == {"public_required": 0, "professional": 55}
    after = check_person(RULES, 2026, "20", "30", "100")
    assert after["passed"] is True
    assert check_person(RULES, 2026, "20", "30", "99.99")["passed"] is False


def test_the_top_up_assumes_the_required_course_is_completed_first() -> None:
    result = check_person(RULES, 2026, "0", "30", "60")
    assert rule(result, "professional-share")["passed"] is True
    assert result["to_pass"] == {"public_required": 20, "professional": 40}
    assert check_person(RULES, 2026, "20", "30", "100")["passed"] is True
    assert check_person(RULES, 2026, "20", "30", "99.99")["passed"] is False


def test_the_share_shortfall_is_the_smallest_n_with_den_times_p_plus_n_at_least_num_times_t_plus_n() -> None:
    assert share_shortfall(2, 3, 4500, 9500) == 5500
    assert share_shortfall(2, 3, 6000, 9000) == 0
    assert share_shortfall(2, 3, 0, 1) == 2
    assert share_shortfall(3, 3, 0, 1) is None


def test_more_public_required_hours_than_the_course_gives_are_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        check_person(RULES, 2023, "15.01", "0", "75")
    assert caught.value.field == "public_required"
    assert "15 学时" in caught.value.message


def test_a_missing_year_never_invents_a_required_course_figure() -> None:
    result = check_person(RULES, 2024, "35", "0", "70")
    required = rule(result, "public-required")
    assert required["passed"] is None and required["required"] is None and required["source"] is None
    assert result["passed"] is True
    assert [warning["id"] for warning in result["warnings"]] == ["notice-missing"]
    assert "2024 年度的通知未收录" in result["warnings"][0]["message"]
    assert "桂人社规〔2019〕4号" in result["warnings"][0]["message"]
    assert result["deadlines"] == [] and result["makeup"] is None


def test_electives_above_the_notices_10_hours_warn_but_still_count() -> None:
    result = check_person(RULES, 2025, "20", "10.01", "70")
    assert [warning["id"] for warning in result["warnings"]] == ["elective-above-notice"]
    assert result["total"] == 100.01
    assert check_person(RULES, 2025, "20", "10", "70")["warnings"] == []


def test_the_json_result_has_the_documented_keys() -> None:
    result = check_person(RULES, 2026, "20", "5", "70", "2026-11-22")
    assert {"year", "passed", "total", "rules", "warnings", "deadlines"} <= set(result)
    assert [item["id"] for item in result["rules"]] == ["total-minimum", "professional-share", "public-required"]
    for item in result["rules"]:
        assert {"id", "passed", "shortfall", "source"} <= set(item)
    for deadline in result["deadlines"]:
        assert {"id", "date", "description", "passed"} <= set(deadline)
    assert [deadline["id"] for deadline in result["deadlines"]] == [
        "public-required",
        "professional-registration",
        "employer-review",
    ]
    json.dumps(result)  # plain JSON types only


def test_without_an_as_of_date_deadlines_carry_no_passed_flag() -> None:
    assert all("passed" not in deadline for deadline in check_person(RULES, 2026, "20", "0", "70")["deadlines"])


def test_a_deadline_is_inclusive_of_its_day() -> None:
    on_the_day = check_person(RULES, 2026, "20", "0", "70", "2027-03-31")
    assert all(d["passed"] is False for d in on_the_day["deadlines"] if d["date"] == "2027-03-31")
    day_after = check_person(RULES, 2026, "20", "0", "70", "2027-04-01")
    assert all(d["passed"] is True for d in day_after["deadlines"])


def test_the_2026_make_up_window_covers_2022_to_2025_and_counts_for_their_own_year() -> None:
    result = check_person(RULES, 2026, "20", "0", "70")
    assert result["makeup"]["from_year"] == 2022 and result["makeup"]["to_year"] == 2025
    assert result["makeup"]["counts_for"] == "own-year"
    later = check_person(RULES, 2025, "0", "0", "90", "2026-05-01")
    assert [(w["year"], w["status"]) for w in later["makeup_for_this_year"]] == [(2026, "open")]
    steps = " ".join(step["message"] for step in later["next_steps"])
    assert "现在（2026 年度内）可以补学补考" in steps and "计入 2025 年度" in steps


def test_next_steps_say_in_plain_chinese_how_many_professional_hours_to_add_and_by_when() -> None:
    result = check_person(RULES, 2026, "20", "0", "50", "2026-11-22")
    messages = [step["message"] for step in result["next_steps"]]
    assert messages[0].startswith("还需 20 学时专业科目")
    assert any("在 2027-03-31 前登录信息管理系统登记" in message for message in messages)


def test_failing_reports_the_notices_consequences_including_no_excellent_rating() -> None:
    result = check_person(RULES, 2026, "0", "0", "0")
    applying = {item["id"]: item for item in result["consequences"] if item["applies"]}
    assert "年度考核不得评为优秀等次" in applying["annual-review"]["text"]
    assert "professional-title" in applying
    assert "未完成的后果" in render_text(result)


def test_2023_says_which_certificates_can_be_printed() -> None:
    passed = check_person(RULES, 2023, "15", "0", "75")
    steps = {step["id"]: step["message"] for step in passed["next_steps"]}
    assert "《专业技术人员继续教育公需科目考试合格证书》" in steps["print-certificate-public"]
    assert "《专业技术人员继续教育合格证书》" in steps["print-certificate-complete"]
    partial = check_person(RULES, 2023, "10", "0", "80")
    assert "print-certificate-public" not in {step["id"] for step in partial["next_steps"]}
    assert "还需完成课程考试（5 学时）" in rule(partial, "public-required")["message"]


def test_the_report_cites_each_rules_clause() -> None:
    text = render_text(check_person(RULES, 2026, "20", "5", "70", "2026-11-22"))
    assert "（桂人社函〔2026〕196号 一、（二）2）" in text
    assert "（桂人社函〔2026〕196号 一、（一）1）" in text
    assert "结论：达标" in text


def test_every_rule_functions_docstring_restates_the_rule_and_names_its_clause() -> None:
    for function in (check.rule_total_minimum, check.rule_professional_share, check.rule_public_required):
        doc = function.__doc__ or ""
        assert "Clause:" in doc and "桂人社函〔2026〕196号" in doc, function.__name__


# ---- properties -------------------------------------------------------------------------------

YEARS = st.sampled_from([2019, 2023, 2024, 2025, 2026])
HUNDREDTHS = st.integers(min_value=0, max_value=20_000)


@st.composite
def people(draw: st.DrawFn) -> tuple[int, int, int, int]:
    year = draw(YEARS)
    course = COURSE_HOURS.get(year, 40) * 100
    required = draw(st.one_of(st.just(course), st.integers(min_value=0, max_value=course)))
    return year, required, draw(HUNDREDTHS), draw(HUNDREDTHS)


@settings(max_examples=400, deadline=None)
@given(people())
def test_the_verdict_never_contradicts_the_rules(person: tuple[int, int, int, int]) -> None:
    year, required, elective, professional = person
    result = run(year, required, elective, professional)
    total = required + elective + professional
    assert hundredths_of(result["total"]) == total
    assert rule(result, "total-minimum")["passed"] == (total >= 9000)
    assert rule(result, "professional-share")["passed"] == (3 * professional >= 2 * total)
    if year in COURSE_HOURS:
        assert rule(result, "public-required")["passed"] == (required >= COURSE_HOURS[year] * 100)
    else:
        assert rule(result, "public-required")["passed"] is None
    checked = [item["passed"] for item in result["rules"] if item["passed"] is not None]
    assert result["passed"] == all(checked)
    assert result["passed"] == (result["to_pass"] == {"public_required": 0, "professional": 0})


@settings(max_examples=400, deadline=None)
@given(people())
def test_adding_the_reported_shortfall_always_makes_the_verdict_pass_and_nothing_less_does(
    person: tuple[int, int, int, int],
) -> None:
    year, required, elective, professional = person
    result = run(year, required, elective, professional)
    add_required = hundredths_of(result["to_pass"]["public_required"])
    add_professional = hundredths_of(result["to_pass"]["professional"])
    assert run(year, required + add_required, elective, professional + add_professional)["passed"] is True
    if add_professional > 0:
        assert run(year, required + add_required, elective, professional + add_professional - 1)["passed"] is False
    if add_required > 0:
        assert run(year, required + add_required - 1, elective, professional + add_professional)["passed"] is False


@settings(max_examples=300, deadline=None)
@given(people())
def test_each_rules_own_shortfall_is_the_least_that_makes_that_rule_hold(person: tuple[int, int, int, int]) -> None:
    year, required, elective, professional = person
    result = run(year, required, elective, professional)
    for rule_id in ("total-minimum", "professional-share"):
        shortfall = hundredths_of(rule(result, rule_id)["shortfall"])
        assert rule(run(year, required, elective, professional + shortfall), rule_id)["passed"] is True
        if shortfall > 0:
            assert rule(run(year, required, elective, professional + shortfall - 1), rule_id)["passed"] is False
    public = rule(result, "public-required")
    if public["passed"] is not None:
        shortfall = hundredths_of(public["shortfall"])
        assert rule(run(year, required + shortfall, elective, professional), "public-required")["passed"] is True


@settings(max_examples=200, deadline=None)
@given(
    people(),
    st.dates(min_value=datetime.date(2019, 1, 1), max_value=datetime.date(2028, 12, 31)),
)
def test_any_input_gives_a_report_and_json_without_error(person: tuple[int, int, int, int], as_of: Any) -> None:
    year, required, elective, professional = person
    result = run(year, required, elective, professional, as_of.isoformat())
    assert render_text(result).startswith(f"{year} 年度继续教育学时核对")
    assert result["next_steps"], "there is always something to say"
    json.dumps(result)
