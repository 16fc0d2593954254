"""`pip install .`: the wheel holds every module and data file, and its commands work from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def unpacked_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built as pip would (without network: the venv's own setuptools), unpacked."""
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = out.glob("gx_jxjy-*.whl")
    target = out / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def run_installed(site_packages: Path, cwd: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(site_packages), "NO_MKDOCS_2_WARNING": "1"}
    environment.pop("GX_PROJECT_DIR", None)
    return subprocess.run(
        [sys.executable, "-P", *arguments], cwd=cwd, env=environment, capture_output=True, text=True, encoding="utf-8"
    )


def test_the_wheel_holds_every_module_template_schema_and_the_rules(unpacked_wheel: Path) -> None:
    for source in [*ROOT.glob("calculator/*.py"), *ROOT.glob("generator/**/*.py")]:
        assert (unpacked_wheel / source.relative_to(ROOT)).is_file(), f"{source.relative_to(ROOT)} is not in the wheel"
    for data in [ROOT / "calculator" / "rules.json", *ROOT.glob("generator/schemas/*.json")]:
        assert (unpacked_wheel / data.relative_to(ROOT)).is_file(), f"{data.relative_to(ROOT)} is not in the wheel"
    templates = list(ROOT.glob("generator/site/templates/*"))
    assert templates and all((unpacked_wheel / t.relative_to(ROOT)).is_file() for t in templates)


def test_the_installed_calculator_checks_from_any_folder(unpacked_wheel: Path, tmp_path: Path) -> None:
    done = run_installed(
        unpacked_wheel,
        tmp_path,
        "-m",
        "calculator",
        "check",
        "--year=2026",
        "--public-required=20",
        "--professional=70",
    )
    assert done.returncode == 0, done.stderr
    assert "结论：达标" in done.stdout
    assert (
        str(unpacked_wheel)
        in run_installed(unpacked_wheel, tmp_path, "-c", "import calculator; print(calculator.__file__)").stdout
    )


def test_the_installed_generator_validates_the_project_folder_it_is_run_in(
    unpacked_wheel: Path, tmp_path: Path
) -> None:
    done = run_installed(unpacked_wheel, ROOT, "-m", "generator", "validate")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].startswith("数据检查通过")
    assert (
        str(unpacked_wheel)
        in run_installed(unpacked_wheel, ROOT, "-c", "import generator; print(generator.__file__)").stdout
    )

    elsewhere = run_installed(unpacked_wheel, tmp_path, "-m", "generator", "validate")
    assert elsewhere.returncode == 2
    assert elsewhere.stderr.strip().startswith("找不到项目文件夹（含 mkdocs.yml 的文件夹）")
    assert "Traceback" not in elsewhere.stderr
