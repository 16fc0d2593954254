"""An editor starts a new year from the latest notice: refused until every TODO is filled in."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from generator.data.load import validate_data
from generator.data.todo import todo_paths
from tests.conftest import ROOT


def value_at(document: Any, where: tuple[str | int, ...]) -> Any:
    for step in where:
        document = document[step]
    return document


def set_at(document: Any, where: tuple[str | int, ...], value: Any) -> None:
    value_at(document, where[:-1])[where[-1]] = value


def fill_todos_with(previous: dict[str, Any], draft: dict[str, Any]) -> dict[str, Any]:
    """What an editor does when the new notice repeats last year's values: every TODO replaced."""
    filled = copy.deepcopy(draft)
    for where, _ in todo_paths(draft):
        original_parent = value_at(previous, where[:-1])
        if isinstance(original_parent, list) and all(isinstance(item, str | int) for item in original_parent):
            set_at(filled, where[:-1], list(original_parent))  # a list of plain values was collapsed into one TODO
        else:
            set_at(filled, where, value_at(previous, where))
    return filled


def as_next_year(
    data_dir: Path, filled: dict[str, Any], previous: dict[str, Any], make_up: str, extra: tuple[str, ...] = ()
) -> None:
    """The filled draft and its own source text as the next year's notice prints them: every date (2026年12月) a year
    on, the make-up range written `make_up` (2022年至2026年); the text is last year's with the same changes, plus
    `extra` lines, put beside the data and named by the draft (validation finds every transcribed string in it,
    generator/data/transcribed.py)."""

    def as_printed(line: str) -> str:
        moved = re.sub(r"([0-9]{4})(?=年[0-9]+月)", lambda found: str(int(found.group(1)) + 1), line)
        return moved.replace("2022年至2025年", make_up)

    for clause in filled["clauses"]:
        clause["paragraphs"] = [as_printed(paragraph) for paragraph in clause["paragraphs"]]
    filled["makeup"]["text"] = as_printed(filled["makeup"]["text"])
    for deadline in filled["deadlines"]:
        deadline["printed"] = as_printed(deadline["printed"])
    filled["document"]["date_printed"] = as_printed(filled["document"]["date_printed"])
    name = "sources/2027-test-notice.txt"
    lines = (ROOT / previous["document"]["source_files"][0]).read_text(encoding="utf-8").split("\n")
    (data_dir.parent / "sources").mkdir(exist_ok=True)
    text = "\n".join([*(as_printed(line) for line in lines), *extra]) + "\n"
    (data_dir.parent / name).write_text(text, encoding="utf-8")
    filled["document"]["source_files"] = [name]


def run_new_year(data_dir: Path, year: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "new-year", str(year), "--data", str(data_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_a_new_year_is_refused_until_its_todos_are_filled_and_accepted_afterwards(data_copy: Path) -> None:
    result = run_new_year(data_copy, 2027)
    assert result.returncode == 0, result.stderr
    assert "2027.yaml" in result.stdout and "TODO" in result.stdout and "rules" in result.stdout
    path = data_copy / "notices" / "2027.yaml"
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../generator/schemas/notice.schema.json"
    )

    data, problems = validate_data(data_copy)
    assert data is None
    todo_errors = [p for p in problems if p.is_error and "待核对" in p.message]
    assert todo_errors and all(p.path == path for p in todo_errors)
    assert all(p.line > 1 for p in todo_errors)

    draft = yaml.safe_load(path.read_text(encoding="utf-8"))
    previous = yaml.safe_load((data_copy / "notices" / "2026.yaml").read_text(encoding="utf-8"))
    filled = fill_todos_with(previous, draft)
    for deadline in filled["deadlines"]:
        deadline["date"] = f"{int(deadline['date'][:4]) + 1}{deadline['date'][4:]}"
    filled["makeup"].update(from_year=2022, to_year=2026)
    as_next_year(data_copy, filled, previous, "2022年至2026年")
    filled["document"]["date"] = "2026-05-18"  # its printed date moved a year on: 2026年5月18日
    path.write_text(yaml.safe_dump(filled, allow_unicode=True, sort_keys=False), encoding="utf-8")

    data, problems = validate_data(data_copy)
    assert data is not None, [p.format() for p in problems if p.is_error]
    assert 2027 in data.notices


def test_new_year_refuses_a_year_already_on_file(data_copy: Path) -> None:
    result = run_new_year(data_copy, 2026)
    assert result.returncode == 2
    assert "已经存在" in result.stderr and "Traceback" not in result.stderr


def test_new_year_refuses_a_year_before_the_latest(data_copy: Path) -> None:
    result = run_new_year(data_copy, 2024)
    assert result.returncode == 2
    assert "更晚的年度" in result.stderr


def test_new_year_run_twice_says_the_draft_exists_not_its_todos(data_copy: Path) -> None:
    """The first run's draft holds TODOs: the second run listed them all as errors of the data on file."""
    assert run_new_year(data_copy, 2027).returncode == 0
    again = run_new_year(data_copy, 2027)
    assert again.returncode == 2
    assert again.stderr.strip().splitlines() == [
        f"2027 年的通知已经存在：{data_copy / 'notices' / '2027.yaml'}（要重新生成，先删掉它）"
    ]


def test_new_year_refuses_a_year_the_data_model_does_not_allow_before_writing_anything(data_copy: Path) -> None:
    for year in (99999, 10**20, 1999):
        result = run_new_year(data_copy, year)
        assert (result.returncode, result.stderr.strip()) == (2, f"年度 {year} 不在 2000—2100 之间")
        assert not (data_copy / "notices" / f"{year}.yaml").exists()


def test_a_data_option_that_names_no_folder_is_one_line_for_every_command(data_copy: Path) -> None:
    file = data_copy / "notices" / "2026.yaml"
    for command in (["validate"], ["new-year", "2027"], ["import-notice", str(file), "--year", "2027"]):
        for data, says in ((file, "不是文件夹"), (data_copy / "nowhere", "没有这个文件夹")):
            result = subprocess.run(
                [sys.executable, "-m", "generator", *command, "--data", str(data)],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            lines = result.stderr.strip().splitlines()
            assert result.returncode == 2 and len(lines) == 1, result.stderr
            assert lines[0].startswith(f"--data {data}") and says in lines[0], lines[0]
