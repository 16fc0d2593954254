"""Guidance pages: the FAQ (/faq/), the step-by-step guides (/guides/…) and the page on registering truthfully.

Everything comes from data/faq.yaml and data/guides/*.yaml plus the clauses they cite: answers show
the years they apply to and link each cited clause on its notice or plan page; guide steps quote the
cited clause of the notice's annex (and its sub-clauses when it has no text of its own).
"""

from __future__ import annotations

from typing import Any

from generator.links import urls
from generator.links.anchors import CLAUSE_ID, annex_anchor, citation, clause_anchor, document_label
from generator.site.guidance import AUDIENCES, TRUTHFUL_QUESTION, grouped_questions, guide_order
from generator.data.model import Data
from generator.site.rendering import render

FAQ_TITLE = "常见问题"
GUIDES_TITLE = "操作指南"
TRUTHFUL_TITLE = "如实登记学时"


def cited_document(data: Data, cited: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The notice or plan a citation names, and the src_uri of its page."""
    if cited["notice"] is not None:
        return data.notices[cited["notice"]], urls.notice(cited["notice"])
    return data.plans[cited["plan"]], urls.plan(cited["plan"])


def cite_link(data: Data, page: str, cited: dict[str, Any]) -> dict[str, str]:
    """A citation as the site shows it ('桂人社函〔2026〕196号 一、（二）2') and its link from `page`."""
    document, target = cited_document(data, cited)
    return {
        "label": citation(document, cited["clause"]),
        "href": urls.relative(page, target, clause_anchor(cited["clause"])),
    }


def notice_cite(data: Data, page: str, year: int, clause: str) -> dict[str, str]:
    """A clause of a year's notice, cited and linked from `page`."""
    return cite_link(data, page, {"notice": year, "plan": None, "clause": clause})


def years_text(years: list[int]) -> str:
    return "、".join(str(year) for year in sorted(years)) + " 年"


def answers(data: Data, page: str, question: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "years": sorted(answer["years"]),
            "years_text": years_text(answer["years"]),
            "text": answer["text"],
            "explanation": answer["explanation"],
            "cites": [cite_link(data, page, cited) for cited in answer["citations"]],
        }
        for answer in question["answers"]
    ]


def latest_contacts(data: Data, page: str) -> dict[str, Any]:
    """The latest notice's system address and contacts: where to turn when the sources say nothing."""
    year = max(data.notices)
    notice = data.notices[year]
    system = notice["system_url"]
    return {
        "year": year,
        "system_url": system["url"],
        "system_cite": notice_cite(data, page, year, system["source"]),
        "contacts": [
            {**contact, "cite": notice_cite(data, page, year, contact["source"])} for contact in notice["contacts"]
        ],
    }


TOOL_TITLES = {"record": "多年记录：几个年度一起核对，哪些还能补、到哪天为止"}
"""The calculator page's views a question or a guide may link to (`tools` in data/faq.yaml and data/guides/)."""


def tool_links(page: str, tools: list[str]) -> list[dict[str, str]]:
    """Links to the calculator page's views named in `tools` (the view's section id is its anchor)."""
    return [{"title": TOOL_TITLES[tool], "href": urls.relative(page, urls.CALCULATOR, tool)} for tool in tools]


def question_item(data: Data, page: str, question: dict[str, Any]) -> dict[str, Any]:
    guides = [
        {"title": data.guides[stem]["title"], "href": urls.relative(page, urls.guide(stem))}
        for stem in question["guides"]
        if stem in data.guides
    ]
    if question["id"] == TRUTHFUL_QUESTION and page != urls.TRUTHFUL_REGISTRATION:
        guides.append({"title": TRUTHFUL_TITLE, "href": urls.relative(page, urls.TRUTHFUL_REGISTRATION)})
    return {
        "id": question["id"],
        "question": question["question"],
        "keywords": question["keywords"],
        "answers": answers(data, page, question),
        "not_in_sources": question["not_in_sources"],
        "guides": guides,
        "tools": tool_links(page, question.get("tools") or []),
    }


def faq_page(data: Data) -> str:
    page = urls.FAQ
    groups = [
        {
            "id": group["id"],
            "title": group["title"],
            "questions": [question_item(data, page, question) for question in group["questions"]],
        }
        for group in grouped_questions(data.faq)
    ]
    return render(
        "faq.md.j2",
        title=FAQ_TITLE,
        groups=groups,
        latest=latest_contacts(data, page),
        guides_href=urls.relative(page, urls.GUIDES_INDEX),
    )


def _parts(clause_id: str) -> tuple[str | None, str, str | None, str | None]:
    match = CLAUSE_ID.match(clause_id)
    assert match is not None, clause_id
    return match["annex"], match["part"], match["section"], match["item"]


def is_child(parent_id: str, child_id: str) -> bool:
    """Whether a clause is directly under another: 附件1 三 → 附件1 三、（一）; 一、（三） → 一、（三）1."""
    annex, part, section, item = _parts(parent_id)
    child_annex, child_part, child_section, child_item = _parts(child_id)
    if (annex, part) != (child_annex, child_part) or item is not None:
        return False
    if section is None:
        return child_section is not None and child_item is None
    return child_section == section and child_item is not None


def clause_quote(document: dict[str, Any], clause_id: str) -> dict[str, Any]:
    """A clause to quote: its heading and paragraphs; its sub-clauses (recursively) only when it has no text."""
    clause = next(clause for clause in document["clauses"] if clause["id"] == clause_id)
    children = []
    if not clause["paragraphs"]:
        children = [
            clause_quote(document, other["id"]) for other in document["clauses"] if is_child(clause_id, other["id"])
        ]
    return {
        "id": clause_id,
        "marker": clause_marker(clause_id),
        "heading": clause["heading"],
        "paragraphs": clause["paragraphs"],
        "figure_text": clause.get("figure_text", []),
        "children": children,
    }


def clause_marker(clause_id: str) -> str:
    """The clause's own number as printed before its heading: '三、', '（一）', '1. '."""
    _, part, section, item = _parts(clause_id)
    if item is not None:
        return f"{item}. "
    if section is not None:
        return f"（{section}）"
    return f"{part}、"


def annex_title(notice: dict[str, Any], number: int | None) -> str | None:
    for annex in notice.get("annexes", []):
        if annex["number"] == number:
            return str(annex["title"])
    return None


def guide_page(data: Data, stem: str) -> str:
    guide = data.guides[stem]
    page = urls.guide(stem)
    year = guide["notice"]
    notice = data.notices[year]
    steps = [
        {
            "number": number,
            "title": step["title"],
            "quote": clause_quote(notice, step["clause"]),
            "cite": notice_cite(data, page, year, step["clause"]),
        }
        for number, step in enumerate(guide["steps"], start=1)
    ]
    status_cite = notice_cite(data, page, year, guide["status_source"]) if guide["status_source"] else None
    source = {
        "label": document_label(notice, year),
        "href": urls.relative(page, urls.notice(year)),
        "annex": guide["annex"],
        "annex_title": None,
    }
    if guide["annex"] is not None:
        source["annex_title"] = annex_title(notice, guide["annex"])
        source["href"] = urls.relative(page, urls.notice(year), annex_anchor(guide["annex"]))
    latest_year = max(data.notices)
    latest_system = data.notices[latest_year]["system_url"]
    newer_system = None
    if latest_year > year and latest_system["url"] != notice["system_url"]["url"]:
        newer_system = {
            "year": latest_year,
            "url": latest_system["url"],
            "old_url": notice["system_url"]["url"],
            "cite": notice_cite(data, page, latest_year, latest_system["source"]),
        }
    questions = [
        {"question": question["question"], "href": urls.relative(page, urls.FAQ, question["id"])}
        for question in data.faq.get("questions", [])
        if stem in question["guides"]
    ]
    return render(
        "guide.md.j2",
        guide=guide,
        year=year,
        audience=AUDIENCES.get(guide["audience"], guide["audience"]),
        source=source,
        steps=steps,
        statuses=[
            {**status, "cites": [notice_cite(data, page, year, clause) for clause in status["sources"]]}
            for status in guide["statuses"]
        ],
        status_cite=status_cite,
        newer_system=newer_system,
        questions=questions,
        tools=tool_links(page, guide.get("tools") or []),
        guides_href=urls.relative(page, urls.GUIDES_INDEX),
        batch_href=urls.relative(page, urls.CALCULATOR, "batch-heading") if guide["audience"] == "employer" else None,
    )


def guides_index_page(data: Data) -> str:
    page = urls.GUIDES_INDEX
    guides = []
    for stem in guide_order(data.guides):
        guide = data.guides[stem]
        guides.append(
            {
                "title": guide["title"],
                "summary": guide["summary"],
                "audience": AUDIENCES.get(guide["audience"], guide["audience"]),
                "steps": len(guide["steps"]),
                "label": document_label(data.notices[guide["notice"]], guide["notice"]),
                "annex": guide["annex"],
                "href": urls.relative(page, urls.guide(stem)),
            }
        )
    return render(
        "guides_index.md.j2",
        title=GUIDES_TITLE,
        guides=guides,
        truthful={"title": TRUTHFUL_TITLE, "href": urls.relative(page, urls.TRUTHFUL_REGISTRATION)}
        if truthful_question(data) is not None
        else None,
        faq_href=urls.relative(page, urls.FAQ) if data.faq.get("questions") else None,
    )


def truthful_question(data: Data) -> dict[str, Any] | None:
    return next((q for q in data.faq.get("questions", []) if q["id"] == TRUTHFUL_QUESTION), None)


def truthful_page(data: Data, question: dict[str, Any]) -> str:
    """The page on registering truthfully: the FAQ's answers, then the text of every clause they cite."""
    page = urls.TRUTHFUL_REGISTRATION
    clauses = []
    seen: set[tuple[Any, Any, str]] = set()
    for answer in question["answers"]:
        for cited in answer["citations"]:
            key = (cited["notice"], cited["plan"], cited["clause"])
            if key in seen:
                continue
            seen.add(key)
            document, target = cited_document(data, cited)
            owner = f"notice-{cited['notice']}" if cited["notice"] is not None else f"plan-{cited['plan']}"
            clauses.append(
                {
                    "anchor": f"{owner}-{clause_anchor(cited['clause'])}",
                    "label": citation(document, cited["clause"]),
                    "quote": clause_quote(document, cited["clause"]),
                    "href": urls.relative(page, target, clause_anchor(cited["clause"])),
                }
            )
    return render(
        "registering_truthfully.md.j2",
        title=TRUTHFUL_TITLE,
        question=question_item(data, page, question),
        latest=latest_contacts(data, page),
        clauses=clauses,
        faq_href=urls.relative(page, urls.FAQ, question["id"]),
        guides_href=urls.relative(page, urls.GUIDES_INDEX),
    )


def guidance_uris(data: Data) -> list[str]:
    """The src_uris of the guidance pages the data gives, in navigation order (nothing rendered)."""
    truthful = truthful_question(data) is not None
    uris = [urls.FAQ] if data.faq.get("questions") else []
    if data.guides or truthful:
        uris.append(urls.GUIDES_INDEX)
    uris += [urls.guide(stem) for stem in guide_order(data.guides)]
    if truthful:
        uris.append(urls.TRUTHFUL_REGISTRATION)
    return uris


def guidance_pages(data: Data) -> dict[str, str]:
    """The FAQ page, the guides' index, each guide and the page on registering truthfully, by src_uri."""
    pages: dict[str, str] = {}
    for uri in guidance_uris(data):
        if uri == urls.FAQ:
            pages[uri] = faq_page(data)
        elif uri == urls.GUIDES_INDEX:
            pages[uri] = guides_index_page(data)
        elif uri == urls.TRUTHFUL_REGISTRATION:
            question = truthful_question(data)
            assert question is not None
            pages[uri] = truthful_page(data, question)
        else:
            stem = uri[len("guides/") : -len(".md")]
            pages[uri] = guide_page(data, stem)
    return pages
