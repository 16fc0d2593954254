"""The answers people read agree with the rules the calculator applies and cite real clauses."""

from __future__ import annotations

import re

from generator.data.load import load_data
from tests.conftest import DATA

DATA_ON_FILE = load_data(DATA)
QUESTIONS = {question["id"]: question for question in DATA_ON_FILE.faq["questions"]}


def answer_for(question_id: str, year: int) -> str:
    return next(a["text"] for a in QUESTIONS[question_id]["answers"] if year in a["years"])


def test_the_public_course_hours_in_the_answers_match_each_years_rules() -> None:
    for year, notice in DATA_ON_FILE.notices.items():
        hours = notice["rules"]["public_required"]["hours"]
        assert re.search(rf"(?<![0-9]){hours} 学时", answer_for("public-required-hours", year)), year


def test_the_registration_deadlines_in_the_answers_match_each_years_deadlines() -> None:
    for year, notice in DATA_ON_FILE.notices.items():
        text = answer_for("registration-deadline", year)
        for deadline in notice["deadlines"]:
            if deadline["id"] in ("professional-registration", "employer-review"):
                y, m, d = (int(part) for part in deadline["date"].split("-"))
                assert f"{y} 年 {m} 月 {d} 日" in text, (year, deadline["id"])


def test_the_makeup_years_in_the_answers_match_each_years_makeup_window() -> None:
    for year, notice in DATA_ON_FILE.notices.items():
        window = notice["makeup"]
        text = answer_for("makeup-earlier-years", year)
        assert str(window["from_year"]) in text and str(window["to_year"]) in text, year


def test_every_calculator_rule_has_at_least_one_answer_to_link_to() -> None:
    linked = {rule for question in QUESTIONS.values() for rule in question["rules"]}
    assert linked == {"total-minimum", "professional-share", "public-required"}


def test_every_answer_cites_a_clause_that_exists() -> None:
    for question in QUESTIONS.values():
        for answer in question["answers"]:
            assert answer["citations"], question["id"]
            for citation in answer["citations"]:
                document = (
                    DATA_ON_FILE.notices[citation["notice"]]
                    if citation["notice"] is not None
                    else DATA_ON_FILE.plans[citation["plan"]]
                )
                assert citation["clause"] in {clause["id"] for clause in document["clauses"]}, question["id"]


def test_each_guide_step_shows_a_clause_with_text() -> None:
    for name, guide in DATA_ON_FILE.guides.items():
        clauses = {clause["id"]: clause for clause in DATA_ON_FILE.notices[guide["notice"]]["clauses"]}
        for step in guide["steps"]:
            clause = clauses[step["clause"]]
            has_text = clause["paragraphs"] or any(
                other.startswith(step["clause"] + "、") for other in clauses if other != step["clause"]
            )
            assert has_text, (name, step["clause"])
