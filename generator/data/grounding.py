"""Grounding: what an FAQ answer or a guide's status line asserts must be in the clauses it cites.

Each quoted phrase (in “”, 「」, 《》 or 【】) must occur in the cited clauses' text, and so must each
number (hours, dates, phones). The site's own words go in the `explanation` field, shown as 本站说明.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.data.model import Data
from generator.data.problems import Problem
from generator.data.yaml_source import Path_, SourceDocument

QUOTED = re.compile(r"“([^”]+)”|「([^」]+)」|《([^》]+)》|【([^】]+)】")
NUMBER = re.compile(r"[0-9]+")
URL = re.compile(r"https?://\S+?(?=[\s，。；）]|$)")
DASHES = str.maketrans({"—": "-", "－": "-", "–": "-"})


def normalised(text: str) -> str:
    """Text compared without spaces and with one kind of dash (the sources' typesetting varies)."""
    return re.sub(r"\s+", "", text).translate(DASHES)


def clause_text(document: dict[str, Any], clause_id: str) -> str:
    """The heading and paragraphs of a clause and of every clause under it."""
    parts: list[str] = []
    for clause in document["clauses"]:
        other = clause["id"]
        below = other.startswith(clause_id + "、") or (
            "（" in clause_id and other.startswith(clause_id) and other[len(clause_id) :].isdigit()
        )
        if other == clause_id or below:
            parts.extend([clause["heading"] or "", *clause["paragraphs"], *clause.get("figure_text", [])])
    return normalised("\n".join(parts))


def quoted_phrases(text: str) -> list[str]:
    """The phrases a sentence presents as the sources' words: “…”, 「…」, 《…》 and 【…】."""
    return [next(group for group in match.groups() if group) for match in QUOTED.finditer(text)]


def numbers(text: str) -> list[str]:
    """The numbers a sentence states (outside web addresses)."""
    return NUMBER.findall(URL.sub("", text))


def ungrounded(text: str, cited: str, years: tuple[int, ...] = ()) -> list[str]:
    """What `text` states that `cited` (normalised clause text) does not contain, in plain Chinese.

    The years of the cited notices count as stated ("2026 年通知写的网址是 …").
    """
    missing = [f"引文“{phrase}”" for phrase in quoted_phrases(text) if normalised(phrase) not in cited]
    missing += [
        f"数字 {number}"
        for number in dict.fromkeys(numbers(text))
        if int(number) not in years and not re.search(rf"(?<![0-9]){number}(?![0-9])", cited)
    ]
    return missing


def _problem(source: SourceDocument, where: Path_, message: str) -> Problem:
    line, column = source.position(where)
    return Problem(source.path, line, column, message)


def _document(data: Data, citation: dict[str, Any]) -> dict[str, Any] | None:
    if citation["notice"] is not None:
        return data.notices.get(citation["notice"])
    return data.plans.get(citation["plan"] or "")


def check_grounding(data: Data) -> list[Problem]:
    """Every FAQ answer and guide status line against the clauses it cites."""
    problems: list[Problem] = []
    for source in data.sources.values():
        if source.data["kind"] == "faq":
            problems.extend(_check_faq(source, data))
        elif source.data["kind"] == "guide":
            problems.extend(_check_guide(source, data))
        elif source.data["kind"] == "notice":
            problems.extend(_check_contacts(source))
    return problems


def _check_contacts(source: SourceDocument) -> Iterator[Problem]:
    """Each phone, e-mail and service time of a contact is printed in the clause its own `…_source` names."""
    notice = source.data
    clause_ids = {clause["id"] for clause in notice["clauses"]}
    for index, contact in enumerate(notice["contacts"]):
        for field in ("phones", "email", "hours"):
            value = contact[field]
            values = value if isinstance(value, list) else [value] if value else []
            cited = contact[f"{field}_source"]
            where = ("contacts", index, f"{field}_source")
            if values and cited is None:
                yield _problem(
                    source, where, f"联系方式“{contact['name']}”有 {field}，却没有写 {field}_source（出处条款）"
                )
            elif cited is not None and not values:
                yield _problem(source, where, f"联系方式“{contact['name']}”没有 {field}，{field}_source 应写 null")
            elif cited is not None and cited in clause_ids:
                text = clause_text(notice, cited)
                for item in values:
                    if normalised(item) not in text:
                        yield _problem(source, where, f"“{item}”不在所引条款 {cited} 中：请改为印有它的条款")


def _check_faq(source: SourceDocument, data: Data) -> Iterator[Problem]:
    for index, question in enumerate(source.data["questions"]):
        for answer_index, answer in enumerate(question["answers"]):
            documents = [(_document(data, citation), citation["clause"]) for citation in answer["citations"]]
            cited = "\n".join(clause_text(document, clause) for document, clause in documents if document)
            cited_years = tuple(citation["notice"] for citation in answer["citations"] if citation["notice"])
            missing = ungrounded(answer["text"], cited, cited_years)
            where = ("questions", index, "answers", answer_index)
            if missing:
                labels = "、".join(
                    f"{citation['notice'] or citation['plan']} {citation['clause']}" for citation in answer["citations"]
                )
                yield _problem(
                    source,
                    (*where, "text"),
                    f"回答中的{'、'.join(missing)} 在所引条款（{labels}）中找不到：改为原文的说法、补上出处，"
                    "或把本站自己的说明移到 explanation",
                )
            plans = any(citation["plan"] for citation in answer["citations"])
            for year in answer["years"]:
                if not plans and year not in cited_years:
                    yield _problem(
                        source,
                        (*where, "years"),
                        f"回答适用于 {year} 年，却没有引用 {year} 年通知的条款：补上该年的出处，或把 {year} 从 years 中去掉",
                    )


def _check_guide(source: SourceDocument, data: Data) -> Iterator[Problem]:
    guide = source.data
    notice = data.notices.get(guide["notice"])
    if notice is None:
        return
    for index, status in enumerate(guide["statuses"]):
        cited = "\n".join(clause_text(notice, clause) for clause in status["sources"])
        missing = ungrounded(f"“{status['name']}”{status['meaning']}", cited)
        if missing:
            yield _problem(
                source,
                ("statuses", index, "meaning"),
                f"状态“{status['name']}”的说明中的{'、'.join(missing)}在所引条款（{'、'.join(status['sources'])}）中找不到："
                "改为原文的说法、补上出处，或把本站自己的说明移到 explanation",
            )
