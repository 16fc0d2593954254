"""Every string transcribed from a notice or plan (clauses, title, rule texts, deadlines as printed …) is in its source.

What the site and the calculator quote as the notice's words must be the notice's words: each such string must occur,
verbatim but for whitespace, in one of the document's source texts (`document.source_files`, in sources/), without the
page numbers a printed rendering carries ("— 4 —"). A changed word, date or address in data/, or a source text edited
so that it no longer holds what the data quotes, is an error at the string's file:line:column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.data.model import Data
from generator.data.problems import Problem
from generator.data.source_texts import ROOT, source_path
from generator.data.yaml_source import Path_, SourceDocument

_SPACE = re.compile(r"\s+")
_PAGE_NUMBER = re.compile(r"—[0-9]+—")


def without_space(text: str) -> str:
    return _SPACE.sub("", text)


def source_renderings(document: dict[str, Any], data_folder: Path | None = None, root: Path = ROOT) -> list[str]:
    """Each source text of the document without whitespace and without page numbers such as "— 4 —"."""
    texts = []
    for name in document["document"]["source_files"]:
        text = source_path(name, data_folder, root).read_text(encoding="utf-8")
        texts.append(_PAGE_NUMBER.sub("", without_space(text)))
    return texts


def transcribed_strings(document: dict[str, Any]) -> Iterator[tuple[Path_, str, str]]:
    """(where in the YAML, what it is, the text) for every string that must appear verbatim in the source."""
    for index, clause in enumerate(document["clauses"]):
        if clause["heading"]:
            yield ("clauses", index, "heading"), f"条款 {clause['id']} 的标题", clause["heading"]
        for position, paragraph in enumerate(clause["paragraphs"]):
            yield ("clauses", index, "paragraphs", position), f"条款 {clause['id']} 的第 {position + 1} 段", paragraph
        for position, paragraph in enumerate(clause.get("figure_text", [])):
            where = ("clauses", index, "figure_text", position)
            yield where, f"条款 {clause['id']} 的图中文字第 {position + 1} 段", paragraph
    info = document["document"]
    yield ("document", "title"), "文件标题", info["title"]
    yield ("document", "date_printed"), "落款日期", info["date_printed"]
    for position, paragraph in enumerate(info["preamble"]):
        yield ("document", "preamble", position), f"开头第 {position + 1} 段", paragraph
    if document["kind"] != "notice":
        return
    for name, rule in document["rules"].items():
        if rule:
            yield ("rules", name, "text"), f"规则 {name} 的原文", rule["text"]
    for position, topic in enumerate(document["rules"]["public_required"]["topics"]):
        yield ("rules", "public_required", "topics", position), "公需科目必修课的题目", topic
    for index, item in enumerate(document["consequences"]):
        yield ("consequences", index, "text"), f"后果 {item['id']}", item["text"]
    for index, deadline in enumerate(document["deadlines"]):
        yield ("deadlines", index, "printed"), f"期限 {deadline['id']} 的原文写法", deadline["printed"]
    if document["makeup"]:
        yield ("makeup", "text"), "补学补考安排的原文", document["makeup"]["text"]
    yield ("system_url", "url"), "信息管理系统的网址", document["system_url"]["url"]


def with_source_texts(data: Data, root: Path = ROOT) -> Iterator[tuple[SourceDocument, dict[str, Any], list[str]]]:
    """Each notice and plan: its YAML file, its data, and its source texts as source_renderings gives them."""
    for source in data.sources.values():
        document = source.data
        if document["kind"] in ("notice", "plan"):
            yield source, document, source_renderings(document, data.folder, root)


def check_transcribed(data: Data, root: Path = ROOT) -> list[Problem]:
    """A problem for every transcribed string of a notice or plan that none of its source texts holds."""
    problems: list[Problem] = []
    for source, document, renderings in with_source_texts(data, root):
        files = "、".join(document["document"]["source_files"])
        for where, what, text in transcribed_strings(document):
            if not any(without_space(text) in rendering for rendering in renderings):
                problems.append(_problem(source, where, what, text, files))
    return problems


def _problem(source: SourceDocument, where: Path_, what: str, text: str, files: str) -> Problem:
    line, column = source.position(where)
    shown = text if len(text) <= 40 else text[:40] + "……"
    return Problem(
        source.path,
        line,
        column,
        f"{what}“{shown}”在原文文本 {files} 中找不到（逐字比较，不计空白）：请照原文抄录，或核对原文文本是否被改动",
    )
