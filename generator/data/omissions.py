"""No paragraph of a notice's or plan's body is left out: its transcribed parts run on in the source text.

transcribed.py checks that each string of data/ occurs in the source text; a paragraph deleted from data/ passes that
check, and the site then shows the clause without it. Here the title, the addressees, the opening paragraphs and each clause's heading and
paragraphs, in their order in data/, must follow one another in one of the document's source texts with nothing
between them but clause numbers (一、 （二） 3.) and the full stop after a heading. The body ends at the first
attachment (a clause whose id starts with 附件): attachments hold screenshots whose words the data leaves out on
purpose (figure_text), and the list of attachments and the signature follow the last clause.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.data.model import Data
from generator.data.problems import Problem
from generator.data.source_texts import ROOT
from generator.data.transcribed import with_source_texts, without_space
from generator.data.yaml_source import Path_, SourceDocument

_NUMERALS = "一二三四五六七八九十"
_BETWEEN = re.compile(rf"(?:。|[{_NUMERALS}]+、|[（(][{_NUMERALS}]+[)）]|[0-9]+[.．、])*")
"""What may stand between two transcribed parts in the source: clause numbers, a heading's full stop."""
_TRAILING_NUMBER = re.compile(rf"(?:[{_NUMERALS}]+、|[（(][{_NUMERALS}]+[)）]|[0-9]+[.．、])+\Z")
_LOOK_BACK = 24
"""How far before a part its clause numbers can start."""


def body_parts(document: dict[str, Any]) -> Iterator[tuple[Path_, str, str]]:
    """(where in the YAML, what it is, the text) of the body in order: the title, the addressees, the opening paragraphs,
    then each clause's heading and paragraphs, up to the first attachment."""
    info = document["document"]
    yield ("document", "title"), "文件标题", info["title"]
    if info.get("addressees"):
        yield ("document", "addressees"), "主送单位", info["addressees"]
    for position, paragraph in enumerate(document["document"]["preamble"]):
        yield ("document", "preamble", position), f"开头第 {position + 1} 段", paragraph
    for index, clause in enumerate(document["clauses"]):
        if clause["id"].startswith("附件"):
            return
        if clause["heading"]:
            yield ("clauses", index, "heading"), f"条款 {clause['id']} 的标题", clause["heading"]
        for position, paragraph in enumerate(clause["paragraphs"]):
            yield ("clauses", index, "paragraphs", position), f"条款 {clause['id']} 的第 {position + 1} 段", paragraph


def _follows(rendering: str, before: str, after: str) -> bool:
    """Whether `after` occurs in rendering right after `before`, with only clause numbers between them."""
    at = rendering.find(after)
    while at >= 0:
        for start in range(at, max(0, at - _LOOK_BACK) - 1, -1):  # a paragraph's own full stop may end `before`
            if _BETWEEN.fullmatch(rendering, start, at) and rendering.endswith(before, 0, start):
                return True
        at = rendering.find(after, at + 1)
    return False


def _left_out(renderings: list[str], before: str, after: str) -> str:
    """The source's words between `before` and `after` (the shortest such stretch in any rendering), or ""."""
    found = []
    for rendering in renderings:
        end = rendering.find(before)
        while end >= 0:
            end += len(before)
            at = rendering.find(after, end)
            if at >= 0:
                found.append(rendering[end:at])
            end = rendering.find(before, end)
    words = min(found, key=len) if found else ""
    return _TRAILING_NUMBER.sub("", words.lstrip("。"))  # the heading's full stop, the next clause's number


def check_omissions(data: Data, root: Path = ROOT) -> list[Problem]:
    """A problem where the source text holds words between two consecutive parts of a body that data/ leaves out."""
    problems: list[Problem] = []
    for source, document, renderings in with_source_texts(data, root):
        parts = [(where, what, without_space(text)) for where, what, text in body_parts(document)]
        for (_, before_what, before), (where, what, after) in itertools.pairwise(parts):
            if before and after and not any(_follows(rendering, before, after) for rendering in renderings):
                problems.append(_problem(source, where, before_what, what, _left_out(renderings, before, after)))
    return problems


def _problem(source: SourceDocument, where: Path_, before_what: str, what: str, words: str) -> Problem:
    line, column = source.position(where)
    shown = words if len(words) <= 40 else words[:40] + "……"
    between = f"原文中{before_what}与{what}之间还有“{shown}”" if words else f"原文中{what}不紧接在{before_what}之后"
    return Problem(
        source.path,
        line,
        column,
        f"{between}，数据中没有：请照原文补上漏抄的段落（或条款），不要删去原文的文字",
    )
