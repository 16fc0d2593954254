"""Each rule field the calculator uses carries its own clause, and every next step is cited or marked 本站说明."""

from __future__ import annotations

import pytest

from calculator.check import check_person
from calculator.explain import render_text
from calculator.ruleset import load_rules_file
from generator.data.load import load_data
from generator.paths import RULES_FILE
from generator.rules.compile_rules import CompileError, compile_notice
from tests.conftest import DATA

RULES = load_rules_file(RULES_FILE)
DATA_ON_FILE = load_data(DATA)


def test_the_2025_pass_mark_is_cited_to_the_annex_that_prints_60() -> None:
    exam = RULES["years"]["2025"]["rules"]["exam"]
    assert exam["pass_mark"] == 60
    assert exam["pass_mark_citation"] == "桂人社函〔2025〕80号 附件1 二、（三）"
    assert exam["citation"] == "桂人社函〔2025〕80号 一、（三）1"


def test_the_2023_contact_cites_phone_email_and_hours_to_their_own_items() -> None:
    (contact,) = RULES["years"]["2023"]["contacts"]
    assert contact["phones_citation"].endswith(" 六、（二）")
    assert contact["email_citation"].endswith(" 六、（三）")
    assert contact["hours_citation"].endswith(" 六、（一）")


def test_the_2025_public_subjects_total_is_a_rule_with_its_clause() -> None:
    total = RULES["years"]["2025"]["rules"]["public_total"]
    assert (total["hours"], total["citation"]) == (30, "桂人社函〔2025〕80号 一、（一）1")
    assert RULES["years"]["2026"]["rules"]["public_total"] is None


def test_a_public_total_that_is_not_required_plus_elective_does_not_compile() -> None:
    notice = {**DATA_ON_FILE.notices[2025]}
    notice["rules"] = {**notice["rules"], "public_total": {**notice["rules"]["public_total"], "hours": 40}}
    with pytest.raises(CompileError, match="不等于必修课 20 \\+ 选修课 10"):
        compile_notice(notice)


@pytest.mark.parametrize(
    ("year", "hours"),
    [(2023, (0, 0, 0)), (2025, (0, 0, 100)), (2025, (20, 10, 60)), (2026, (10, 0, 30)), (2024, (0, 0, 0))],
)
def test_every_next_step_is_cited_or_marked_as_the_sites_own(year: int, hours: tuple[int, int, int]) -> None:
    result = check_person(RULES, year, *hours, as_of="2026-01-15")
    assert result["next_steps"]
    for step in result["next_steps"]:
        assert step["own"] == (not step["sources"]), step
        assert all(" " in source or source.startswith("桂人社") for source in step["sources"]), step
    text = render_text(result)
    for step in result["next_steps"]:
        assert ("本站说明" if step["own"] else step["sources"][0]) in text


def test_the_exam_step_gives_the_pass_mark_with_its_own_clause() -> None:
    result = check_person(RULES, 2025, 0, 0, 100, as_of="2025-06-01")
    step = next(item for item in result["next_steps"] if item["id"] == "take-public-required")
    assert "60 分以上（含 60 分）视为通过（桂人社函〔2025〕80号 附件1 二、（三））" in step["message"]


def test_a_failed_verdict_lists_the_contacts_with_each_part_cited() -> None:
    text = render_text(check_person(RULES, 2023, 0, 0, 0))
    assert (
        "邮箱 gxpx365@126.com（《关于做好2023年度全区专业技术人员继续教育工作的通知》（2023年4月18日） 六、（三））"
        in text
    )
    assert (
        "电话 0771-966111（《关于做好2023年度全区专业技术人员继续教育工作的通知》（2023年4月18日） 六、（二））" in text
    )
