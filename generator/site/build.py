"""`python -m generator build`: validate, build aside, publish site/ and calculator/rules.json together, summarise.

Validation and the MkDocs build run in one process: the hooks use the data validated here instead of
reading every file again. The summary compares the data snapshot of the new site with the one the
previous build left in site/ (data-snapshot.json). The MkDocs run is in site/mkdocs_run.py; the lock,
the journal, the swap and the cleanup (steps 1, 2, 5 and 6 below) are in site/publish.py.

Order of a build (S is the site folder, by default site/; all helper files sit beside it):

1. Take the lock `.S.lock` (fcntl.flock: the kernel releases it when the process ends, however it
   ends; a build that ends normally removes the file). A second build waits for the first, saying so
   in one line; after GX_BUILD_WAIT_SECONDS (default 3600) it gives up with one line and exit 1. A
   build of the repository's own data/ also takes `.build/rules.lock`, because it publishes
   calculator/rules.json, which all site folders share.
2. Finish a publish a killed build left half done (the journal `.S.publish.json`, see 6), then remove
   what killed builds left: `.S-build-*` folders, `.S.publish.json.tmp`, `calculator/.rules.json.*.tmp`.
3. Validate the data; compile the calculator's rules (only for the repository's own data/).
4. Build with MkDocs into a new `.S-build-*/site`. calculator/rules.json is published with the rules
   the site's calculator/core.<hash>.bundle holds (the same bytes, so the same `version`). Before MkDocs the
   new rules are compiled the same way, so that MkDocs' strict mode does not stop on the hooks'
   warning that rules.json on disk is older than data/: that is exactly what this build publishes.
5. Write the new rules to `calculator/.rules.json.<random>.tmp` and fsync it.
6. Publish, with SIGINT, SIGTERM and SIGHUP held back until it is done: write the journal
   (the new tree's inode, the new rules text, the SHA-256 of the rules it replaces), fsync it; swap
   the new tree and S in one step with renameat2(RENAME_EXCHANGE) (Linux; elsewhere, or on a file
   system without it, two renames: S to `.S-build-*/previous`, the new tree to S); os.replace the
   rules file; fsync the folders; delete the journal. Then remove the old tree.

What is guaranteed, for a build that stops at any moment (kill -9, a crash, Ctrl+C, a full disk):

- S is never missing once it exists (one exchange; with the two-rename fallback it is missing for
  the moment between the renames, and a build killed there is finished by the next one).
- Before the journal is on disk nothing published has changed: S and rules.json are the old ones.
- Once the journal is on disk the publish is decided: the next build of S finishes it before anything
  else (swaps the new tree in if it is not yet, writes the journal's rules unless rules.json has
  meanwhile been changed by someone else), so S and rules.json become the new ones together.
  Between the exchange and the rules rename (a few microseconds, or for good if killed exactly
  there and until the next build) S is new and rules.json still old: that is the one window two
  separate files leave; the signals a person sends do not land in it.
- A failure a person can cause (bad data, a full disk, a folder that cannot be written, Ctrl+C, a
  build already running) ends with one line in Chinese and leaves S and rules.json as they were.
- rules.json and the journal are fsynced before they count; the files of the site tree are not
  (after a power cut, as opposed to a killed process, pages of the last build may be incomplete:
  build again).

GX_BUILD_PAUSE_AT=<stage> (read only by tests) makes the build print `GX_BUILD_PAUSE_AT <stage>` on
stderr and sleep at that stage (`<stage>:<seconds>` for a limited time), so a test can kill it there.
Stages: locked (after 2), mkdocs (MkDocs started), built (after 5), journal (journal written),
swapped (S swapped, rules not yet).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from generator.data.load import validate_data
from generator.data.model import Data
from generator.paths import DATA_DIR, MKDOCS_CONFIG, PROJECT_DIR
from generator.site.mkdocs_run import mkdocs_build, mkdocs_environment
from generator.site.publish import (
    BuildStopped,
    Places,
    Progress,
    advice,
    locked,
    pause_at,
    publish,
    read_journal,
    reason,
    recover,
    remove_leftovers,
    rules_lock,
    rules_path,
    stage_rules,
)
from generator.site.snapshot import read_snapshot, summary

ROOT = PROJECT_DIR


def publishes_rules(data_dir: Path) -> bool:
    """Building the project's own data/ also publishes calculator/rules.json (the command line's rules), when
    the project has that file (a source checkout)."""
    return data_dir.resolve() == DATA_DIR.resolve() and rules_path().is_file()


# The build ---------------------------------------------------------------------------------------------


def build_site(site_dir: Path, data_dir: Path, config_file: Path = MKDOCS_CONFIG, strict: bool = True) -> int:
    """Build the site into site_dir (see the module's docstring); 0 on success, non-zero otherwise.

    strict: MkDocs warnings fail the build (always, when publishing). Every way a build stops ends
    with one line saying what happened; only an unexpected error inside MkDocs prints a traceback.
    """
    site_dir, data_dir = Path(site_dir).resolve(), Path(data_dir)
    kept = f"{site_dir}" + (" 和 calculator/rules.json" if publishes_rules(data_dir) else "")
    progress = Progress(kept)
    try:
        return _build_site(Places(site_dir), data_dir, config_file, strict, progress)
    except BuildStopped as stop:
        print(str(stop), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        if progress.published:
            print("已中断：新网站已发布，之后的清理没做完（下次生成时清理）。", file=sys.stderr)
        else:
            print(f"已中断：{kept} 保持原样（留下的临时文件下次生成时清理）。", file=sys.stderr)
        return 130
    except OSError as error:
        if progress.published:
            print(f"新网站已发布，但之后出错（{reason(error)}）：请{advice(error)}。", file=sys.stderr)
        else:
            print(f"生成失败（{reason(error)}），{kept} 保持原样：请{advice(error)}。", file=sys.stderr)
        return 1


def _build_site(places: Places, data_dir: Path, config_file: Path, strict: bool, progress: Progress) -> int:
    places.site_dir.parent.mkdir(parents=True, exist_ok=True)
    with ExitStack() as locks:
        locks.enter_context(locked(places.lock))
        entry = read_journal(places)
        with_rules = publishes_rules(data_dir) or bool(entry and entry.get("rules"))
        if with_rules:
            locks.enter_context(locked(rules_lock()))
        if entry is not None:
            recover(places, entry)
        remove_leftovers(places, with_rules)
        pause_at("locked")
        return _build_locked(places, data_dir, config_file, strict, progress)


def _build_locked(places: Places, data_dir: Path, config_file: Path, strict: bool, progress: Progress) -> int:
    site_dir = places.site_dir
    data, problems = validate_data(data_dir)
    for problem in problems:
        print(problem.format(Path.cwd()), file=sys.stderr if problem.is_error else sys.stdout)
    if data is None:
        errors = sum(problem.is_error for problem in problems)
        print(f"数据有 {errors} 个错误，网站未生成（{site_dir} 保持不变）。", file=sys.stderr)
        return 1
    rules = compile_rules_text(data) if publishes_rules(data_dir) else None
    previous = read_snapshot(site_dir)
    scratch = Path(tempfile.mkdtemp(prefix=places.scratch_prefix, dir=site_dir.parent))
    temporary: Path | None = None
    try:
        built = scratch / "site"
        returncode = mkdocs_build(config_file, built, data_dir, data, strict, publishing_rules=rules is not None)
        if returncode != 0:
            print(f"MkDocs 生成失败，{progress.kept} 保持不变。", file=sys.stderr)
            return returncode
        change = None
        if rules is not None:
            before, compiled = rules
            text = rules_in_site(built)
            if text != before:
                change = stage_rules(text, before)
                temporary = Path(change["temporary"])
        pause_at("built")
        publish(places, built, change, progress)
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        shutil.rmtree(scratch, ignore_errors=True)
    if change is not None:
        print(f"已按 data/ 更新 {rules_path().relative_to(ROOT)}（命令行计算器使用），与网站中的规则同一版本。")
    current = read_snapshot(site_dir)
    lines = summary(previous, current) if current is not None else []
    print(f"网站已生成：{site_dir}")
    # What snapshot.summary compares: the years' documents, rules and deadlines, the organisations and directories (not
    # the FAQ, the guides or the clauses' wording, so "no change" is said of those only).
    scope = "规则、期限、单位和名录"
    print(f"与上次生成相比，{scope}" + ("有以下变化：" if lines else "没有变化（常见问题、操作指南和条款文字的改动不在此列出）。"))
    for line in lines:
        print(f"  - {line}")
    return 0


def compile_rules_text(data: Data) -> tuple[str | None, str]:
    """(rules.json as it is, the rules compiled from data with their version) for the command line."""
    from generator.rules.compile_rules import CompileError, compile_data, dumps, read_previous, with_version

    before = read_previous(rules_path())
    try:
        return before, dumps(with_version(compile_data(data), before))
    except CompileError as error:
        raise BuildStopped(f"无法编译计算器规则：{error}") from None


def rules_in_site(site_dir: Path) -> str:
    """The rules.json inside the built site's core bundle (what the pages' calculator uses), to publish with it."""
    from generator.browser.calculator_assets import core_bundle_file
    from generator.browser.core_bundle import CoreBundleError, unpack

    try:
        _, files = unpack(core_bundle_file(site_dir).read_bytes())
        return files["calculator/rules.json"].decode("utf-8")
    except (OSError, KeyError, ValueError, CoreBundleError) as error:
        raise BuildStopped(f"生成的网站中读不到计算器的规则（{error}）：网站和命令行的规则没有更新") from None


def preview(data_dir: Path, address: str) -> int:
    """`mkdocs serve`: rebuilds and reloads the browser whenever data/, content/ or site_config/ changes.

    Not strict: a warning is shown in the terminal but the preview keeps showing the newest pages.
    """
    command = [sys.executable, "-m", "mkdocs", "serve", "--no-strict", "--dev-addr", address]
    os.chdir(ROOT)
    environment = {**mkdocs_environment(data_dir), "GX_PREVIEW": "1"}  # the data-quality page shows import reports
    os.execve(sys.executable, command, environment)  # becomes mkdocs: Ctrl+C and kill reach it
