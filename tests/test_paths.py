"""Where the generator finds the project folder (generator/paths.py), and what it says when there is none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from generator import paths
from tests.conftest import ROOT


def project(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    return folder.resolve()


def test_the_project_folder_is_the_one_gx_project_dir_names(tmp_path: Path) -> None:
    named = project(tmp_path / "named")
    elsewhere = project(tmp_path / "elsewhere")
    assert paths.find_project_dir({"GX_PROJECT_DIR": str(named)}, cwd=elsewhere) == named


def test_a_gx_project_dir_without_mkdocs_yml_is_no_project_folder(tmp_path: Path) -> None:
    assert paths.find_project_dir({"GX_PROJECT_DIR": str(tmp_path)}, cwd=ROOT) is None


def test_else_the_current_folder_when_it_holds_mkdocs_yml_else_the_checkout(tmp_path: Path) -> None:
    here = project(tmp_path / "here")
    assert paths.find_project_dir({}, cwd=here) == here
    assert paths.find_project_dir({}, cwd=tmp_path) == ROOT.resolve()


def test_the_repository_is_the_project_folder_of_the_tests() -> None:
    assert ROOT.resolve() == paths.PROJECT_DIR
    assert ROOT.resolve() / "data" == paths.DATA_DIR
    assert paths.RULES_FILE.is_file()
    assert (paths.SCHEMAS_DIR / "notice.schema.json").is_file()


def test_without_a_project_folder_validate_and_build_say_what_to_do_in_one_line(tmp_path: Path) -> None:
    environment = {**os.environ, "GX_PROJECT_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    for command in (["validate"], ["build"]):
        result = subprocess.run(
            [sys.executable, "-m", "generator", *command],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 2, result.stdout + result.stderr
        assert result.stderr.strip().splitlines() == [paths.NO_PROJECT_MESSAGE]
        assert "GX_PROJECT_DIR" in result.stderr and result.stdout == ""
