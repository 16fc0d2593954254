"""`python -m generator build`: validate, build with MkDocs into a folder next to the target, swap it in, summarise.

Validation and the MkDocs build run in one process: the hooks use the data validated here instead of
reading every file again. A failed build leaves the previous site/ untouched. The summary compares the
data snapshot of the new site with the one the previous build left in site/ (data-snapshot.json).
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator import validated
from generator.load import Data, validate_data
from generator.snapshot import read_snapshot, summary

ROOT = Path(__file__).resolve().parent.parent


def mkdocs_environment(data_dir: Path) -> dict[str, str]:
    return {**os.environ, **mkdocs_variables(data_dir)}


def mkdocs_variables(data_dir: Path) -> dict[str, str]:
    """The environment variables MkDocs runs with: the hooks read the data folder from GX_DATA_DIR."""
    return {"NO_MKDOCS_2_WARNING": "1", "GX_DATA_DIR": str(data_dir.resolve())}


@contextmanager
def mkdocs_process(data_dir: Path) -> Iterator[None]:
    """Run MkDocs in this process as `mkdocs build` would run: from the repository, with its variables."""
    variables = mkdocs_variables(data_dir)
    saved = {name: os.environ.get(name) for name in variables}
    cwd = Path.cwd()
    os.environ.update(variables)
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(cwd)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def mkdocs_logging() -> Iterator[None]:
    """MkDocs' messages on the terminal as its command line shows them (INFO and up, repeats shown once)."""
    from mkdocs.__main__ import ColorFormatter
    from mkdocs.commands import build
    from mkdocs.utils import DuplicateFilter

    logger = logging.getLogger("mkdocs")
    saved = (logger.level, logger.propagate)
    handler = logging.StreamHandler()
    handler.setFormatter(ColorFormatter())
    duplicates = DuplicateFilter()
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.addHandler(handler)
    build.log.addFilter(duplicates)
    try:
        yield
    finally:
        build.log.removeFilter(duplicates)
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def mkdocs_build(config_file: Path, site_dir: Path, data_dir: Path, data: Data, strict: bool = True) -> int:
    """`mkdocs build --strict` (or --no-strict) in this process, the hooks given the data validated just before; 0 or 1.

    What the command would print on a failure is printed here too (MkDocs' own message, or the
    traceback of an unexpected error); the caller leaves the previous site in place.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with mkdocs_process(data_dir), mkdocs_logging():
        validated.hand_over(data_dir, data)
        try:
            config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=strict)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        except MkDocsException as error:
            error.show()
            return 1
        except Exception:
            traceback.print_exc()
            return 1
        finally:
            validated.take(data_dir)
    return 0


def swap_in(built: Path, site_dir: Path, scratch: Path) -> None:
    """Replace site_dir by built: two renames in the same folder, the old site removed afterwards."""
    if site_dir.exists():
        old = scratch / "previous"
        site_dir.rename(old)
        built.rename(site_dir)
        shutil.rmtree(old)
    else:
        built.rename(site_dir)


def update_command_line_rules(data_dir: Path, data: Data) -> None:
    """Publishing the repository's data also refreshes calculator/rules.json, which the command line reads."""
    from generator.compile_rules import DATA_DIR, RULES_PATH, compile_data, dumps, read_previous, with_version

    if data_dir.resolve() != DATA_DIR.resolve():
        return
    previous = read_previous(RULES_PATH)
    text = dumps(with_version(compile_data(data), previous))
    if previous != text:
        RULES_PATH.write_text(text, encoding="utf-8")
        print(f"已按 data/ 更新 {RULES_PATH.relative_to(ROOT)}（命令行计算器使用）")


def build_site(site_dir: Path, data_dir: Path, config_file: Path = ROOT / "mkdocs.yml", strict: bool = True) -> int:
    """Build the site into site_dir; 0 on success, non-zero (site_dir unchanged) otherwise.

    strict: MkDocs warnings fail the build (always, when publishing).
    """
    data, problems = validate_data(data_dir)
    for problem in problems:
        print(problem.format(Path.cwd()), file=sys.stderr if problem.is_error else sys.stdout)
    if data is None:
        errors = sum(problem.is_error for problem in problems)
        print(f"数据有 {errors} 个错误，网站未生成（{site_dir} 保持不变）。", file=sys.stderr)
        return 1
    update_command_line_rules(data_dir, data)
    site_dir = site_dir.resolve()
    previous = read_snapshot(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{site_dir.name}-build-", dir=site_dir.parent) as scratch:
        built = Path(scratch) / "site"
        returncode = mkdocs_build(config_file, built, data_dir, data, strict)
        if returncode != 0:
            print(f"MkDocs 生成失败，{site_dir} 保持不变。", file=sys.stderr)
            return returncode
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
