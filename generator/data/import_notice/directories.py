"""Annex tables as directory rows, each institution matched to an organisation by name or alias.

New names, names one character away from a known one, former names (（原…）) and changed phones are
listed for the editor; a row is only given an organisation when its printed name is a known name or alias.
"""

from __future__ import annotations

import re
from typing import Any

from generator.data.import_notice.paragraphs import Paragraph
from generator.data.import_notice.structure import Annex
from generator.data.todo import TODO

BATCH = re.compile(r"^第[一二三四五六七八九十]+批$")
PHONE = re.compile(r"^(0[0-9]{2,3}[-—][0-9]{6,8}|1[3-9][0-9]{9})$")
FORMER = re.compile(r"^(.+?)[（(]原(.+?)[）)]$")


def cells(row: Paragraph) -> list[str]:
    """The tab-separated cells of a table row."""
    return [cell.strip() for cell in row.text.split("\t")]


def squeeze(text: str) -> str:
    """`text` without any whitespace (names broken over table lines)."""
    return re.sub(r"\s+", "", text)


def one_apart(first: str, second: str) -> bool:
    """Whether two names differ by exactly one character (changed, added or dropped)."""
    if first == second or abs(len(first) - len(second)) > 1:
        return False
    if len(first) == len(second):
        return sum(a != b for a, b in zip(first, second, strict=True)) == 1
    short, long = sorted((first, second), key=len)
    return any(long[:index] + long[index + 1 :] == short for index in range(len(long)))


class Matcher:
    """Finds the organisation of a printed name and notes what the editor must decide."""

    def __init__(self, organisations: dict[str, dict[str, Any]]) -> None:
        self.names: dict[str, str] = {}
        for organisation_id, organisation in organisations.items():
            for name in [organisation["name"], *organisation["aliases"]]:
                self.names[squeeze(name)] = organisation_id
        self.notes: list[str] = []
        self.new: list[str] = []

    def match(self, printed: str, where: str) -> str:
        name = squeeze(printed)
        if name in self.names:
            return self.names[name]
        former = FORMER.match(name)
        if former and (former.group(1) in self.names or former.group(2) in self.names):
            known = self.names.get(former.group(1)) or self.names[former.group(2)]
            self.notes.append(
                f"{where}：「{printed}」带有原名，已有单位 {known}；是同一单位的话把这个写法加进它的 aliases"
            )
            return f"{TODO}：确认是否为 {known}（原名写法「{printed}」）"
        near = sorted({organisation for known, organisation in self.names.items() if one_apart(known, name)})
        if near:
            self.notes.append(
                f"{where}：「{printed}」与已有单位 {'、'.join(near)} 的名称只差一个字：是同一单位就改用其 id 并加别名，否则登记新单位"
            )
            return f"{TODO}：与 {'、'.join(near)} 只差一个字，确认是否同一单位"
        if name not in self.new:
            self.new.append(name)
            self.notes.append(f"{where}：「{printed}」是新单位：在 data/organisations.yaml 登记后填入它的 id")
        return f"{TODO}：新单位「{printed}」，先在 data/organisations.yaml 登记"


def table_kind(annex: Annex) -> str | None:
    """training-institutions, bases, or None for a table the importer does not know."""
    if not annex.rows:
        return None
    header = "".join(cells(annex.rows[0]))
    if "培训职业" in header:
        return "training-institutions"
    if "序号" in header and "基地" in header:
        return "bases"
    return None


def training_rows(annex: Annex, matcher: Matcher, landed: set[int]) -> list[dict[str, Any]]:
    """Rows of a table 培训职业 | 培训机构名称 | (联系方式) | 批次; an empty 培训职业 repeats the one above."""
    entries: list[dict[str, Any]] = []
    occupation_printed = ""
    columns: list[str] = []
    for row in annex.rows:
        values = cells(row)
        if "培训职业" in values:
            columns = values
            landed.update(row.lines)
            continue
        if not columns:
            continue
        record = dict(zip(columns, values, strict=False))
        if record.get("培训职业"):
            occupation_printed = record["培训职业"]
        printed = record.get("培训机构名称") or record.get("培训机构") or ""
        batch = record.get("批次", "")
        phone = record.get("联系方式")
        if not printed or not BATCH.match(batch) or (phone and not PHONE.match(phone)):
            continue
        where = f"附件{annex.number} 第{row.lines[0]}行"
        occupation = squeeze(occupation_printed)
        entries.append(
            {
                "occupation": occupation,
                "occupation_printed": occupation_printed if occupation_printed != occupation else None,
                "organisation": matcher.match(printed, where),
                "name": squeeze(printed),
                "phone": phone or None,
                "batch": batch,
            }
        )
        landed.update(row.lines)
    return entries


def base_rows(annex: Annex, matcher: Matcher, landed: set[int]) -> list[dict[str, Any]]:
    """Rows of tables 序号 | 国家级/自治区级…基地名称 | 联系电话 | 备注."""
    entries: list[dict[str, Any]] = []
    level = "national"
    for row in annex.rows:
        values = cells(row)
        if values and values[0] == "序号":
            level = "national" if "国家级" in "".join(values) else "regional"
            landed.update(row.lines)
            continue
        if len(values) < 3 or not re.fullmatch("[0-9]{1,6}", values[0]) or not PHONE.match(values[2]):
            continue
        remark = values[3] if len(values) > 3 and values[3] else None
        batch = remark if remark and BATCH.match(remark) else None
        entries.append(
            {
                "level": level,
                "seq": int(values[0]),
                "organisation": matcher.match(values[1], f"附件{annex.number} 第{row.lines[0]}行"),
                "name": values[1],
                "phone": values[2],
                "batch": batch,
                "dual": bool(remark and "双基地" in remark),
                "remark": None if batch else remark,
            }
        )
        landed.update(row.lines)
    return entries


def phone_changes(entries: list[dict[str, Any]], previous: list[dict[str, Any]], label: str) -> list[str]:
    """Organisations whose phone differs from the previous directory of the same kind."""
    old: dict[str, set[str]] = {}
    for entry in previous:
        if entry.get("phone"):
            old.setdefault(entry["organisation"], set()).add(entry["phone"])
    changes: list[str] = []
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        organisation, phone = entry["organisation"], entry.get("phone")
        if not phone or organisation not in old or phone in old[organisation] or (organisation, phone) in seen:
            continue
        seen.add((organisation, phone))
        changes.append(f"{label}：{entry['name']} 的电话 {'、'.join(sorted(old[organisation]))} → {phone}")
    return changes
