"""The FAQ answers and guides about title applications, annual review and make-up link to the calculator's 多年记录 view."""

from __future__ import annotations

import re

from generator.data.load import load_data
from generator.site.pages_guidance import faq_page, guide_page
from tests.conftest import DATA, ROOT

RECORD_QUESTIONS = ("makeup-earlier-years", "makeup-before-title-application", "annual-review")


def test_the_questions_on_make_up_title_applications_and_annual_review_link_to_the_record_view() -> None:
    data = load_data(DATA)
    html = faq_page(data)
    for question in RECORD_QUESTIONS:
        block = html.split(f'data-question="{question}"', 1)[1].split('<div class="gx-faq"', 1)[0]
        assert re.search(r'<p class="gx-related gx-tools">自查：<a href="\.\./calculator/#record">多年记录', block), (
            question
        )
    others = [question["id"] for question in data.faq["questions"] if question["id"] not in RECORD_QUESTIONS]
    linked = re.findall(r'data-question="([^"]+)"(?:(?!data-question=).)*?calculator/#record', html, re.DOTALL)
    assert not set(linked) & set(others)


def test_the_public_course_guide_links_to_the_record_view_and_the_anchor_exists() -> None:
    data = load_data(DATA)
    html = guide_page(data, "public-course")
    assert '<a href="../../calculator/#record">多年记录' in html
    assert '<section id="record" ' in (ROOT / "content" / "calculator.md").read_text(encoding="utf-8")
