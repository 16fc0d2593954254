"""Lints find what a careful reader finds; a finding neither fixed nor recorded as a discrepancy blocks publishing."""

from __future__ import annotations

from pathlib import Path

from generator.data.lint_kinds import LintFinding
from generator.data.lints import area_code
from generator.data.load import load_data, validate_data
from tests.conftest import DATA
from tests.test_validation import errors_of, line_of, replace_in_source_text, replace_once

SHIPPED = load_data(DATA)


def findings(kind: str) -> list[LintFinding]:
    return [problem for problem in SHIPPED.warnings if isinstance(problem, LintFinding) and problem.kind == kind]


def warnings_of(data_dir: Path) -> list[str]:
    data, problems = validate_data(data_dir)
    assert data is not None, [p.format() for p in problems if p.is_error]
    return [problem.format() for problem in problems if not problem.is_error]


def test_area_code_reads_fixed_lines_and_ignores_mobiles() -> None:
    assert area_code("0773-2290306") == "0773"
    assert area_code("0771—5866234") == "0771"
    assert area_code("15200379783") is None


def test_every_finding_on_the_shipped_data_is_recorded_as_a_discrepancy() -> None:
    assert SHIPPED.warnings
    assert all(isinstance(p, LintFinding) and p.recorded_in and not p.is_error for p in SHIPPED.warnings)


def test_a_guilin_organisation_with_a_nanning_area_code_is_flagged() -> None:
    warnings = warnings_of(DATA)
    assert any("0771-2290306" in w and "桂林电子科技大学" in w and "区号" in w for w in warnings)


def test_the_liuzhou_car_group_with_a_nanning_number_is_flagged_and_recorded() -> None:
    (found,) = [item for item in findings("area-code") if "0771-3755732" in item.message]
    assert "广西汽车集团有限公司" in found.message and "bases-2026.yaml" in (found.recorded_in or "")


def test_an_organisation_with_different_phones_in_different_lists_is_flagged() -> None:
    warnings = warnings_of(DATA)
    assert any("广西机电技师学院" in w and "0771-3811900" in w and "0772-3811900" in w for w in warnings)


def test_the_2026_sign_date_does_not_fit_its_document_number() -> None:
    (found,) = findings("sign-date-year")
    path = DATA / "notices" / "2026.yaml"
    assert found.path == path and found.line == line_of(path, 'date: "2025-05-18"')
    assert "2025年5月18日" in found.message and "桂人社函〔2026〕196号" in found.message


def test_cited_titles_that_differ_from_the_cited_documents_own_title_are_flagged() -> None:
    citing = {item.keys[1] for item in findings("cited-title")}
    assert citing == {"2023年通知", "桂人社函〔2025〕80号", "桂人社函〔2026〕196号"}
    assert all(item.keys[0] == "桂人社发〔2022〕15号" for item in findings("cited-title"))


def test_mobile_numbers_in_office_number_lists_are_flagged() -> None:
    mobiles = {item.keys[0] for item in findings("mobile-in-office-list")}
    assert mobiles == {"13768981690", "18677890689", "13633089033", "15200379783", "18074900783", "15177766611"}


def test_em_dashes_in_phones_and_a_full_stop_after_an_email_are_flagged() -> None:
    assert {item.keys[0] for item in findings("phone-format")} == {"0771—5866234", "0771—966111"}
    (email,) = findings("email-format")
    assert email.keys == ("gxpx365@126.com。",) and email.path.name == "2025.yaml"


def test_an_unrecorded_finding_is_an_error_that_says_how_to_record_it(data_copy: Path) -> None:
    path = data_copy / "directories" / "bases-2026.yaml"
    replace_once(path, "    lints: [area-code]\n  - subject: 联系电话栏中的手机号", "  - subject: 联系电话栏中的手机号")
    (error,) = errors_of(data_copy)
    assert error.path == path and error.line == line_of(path, '"0771-3755732"')
    assert "lints: [area-code]" in error.message and "0771-3755732" in error.message


def test_a_record_must_name_the_value_it_is_about(data_copy: Path) -> None:
    path = data_copy / "notices" / "2025.yaml"
    replace_once(path, "两个文本都印作“电子邮箱：gxpx365@126.com。”", "两个文本在邮箱后都多印了句号")
    assert any("gxpx365@126.com。" in error.message for error in errors_of(data_copy))


def test_a_sign_date_before_a_document_it_cites_is_an_error(data_copy: Path) -> None:
    path = data_copy / "notices" / "2023.yaml"
    replace_once(path, "桂人社函〔2021〕149号", "桂人社函〔2025〕80号")
    replace_in_source_text(data_copy, "2023.yaml", "桂人社函〔2021〕149号", "桂人社函〔2025〕80号")
    errors = [error for error in errors_of(data_copy) if "早于所引文件" in error.message]
    assert errors and "桂人社函〔2025〕80号（2025-04-17）" in errors[0].message and errors[0].path == path


def test_a_deadline_before_the_signing_date_is_flagged(data_copy: Path) -> None:
    path = data_copy / "notices" / "2026.yaml"
    line = line_of(path, "2026-12-31")
    replace_once(path, "2026-12-31", "2025-01-02")
    replace_once(path, "应于2026年12月31日前完成", "应于2025年1月2日前完成")  # the clause prints the deadline
    replace_once(path, 'printed: "2026年12月31日前"', 'printed: "2025年1月2日前"')
    replace_in_source_text(data_copy, "2026.yaml", "应于2026年12月31日前完成", "应于2025年1月2日前完成")
    errors = errors_of(data_copy)
    assert any(error.line == line and "早于文件落款日期" in error.message for error in errors)


def test_a_printed_name_that_is_not_a_known_name_is_flagged(data_copy: Path) -> None:
    path = data_copy / "directories" / "bases-2026.yaml"
    replace_once(path, "name: 广西大学\n", "name: 广西大学大学\n")
    assert any("广西大学大学" in error.message and "aliases" in error.message for error in errors_of(data_copy))
