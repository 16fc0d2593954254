"""The guidance pages of the built site (FAQ, guides, registering truthfully) and the calculator's links to them.

Every citation resolves to a clause anchor on its notice page; answers show where the years differ
and say plainly what the sources leave open; guide steps come in the data's order quoting their
clauses (searching a question's first keyword: tests/browser/test_search.py); a failing calculator result
links each failed rule to answers that exist.
"""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import pytest

from generator.browser.calculator_assets import core_bundle_file
from generator.browser.core_bundle import unpack
from generator.data.load import load_data, validate_data
from generator.data.model import Data
from generator.links import urls
from generator.links.help_links import RULE_IDS, help_links
from generator.site.guidance import grouped_questions
from generator.site.pages_guidance import faq_page, guide_page
from tests.conftest import DATA, ROOT
from tests.site_html import Element, article, page

pytestmark = pytest.mark.build


@cache
def data() -> Data:
    return load_data(DATA)


@cache
def questions() -> dict[str, dict[str, Any]]:
    return {question["id"]: question for question in data().faq["questions"]}


def guidance_page_paths() -> list[str]:
    """URL paths of the FAQ, the guides' index, every guide and the page on registering truthfully."""
    paths = [urls.page_url(urls.FAQ), urls.page_url(urls.GUIDES_INDEX), urls.page_url(urls.TRUTHFUL_REGISTRATION)]
    return paths + [urls.page_url(urls.guide(stem)) for stem in sorted(data().guides)]


class Site:
    """Pages of a built site, parsed once each."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pages: dict[str, Element] = {}

    def page(self, path: str) -> Element:
        if path not in self.pages:
            self.pages[path] = page(self.root, path)
        return self.pages[path]

    def resolves(self, from_path: str, href: str) -> tuple[bool, str]:
        """Whether a link from a page leads to a page of this site and, with a fragment, to an element with that id."""
        target = urlparse(urljoin(f"http://site/{from_path}", href))
        path = target.path.lstrip("/")
        file = self.root / path / "index.html" if path == "" or path.endswith("/") else self.root / path
        if not file.is_file():
            return False, f"{href} from {from_path}: no page {path}"
        is_page = path.endswith("/") or path == ""
        if target.fragment and is_page and target.fragment not in self.page(path).ids():
            return False, f"{href} from {from_path}: no #{target.fragment} on {path}"
        return True, ""


def section(faq: Element, question_id: str) -> Element:
    """The answer block of one question on the FAQ page."""
    found = faq.find_all("div", class_="gx-faq", data_question=question_id)
    assert len(found) == 1, question_id
    return found[0]


def answers_by_years(block: Element) -> dict[tuple[int, ...], str]:
    return {
        tuple(int(year) for year in answer.attrs["data-years"].split()): answer.text()
        for answer in block.find_all("div", class_="gx-answer")
    }


def test_every_citation_on_the_guidance_pages_and_the_home_page_resolves_to_an_element_on_its_page(
    built_site: Path,
) -> None:
    site = Site(built_site)
    checked = 0
    for path in [*guidance_page_paths(), ""]:
        for link in article(built_site, path).find_all("a"):
            href = link.attrs.get("href", "")
            if not href or href.startswith(("http:", "https:", "mailto:", "tel:")) or href.startswith("#"):
                continue
            ok, problem = site.resolves(path, href)
            assert ok, problem
            checked += "gx-cite" in link.attrs.get("class", "")
    assert checked > 100


def test_every_faq_answer_cites_at_least_one_clause_whose_anchor_exists_on_the_notice_page(built_site: Path) -> None:
    site = Site(built_site)
    faq_path = urls.page_url(urls.FAQ)
    faq = site.page(faq_path)
    for question_id, question in questions().items():
        answers = section(faq, question_id).find_all("div", class_="gx-answer")
        assert len(answers) == len(question["answers"]), question_id
        for answer in answers:
            cites = answer.find_all("a", class_="gx-cite")
            assert cites, question_id
            for cite in cites:
                href = cite.attrs["href"]
                assert "#clause-" in href or "#annex-" in href, href
                ok, problem = site.resolves(faq_path, href)
                assert ok, problem


def test_a_citation_reads_like_the_rest_of_the_site_document_number_and_clause(built_site: Path) -> None:
    faq = article(built_site, urls.page_url(urls.FAQ))
    texts = {cite.text() for cite in faq.find_all("a", class_="gx-cite")}
    assert "桂人社函〔2026〕196号 一、（二）4" in texts
    assert "2023年通知 三、（二）" in texts
    assert "桂人社发〔2022〕15号 四、（二）" in texts
    assert "桂人社函〔2025〕80号 附件1 二、（三）" in texts


def test_every_question_is_an_anchor_with_its_question_as_heading_in_its_group(built_site: Path) -> None:
    faq = article(built_site, urls.page_url(urls.FAQ))
    headings = {heading.attrs["id"]: heading for heading in faq.find_all("h3")}
    for question_id, question in questions().items():
        assert question["question"] in headings[question_id].text()
    order = [heading.attrs["id"] for heading in faq.find_all("h3")]
    expected = [question["id"] for group in grouped_questions(data().faq) for question in group["questions"]]
    assert order == expected
    assert len(faq.find_all("h2")) == len(grouped_questions(data().faq))


def test_each_answer_shows_the_years_it_applies_to_as_a_badge(built_site: Path) -> None:
    faq = article(built_site, urls.page_url(urls.FAQ))
    for question_id, question in questions().items():
        badges = [badge.text() for badge in section(faq, question_id).find_all("span", class_="gx-year")]
        expected = ["、".join(str(year) for year in sorted(answer["years"])) + " 年" for answer in question["answers"]]
        assert badges == expected, question_id


def test_the_public_course_answer_shows_15_hours_in_2023_and_20_in_2025_and_2026(built_site: Path) -> None:
    faq = article(built_site, urls.page_url(urls.FAQ))
    answers = answers_by_years(section(faq, "public-required-hours"))
    assert "共 15 学时" in answers[(2023,)]
    assert "20 学时" in answers[(2025,)] and "20 学时" in answers[(2026,)]
    assert "20 学时" not in answers[(2023,)] and "15 学时" not in answers[(2026,)]


def test_the_deadline_answer_shows_31_january_2024_for_2023_and_31_march_from_2025(built_site: Path) -> None:
    faq = article(built_site, urls.page_url(urls.FAQ))
    answers = answers_by_years(section(faq, "registration-deadline"))
    assert "2024 年 1 月 31 日" in answers[(2023,)]
    assert "2026 年 3 月 31 日" in answers[(2025,)]
    assert "2027 年 3 月 31 日" in answers[(2026,)]


def test_what_the_sources_leave_open_is_marked_and_points_to_the_latest_system_and_phones(built_site: Path) -> None:
    faq = article(built_site, urls.page_url(urls.FAQ))
    latest = data().notices[max(data().notices)]
    for question_id, question in questions().items():
        notes = section(faq, question_id).find_all("div", class_="gx-not-in-sources")
        if question["not_in_sources"] is None:
            assert notes == [], question_id
            continue
        (note,) = notes
        assert note.find("p", class_="admonition-title").text() == "收录的文件未规定"
        assert question["not_in_sources"] in note.text()
        assert latest["system_url"]["url"] in {link.attrs.get("href") for link in note.find_all("a")}
        phones = {link.attrs["href"] for link in note.find_all("a", class_="gx-phone")}
        for contact in latest["contacts"]:
            for phone in contact["phones"]:
                assert "tel:" + "".join(char for char in phone if char.isdigit()) in phones


def test_the_paper_hours_answer_says_the_sources_do_not_give_the_figure_rather_than_guessing(
    built_site: Path,
) -> None:
    faq = article(built_site, urls.page_url(urls.FAQ))
    note = section(faq, "paper-hours").find("div", class_="gx-not-in-sources")
    assert "桂人社规〔2019〕4号" in note.text() and "不作猜测" in note.text()


def test_the_keywords_of_every_question_are_in_the_page_text(built_site: Path) -> None:
    faq = article(built_site, urls.page_url(urls.FAQ))
    for question_id, question in questions().items():
        text = section(faq, question_id).find("p", class_="gx-keywords").text()
        for keyword in question["keywords"]:
            assert keyword in text, (question_id, keyword)


@pytest.mark.parametrize("stem", sorted(load_data(DATA).guides))
def test_each_guides_steps_render_numbered_in_order_quoting_their_clause(built_site: Path, stem: str) -> None:
    guide = data().guides[stem]
    notice = data().notices[guide["notice"]]
    clauses = {clause["id"]: clause for clause in notice["clauses"]}
    body = article(built_site, urls.page_url(urls.guide(stem)))
    steps = [heading for heading in body.find_all("h2") if heading.attrs.get("id", "").startswith("step-")]
    assert [heading.attrs["id"] for heading in steps] == [f"step-{n}" for n in range(1, len(guide["steps"]) + 1)]
    for number, (heading, step) in enumerate(zip(steps, guide["steps"], strict=True), start=1):
        assert heading.text().startswith(f"第 {number} 步：{step['title']}")
    quotes = body.find_all("blockquote", class_="gx-quote")
    assert [quote.attrs["data-clause"] for quote in quotes] == [step["clause"] for step in guide["steps"]]
    for quote, step in zip(quotes, guide["steps"], strict=True):
        clause = clauses[step["clause"]]
        if clause["paragraphs"]:
            assert clause["paragraphs"][0] in quote.text()
        else:
            parts = quote.find_all("div", class_="gx-quote-part")
            assert parts, step["clause"]
            for part in parts:
                assert clauses[part.attrs["data-clause"]]["heading"] in part.text()


def test_the_audit_statuses_are_a_table_in_the_order_of_the_annex(built_site: Path) -> None:
    for stem, guide in data().guides.items():
        body = article(built_site, urls.page_url(urls.guide(stem)))
        if not guide["statuses"]:
            assert "statuses" not in body.ids()
            continue
        table = body.find("table")
        names = [row.find_all("td")[0].text() for row in table.find("tbody").find_all("tr")]
        assert names == [status["name"] for status in guide["statuses"]]
    assert [status["name"] for status in data().guides["professional-hours"]["statuses"]] == [
        "待提交",
        "待审核",
        "通过认定",
        "不予认定",
    ]


def test_each_audit_status_cites_its_clauses_and_marks_the_sites_own_advice(built_site: Path) -> None:
    body = article(built_site, urls.page_url(urls.guide("professional-hours")))
    rows = {row.find("strong").text(): row for row in body.find_all("tr") if row.find_all("strong")}
    rejected = rows["不予认定"]
    cites = {cite.text() for cite in rejected.find_all("a", class_="gx-cite")}
    assert "桂人社函〔2025〕80号 附件2 二、（二）1" in cites
    note = rejected.find("p", class_="gx-explanation").text()
    assert note.startswith("本站说明") and "审核意见" in note
    assert "补充佐证材料" not in rejected.text()


def test_a_guide_from_an_older_notice_gives_the_newest_system_address(built_site: Path) -> None:
    body = article(built_site, urls.page_url(urls.guide("public-course")))
    note = body.find("div", class_="gx-newer-system")
    assert "https://ptce.gx12333.net/" in note.text() and "https://gxjxjy.rst.gxzf.gov.cn" in note.text()


def test_registering_truthfully_quotes_the_clauses_and_marks_its_word_on_paid_courses_as_its_own(
    built_site: Path,
) -> None:
    body = article(built_site, urls.page_url(urls.TRUTHFUL_REGISTRATION))
    text = body.text()
    assert "专业技术人员要如实登记学时，对登记材料的真实性负责" in text  # 2025 plan 五、（二）
    assert "佐证材料缺失或造假，或学时折算不符合规定等情形的，限期完善补正，逾期未完善补正的，不予认定相应学时" in text
    answers = [answer.text() for answer in body.find_all("div", class_="gx-answer")]
    explanations = [note.text() for note in body.find_all("p", class_="gx-explanation")]
    assert any("刷课" in note and note.startswith("本站说明") for note in explanations)
    assert not any("刷课" in answer.replace(note, "") for answer in answers for note in explanations if note in answer)
    ids = body.ids()
    assert "notice-2025-clause-5-2" in ids and "notice-2026-clause-1-2-4" in ids
    cites = {cite.text() for cite in body.find_all("a", class_="gx-cite")}
    assert {"桂人社函〔2025〕80号 五、（二）", "桂人社函〔2026〕196号 一、（二）4"} <= cites


def test_the_faq_and_the_guides_are_in_the_navigation(built_site: Path) -> None:
    home = page(built_site, "")
    nav = {link.text().strip(): link.attrs.get("href") for link in home.find_all("a", class_="md-nav__link")}
    assert "常见问题" in nav and "操作指南" in nav and "如实登记学时" in nav
    for guide in data().guides.values():
        assert guide["title"] in nav


def test_the_home_pages_requirements_link_to_their_answers(built_site: Path) -> None:
    home = article(built_site, "")
    cards = home.find_all("p", class_="gx-card-faq")
    hrefs = [card.find("a").attrs["href"] for card in cards]
    assert hrefs == ["faq/#total-hours", "faq/#total-hours", "faq/#public-required-hours"]


def failing_check(*extra: str) -> dict[str, Any]:
    arguments = ["check", "--year", "2026", "--public-required", "0", "--professional", "10", *extra]
    completed = subprocess.run(
        [sys.executable, "-m", "calculator", *arguments],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    return dict(json.loads(completed.stdout.decode("utf-8"))) if "--json" in extra else {"text": completed.stdout}


def test_a_failing_calculator_result_links_each_failed_rule_to_answers_and_guides_that_exist(
    built_site: Path,
) -> None:
    result = failing_check("--json")
    site = Site(built_site)
    failed = [rule for rule in result["rules"] if rule["passed"] is False]
    assert {rule["id"] for rule in failed} == {"total-minimum", "public-required"}
    for rule in result["rules"]:
        if rule["passed"] is True:
            assert rule["help"] == []
            continue
        assert rule["help"], rule["id"]
        for link in rule["help"]:
            assert set(link) == {"kind", "title", "url"}
            ok, problem = site.resolves("", link["url"])
            assert ok, problem
    public = next(rule for rule in failed if rule["id"] == "public-required")
    urls_of_public = [link["url"] for link in public["help"]]
    assert urls_of_public[0] == "faq/#public-required-hours"
    assert "faq/#makeup-earlier-years" in urls_of_public and "guides/public-course/" in urls_of_public


def test_the_command_lines_report_prints_the_help_under_the_failed_rule() -> None:
    text = failing_check()["text"].decode("utf-8")
    assert "参见：常见问题「公需科目必修课能获得多少学时？今年学什么？」 /faq/#public-required-hours" in text
    assert "参见：操作指南「公需科目的学习和考试」 /guides/public-course/" in text


def test_the_help_in_rules_json_comes_from_the_questions_rules_and_guides_in_faq_order() -> None:
    links = help_links(data().faq, data().guides)
    assert set(links) == set(RULE_IDS)
    for rule_id, items in links.items():
        faq_urls = [item["url"] for item in items if item["kind"] == "faq"]
        expected = [f"faq/#{q['id']}" for q in data().faq["questions"] if rule_id in q["rules"]]
        assert faq_urls == expected
        guides = [item["url"] for item in items if item["kind"] == "guide"]
        assert len(guides) == len(set(guides))
    shipped = json.loads((ROOT / "calculator" / "rules.json").read_text(encoding="utf-8"))
    assert shipped["help"] == links


def test_the_site_ships_the_same_help_links_as_the_command_line(built_site: Path) -> None:
    _, files = unpack(core_bundle_file(built_site).read_bytes())
    shipped = json.loads(files["calculator/rules.json"])
    assert shipped["help"] == help_links(data().faq, data().guides)


def test_data_on_the_guidance_pages_is_escaped() -> None:
    hostile = load_data(DATA)
    question = hostile.faq["questions"][0]
    question["question"] = "<script>alert(1)</script>*粗*"
    question["answers"][0]["text"] = "<img src=x onerror=alert(1)>"
    question["keywords"] = ["<b>词</b>"]
    hostile.guides["public-course"]["steps"][0]["title"] = "<i>第一步</i>"
    markdown = faq_page(hostile) + guide_page(hostile, "public-course")
    assert "<script>" not in markdown and "<img" not in markdown and "<b>" not in markdown and "<i>" not in markdown
    assert "&lt;script&gt;" in markdown and "&#42;粗&#42;" in markdown


def test_a_guide_file_named_like_a_generated_page_is_refused(data_copy: Path) -> None:
    guides = data_copy / "guides"
    (guides / "registering-truthfully.yaml").write_bytes((guides / "public-course.yaml").read_bytes())
    loaded, problems = validate_data(data_copy)
    assert loaded is None
    assert any("registering-truthfully.yaml" in problem.message for problem in problems if problem.is_error)


def test_the_employer_guide_links_to_the_batch_check_and_the_personal_guides_do_not() -> None:
    employer = guide_page(data(), "employer-administrator")
    assert 'href="../../calculator/#batch-heading"' in employer and "单位批量核对" in employer
    for stem, guide in data().guides.items():
        if guide["audience"] != "employer":
            assert "#batch-heading" not in guide_page(data(), stem)
