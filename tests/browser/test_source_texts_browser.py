"""The 原文 links in Chromium: the source text opens readable (UTF-8, not mojibake), verbatim, also offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_calculator_offline import build_of, wait_until_cached
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

RENDERING_A = "sources/2025-task-plan_gui-ren-she-han-2025-80_rendering-a"
TEXT_2026 = "sources/2026-task-plan_gui-ren-she-han-2026-196"


def source_text(stem: str) -> str:
    return (ROOT / f"{stem}.txt").read_bytes().decode("utf-8")


def test_clicking_yuanwen_on_a_notice_page_shows_the_source_text_as_utf8_exactly(
    page: Any, site_url: str, third_party_requests: list[str]
) -> None:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(site_url + "notices/2025/")
    page.click("a.gx-source-link:text-is('原文（文本A）')")
    page.wait_for_url(f"{site_url}{RENDERING_A}.html")
    assert page.evaluate("document.characterSet") == "UTF-8"
    assert page.text_content("pre.gx-source-text") == source_text(RENDERING_A)
    assert "桂人社函〔2025〕80号" in page.text_content("h1")
    assert problems == []
    assert third_party_requests == []


def test_after_one_visit_the_source_text_opens_offline(
    page: Any, site_url: str, built_site: Path, third_party_requests: list[str]
) -> None:
    page.goto(site_url + "notices/2026/")
    wait_until_cached(page, build_of(built_site))
    page.context.set_offline(True)
    try:
        page.click("a.gx-source-link:text-is('原文')")
        page.wait_for_url(f"{site_url}{TEXT_2026}.html")
        assert page.text_content("pre.gx-source-text") == source_text(TEXT_2026)
    finally:
        page.context.set_offline(False)
    assert third_party_requests == []


def test_a_source_text_page_has_no_serious_accessibility_problems(
    serious_accessibility_problems: Any,
) -> None:
    assert serious_accessibility_problems(f"{TEXT_2026}.html", scope="body") == []
