"""Lints: things that are probably wrong in the data but may be what the source prints.

Each finding has a kind (LINT_KINDS) and the values it is about (a phone, a name, a document
number). A finding must be either fixed or recorded: a discrepancy whose `lints` names the kind and
whose subject or description names every one of those values. Recorded findings are warnings listed
on the data-quality page; one neither fixed nor recorded is an error that blocks publishing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from generator.data.lint_kinds import LintFinding, finding
from generator.data.lints_contacts import contact_findings
from generator.data.lints_documents import document_findings
from generator.data.model import Data
from generator.data.problems import ERROR, WARNING, Problem
from generator.data.yaml_source import SourceDocument

AREA_CODES = {
    "南宁市": "0771",
    "崇左市": "0771",
    "柳州市": "0772",
    "来宾市": "0772",
    "桂林市": "0773",
    "梧州市": "0774",
    "贺州市": "0774",
    "玉林市": "0775",
    "贵港市": "0775",
    "百色市": "0776",
    "钦州市": "0777",
    "河池市": "0778",
    "北海市": "0779",
    "防城港市": "0770",
}
"""Fixed-line area code of each city of Guangxi."""


def area_code(phone: str) -> str | None:
    """The area code of a fixed-line number ('0773-2290306' → '0773'); None for a mobile number."""
    if phone.startswith("0"):
        return phone.replace("—", "-").split("-")[0]
    return None


def phone_rows(data: Data) -> Iterator[tuple[SourceDocument, tuple[str | int, ...], dict[str, Any]]]:
    """Every directory row that has a phone, with its file and position."""
    for source in data.sources.values():
        if source.data["kind"] in ("bases", "training-institutions"):
            for index, row in enumerate(source.data["entries"]):
                if row.get("phone"):
                    yield source, ("entries", index, "phone"), row


def lint_data(data: Data) -> list[Problem]:
    """Every finding: a warning (LintFinding) when a discrepancy records it, else an error saying how to record it."""
    findings = [
        *_area_codes(data),
        *_phones_differ(data),
        *_deadlines_before_signing(data),
        *_printed_names(data),
        *document_findings(data),
        *contact_findings(data),
    ]
    records = [
        (path, discrepancy)
        for path, source in sorted(data.sources.items())
        for discrepancy in source.data.get("discrepancies", [])
    ]
    for item in findings:
        for path, discrepancy in records:
            said = discrepancy["subject"] + discrepancy["description"]
            if item.kind in discrepancy.get("lints", []) and all(key in said for key in item.keys):
                item.recorded_in = f"data/{path}：{discrepancy['subject']}"
                break
        if item.recorded_in is None:
            item.severity = ERROR
            item.message += (
                f"。请与原文核对后修正；确属原文如此的，在 discrepancies 中记录（lints: [{item.kind}]，"
                f"subject 或 description 写明 {'、'.join(item.keys)}）"
            )
        else:
            item.severity = WARNING
    return list(findings)


def _area_codes(data: Data) -> Iterator[LintFinding]:
    for source, where, row in phone_rows(data):
        organisation = data.organisations[row["organisation"]]
        code = area_code(row["phone"])
        expected = AREA_CODES.get(organisation["city"] or "")
        if code and expected and code != expected:
            yield finding(
                "area-code",
                (row["phone"],),
                source,
                where,
                f"电话 {row['phone']} 的区号 {code} 与 {organisation['name']} 所在的{organisation['city']}（区号 {expected}）不符",
            )


def _phones_differ(data: Data) -> Iterator[LintFinding]:
    phones: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    first_seen: dict[str, tuple[SourceDocument, tuple[str | int, ...]]] = {}
    for source, where, row in phone_rows(data):
        relative = source.path.name
        phones[row["organisation"]][row["phone"]].append(relative)
        first_seen.setdefault(row["organisation"], (source, where))
    for organisation_id, numbers in sorted(phones.items()):
        if len(numbers) > 1:
            source, where = first_seen[organisation_id]
            listed = "；".join(
                f"{number}（{'、'.join(sorted(set(files)))}）" for number, files in sorted(numbers.items())
            )
            name = data.organisations[organisation_id]["name"]
            yield finding(
                "phones-differ", tuple(sorted(numbers)), source, where, f"{name} 在各名录中的电话不同：{listed}"
            )


def _deadlines_before_signing(data: Data) -> Iterator[LintFinding]:
    for source in data.sources.values():
        document = source.data
        if document["kind"] not in ("notice", "plan"):
            continue
        signed = document["document"]["date"]
        for index, deadline in enumerate(document["deadlines"]):
            if deadline["date"] < signed:
                yield finding(
                    "deadline-before-signing",
                    (deadline["printed"],),
                    source,
                    ("deadlines", index, "date"),
                    f"期限 {deadline['date']}（{deadline['printed']}）早于文件落款日期 {signed}",
                )


def _printed_names(data: Data) -> Iterator[LintFinding]:
    for source in data.sources.values():
        directory = source.data
        if directory["kind"] not in ("bases", "training-institutions", "pilot-units"):
            continue
        for list_name in ("entries", "units"):
            for index, row in enumerate(directory.get(list_name, [])):
                organisation = data.organisations[row["organisation"]]
                if row["name"] not in (organisation["name"], *organisation["aliases"]):
                    yield finding(
                        "printed-name",
                        (row["name"],),
                        source,
                        (list_name, index, "name"),
                        f"名录印的名称「{row['name']}」既不是 {organisation['id']} 的规范名称「{organisation['name']}」，也不在其 aliases 中：请把它加入 aliases",
                    )
