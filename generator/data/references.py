"""Checks between values and files: every cited clause, organisation and document must exist."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.data.model import Data
from generator.data.problems import Problem
from generator.data.yaml_source import Path_, SourceDocument

RESERVED_GUIDE_NAMES = ("index", "registering-truthfully")
"""Guide file names that would collide with generated pages under guides/."""


def check_references(data: Data) -> list[Problem]:
    problems: list[Problem] = []
    for source in data.sources.values():
        kind = source.data["kind"]
        if kind in ("notice", "plan"):
            problems.extend(_check_document(source, data))
        elif kind in ("bases", "training-institutions", "pilot-units"):
            problems.extend(_check_directory(source, data))
        elif kind == "standing-rules":
            problems.extend(_check_standing_rules(source, data))
        elif kind == "faq":
            problems.extend(_check_faq(source, data))
        elif kind == "guide":
            problems.extend(_check_guide(source, data))
    return problems


def _problem(source: SourceDocument, where: Path_, message: str) -> Problem:
    line, column = source.position(where)
    return Problem(source.path, line, column, message)


def clause_sources(value: Any, where: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every clause citation in a document: values of keys `source` and `…_source` (pass_mark_source …)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if (key == "source" or key.endswith("_source")) and isinstance(item, str):
                yield (*where, key), item
            elif key != "clauses":
                yield from clause_sources(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from clause_sources(item, (*where, index))


def _check_document(source: SourceDocument, data: Data) -> Iterator[Problem]:
    document = source.data
    clause_ids: set[str] = set()
    for index, clause in enumerate(document["clauses"]):
        if clause["id"] in clause_ids:
            yield _problem(source, ("clauses", index, "id"), f"条款编号 {clause['id']} 重复")
        clause_ids.add(clause["id"])
    for where, cited in clause_sources(document):
        if where and where[0] == "discrepancies":
            continue
        if cited not in clause_ids:
            yield _problem(
                source,
                where,
                f"出处「{cited}」在本文件的 clauses 中找不到：请核对条款编号（如 一、（三）1）或先把该条款加入 clauses",
            )
    seen_deadlines: set[str] = set()
    for index, deadline in enumerate(document.get("deadlines", [])):
        if deadline["id"] in seen_deadlines:
            yield _problem(source, ("deadlines", index, "id"), f"期限标识 {deadline['id']} 重复")
        seen_deadlines.add(deadline["id"])
    if document["kind"] != "notice":
        return
    rules = document["rules"]
    required = rules["public_required"]
    if required["parts"] and sum(part["hours"] for part in required["parts"]) != required["hours"]:
        yield _problem(
            source, ("rules", "public_required", "parts"), f"各部分学时之和应等于 hours（{required['hours']}）"
        )
    share = rules["professional_share"]
    if share["numerator"] >= share["denominator"]:
        yield _problem(source, ("rules", "professional_share"), "专业科目比例应小于 1：分子要小于分母")
    makeup = document["makeup"]
    if makeup and not (makeup["from_year"] <= makeup["to_year"] < document["year"]):
        yield _problem(source, ("makeup",), f"补学补考年度应满足 from_year ≤ to_year < {document['year']}")
    for index, annex in enumerate(document["annexes"]):
        where = ("annexes", index)
        if annex["content"] == "directory":
            if annex["directory"] not in data.directories:
                yield _problem(
                    source, (*where, "directory"), f"名录文件 data/directories/{annex['directory']}.yaml 不存在"
                )
        elif annex["directory"] is not None:
            yield _problem(source, (*where, "directory"), "只有 content: directory 的附件才填 directory，其他写 null")
        if annex["content"] == "clauses" and not any(c.startswith(f"附件{annex['number']} ") for c in clause_ids):
            yield _problem(
                source,
                where,
                f"附件{annex['number']} 标为 clauses，但 clauses 中没有以「附件{annex['number']} 」开头的条款",
            )


def _check_directory(source: SourceDocument, data: Data) -> Iterator[Problem]:
    directory = source.data
    cited = directory["source"]
    document = data.notice_by_document(cited["document"])
    if document is None:
        yield _problem(
            source,
            ("source", "document"),
            f"文号 {cited['document']} 不是已收录的通知：请先在 data/notices/ 中收录该通知，或核对文号",
        )
    else:
        clause_ids = {clause["id"] for clause in document["clauses"]}
        if cited["clause"] is not None and cited["clause"] not in clause_ids:
            yield _problem(source, ("source", "clause"), f"条款 {cited['clause']} 在 {cited['document']} 中找不到")
        if cited["annex"] is not None and not any(
            annex["number"] == cited["annex"] for annex in document.get("annexes", [])
        ):
            yield _problem(source, ("source", "annex"), f"{cited['document']} 没有附件{cited['annex']}")
        if "year" in directory and document.get("year") not in (None, directory["year"]):
            yield _problem(
                source,
                ("year",),
                f"年度 {directory['year']} 与 {cited['document']} 的年度 {document.get('year')} 不一致",
            )
    for where, organisation_id in organisation_references(directory):
        if organisation_id not in data.organisations:
            yield _problem(
                source,
                where,
                f"单位标识「{organisation_id}」在 data/organisations.yaml 中不存在：请先登记该单位，或核对拼写",
            )


def organisation_references(directory: dict[str, Any]) -> Iterator[tuple[Path_, str]]:
    """Every place a directory file refers to an organisation by id."""
    for list_name in ("entries", "units"):
        for index, row in enumerate(directory.get(list_name, [])):
            yield (list_name, index, "organisation"), row["organisation"]
    for index, task in enumerate(directory.get("tasks", [])):
        for position, organisation_id in enumerate(task["organisations"]):
            yield ("tasks", index, "organisations", position), organisation_id


def _check_standing_rules(source: SourceDocument, data: Data) -> Iterator[Problem]:
    for index, citation in enumerate(source.data["cited_by"]):
        document = data.notice_by_document(citation["document"])
        if document is None:
            yield _problem(source, ("cited_by", index, "document"), f"文号 {citation['document']} 不是已收录的文件")
        elif citation["source"] not in {clause["id"] for clause in document["clauses"]}:
            yield _problem(
                source, ("cited_by", index, "source"), f"条款 {citation['source']} 在 {citation['document']} 中找不到"
            )


def _cited_document(citation: dict[str, Any], data: Data) -> tuple[dict[str, Any] | None, str]:
    """The notice or plan a citation names, and a Chinese message when it names none or both."""
    if (citation["notice"] is None) == (citation["plan"] is None):
        return None, "引用要写 notice（年度）或 plan（实施方案文件名）中的一个，另一个写 null"
    if citation["notice"] is not None:
        found = data.notices.get(citation["notice"])
        return (
            found,
            ""
            if found
            else f"没有 {citation['notice']} 年的通知（已收录：{'、'.join(map(str, sorted(data.notices)))}）",
        )
    found = data.plans.get(citation["plan"])
    return found, "" if found else f"没有实施方案 data/plans/{citation['plan']}.yaml"


def _check_faq(source: SourceDocument, data: Data) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, question in enumerate(source.data["questions"]):
        where = ("questions", index)
        if question["id"] in seen:
            yield _problem(source, (*where, "id"), f"问题标识 {question['id']} 重复")
        seen.add(question["id"])
        if not question["answers"] and not question["not_in_sources"]:
            yield _problem(source, where, "没有回答：写 answers，或在 not_in_sources 中说明源文件没有规定")
        for guide in question["guides"]:
            if guide not in data.guides:
                yield _problem(source, (*where, "guides"), f"指南 data/guides/{guide}.yaml 不存在")
        for answer_index, answer in enumerate(question["answers"]):
            for year_index, year in enumerate(answer["years"]):
                if year not in data.notices:
                    yield _problem(
                        source, (*where, "answers", answer_index, "years", year_index), f"没有 {year} 年的通知"
                    )
            for citation_index, citation in enumerate(answer["citations"]):
                at = (*where, "answers", answer_index, "citations", citation_index)
                document, message = _cited_document(citation, data)
                if document is None:
                    yield _problem(source, at, message)
                elif citation["clause"] not in {clause["id"] for clause in document["clauses"]}:
                    yield _problem(source, (*at, "clause"), f"条款 {citation['clause']} 在所引文件中找不到")


def _check_guide(source: SourceDocument, data: Data) -> Iterator[Problem]:
    guide = source.data
    if source.path.stem in RESERVED_GUIDE_NAMES:
        yield _problem(
            source,
            ("kind",),
            f"指南文件不能命名为 {source.path.name}：网站的 guides/{source.path.stem}/ 页面已另有用途，请换一个文件名",
        )
    notice = data.notices.get(guide["notice"])
    if notice is None:
        yield _problem(source, ("notice",), f"没有 {guide['notice']} 年的通知")
        return
    clause_ids = {clause["id"] for clause in notice["clauses"]}
    for index, step in enumerate(guide["steps"]):
        if step["clause"] not in clause_ids:
            yield _problem(
                source, ("steps", index, "clause"), f"条款 {step['clause']} 在 {guide['notice']} 年的通知中找不到"
            )
    for index, status in enumerate(guide["statuses"]):
        for position, cited in enumerate(status["sources"]):
            if cited not in clause_ids:
                yield _problem(
                    source,
                    ("statuses", index, "sources", position),
                    f"条款 {cited} 在 {guide['notice']} 年的通知中找不到",
                )
    if guide["status_source"] is not None and guide["status_source"] not in clause_ids:
        yield _problem(
            source, ("status_source",), f"条款 {guide['status_source']} 在 {guide['notice']} 年的通知中找不到"
        )
