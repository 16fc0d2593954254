"""Lints: things that are probably wrong in the data but may be what the source prints.

They warn and never block publishing; the data-quality page for editors lists them beside the
discrepancies recorded in the data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from generator.data.model import Data
from generator.data.problems import WARNING, Problem
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
    problems = [*_area_codes(data), *_phones_differ(data), *_deadlines_before_signing(data), *_printed_names(data)]
    return problems


def _warn(source: SourceDocument, where: tuple[str | int, ...], message: str) -> Problem:
    line, column = source.position(where)
    return Problem(source.path, line, column, message, WARNING)


def _area_codes(data: Data) -> Iterator[Problem]:
    for source, where, row in phone_rows(data):
        organisation = data.organisations[row["organisation"]]
        code = area_code(row["phone"])
        expected = AREA_CODES.get(organisation["city"] or "")
        if code and expected and code != expected:
            yield _warn(
                source,
                where,
                f"电话 {row['phone']} 的区号 {code} 与 {organisation['name']} 所在的{organisation['city']}（区号 {expected}）不符：请与原文核对，确属原文如此的，在 discrepancies 中记录",
            )


def _phones_differ(data: Data) -> Iterator[Problem]:
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
            yield _warn(source, where, f"{data.organisations[organisation_id]['name']} 在各名录中的电话不同：{listed}")


def _deadlines_before_signing(data: Data) -> Iterator[Problem]:
    for source in data.sources.values():
        document = source.data
        if document["kind"] not in ("notice", "plan"):
            continue
        signed = document["document"]["date"]
        for index, deadline in enumerate(document["deadlines"]):
            if deadline["date"] < signed:
                yield _warn(
                    source, ("deadlines", index, "date"), f"期限 {deadline['date']} 早于文件落款日期 {signed}：请核对"
                )


def _printed_names(data: Data) -> Iterator[Problem]:
    for source in data.sources.values():
        directory = source.data
        if directory["kind"] not in ("bases", "training-institutions", "pilot-units"):
            continue
        for list_name in ("entries", "units"):
            for index, row in enumerate(directory.get(list_name, [])):
                organisation = data.organisations[row["organisation"]]
                if row["name"] not in (organisation["name"], *organisation["aliases"]):
                    yield _warn(
                        source,
                        (list_name, index, "name"),
                        f"名录印的名称「{row['name']}」既不是 {organisation['id']} 的规范名称「{organisation['name']}」，也不在其 aliases 中：请把它加入 aliases",
                    )
