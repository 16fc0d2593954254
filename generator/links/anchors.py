"""Stable ASCII anchors and citations for clauses: "一、（三）1" → "clause-1-3-1", cited "桂人社函〔2026〕196号 一、（三）1"."""

from __future__ import annotations

import re
from typing import Any

DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CLAUSE_ID = re.compile(
    r"^(?:附件(?P<annex>[0-9]+) )?(?P<part>[一二三四五六七八九十]+)(?:、（(?P<section>[一二三四五六七八九十]+)）(?P<item>[0-9]+)?)?$"
)


def chinese_number(text: str) -> int:
    """A Chinese numeral from 一 to 九十九: '三' → 3, '十一' → 11, '二十' → 20."""
    if "十" not in text:
        return DIGITS[text]
    tens, _, units = text.partition("十")
    return (DIGITS[tens] if tens else 1) * 10 + (DIGITS[units] if units else 0)


def clause_anchor(clause_id: str) -> str:
    """The page anchor of a clause: '一、（三）1' → 'clause-1-3-1', '附件1 二、（三）' → 'annex-1-2-3'."""
    match = CLAUSE_ID.match(clause_id)
    if match is None:
        raise ValueError(f"not a clause id: {clause_id!r}")
    numbers = [chinese_number(match["part"])]
    if match["section"]:
        numbers.append(chinese_number(match["section"]))
    if match["item"]:
        numbers.append(int(match["item"]))
    prefix = f"annex-{match['annex']}" if match["annex"] else "clause"
    return "-".join([prefix, *map(str, numbers)])


def annex_anchor(number: int) -> str:
    """The anchor of an annex heading: 1 → 'annex-1'."""
    return f"annex-{number}"


def document_label(document: dict[str, Any], year: int | None = None) -> str:
    """How a document is cited: its number, or '2023年通知' when none is printed."""
    number = document["document"]["number"]
    if number:
        return str(number)
    return f"{year if year is not None else document['document']['date'][:4]}年通知"


def citation(document: dict[str, Any], clause_id: str) -> str:
    """A citation of one clause: '桂人社函〔2026〕196号 一、（三）1' or '2023年通知 三、（一）'."""
    return f"{document_label(document, document.get('year'))} {clause_id}"
