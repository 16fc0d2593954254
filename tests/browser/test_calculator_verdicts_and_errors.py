"""The calculator page: an honest headline for a year without a notice (as the command line says it), and every bad
field of the form reported at once with focus on the first."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.calculator_page import cli_check, fill_and_check, open_calculator, page_error, wait_for_verdict

pytestmark = pytest.mark.browser


def test_a_year_without_a_notice_heads_its_result_with_the_standing_rules_verdict(page: Any, site_url: str) -> None:
    open_calculator(page, site_url)
    assert fill_and_check(page, 2024, "20", "0", "70") == "pass"
    expected = cli_check(2024, "20", "0", "70")["result"]["verdict"]
    assert expected == "按常设规则核对（未收录年度通知，必修课未核对）"
    assert page.inner_text("#result .gx-verdict .gx-badge") == expected
    assert "gx-verdict--standing" in (page.get_attribute("#result .gx-verdict", "class") or "")
    assert "必修课未核对" in page.inner_text("#result .gx-verdict__summary")
    assert fill_and_check(page, 2026, "20", "0", "70") == "pass"
    assert page.inner_text("#result .gx-verdict .gx-badge") == "达标"


def test_every_bad_field_is_reported_at_once_and_focus_goes_to_the_first(page: Any, site_url: str) -> None:
    open_calculator(page, site_url)
    assert fill_and_check(page, 2026, "abc", "-3", "七十") == "error"
    messages = page.locator("#result .gx-error p:not(.admonition-title)").all_inner_texts()
    assert len(messages) == 3, messages
    assert messages[0] == page_error(page) == cli_check(2026, "abc", "-3", "七十")["error"]
    assert messages[1].startswith("公需选修") and messages[2].startswith("专业科目")
    assert "3 处" in page.inner_text("#result .gx-error .admonition-title")
    for field in ("public-required", "public-elective", "professional"):
        assert page.get_attribute(f"#{field}", "aria-invalid") == "true", field
    assert page.evaluate("document.activeElement.id") == "public-required"
    assert fill_and_check(page, 2026, "20", "0", "七十") == "error"
    assert page.locator("#result .gx-error p:not(.admonition-title)").count() == 1
    assert page.get_attribute("#public-required", "aria-invalid") is None
    assert page.evaluate("document.activeElement.id") == "professional"


def test_a_year_the_form_does_not_offer_is_reported_with_the_other_bad_fields(page: Any, site_url: str) -> None:
    # The refused year's option is marked data-refused="" (an empty string): it must not pass for an offered year,
    # or the other fields are never asked about and only the year is reported.
    open_calculator(page, site_url, "#year=2031&public-required=x&public-elective=0&professional=%E2%80%AE07%20abc")
    assert wait_for_verdict(page) == "error"
    messages = page.locator("#result .gx-error p:not(.admonition-title)").all_inner_texts()
    assert len(messages) == 3, messages
    assert messages[0] == page_error(page) == cli_check(2031, "x", "0", "\u202e07 abc")["error"]
    assert messages[1].startswith("公需必修") and messages[2].startswith("专业科目")
    assert "“\\u202e07 abc”" in messages[2], "a direction override is quoted as an escape, not obeyed"
    assert page.get_attribute("#result", "data-error-fields") == "year public_required professional"
