"""Wording changes between two years: old and new text with the differing characters marked (difflib)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

Segment = tuple[str, str]
"""("same" | "del" | "ins", text): a run of characters of the old or the new text."""


@dataclass
class Wording:
    """One item whose text changed: where it is (group, topic), both texts marked, the clauses that print them."""

    group: str
    topic: str
    old: list[Segment]
    new: list[Segment]
    old_source: str | None
    new_source: str | None


SHORTEST_KEPT = 2
"""A run of equal characters shorter than this between two changes is shown as changed (one 的 or 人 in common
between two rewritten phrases only makes the marks harder to read)."""


def marked(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """The old text with deleted runs and the new text with inserted runs marked, character by character."""
    opcodes = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    before: list[Segment] = []
    after: list[Segment] = []
    for index, (operation, i1, i2, j1, j2) in enumerate(opcodes):
        inside = 0 < index < len(opcodes) - 1
        if operation == "equal" and not (inside and i2 - i1 < SHORTEST_KEPT):
            _add(before, "same", old[i1:i2])
            _add(after, "same", new[j1:j2])
        else:
            _add(before, "del", old[i1:i2])
            _add(after, "ins", new[j1:j2])
    return before, after


def _add(segments: list[Segment], kind: str, text: str) -> None:
    if not text:
        return
    if segments and segments[-1][0] == kind:
        segments[-1] = (kind, segments[-1][1] + text)
    else:
        segments.append((kind, text))


def years_moved(old: str, new: str, gap: int) -> bool:
    """Whether `new` is `old` with every year moved on by `gap` (完成2025年… → 完成2026年…): no change of wording."""
    return re.sub(r"(?<![0-9])(20[0-9]{2})(?![0-9])", lambda match: str(int(match.group(1)) + gap), old) == new


def changed_wording(
    group: str, topic: str, old: dict[str, Any], new: dict[str, Any], key: str = "text", gap: int = 0
) -> list[Wording]:
    """A Wording when the two items' `key` texts differ other than by the years between the notices."""
    if old[key] == new[key] or years_moved(old[key], new[key], gap):
        return []
    before, after = marked(old[key], new[key])
    return [Wording(group, topic, before, after, old.get("source"), new.get("source"))]


RULE_TOPICS = (
    ("total_hours", "总学时"),
    ("professional_share", "专业科目比例"),
    ("public_required", "公需科目必修课"),
    ("public_elective", "公需科目选修课"),
    ("public_total", "公需科目合计"),
    ("exam", "必修课考试"),
    ("carry_over", "学时结转、跨年登记"),
)
"""The rules whose wording is compared, with their names on the page."""


def wording_changes(old: dict[str, Any], new: dict[str, Any], topics: dict[str, str]) -> list[Wording]:
    """Rules, make-up arrangements, deadlines and consequences on file in both years whose text changed."""
    gap = new["year"] - old["year"]
    found: list[Wording] = []
    for key, topic in RULE_TOPICS:
        before, after = old["rules"].get(key), new["rules"].get(key)
        if before and after:
            found += changed_wording("学时规则", topic, before, after, gap=gap)
    if old["makeup"] and new["makeup"]:
        found += changed_wording("学时规则", "补学补考", old["makeup"], new["makeup"], gap=gap)
    earlier = {item["id"]: item for item in old["deadlines"]}
    for item in new["deadlines"]:
        if item["id"] in earlier:
            found += changed_wording("期限", item["description"], earlier[item["id"]], item, "description", gap)
    previous = {item["id"]: item for item in old["consequences"]}
    for item in new["consequences"]:
        if item["id"] in previous:
            topic = topics.get(item["id"], item["id"])
            found += changed_wording("结果使用", topic, previous[item["id"]], item, gap=gap)
    return found
