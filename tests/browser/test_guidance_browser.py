"""The FAQ and guides in Chromium: the search box finds a question, a citation opens its clause, no accessibility problem.

Every test also checks that the page asked nothing of another origin.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

Page = Any


def search(page: Page, site_url: str, query: str) -> list[str]:
    page.goto(site_url)
    page.fill("input.md-search__input", query)
    page.press("input.md-search__input", "End")
    page.wait_for_selector(".md-search-result__item a", timeout=10_000)
    hrefs: list[str] = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(link => link.href)")
    return hrefs


@pytest.mark.parametrize(("query", "anchor"), [("刷课", "registration-truth"), ("论文", "paper-hours")])
def test_searching_a_questions_keyword_shows_the_question_first(
    page: Page, site_url: str, third_party_requests: list[str], query: str, anchor: str
) -> None:
    results = [urlparse(href) for href in search(page, site_url, query)]
    # The question among the first three (刷课: after the same question on the page devoted to it, guides/registering-truthfully/).
    assert any(result.path == "/faq/" and result.fragment == anchor for result in results[:3])
    page.click(f'.md-search-result__item > a[href$="#{anchor}"]')
    page.wait_for_selector(f"h3#{anchor}", state="visible")
    assert urlparse(page.url).fragment == anchor
    assert third_party_requests == []


def test_a_citation_in_an_answer_opens_the_clause_on_the_notice_page(
    page: Page, site_url: str, third_party_requests: list[str]
) -> None:
    page.goto(site_url + "faq/#registration-truth")
    page.click('[data-question="registration-truth"] a.gx-cite[href$="#clause-1-2-4"]')
    page.wait_for_selector("#clause-1-2-4", state="visible")
    assert urlparse(page.url).path == "/notices/2026/" and urlparse(page.url).fragment == "clause-1-2-4"
    assert third_party_requests == []


@pytest.mark.parametrize(
    "path", ["faq/", "guides/", "guides/employer-administrator/", "guides/registering-truthfully/"]
)
def test_the_guidance_pages_have_no_serious_accessibility_problem(
    serious_accessibility_problems: Callable[..., list[str]], path: str
) -> None:
    assert serious_accessibility_problems(path) == []
