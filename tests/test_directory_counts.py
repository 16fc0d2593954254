"""The directory YAML files against the source texts, parsed here independently of the YAML.

The source texts in sources/ are read with plain line patterns (a phone, a batch, a sequence
number), so a row lost, doubled or mistyped while writing the YAML shows up as a count or a
missing tuple.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
import yaml

from tests.conftest import DATA, SOURCES

SOURCE_2026 = "2026-task-plan_gui-ren-she-han-2026-196.txt"
SOURCE_2025_B = "2025-task-plan_gui-ren-she-han-2025-80_rendering-b.txt"
SOURCE_2025_A = "2025-task-plan_gui-ren-she-han-2025-80_rendering-a.txt"

PHONE = r"(?:0\d{2,3}[-—]\d{6,8}|1[3-9]\d{9})"
BATCH = r"第[一二三四五六七八九十]+批"


def source_lines(name: str) -> list[str]:
    return (SOURCES / name).read_text(encoding="utf-8").splitlines()


def section(lines: list[str], start: str, end: str | None = None) -> list[str]:
    """The lines after the first line equal to `start`, up to the first line equal to `end`."""
    begin = lines.index(start) + 1
    stop = lines.index(end, begin) if end is not None else len(lines)
    return lines[begin:stop]


def load(relative: str) -> dict[str, Any]:
    data = yaml.safe_load((DATA / relative).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def joined(text: str) -> str:
    """Without the layout spaces that table line-breaks leave inside names."""
    return re.sub(r"\s+", "", text)


# --- the source texts --------------------------------------------------------------------------


def annex1_2026_rows() -> list[tuple[str, str, str, str]]:
    """(occupation, name, phone, batch) of every row of annex 1 of the 2026 notice."""
    rows = []
    occupation = ""
    row = re.compile(rf"^([^\t]*)\t([^\t]+)\t({PHONE})\t({BATCH})$")
    for line in section(source_lines(SOURCE_2026), "附件 1", "附件 2"):
        match = row.match(line)
        if match:
            occupation = joined(match[1]) or occupation
            rows.append((occupation, joined(match[2]), match[3], match[4]))
    return rows


def annex2_2026_rows() -> list[tuple[str, int, str, str, str]]:
    """(level, seq, name, phone, remark column) of every row of annex 2 of the 2026 notice."""
    rows = []
    level = ""
    row = re.compile(rf"^(\d+)\t([^\t]+)\t({PHONE})\t?(.*)$")
    for line in section(source_lines(SOURCE_2026), "附件 2"):
        if line.startswith("序号"):
            level = "national" if "国家级" in line else "regional"
            continue
        match = row.match(line)
        if match:
            rows.append((level, int(match[1]), match[2], match[3], match[4]))
    return rows


def annex3_2025_rendering_b_rows() -> list[tuple[str, str, str]]:
    rows = []
    occupation = ""
    row = re.compile(rf"^([^\t]*)\t([^\t]+)\t({BATCH})$")
    for line in section(source_lines(SOURCE_2025_B), "附件 3"):
        match = row.match(line)
        if match:
            occupation = joined(match[1]) or occupation
            rows.append((occupation, joined(match[2]), match[3]))
    return rows


def annex3_2025_rendering_a_rows() -> list[tuple[str, str, str]]:
    """Rendering A prints one cell per tab-indented line and a blank line after each row."""
    cells: list[list[str]] = [[]]
    for line in section(source_lines(SOURCE_2025_A), "附件3", "注册/登录"):
        if line.startswith("\t"):
            cells[-1].append(line[1:])
        elif cells[-1]:
            cells.append([])
    rows = []
    occupation = ""
    for cell in cells:
        if len(cell) == 3 and re.fullmatch(BATCH, cell[2]):
            occupation = joined(cell[0]) or occupation
            rows.append((occupation, joined(cell[1]), cell[2]))
    return rows


def pilot_clause_text() -> str:
    lines = section(
        source_lines(SOURCE_2026), "(一) 推进专业技术人员继续教育基地制度改革试点工作", "（二）加强课程建设"
    )
    return "".join(line.strip() for line in lines)


# --- the YAML files ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def organisations() -> list[dict[str, Any]]:
    data = load("organisations.yaml")
    assert data["kind"] == "organisations"
    return list(data["organisations"])


@pytest.fixture(scope="module")
def bases() -> dict[str, Any]:
    return load("directories/bases-2026.yaml")


@pytest.fixture(scope="module")
def training_2026() -> dict[str, Any]:
    return load("directories/training-institutions-2026.yaml")


@pytest.fixture(scope="module")
def training_2025() -> dict[str, Any]:
    return load("directories/training-institutions-2025.yaml")


@pytest.fixture(scope="module")
def pilot() -> dict[str, Any]:
    return load("directories/pilot-units-2026.yaml")


# --- row counts --------------------------------------------------------------------------------


def test_source_counts_are_the_known_ones() -> None:
    annex2 = annex2_2026_rows()
    assert sum(level == "national" for level, *_ in annex2) == 7
    assert sum(level == "regional" for level, *_ in annex2) == 48
    assert len(annex1_2026_rows()) == 44
    assert len(annex3_2025_rendering_b_rows()) == 44
    assert len(annex3_2025_rendering_a_rows()) == 44


def test_base_counts(bases: dict[str, Any]) -> None:
    source = Counter(level for level, *_ in annex2_2026_rows())
    data = Counter(entry["level"] for entry in bases["entries"])
    assert data == source
    assert data == {"national": 7, "regional": 48}


def test_training_counts(training_2026: dict[str, Any], training_2025: dict[str, Any]) -> None:
    assert len(training_2026["entries"]) == len(annex1_2026_rows())
    assert len(training_2025["entries"]) == len(annex3_2025_rendering_b_rows())
    assert len(training_2025["entries"]) == len(annex3_2025_rendering_a_rows())


# --- rows --------------------------------------------------------------------------------------


def test_every_base_row_is_in_the_yaml_in_order(bases: dict[str, Any]) -> None:
    expected = []
    for level, seq, name, phone, remark in annex2_2026_rows():
        batch = remark if re.fullmatch(BATCH, remark) else None
        dual = remark.strip("()（）") == "双基地"
        expected.append((level, seq, name, phone, batch, dual))
    actual = [
        (entry["level"], entry["seq"], entry["name"], entry["phone"], entry["batch"], entry["dual"])
        for entry in bases["entries"]
    ]
    assert actual == expected


def test_base_footnote(bases: dict[str, Any]) -> None:
    footnotes = [line for line in section(source_lines(SOURCE_2026), "附件 2") if line.startswith("备注")]
    assert bases["footnote"] in footnotes


def test_every_2026_training_row_is_in_the_yaml_in_order(training_2026: dict[str, Any]) -> None:
    actual = [
        (entry["occupation"], entry["name"], entry["phone"], entry["batch"]) for entry in training_2026["entries"]
    ]
    assert actual == annex1_2026_rows()


def test_every_2025_training_row_is_in_the_yaml_in_order(training_2025: dict[str, Any]) -> None:
    actual = [(entry["occupation"], entry["name"], entry["batch"]) for entry in training_2025["entries"]]
    assert actual == annex3_2025_rendering_b_rows()
    assert actual == annex3_2025_rendering_a_rows()
    assert all(entry["phone"] is None for entry in training_2025["entries"])


def test_occupation_printed_only_where_it_differs(training_2026: dict[str, Any], training_2025: dict[str, Any]) -> None:
    for entry in training_2026["entries"] + training_2025["entries"]:
        printed = entry["occupation_printed"]
        if printed is not None:
            assert printed != entry["occupation"]
            assert joined(printed) == entry["occupation"]


def test_pilot_units_and_tasks_are_in_the_clause(pilot: dict[str, Any]) -> None:
    text = pilot_clause_text()
    names = [unit["name"] for unit in pilot["units"]]
    assert len(names) == 9
    assert "、".join(names[:-1]) + "、" + names[-1] + "等9家单位" in text
    assert pilot["basis"] in text
    for task in pilot["tasks"]:
        assert "于" + task["printed"] + task["description"] in text
    unit_ids = {unit["organisation"] for unit in pilot["units"]}
    for task in pilot["tasks"]:
        assert set(task["organisations"]) <= unit_ids
    groups = Counter(len(task["organisations"]) for task in pilot["tasks"])
    assert groups == {7: 2, 5: 2, 1: 1}


# --- organisations -----------------------------------------------------------------------------


def referenced_ids(*files: dict[str, Any]) -> list[str]:
    ids = []
    for data in files:
        for entry in data.get("entries", []):
            ids.append(entry["organisation"])
        for unit in data.get("units", []):
            ids.append(unit["organisation"])
        for task in data.get("tasks", []):
            ids.extend(task["organisations"])
    return ids


def test_no_organisation_is_listed_twice(organisations: list[dict[str, Any]]) -> None:
    ids = Counter(org["id"] for org in organisations)
    assert [i for i, n in ids.items() if n > 1] == []
    names = Counter(name for org in organisations for name in [org["name"], *org["aliases"]])
    assert [name for name, n in names.items() if n > 1] == []


def test_references_and_organisations_match(
    organisations: list[dict[str, Any]],
    bases: dict[str, Any],
    training_2026: dict[str, Any],
    training_2025: dict[str, Any],
    pilot: dict[str, Any],
) -> None:
    known = {org["id"] for org in organisations}
    used = set(referenced_ids(bases, training_2026, training_2025, pilot))
    assert sorted(used - known) == [], "referenced but not in organisations.yaml"
    assert sorted(known - used) == [], "in organisations.yaml but never referenced"


def test_printed_names_are_the_organisations_names_or_aliases(
    organisations: list[dict[str, Any]],
    bases: dict[str, Any],
    training_2026: dict[str, Any],
    training_2025: dict[str, Any],
    pilot: dict[str, Any],
) -> None:
    by_id = {org["id"]: org for org in organisations}
    rows = [*bases["entries"], *training_2026["entries"], *training_2025["entries"], *pilot["units"]]
    for row in rows:
        org = by_id[row["organisation"]]
        assert row["name"] in [org["name"], *org["aliases"]], row
