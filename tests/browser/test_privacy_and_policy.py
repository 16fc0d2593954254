"""The site runs under its Content-Security-Policy, never calls another origin, never sends what people enter."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from tests.browser.calculator_page import fill_and_check, open_calculator
from tests.browser.test_calculator_batch import downloaded

pytestmark = pytest.mark.browser

WATCH_FOR_VIOLATIONS = """
window.policyViolations = [];
document.addEventListener('securitypolicyviolation', event =>
    window.policyViolations.push(event.violatedDirective + ' ' + event.blockedURI));
"""

SECRET_NAME = "隐私测试员甲"
SECRET_HOURS = "43.37"


def record_everything(page: Any) -> list[dict[str, str]]:
    """Every request the page makes (URL and body), and every console error about the policy."""
    seen: list[dict[str, str]] = []
    page.on("request", lambda request: seen.append({"url": request.url, "body": request.post_data or ""}))
    page.on(
        "console",
        lambda message: (
            seen.append({"url": "console", "body": message.text}) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(WATCH_FOR_VIOLATIONS)
    return seen


def upload(page: Any, name: str, data: bytes) -> None:
    """Choose a CSV for the batch check and wait for it (a function predicate: the page's CSP forbids eval)."""
    page.select_option("#batch-year", "2026")
    page.set_input_files("#batch-file", files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
    page.wait_for_function("() => ['done', 'error'].includes(document.querySelector('#batch-status').dataset.state)")


def all_page_paths(site: Path) -> list[str]:
    paths = sorted(path.relative_to(site).parent.as_posix() for path in site.rglob("index.html"))
    return ["" if path == "." else path + "/" for path in paths]


def test_every_built_page_carries_the_policy_with_the_hashes_of_its_own_inline_scripts(built_site: Path) -> None:
    from generator.browser.csp import inline_script_hashes

    for path in built_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert policy, path
        first_script = html.find("<script")  # a source text's page (sources/) has none
        assert first_script == -1 or html.index(policy.group(0)) < first_script, (
            f"the policy must come before any script: {path}"
        )
        assert "script-src 'self' 'wasm-unsafe-eval'" in policy.group(1)
        assert "'unsafe-inline'" not in policy.group(1).split("script-src", 1)[1].split(";")[0]
        assert "'unsafe-eval'" not in policy.group(1)
        for token in inline_script_hashes(html):
            assert token in policy.group(1), path


def test_browsing_every_page_searching_and_checking_hours_breaks_no_policy_and_leaks_nothing(
    page: Any, site_url: str, built_site: Path, third_party_requests: list[str], tmp_path: Path
) -> None:
    seen = record_everything(page)
    for path in all_page_paths(built_site):
        page.goto(site_url + path)
        page.wait_for_load_state("load")
    page.goto(site_url)
    page.fill("input.md-search__input", "补学补考")
    page.press("input.md-search__input", "End")
    page.wait_for_selector(".md-search-result__item a", timeout=10_000)

    open_calculator(page, site_url)
    assert fill_and_check(page, 2026, "20", "5", SECRET_HOURS) == "fail"
    csv = f"姓名,公需必修,公需选修,专业科目\r\n{SECRET_NAME},20,5,{SECRET_HOURS}\r\n".encode()
    upload(page, "staff.csv", csv)
    assert SECRET_NAME.encode() in downloaded(page).decode("utf-8-sig").encode()

    violations = page.evaluate("window.policyViolations")
    assert violations == [], violations
    assert [entry for entry in seen if entry["url"] == "console"] == []
    assert third_party_requests == []
    for entry in seen:
        if entry["url"] == "console":
            continue
        assert entry["url"].startswith(site_url) or entry["url"].startswith(("data:", "blob:")), entry["url"]
        carried = unquote(entry["url"].split("#", 1)[0]) + entry["body"]
        assert SECRET_NAME not in carried and SECRET_HOURS not in carried, f"entered data sent: {entry['url']}"


def test_the_calculator_can_be_used_with_the_keyboard_alone(page: Any, site_url: str) -> None:
    open_calculator(page, site_url)
    page.focus("#year")
    for field, value in (("#public-required", "20"), ("#public-elective", "5"), ("#professional", "70")):
        while page.evaluate("document.activeElement.id") != field.removeprefix("#"):
            page.keyboard.press("Tab")
        page.keyboard.type(value)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#result').dataset.status === 'pass'")
    assert page.get_attribute("#result", "aria-live") in ("polite", "assertive")
    labelled = page.evaluate(
        """() => [...document.querySelectorAll('#check-form input, #check-form select')]
              .filter(field => field.type !== 'hidden')
              .every(field => field.labels && field.labels.length > 0 && field.labels[0].innerText.trim())"""
    )
    assert labelled
