"""The generated part of the home page: this year's requirements at a glance, the next deadline, the main links."""

from __future__ import annotations

from fractions import Fraction

from generator.links import urls
from generator.links.anchors import document_label
from generator.site.changes import compared_years
from generator.links.help_links import RULE_IDS
from generator.data.model import Data
from generator.site.pages_notices import cite
from generator.site.rendering import render

HOME_MARKER = "<!-- gx:home -->"
"""Where content/index.md receives the generated part."""


def first_answers(data: Data, page: str) -> dict[str, dict[str, str] | None]:
    """For each calculator rule, the first FAQ question that names it (faq.yaml's order), linked from `page`."""
    result: dict[str, dict[str, str] | None] = {}
    for rule_id in RULE_IDS:
        question = next((q for q in data.faq.get("questions", []) if rule_id in q["rules"]), None)
        result[rule_id] = (
            None
            if question is None
            else {"question": question["question"], "href": urls.relative(page, urls.FAQ, question["id"])}
        )
    return result


def home_part(data: Data, has_calculator: bool) -> str:
    year = max(data.notices)
    notice = data.notices[year]
    rules = notice["rules"]
    page = urls.HOME
    base = urls.relative(page, urls.notice(year))
    share = rules["professional_share"]
    minimum = rules["total_hours"]["minimum"]
    professional = Fraction(minimum * share["numerator"], share["denominator"])
    upcoming = []
    for notice_year in sorted(data.notices)[-2:]:
        for deadline in data.notices[notice_year]["deadlines"]:
            if deadline["audience"] in ("person", "employer"):
                upcoming.append({**deadline, "year": notice_year, "current": notice_year == year})
    upcoming.sort(key=lambda item: (item["date"], item["id"], item["year"]))
    links = []
    if has_calculator:
        links.append(("学时自查", "输入已有学时，看是否达到要求、还差什么", urls.relative(page, urls.CALCULATOR)))
    if data.faq.get("questions"):
        links.append(
            (
                "常见问题",
                "多少学时、何时截止、怎么补学、为什么不予认定，按年度回答并注明条款",
                urls.relative(page, urls.FAQ),
            )
        )
    if data.guides:
        links.append(
            (
                "操作指南",
                "公需科目学习考试、学时登记、单位审核的步骤，照录通知附件",
                urls.relative(page, urls.GUIDES_INDEX),
            )
        )
    links += [
        (f"{year}年度通知", "全文、要点和期限，要点逐条链接到原文", base),
        ("名录", "继续教育基地、数字技术工程师培训机构、试点单位", urls.relative(page, urls.DIRECTORIES_INDEX)),
        ("期限", "全部期限，可导入手机日历", urls.relative(page, urls.DEADLINES)),
    ]
    changed = compared_years(data)
    if changed:
        links.append(
            (f"{changed[0]}年有什么变化", "与上一年度通知逐项比较", urls.relative(page, urls.changes(changed[0])))
        )
    return render(
        "home.md.j2",
        year=year,
        label=document_label(notice, year),
        rules=rules,
        total=cite(rules["total_hours"]["source"], base),
        share=cite(share["source"], base),
        required_cite=cite(rules["public_required"]["source"], base),
        professional_hours=str(professional.numerator)
        if professional.denominator == 1
        else f"{float(professional):.1f}",
        upcoming=upcoming,
        links=links,
        calculator_href=urls.relative(page, urls.CALCULATOR) if has_calculator else None,
        deadlines_href=urls.relative(page, urls.DEADLINES),
        answers=first_answers(data, page),
    )


def fill_home(markdown: str, data: Data, has_calculator: bool) -> str:
    """content/index.md with its marker replaced by the generated part (unchanged when it has no marker)."""
    return markdown.replace(HOME_MARKER, home_part(data, has_calculator))
