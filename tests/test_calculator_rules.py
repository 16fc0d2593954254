"""calculator/rules.json: compiled from data/ by generator.rules (rules/compile_rules.py), and read by calculator.ruleset."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from calculator.errors import InputError
from calculator.ruleset import load_rules, year_rules
from generator.rules.compile_rules import (
    CompileError,
    compile_from,
    compile_rules,
    content_id,
    document_label,
    dumps,
    with_version,
)

ROOT = Path(__file__).resolve().parent.parent
RULES_PATH = ROOT / "calculator" / "rules.json"


@pytest.fixture(scope="module")
def compiled() -> dict[str, Any]:
    return compile_rules(ROOT / "data")


def test_the_committed_rules_json_equals_a_fresh_compile_of_data(compiled: dict[str, Any]) -> None:
    committed = RULES_PATH.read_text(encoding="utf-8")
    assert committed == dumps(with_version(compiled, committed)), (
        "calculator/rules.json is out of date: run python -m generator.rules"
    )


def test_the_rules_version_is_a_hash_of_their_content_and_keeps_its_date_while_they_do_not_change(
    compiled: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764633600")  # 2025-12-02
    first = with_version(compiled)
    assert first["version"] == {"id": content_id(compiled), "date": "2025-12-02"}
    assert len(first["version"]["id"]) == 12
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # 2026-05-28
    assert with_version(compiled, dumps(first))["version"]["date"] == "2025-12-02"
    changed = copy.deepcopy(compiled)
    changed["years"]["2026"]["rules"]["total_minimum"]["hours"] = 100
    bumped = with_version(changed, dumps(first))["version"]
    assert bumped["id"] != first["version"]["id"]
    assert bumped["date"] == "2026-05-28"


def test_every_check_names_the_rules_version_it_used() -> None:
    from calculator.check import check_person
    from calculator.explain import render_text

    rules = load_rules(RULES_PATH.read_text(encoding="utf-8"))
    result = check_person(rules, 2026, "20", "0", "70")
    assert result["rules_version"] == rules["version"]
    assert f"规则版本 {rules['version']['id']}（{rules['version']['date']} 编译）" in render_text(result)


def test_compiling_twice_gives_the_same_bytes(compiled: dict[str, Any]) -> None:
    assert dumps(compile_rules(ROOT / "data")) == dumps(compiled)


def test_the_check_option_reports_whether_the_file_is_current(tmp_path: Path) -> None:
    fresh = subprocess.run(
        [sys.executable, "-m", "generator.rules", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert fresh.returncode == 0, fresh.stderr
    stale = tmp_path / "rules.json"
    stale.write_text("{}\n", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "generator.rules", "--check", "--output", str(stale)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 1
    assert "不一致" in completed.stderr


def test_each_year_holds_what_the_calculator_needs_and_cites_its_clauses(compiled: dict[str, Any]) -> None:
    year = compiled["years"]["2026"]
    assert year["rules"]["total_minimum"]["minimum"] == 90
    assert year["rules"]["total_minimum"]["citation"] == "桂人社函〔2026〕196号 一、（二）2"
    assert (year["rules"]["professional_share"]["numerator"], year["rules"]["professional_share"]["denominator"]) == (
        2,
        3,
    )
    assert year["rules"]["public_required"]["hours"] == 20
    assert year["system_url"]["url"] == "https://gxjxjy.rst.gxzf.gov.cn"
    assert [d["id"] for d in year["deadlines"]] == ["public-required", "professional-registration", "employer-review"]
    assert {d["audience"] for d in year["deadlines"]} == {"person", "employer"}
    assert (year["makeup"]["from_year"], year["makeup"]["to_year"]) == (2022, 2025)
    assert compiled["years"]["2025"]["rules"]["public_elective"]["hours"] == 10
    assert compiled["years"]["2026"]["rules"]["public_elective"]["hours"] is None


def test_the_2023_notice_without_a_number_is_cited_by_its_title_and_date(compiled: dict[str, Any]) -> None:
    label = compiled["years"]["2023"]["document"]["label"]
    assert label == "《关于做好2023年度全区专业技术人员继续教育工作的通知》（2023年4月18日）"
    assert document_label({"number": "桂人社函〔2026〕196号", "title": "x", "issuers": [], "date_printed": "y"}) == (
        "桂人社函〔2026〕196号"
    )


def test_the_standing_rules_date_from_2019_and_give_90_hours_two_thirds_and_4_hours_per_half_day(
    compiled: dict[str, Any],
) -> None:
    standing = compiled["standing_rules"]
    assert (standing["document"], standing["year"], standing["minimum_total_hours"]) == (
        "桂人社规〔2019〕4号",
        2019,
        90,
    )
    assert standing["professional_share"] == {"numerator": 2, "denominator": 3}
    assert standing["hours_per_half_day"] == 4


def test_parts_that_do_not_add_up_to_the_course_hours_are_refused() -> None:
    from generator.data.load import load_data

    data = load_data(ROOT / "data")
    notices = copy.deepcopy(data.notices)
    notices[2023]["rules"]["public_required"]["parts"][1]["hours"] = 6
    with pytest.raises(CompileError, match="各部分学时之和"):
        compile_from(notices, data.standing_rules, (data.faq, data.guides))


def test_a_make_up_window_that_is_not_in_the_past_is_refused() -> None:
    from generator.data.load import load_data

    data = load_data(ROOT / "data")
    notices = copy.deepcopy(data.notices)
    notices[2026]["makeup"]["to_year"] = 2026
    with pytest.raises(CompileError, match="补学补考"):
        compile_from(notices, data.standing_rules, (data.faq, data.guides))


def test_the_loader_refuses_rules_of_another_format() -> None:
    rules = json.loads(RULES_PATH.read_text(encoding="utf-8"))
    rules["format"] = 99
    with pytest.raises(InputError, match="格式版本"):
        load_rules(json.dumps(rules))
    with pytest.raises(InputError, match="JSON"):
        load_rules("{not json")


def test_a_new_notice_in_the_data_extends_the_years_without_code_changes() -> None:
    rules = json.loads(RULES_PATH.read_text(encoding="utf-8"))
    future = copy.deepcopy(rules["years"]["2026"])
    future["year"] = 2028
    future["rules"]["public_required"]["hours"] = 24
    rules["years"]["2028"] = future
    loaded = load_rules(json.dumps(rules))
    assert year_rules(loaded, 2028)["public_required"]["hours"] == 24
    assert year_rules(loaded, 2027)["notice"] is None  # now between the standing rules and the latest notice
