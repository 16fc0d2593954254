"""A JSON snapshot of the data kept in site/, and a summary of what changed since the previous build's snapshot."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.site.changes import rule_values
from generator.data.model import Data
from generator.site.organisation_roles import organisation_roles, phone_numbers

SNAPSHOT_FILE = "data-snapshot.json"


def snapshot(data: Data) -> dict[str, Any]:
    """Years (document, rules, deadlines), organisations (name, city, phones, roles) and list sizes."""
    roles = organisation_roles(data)
    return {
        "years": {
            str(year): {
                "document": notice["document"]["number"],
                "date": notice["document"]["date"],
                "rules": {topic: value for topic, value, _ in rule_values(notice)},
                "deadlines": {item["id"]: item["date"] for item in notice["deadlines"]},
            }
            for year, notice in sorted(data.notices.items())
        },
        "organisations": {
            organisation_id: {
                "name": organisation["name"],
                "city": organisation["city"],
                "phones": [item["phone"] for item in phone_numbers(roles[organisation_id])],
                "roles": sorted(
                    {f"{row['year']} {row['level_name']}基地" for row in roles[organisation_id].bases}
                    | {f"{row['year']} 培训 {row['occupation']}" for row in roles[organisation_id].training}
                    | {f"{row['year']} 试点单位" for row in roles[organisation_id].pilot}
                ),
            }
            for organisation_id, organisation in sorted(data.organisations.items())
        },
        "directories": {
            stem: len(directory.get("entries", directory.get("units", [])))
            for stem, directory in sorted(data.directories.items())
        },
    }


def snapshot_text(data: Data) -> str:
    return json.dumps(snapshot(data), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def read_snapshot(site_dir: Path) -> dict[str, Any] | None:
    path = site_dir / SNAPSHOT_FILE
    if not path.is_file():
        return None
    try:
        result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return result


def show(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(map(str, value)) or "（无）"
    return "（无）" if value is None else str(value)


def differences(before: dict[str, Any], after: dict[str, Any], what: str) -> list[str]:
    """'what：key a → b' for every key whose value differs."""
    lines = []
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            lines.append(f"{what}{key}：{show(before.get(key))} → {show(after.get(key))}")
    return lines


def summary(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """Lines telling an editor what the new build changed in the data; empty when nothing did."""
    if old is None:
        return [
            f"首次生成：{len(new['years'])} 个年度、{len(new['organisations'])} 个单位、{len(new['directories'])} 份名录。"
        ]
    lines = []
    old_years, new_years = old.get("years", {}), new["years"]
    for year in sorted(set(new_years) - set(old_years)):
        lines.append(f"新增年度：{year}（{show(new_years[year]['document'])}）")
    for year in sorted(set(old_years) - set(new_years)):
        lines.append(f"删除年度：{year}")
    for year in sorted(set(old_years) & set(new_years)):
        before, after = old_years[year], new_years[year]
        lines += differences(
            {"文号": before.get("document"), "日期": before.get("date")},
            {"文号": after["document"], "日期": after["date"]},
            f"{year} 年 ",
        )
        lines += differences(before.get("rules", {}), after["rules"], f"{year} 年规则 ")
        lines += differences(before.get("deadlines", {}), after["deadlines"], f"{year} 年期限 ")
    old_organisations, new_organisations = old.get("organisations", {}), new["organisations"]
    added = sorted(set(new_organisations) - set(old_organisations))
    removed = sorted(set(old_organisations) - set(new_organisations))
    if added:
        lines.append("新增单位：" + "、".join(new_organisations[key]["name"] for key in added))
    if removed:
        lines.append("删除单位：" + "、".join(old_organisations[key]["name"] for key in removed))
    for key in sorted(set(old_organisations) & set(new_organisations)):
        name = new_organisations[key]["name"]
        lines += differences(old_organisations[key], new_organisations[key], f"单位 {name} 的 ")
    lines += differences(old.get("directories", {}), new["directories"], "名录行数 ")
    return lines
