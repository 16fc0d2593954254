"""What changed between a year's notice and the previous one on file, computed from the data alone."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from generator.links import urls
from generator.data.model import Data
from generator.site.wording import Wording, wording_changes


@dataclass
class Change:
    """One compared item: its value before and after, a note on what differs, the clauses that state it."""

    topic: str
    before: str
    after: str
    note: str = ""
    source: str | None = None
    old_source: str | None = None


@dataclass
class ListChanges:
    """Differences between two versions of a directory (rows matched by organisation, and occupation or level)."""

    title: str
    previous_title: str | None
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    phones_added: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""


@dataclass
class Comparison:
    year: int
    previous: int
    changed: list[Change] = field(default_factory=list)
    unchanged: list[Change] = field(default_factory=list)
    deadlines: list[Change] = field(default_factory=list)
    consequences: list[Change] = field(default_factory=list)
    contacts: list[Change] = field(default_factory=list)
    lists: list[ListChanges] = field(default_factory=list)
    wording: list[Wording] = field(default_factory=list)


def joined(values: list[str]) -> str:
    return "、".join(values) if values else "（无）"


def list_note(before: list[str], after: list[str]) -> str:
    added = [value for value in after if value not in before]
    removed = [value for value in before if value not in after]
    parts = []
    if added:
        parts.append(f"新增 {joined(added)}")
    if removed:
        parts.append(f"不再列 {joined(removed)}")
    return "；".join(parts)


def fraction(share: dict[str, Any]) -> str:
    return f"{share['numerator']}/{share['denominator']}"


def optional_hours(value: int | None) -> str:
    return "原文未写" if value is None else f"{value} 学时"


def rule_values(notice: dict[str, Any]) -> list[tuple[str, str | list[str], str | None]]:
    """(topic, value, clause) of every compared rule of a notice, in reading order."""
    rules = notice["rules"]
    required, elective, exam = rules["public_required"], rules["public_elective"], rules["exam"]
    carry = rules["carry_over"]
    makeup = notice["makeup"]
    parts = " + ".join(f"{part['name']} {part['hours']}" for part in required["parts"])
    return [
        ("总学时下限", f"{rules['total_hours']['minimum']} 学时", rules["total_hours"]["source"]),
        ("专业科目最低比例", fraction(rules["professional_share"]), rules["professional_share"]["source"]),
        ("必修课学习主题", list(required["topics"]), required["source"]),
        ("必修课学时", f"{required['hours']} 学时" + (f"（{parts}）" if parts else ""), required["source"]),
        ("选修课学时", optional_hours(elective["hours"]), elective["source"]),
        (
            "公需科目合计学时",
            optional_hours(rules["public_total"]["hours"] if rules["public_total"] else None),
            rules["public_total"]["source"] if rules["public_total"] else None,
        ),
        ("选修课领域", list(elective["areas"]), elective["source"]),
        ("必修课常规考试次数", f"{exam['attempts']} 次", exam["source"]),
        (
            "考试合格分数线",
            "原文未写" if exam["pass_mark"] is None else f"{exam['pass_mark']} 分",
            exam["pass_mark_source"],
        ),
        ("学时结转、跨年登记", "原文未写" if carry is None else carry["text"], carry["source"] if carry else None),
        (
            "补学补考的年度",
            "原文未写" if makeup is None else f"{makeup['from_year']}—{makeup['to_year']} 年",
            makeup["source"] if makeup else None,
        ),
        ("信息管理系统网址", notice["system_url"]["url"], notice["system_url"]["source"]),
        ("附件", [annex["title"] for annex in notice["annexes"]], None),
    ]


def compare_rules(old: dict[str, Any], new: dict[str, Any], comparison: Comparison) -> None:
    for (topic, before, old_source), (_, after, source) in zip(rule_values(old), rule_values(new), strict=True):
        if isinstance(before, list) and isinstance(after, list):
            change = Change(topic, joined(before), joined(after), list_note(before, after), source, old_source)
            differs = before != after
        else:
            change = Change(topic, str(before), str(after), "", source, old_source)
            differs = before != after
        (comparison.changed if differs else comparison.unchanged).append(change)


def shifted(date: str, years: int) -> str:
    """The same day `years` later ('2025-05-30', 1 → '2026-05-30'); 29 February becomes 28 February."""
    day = datetime.date.fromisoformat(date)
    try:
        return day.replace(year=day.year + years).isoformat()
    except ValueError:
        return day.replace(year=day.year + years, day=28).isoformat()


def compare_deadlines(old: dict[str, Any], new: dict[str, Any], comparison: Comparison) -> None:
    """Deadlines matched by id; a date counts as changed when it moved other than by the years between notices."""
    gap = new["year"] - old["year"]
    before = {item["id"]: item for item in old["deadlines"]}
    after = {item["id"]: item for item in new["deadlines"]}
    for key in sorted(after, key=lambda k: (after[k]["date"], k)):
        item = after[key]
        if key not in before:
            comparison.deadlines.append(
                Change(item["description"], "（无）", f"{item['date']}（{item['printed']}）", "新增", item["source"])
            )
        elif shifted(before[key]["date"], gap) != item["date"]:
            previous = before[key]
            comparison.deadlines.append(
                Change(
                    item["description"],
                    f"{previous['date']}（{previous['printed']}）",
                    f"{item['date']}（{item['printed']}）",
                    "日期调整",
                    item["source"],
                    previous["source"],
                )
            )
    for key in sorted(set(before) - set(after)):
        item = before[key]
        comparison.deadlines.append(
            Change(
                item["description"], f"{item['date']}（{item['printed']}）", "（无）", "不再列出", None, item["source"]
            )
        )


CONSEQUENCE_TOPICS = {
    "annual-review": "年度考核",
    "professional-title": "职称评定",
    "certificate-public": "公需科目合格证书",
    "certificate-complete": "继续教育合格证书",
    "registration-quality": "学时登记质量",
    "registration-truth": "如实登记学时",
    "evaluation-and-appointment": "考核评价与岗位聘用",
    "expert-title": "专家称号",
    "qualification-registration": "职业资格登记或注册",
    "digital-certificate-hours": "数字技术证书的学时认定",
    "teaching-hours": "授课教师的学时",
}
"""Names of the consequence ids used in the data; an unknown id is shown as it is."""


def compare_consequences(old: dict[str, Any], new: dict[str, Any], comparison: Comparison) -> None:
    before = {item["id"]: item for item in old["consequences"]}
    after = {item["id"]: item for item in new["consequences"]}
    for key in sorted(set(after) - set(before)):
        topic = CONSEQUENCE_TOPICS.get(key, key)
        comparison.consequences.append(Change(topic, "（无）", after[key]["text"], "新增", after[key]["source"]))
    for key in sorted(set(before) - set(after)):
        topic = CONSEQUENCE_TOPICS.get(key, key)
        comparison.consequences.append(
            Change(topic, before[key]["text"], "（无）", "不再列出", None, before[key]["source"])
        )


def contact_text(contact: dict[str, Any]) -> str:
    parts = [f"电话 {joined(contact['phones'])}"]
    if contact["person"]:
        parts.insert(0, f"联系人 {contact['person']}")
    if contact["email"]:
        parts.append(f"邮箱 {contact['email']}")
    if contact["hours"]:
        parts.append(contact["hours"])
    return "；".join(parts)


def compare_contacts(old: dict[str, Any], new: dict[str, Any], comparison: Comparison) -> None:
    before = {item["name"]: item for item in old["contacts"]}
    after = {item["name"]: item for item in new["contacts"]}
    for name in sorted(set(before) | set(after)):
        old_text = contact_text(before[name]) if name in before else "（无）"
        new_text = contact_text(after[name]) if name in after else "（无）"
        if old_text != new_text:
            source = after[name]["source"] if name in after else None
            old_source = before[name]["source"] if name in before else None
            comparison.contacts.append(Change(name, old_text, new_text, "", source, old_source))


def directory_of(data: Data, kind: str, year: int) -> str | None:
    """The list of a kind attached to a year, if any (the file stem)."""
    stems = sorted(stem for stem in data.directories_of_kind(kind) if urls.directory_year(data, stem) == year)
    return stems[-1] if stems else None


def previous_directory(data: Data, kind: str, year: int) -> str | None:
    """The newest list of a kind from an earlier year."""
    earlier = sorted(
        (urls.directory_year(data, stem), stem)
        for stem in data.directories_of_kind(kind)
        if urls.directory_year(data, stem) < year
    )
    return earlier[-1][1] if earlier else None


def row_key(kind: str, row: dict[str, Any]) -> tuple[str, str]:
    if kind == "training-institutions":
        return (row["occupation"], row["organisation"])
    if kind == "bases":
        return (row["level"], row["organisation"])
    return ("", row["organisation"])


def row_label(kind: str, row: dict[str, Any]) -> dict[str, Any]:
    what = {
        "training-institutions": row.get("occupation"),
        "bases": {"national": "国家级", "regional": "自治区级"}.get(row.get("level", "")),
    }
    return {
        "organisation": row["organisation"],
        "name": row["name"],
        "what": what.get(kind) or "",
        "batch": row.get("batch"),
        "phone": row.get("phone"),
    }


def compare_lists(data: Data, kind: str, year: int) -> ListChanges | None:
    """Rows added, removed, re-batched or with another phone, against the previous list of the kind on file."""
    stem = directory_of(data, kind, year)
    if stem is None:
        return None
    title = urls.directory_title(data, stem)
    old_stem = previous_directory(data, kind, year)
    new_rows = data.directories[stem].get("entries", data.directories[stem].get("units", []))
    if old_stem is None:
        return ListChanges(title, None, note=f"首次收录这份名单（{len(new_rows)} 行），没有更早的名单可比。")
    old_rows = data.directories[old_stem].get("entries", data.directories[old_stem].get("units", []))
    before = {row_key(kind, row): row for row in old_rows}
    after = {row_key(kind, row): row for row in new_rows}
    changes = ListChanges(title, urls.directory_title(data, old_stem))
    changes.added = [row_label(kind, after[key]) for key in after if key not in before]
    changes.removed = [row_label(kind, before[key]) for key in before if key not in after]
    for key, row in after.items():
        if key not in before:
            continue
        old = before[key]
        label = row_label(kind, row)
        topic = f"{row['name']}（{label['what']}）" if label["what"] else row["name"]
        if old.get("batch") != row.get("batch"):
            changes.changed.append(Change(topic, old.get("batch") or "—", row.get("batch") or "—", "批次"))
        if old.get("phone") and row.get("phone") and old["phone"] != row["phone"]:
            changes.changed.append(Change(topic, old["phone"], row["phone"], "电话"))
        elif not old.get("phone") and row.get("phone"):
            changes.phones_added.append(label)
    return changes


def compare_years(data: Data, year: int) -> Comparison | None:
    """The comparison of a year's notice with the previous notice on file; None for the first year."""
    earlier = [other for other in sorted(data.notices) if other < year]
    if not earlier:
        return None
    old, new = data.notices[earlier[-1]], data.notices[year]
    comparison = Comparison(year=year, previous=earlier[-1])
    compare_rules(old, new, comparison)
    compare_deadlines(old, new, comparison)
    compare_consequences(old, new, comparison)
    compare_contacts(old, new, comparison)
    comparison.wording = wording_changes(old, new, CONSEQUENCE_TOPICS)
    for kind in ("bases", "training-institutions", "pilot-units"):
        changes = compare_lists(data, kind, year)
        if changes is not None:
            comparison.lists.append(changes)
    return comparison


def compared_years(data: Data) -> list[int]:
    """Years that have an earlier notice to compare with, newest first."""
    return sorted((year for year in data.notices if any(other < year for other in data.notices)), reverse=True)
