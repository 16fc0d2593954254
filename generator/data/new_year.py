"""Start next year's notice from the latest one on file, with every value to re-check marked TODO.

Validation refuses any value that still starts with TODO, so nothing copied from last year can
be published by mistake; each TODO says what last year's value was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.data.load import load_data
from generator.data.todo import TODO, todo_paths

KEPT_AS_IS = {
    "kind",
    "year",
    "id",
    "audience",
    "date_kind",
    "counts_for",
    "content",
    "directory",
    "source",
    "pass_mark_source",
}
"""Keys whose values are structure (ids, enums, clause references), not facts to re-check."""

EMPTIED = {"discrepancies"}
"""Lists that belong to one notice only and start empty."""


def _shift_year(value: str, years: int) -> str:
    """'2026-12-31' → '2027-12-31' (29 February becomes 28 February)."""
    year, month, day = value.split("-")
    if (month, day) == ("02", "29"):
        day = "28"
    return f"{int(year) + years:04d}-{month}-{day}"


def mark_for_review(value: Any, key: str | None, years: int) -> Any:
    """A copy of `value` in which every fact is replaced by a TODO quoting last year's value."""
    if key in KEPT_AS_IS:
        return value
    if key in EMPTIED:
        return []
    if isinstance(value, dict):
        return {item_key: mark_for_review(item, item_key, years) for item_key, item in value.items()}
    if isinstance(value, list):
        if value and all(not isinstance(item, dict | list) for item in value):
            return [f"{TODO}：核对后填写（上一份通知：{'、'.join(str(item) for item in value)}）"]
        return [mark_for_review(item, None, years) for item in value]
    if value is None:
        return None
    if key == "date" and isinstance(value, str):
        return f"{TODO}：核对日期（按上一份通知推算为 {_shift_year(value, years)}）"
    shown = str(value).lower() if isinstance(value, bool) else str(value)
    if len(shown) > 60:
        shown = shown[:60] + "…"
    return f"{TODO}：核对后填写（上一份通知：{shown}）"


def new_year(data_dir: Path, year: int) -> tuple[Path, list[str]]:
    """Write data/notices/<year>.yaml from the latest notice; return it and what to fill in."""
    if not 2000 <= year <= 2100:  # as the data model and import-notice allow
        raise ValueError(f"年度 {year} 不在 2000—2100 之间")
    target = data_dir / "notices" / f"{year}.yaml"
    if target.exists():  # before the data is checked: a draft made earlier still holds its TODOs
        raise ValueError(f"{year} 年的通知已经存在：{target}（要重新生成，先删掉它）")
    data = load_data(data_dir)
    if year in data.notices:
        raise ValueError(f"{year} 年的通知已经存在：{target}")
    latest = max(data.notices)
    if year <= latest:
        raise ValueError(f"只能新建比已收录的最新年度（{latest}）更晚的年度")
    notice = mark_for_review(data.notices[latest], None, year - latest)
    notice["year"] = year
    if notice.get("makeup"):
        notice["makeup"]["from_year"] = (
            f"{TODO}：核对后填写（上一份通知：{data.notices[latest]['makeup']['from_year']}）"
        )
    header = "# yaml-language-server: $schema=../../generator/schemas/notice.schema.json\n"
    header += (
        f"# 由 python -m generator new-year {year} 从 {latest} 年的通知生成。以 TODO 开头的值都要按新通知核对、填写。\n"
    )
    body = yaml.safe_dump(notice, allow_unicode=True, sort_keys=False, width=100000, default_flow_style=False)
    target.write_text(header + body, encoding="utf-8")
    checklist = _checklist(todo_paths(notice))
    return target, checklist


def _checklist(todos: list[tuple[tuple[str | int, ...], str]]) -> list[str]:
    """What the editor must fill in, grouped by the top-level field."""
    groups: dict[str, int] = {}
    for where, _ in todos:
        top = str(where[0])
        groups[top] = groups.get(top, 0) + 1
    return [f"{field}：{count} 处" for field, count in groups.items()]
