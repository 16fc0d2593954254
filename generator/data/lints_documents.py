"""Lints on documents: a sign date that does not fit the document number or a cited document; cited titles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.data.lint_kinds import LintFinding, finding
from generator.data.model import Data

NUMBER = re.compile(r"桂人社[\u4e00-\u9fff]{0,2}〔([0-9]{4})〕[0-9]+号")
TITLED = re.compile(r"《([^《》]+)》[（(](桂人社[\u4e00-\u9fff]{0,2}〔[0-9]{4}〕[0-9]+号)[)）]")


def own_text(document: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(where, text) of what a document itself prints: title, preamble, clauses (not our notes on it)."""
    info = document["document"]
    yield ("document", "title"), info["title"]
    for index, paragraph in enumerate(info["preamble"]):
        yield ("document", "preamble", index), paragraph
    for index, clause in enumerate(document["clauses"]):
        for position, paragraph in enumerate(clause["paragraphs"]):
            yield ("clauses", index, "paragraphs", position), paragraph


def label(document: dict[str, Any]) -> str:
    """The document number, or '<year>年通知' for a notice printed without one."""
    return str(document["document"]["number"] or f"{document.get('year')}年通知")


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def document_findings(data: Data) -> Iterator[LintFinding]:
    for source in data.sources.values():
        document = source.data
        if document["kind"] not in ("notice", "plan"):
            continue
        info = document["document"]
        signed = info["date"]
        own = info["number"]
        year = NUMBER.search(own) if own else None
        if year and year[1] != signed[:4]:
            yield finding(
                "sign-date-year",
                (info["date_printed"], own),
                source,
                ("document", "date"),
                f"落款日期 {info['date_printed']} 的年份与文号 {own} 的年份 {year[1]} 不符",
            )
        for where, text in own_text(document):
            for match in NUMBER.finditer(text):
                cited = match[0]
                if cited == own:
                    continue
                on_file = data.notice_by_document(cited)
                cited_date = on_file["document"]["date"] if on_file else None
                if (cited_date and cited_date > signed) or (not cited_date and match[1] > signed[:4]):
                    yield finding(
                        "sign-date-before-cited",
                        (cited,),
                        source,
                        where,
                        f"落款日期 {signed} 早于所引文件 {cited}" + (f"（{cited_date}）" if cited_date else "的年份"),
                    )
            for match in TITLED.finditer(text):
                on_file = data.notice_by_document(match[2])
                if on_file and squeezed(match[1]) != squeezed(on_file["document"]["title"]):
                    yield finding(
                        "cited-title",
                        (match[2], label(document)),
                        source,
                        where,
                        f"{label(document)} 引用 {match[2]} 的标题作《{match[1]}》，与该文件自身的标题《{on_file['document']['title']}》不同",
                    )
