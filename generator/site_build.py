"""`python -m generator build`: validate, build with MkDocs into a folder next to the target, swap it in, summarise.

A failed build leaves the previous site/ untouched. The summary compares the data snapshot of the
new site with the one the previous build left in site/ (data-snapshot.json).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.load import validate_data
from generator.snapshot import read_snapshot, summary

ROOT = Path(__file__).resolve().parent.parent


def mkdocs_environment(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GX_DATA_DIR": str(data_dir.resolve())}


def swap_in(built: Path, site_dir: Path, scratch: Path) -> None:
    """Replace site_dir by built: two renames in the same folder, the old site removed afterwards."""
    if site_dir.exists():
        old = scratch / "previous"
        site_dir.rename(old)
        built.rename(site_dir)
        shutil.rmtree(old)
    else:
        built.rename(site_dir)


def update_command_line_rules(data_dir: Path) -> None:
    """Publishing the repository's data also refreshes calculator/rules.json, which the command line reads."""
    from generator.compile_rules import DATA_DIR, RULES_PATH, compile_rules, dumps

    if data_dir.resolve() != DATA_DIR.resolve():
        return
    text = dumps(compile_rules(data_dir))
    if not RULES_PATH.exists() or RULES_PATH.read_text(encoding="utf-8") != text:
        RULES_PATH.write_text(text, encoding="utf-8")
        print(f"已按 data/ 更新 {RULES_PATH.relative_to(ROOT)}（命令行计算器使用）")


def build_site(site_dir: Path, data_dir: Path, config_file: Path = ROOT / "mkdocs.yml") -> int:
    """Build the site into site_dir; 0 on success, non-zero (site_dir unchanged) otherwise."""
    data, problems = validate_data(data_dir)
    for problem in problems:
        print(problem.format(Path.cwd()), file=sys.stderr if problem.is_error else sys.stdout)
    if data is None:
        errors = sum(problem.is_error for problem in problems)
        print(f"数据有 {errors} 个错误，网站未生成（{site_dir} 保持不变）。", file=sys.stderr)
        return 1
    update_command_line_rules(data_dir)
    site_dir = site_dir.resolve()
    previous = read_snapshot(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{site_dir.name}-build-", dir=site_dir.parent) as scratch:
        built = Path(scratch) / "site"
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_file)]
        result = subprocess.run([*command, "--site-dir", str(built)], cwd=ROOT, env=mkdocs_environment(data_dir))
        if result.returncode != 0:
            print(f"MkDocs 生成失败，{site_dir} 保持不变。", file=sys.stderr)
            return result.returncode
        swap_in(built, site_dir, Path(scratch))
    current = read_snapshot(site_dir)
    assert current is not None, "the build writes data-snapshot.json"
    lines = summary(previous, current)
    print(f"网站已生成：{site_dir}")
    print("与上次生成相比，数据" + ("有以下变化：" if lines else "没有变化。"))
    for line in lines:
        print(f"  - {line}")
    return 0


def preview(data_dir: Path, address: str) -> int:
    """`mkdocs serve`: rebuilds and reloads the browser whenever data/, content/ or site_config/ changes.

    Not strict: a warning is shown in the terminal but the preview keeps showing the newest pages.
    """
    command = [sys.executable, "-m", "mkdocs", "serve", "--no-strict", "--dev-addr", address]
    os.chdir(ROOT)
    os.execve(sys.executable, command, mkdocs_environment(data_dir))  # becomes mkdocs: Ctrl+C and kill reach it
