"""Pages of the yearly notices and the implementation plan: summaries linking to every clause of the full text."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from generator.links import urls
from generator.links.anchors import CLAUSE_ID, annex_anchor, clause_anchor, document_label
from generator.site.changes import compared_years
from generator.data.model import Data
from generator.site.pages_sources import source_links
from generator.site.rendering import render, text


def cite(clause_id: str, base: str = "") -> dict[str, str]:
    """A citation of a clause, linking to `base` + its anchor ('' on the same page)."""
    return {"clause": clause_id, "anchor": clause_anchor(clause_id), "href": f"{base}#{clause_anchor(clause_id)}"}


def summary_item(name: str, value: str | Markup, *sources: str, base: str = "") -> dict[str, Any]:
    return {"name": name, "text": value, "cites": [cite(source, base) for source in sources]}


def hours_text(rules: dict[str, Any]) -> Markup:
    """The required course: topics, hours and their parts, as text."""
    required = rules["public_required"]
    result = text("学习主题 ") + Markup("、").join(text(topic) for topic in required["topics"])
    result += text(f"，完成学习并通过考试可获得 {required['hours']} 学时")
    if required["parts"]:
        parts = " + ".join(f"{part['name']} {part['hours']} 学时" for part in required["parts"])
        result += text(f"（{parts}）")
    return result


def notice_summary(notice: dict[str, Any], base: str = "") -> list[dict[str, Any]]:
    """The rules of a year as summary lines, each citing its clause."""
    rules = notice["rules"]
    items = [
        summary_item("总学时", rules["total_hours"]["text"], rules["total_hours"]["source"], base=base),
        summary_item("专业科目", rules["professional_share"]["text"], rules["professional_share"]["source"], base=base),
        summary_item("公需科目必修课", hours_text(rules), rules["public_required"]["source"], base=base),
    ]
    elective = rules["public_elective"]
    elective_text = elective["text"]
    if elective["hours"] is not None and str(elective["hours"]) not in elective_text:
        elective_text += f"（{elective['hours']} 学时）"
    items.append(summary_item("公需科目选修课", elective_text, elective["source"], base=base))
    if rules["public_total"]:
        total = rules["public_total"]
        items.append(summary_item("公需科目合计", total["text"], total["source"], base=base))
    exam = rules["exam"]
    exam_sources = [exam["source"]]
    exam_text = text(exam["text"])
    if exam["pass_mark"] is not None:
        exam_text += text(f" 合格分数线：{exam['pass_mark']} 分。")
        if exam["pass_mark_source"] and exam["pass_mark_source"] != exam["source"]:
            exam_sources.append(exam["pass_mark_source"])
    items.append(summary_item("必修课考试", exam_text, *exam_sources, base=base))
    if rules["carry_over"]:
        items.append(summary_item("学时结转", rules["carry_over"]["text"], rules["carry_over"]["source"], base=base))
    if notice["makeup"]:
        items.append(summary_item("补学补考", notice["makeup"]["text"], notice["makeup"]["source"], base=base))
    system = notice["system_url"]
    link = Markup('<a href="{0}" rel="noopener">{1}</a>').format(system["url"], text(system["url"]))
    items.append(summary_item("信息管理系统", link, system["source"], base=base))
    return items


def clause_depth(clause_id: str) -> int:
    """1 for '一', 2 for '一、（一）', 3 for '一、（一）1'; one more inside an annex."""
    match = CLAUSE_ID.match(clause_id)
    assert match is not None
    depth = 1 + bool(match["section"]) + bool(match["item"])
    return depth + bool(match["annex"])


def full_text_clauses(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The clauses with heading level and anchor; the first clause of each annex carries the annex heading."""
    titles = {annex["number"]: annex["title"] for annex in document.get("annexes", [])}
    seen_annexes: set[int] = set()
    result = []
    for clause in document["clauses"]:
        match = CLAUSE_ID.match(clause["id"])
        assert match is not None
        annex_heading = None
        if match["annex"] and int(match["annex"]) not in seen_annexes:
            number = int(match["annex"])
            seen_annexes.add(number)
            annex_heading = {"number": number, "title": titles.get(number, ""), "anchor": annex_anchor(number)}
        result.append(
            {
                **clause,
                "figure_text": clause.get("figure_text", []),
                "level": 2 + clause_depth(clause["id"]),
                "anchor": clause_anchor(clause["id"]),
                "annex_heading": annex_heading,
            }
        )
    return result


def annex_links(data: Data, page: str, document: dict[str, Any]) -> list[dict[str, Any]]:
    result = []
    for annex in document.get("annexes", []):
        href, note = None, None
        if annex["content"] == "clauses":
            href = f"#{annex_anchor(annex['number'])}"
        elif annex["content"] == "directory":
            href = urls.relative(page, urls.directory(data, annex["directory"]))
            note = "名录"
        else:
            note = "原文未附正文"
        result.append({"number": annex["number"], "title": annex["title"], "href": href, "note": note})
    return result


def notice_title(year: int) -> str:
    return f"{year}年度继续教育通知"


def notice_page(data: Data, year: int) -> str:
    notice = data.notices[year]
    page = urls.notice(year)
    return render(
        "document.md.j2",
        title=notice_title(year),
        year=year,
        label=document_label(notice, year),
        document=notice["document"],
        sources=source_links(notice, page),
        summary_title=f"{year}年学时要求",
        summary=notice_summary(notice),
        programmes=[],
        deadlines=sorted(notice["deadlines"], key=lambda d: (d["date"], d["id"])),
        consequences=notice["consequences"],
        contacts=notice["contacts"],
        annexes=annex_links(data, page, notice),
        clauses=full_text_clauses(notice),
        calendar_href=urls.relative(page, urls.calendar_file(year)),
        deadlines_href=urls.relative(page, urls.DEADLINES),
        data_quality_href=urls.relative(page, urls.DATA_QUALITY),
        discrepancies=notice.get("discrepancies", []),
        date_notes=date_notes(notice),
    )


def date_notes(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The recorded discrepancies about the document's own date (subject 落款日期, 签发日期 …), shown beside it."""
    return [item for item in document.get("discrepancies", []) if item["subject"].endswith("日期")]


def plan_title(plan: dict[str, Any]) -> str:
    return f"{plan['document']['date'][:4]}年知识更新工程实施方案"


def plan_page(data: Data, stem: str) -> str:
    plan = data.plans[stem]
    page = urls.plan(stem)
    return render(
        "document.md.j2",
        title=plan_title(plan),
        year=int(plan["document"]["date"][:4]),
        label=document_label(plan),
        document=plan["document"],
        sources=source_links(plan, page),
        summary_title="",
        summary=[],
        programmes=plan["programmes"],
        deadlines=sorted(plan["deadlines"], key=lambda d: (d["date"], d["id"])),
        consequences=[],
        contacts=[],
        annexes=[],
        clauses=full_text_clauses(plan),
        calendar_href=None,
        deadlines_href=urls.relative(page, urls.DEADLINES),
        data_quality_href=urls.relative(page, urls.DATA_QUALITY),
        discrepancies=plan.get("discrepancies", []),
        date_notes=date_notes(plan),
    )


def notices_index_page(data: Data) -> str:
    """Every notice and plan on file, newest first, each notice with its year's changes page when it has one.

    The navigation lists only the newest notices (generator/site/pages.py, NEWEST_YEARS_IN_NAV): this page lists them all.
    """
    page = urls.NOTICES_INDEX
    compared = set(compared_years(data))
    documents = [
        {
            "title": notice_title(year),
            "href": urls.relative(page, urls.notice(year)),
            "label": document_label(notice, year),
            "document": notice["document"],
            "changes_href": urls.relative(page, urls.changes(year)) if year in compared else None,
        }
        for year, notice in sorted(data.notices.items(), reverse=True)
    ] + [
        {
            "title": plan_title(plan),
            "href": urls.relative(page, urls.plan(stem)),
            "label": document_label(plan),
            "document": plan["document"],
            "changes_href": None,
        }
        for stem, plan in sorted(data.plans.items())
    ]
    years = sorted(data.notices)
    missing = [year for year in range(years[0], years[-1]) if year not in data.notices]
    return render("notices_index.md.j2", documents=documents, missing=missing)


def notice_pages(data: Data) -> dict[str, str]:
    """Every notice and plan page, and the index of notices, by src_uri."""
    pages = {urls.notice(year): notice_page(data, year) for year in sorted(data.notices)}
    pages.update({urls.plan(stem): plan_page(data, stem) for stem in sorted(data.plans)})
    pages[urls.NOTICES_INDEX] = notices_index_page(data)
    return pages
