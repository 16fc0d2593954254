"""Every check vector (tests/vectors/check.json), computed in the page, equals `python -m calculator check --json`.

Vectors whose inputs fit the form (a year in the list, a date the date field can hold) go through
the form and the rendered #result; the others through window.gxCalculator.check, the same worker
call the form makes. The JSON compared is the whole result, not the vectors' summary.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.calculator_page import cli_check, fill_and_check, open_calculator, page_error, page_result
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

VECTORS = json.loads((ROOT / "tests" / "vectors" / "check.json").read_text(encoding="utf-8"))["cases"]
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@pytest.fixture(scope="module")
def calculator(browser: Any, site_url: str) -> Iterator[Any]:
    """One calculator page for all vectors (no service worker: nothing but the check is measured)."""
    context = browser.new_context(locale="zh-CN", service_workers="block")
    page = context.new_page()
    open_calculator(page, site_url)
    page.evaluate("window.gxCalculator.ready()")
    yield page
    context.close()


def fits_the_form(page: Any, given: dict[str, Any]) -> bool:
    years = page.eval_on_selector_all("#year option", "options => options.map(option => option.value)")
    if str(given.get("year")) not in years:
        return False
    if not all(isinstance(given.get(key), str) for key in ("public_required", "public_elective", "professional")):
        return False
    as_of = given.get("as_of")
    return as_of is None or (ISO_DATE.match(as_of) is not None and page.evaluate(f"!isNaN(new Date('{as_of}'))"))


def text(value: Any) -> str:
    return "" if value is None else str(value)


@pytest.mark.parametrize("case", VECTORS, ids=[case["name"][:60] for case in VECTORS])
def test_the_page_computes_what_the_command_line_does(calculator: Any, case: dict[str, Any]) -> None:
    given = case["input"]
    page = calculator
    if fits_the_form(page, given):
        status = fill_and_check(
            page,
            given["year"],
            given["public_required"],
            given["public_elective"],
            given["professional"],
            given.get("as_of") or "",
        )
        if status == "error":
            answer: dict[str, Any] = {"error": {"message": page_error(page)}}
        else:
            answer = {"result": page_result(page)}
    else:
        answer = page.evaluate(
            "input => window.gxCalculator.check(input)",
            {
                key: text(given.get(key))
                for key in ("year", "public_required", "public_elective", "professional", "as_of")
            },
        )
    as_of = given.get("as_of")
    if "result" in answer and as_of is None:
        as_of = answer["result"]["as_of"]  # the form checks as of today when no date is given
    expected = cli_check(
        text(given.get("year")),
        text(given.get("public_required")),
        None if given.get("public_elective") is None else text(given["public_elective"]),
        text(given.get("professional")),
        as_of,
    )
    if "error" in expected:
        assert "error" in answer, f"the command line refuses this input ({expected['error']}), the page does not"
        # The command line names its option in one message (查询日期（--as-of）); the page has a field instead.
        assert answer["error"]["message"] == expected["error"].replace("（--as-of）", "")
    else:
        assert "result" in answer, f"the page refuses this input: {answer.get('error')}"
        assert answer["result"] == expected["result"]


HOSTILE_VALUES = ["", " ", "９０", "90学时", "1,000", "-1", "NaN", "Infinity", "1e309", "２０．５", "1" * 2000]
HOSTILE_VALUES += ["<img src=x onerror=alert(1)>", "'; DROP TABLE staff; --", "61.111", "0x10", "　７０　"]


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=[repr(value)[:24] for value in HOSTILE_VALUES])
def test_whatever_is_typed_the_page_answers_as_the_command_line_does(calculator: Any, value: str) -> None:
    """Typed into the form as professional hours (20 public required, 5 elective, 2026): same verdict or same error."""
    page = calculator
    status = fill_and_check(page, 2026, "20", "5", value, "2026-11-22")
    expected = cli_check("2026", "20", "5", value, "2026-11-22")
    if "error" in expected:
        assert status == "error" and page_error(page) == expected["error"]
        assert page.locator("#result img").count() == 0, "typed text must never become markup"
    else:
        assert status in ("pass", "fail") and page_result(page) == expected["result"]
