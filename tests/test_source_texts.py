"""The source texts in sources/: each notice and plan names its own, and a missing one is refused at its line."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.data.load import load_data
from generator.data.source_texts import check_source_files
from tests.conftest import DATA, ROOT, SOURCES
from tests.test_validation import line_of, only_error, replace_once

TEXT_2026 = "sources/2026-task-plan_gui-ren-she-han-2026-196.txt"


def test_every_notice_and_plan_names_source_texts_that_are_in_sources() -> None:
    data = load_data(DATA)
    documents = [*data.notices.values(), *data.plans.values()]
    named = [name for document in documents for name in document["document"]["source_files"]]
    assert named, "no document names a source text"
    assert all(name.startswith("sources/") and (ROOT / name).is_file() for name in named), named


def test_every_text_in_sources_is_named_by_a_notice_or_plan() -> None:
    data = load_data(DATA)
    named = {
        name
        for document in [*data.notices.values(), *data.plans.values()]
        for name in document["document"]["source_files"]
    }
    on_disk = {f"sources/{path.name}" for path in SOURCES.glob("*.txt")}
    assert on_disk == named


def test_both_renderings_of_the_2025_task_plan_are_named_rendering_b_first() -> None:
    names = load_data(DATA).notices[2025]["document"]["source_files"]
    assert names == [
        "sources/2025-task-plan_gui-ren-she-han-2025-80_rendering-b.txt",
        "sources/2025-task-plan_gui-ren-she-han-2025-80_rendering-a.txt",
    ]


def test_every_source_text_is_utf8_and_listed_in_the_sources_readme() -> None:
    readme = (SOURCES / "README.md").read_text(encoding="utf-8")
    for path in sorted(SOURCES.glob("*.txt")):
        path.read_bytes().decode("utf-8")  # strict: the site publishes the text as UTF-8
        assert f"`{path.name}`" in readme, f"{path.name} is not described in sources/README.md"


def test_every_source_text_a_discrepancy_names_exists() -> None:
    data = load_data(DATA)
    named = [
        name
        for source in data.sources.values()
        for discrepancy in source.data.get("discrepancies", [])
        for name in discrepancy["sources"]
        if name.endswith(".txt")
    ]
    assert named, "no discrepancy names a source text"
    assert [name for name in named if not (name.startswith("sources/") and (ROOT / name).is_file())] == []


def test_a_missing_source_text_is_refused_at_its_line(data_copy: Path) -> None:
    notice = data_copy / "notices" / "2026.yaml"
    replace_once(notice, f'    - "{TEXT_2026}"', '    - "sources/2026-task-plan_missing.txt"')
    error = only_error(data_copy)
    assert error.path == notice
    assert error.line == line_of(notice, "sources/2026-task-plan_missing.txt")
    assert error.column == 7
    assert "原文文本 sources/2026-task-plan_missing.txt 不存在" in error.message
    assert "sources/README.md" in error.message


def test_a_source_text_outside_sources_is_refused_by_the_schema(data_copy: Path) -> None:
    notice = data_copy / "notices" / "2026.yaml"
    replace_once(notice, f'    - "{TEXT_2026}"', '    - "../shared/seeds/2026-task-plan_gui-ren-she-han-2026-196.txt"')
    error = only_error(data_copy)
    assert (error.path, error.line) == (notice, line_of(notice, "../shared/seeds/"))
    assert "格式不对" in error.message and "sources/" in error.message


def test_a_source_text_listed_twice_is_refused(data_copy: Path) -> None:
    notice = data_copy / "notices" / "2026.yaml"
    replace_once(notice, f'    - "{TEXT_2026}"\n', f'    - "{TEXT_2026}"\n    - "{TEXT_2026}"\n')
    error = only_error(data_copy)
    assert (error.path, error.line) == (notice, line_of(notice, TEXT_2026) + 1)
    assert "列了两次" in error.message


def test_a_discrepancy_naming_a_missing_source_text_is_refused_at_its_line(data_copy: Path) -> None:
    plan = data_copy / "plans" / "gui-ren-she-fa-2022-15.yaml"
    old = "      - sources/2026-task-plan_gui-ren-she-han-2026-196.txt\n"
    assert line_of(plan, old.strip()) > line_of(plan, "discrepancies:")
    replace_once(plan, old, "      - 2026-task-plan_gui-ren-she-han-2026-196.txt\n")
    error = only_error(data_copy)
    assert (error.path, error.line) == (plan, line_of(plan, "      - 2026-task-plan_gui-ren-she-han-2026-196.txt"))
    assert "原文文本 2026-task-plan_gui-ren-she-han-2026-196.txt 不存在" in error.message


def test_the_source_texts_are_looked_for_in_the_repository_not_beside_the_data(data_copy: Path) -> None:
    """A copy of data/ elsewhere (as tests and benchmarks build from) still finds the repository's sources/."""
    data = load_data(data_copy)
    assert check_source_files(data) == []
    beside_the_copy = check_source_files(data, root=data_copy.parent)
    assert {problem.path.name for problem in beside_the_copy} >= {"2023.yaml", "2025.yaml", "2026.yaml"}
    assert all("不存在" in problem.message for problem in beside_the_copy)


def test_a_source_text_saved_as_gb18030_is_refused_at_its_line_with_what_to_do(tmp_path: Path) -> None:
    """The site publishes the texts as UTF-8: a GB18030 text passed validation and then stopped the build with a
    traceback (UnicodeDecodeError)."""
    shutil.copytree(SOURCES, tmp_path / "sources")
    text = tmp_path / TEXT_2026
    text.write_bytes(text.read_text(encoding="utf-8").encode("gb18030"))
    problems = check_source_files(load_data(DATA), root=tmp_path)
    notice = DATA / "notices" / "2026.yaml"
    assert [(problem.path, problem.line) for problem in problems] == [(notice, line_of(notice, TEXT_2026))]
    assert problems[0].message.startswith(f"原文文本 {TEXT_2026} 第 3 行不是 UTF-8 文本（像是 GB18030）：")
    assert "iconv -f gb18030 -t utf-8" in problems[0].message
