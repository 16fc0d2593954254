"""The rows of each directory, prepared for tables and organisation pages (level names, batch order, row anchors)."""

from __future__ import annotations

from typing import Any

from generator.links.anchors import chinese_number
from generator.data.model import Data

LEVELS = {"national": "国家级", "regional": "自治区级"}
NO_CITY = "未注明"


def batch_order(batch: str | None) -> int:
    """'第十一批' → 11; no batch → 0."""
    return chinese_number(batch[1:-1]) if batch else 0


def dual_organisations(directory: dict[str, Any]) -> set[str]:
    """Organisations that are bases at both levels in one list (双基地), whether or not a row says so."""
    levels: dict[str, set[str]] = {}
    for entry in directory["entries"]:
        levels.setdefault(entry["organisation"], set()).add(entry["level"])
    marked = {entry["organisation"] for entry in directory["entries"] if entry["dual"]}
    return marked | {organisation for organisation, seen in levels.items() if len(seen) == 2}


def city_of(data: Data, organisation_id: str) -> str:
    return data.organisations[organisation_id]["city"] or NO_CITY


def base_rows(data: Data, stem: str) -> list[dict[str, Any]]:
    """The rows of a bases list, in source order, with level name, 双基地 and an anchor per row."""
    directory = data.directories[stem]
    dual = dual_organisations(directory)
    return [
        {
            **entry,
            "anchor": f"{entry['level']}-{entry['seq']}",
            "level_name": LEVELS[entry["level"]],
            "level_order": 1 if entry["level"] == "national" else 2,
            "batch_order": batch_order(entry["batch"]),
            "is_dual": entry["organisation"] in dual,
            "city": city_of(data, entry["organisation"]),
        }
        for entry in directory["entries"]
    ]


def training_rows(data: Data, stem: str) -> list[dict[str, Any]]:
    """The rows of a training-institutions list, in source order, with an anchor per row."""
    directory = data.directories[stem]
    return [
        {
            **entry,
            "anchor": f"row-{index}",
            "index": index,
            "batch_order": batch_order(entry["batch"]),
            "city": city_of(data, entry["organisation"]),
        }
        for index, entry in enumerate(directory["entries"], start=1)
    ]


def occupations(rows: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """Each occupation of a training list with its number of rows, in the order of the list."""
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["occupation"]] = counts.get(row["occupation"], 0) + 1
    return list(counts.items())


def pilot_tasks_of(directory: dict[str, Any], organisation_id: str) -> list[dict[str, Any]]:
    """The pilot tasks an organisation carries, by deadline."""
    tasks = [task for task in directory["tasks"] if organisation_id in task["organisations"]]
    return sorted(tasks, key=lambda task: (task["deadline"], task["id"]))
