"""`python -m generator build`: validate, build aside, publish site/ and calculator/rules.json together, summarise.

Validation and the MkDocs build run in one process: the hooks use the data validated here instead of
reading every file again. The summary compares the data snapshot of the new site with the one the
previous build left in site/ (data-snapshot.json).

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
   the site's calculator/core.bundle holds (the same bytes, so the same `version`). Before MkDocs the
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

import ctypes
import errno
import fcntl
import glob
import hashlib
import json
import logging
import os
import secrets
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.data import validated
from generator.data.load import validate_data
from generator.data.model import Data
from generator.paths import BUILD_FOLDER, DATA_DIR, MKDOCS_CONFIG, PROJECT_DIR, RULES_FILE
from generator.site.snapshot import read_snapshot, summary

ROOT = PROJECT_DIR

PAUSE_VARIABLE = "GX_BUILD_PAUSE_AT"
WAIT_VARIABLE = "GX_BUILD_WAIT_SECONDS"
DEFAULT_WAIT_SECONDS = 3600.0
STALE_RULES_WARNING = "calculator/rules.json 与 data/ 不一致"
"""How the hooks' warning about an outdated rules.json begins (generator/browser/calculator_assets.py compiled_rules)."""


class BuildStopped(Exception):
    """The build cannot go on; the message is the one line (Chinese) to show."""


def pause_at(stage: str) -> None:
    """The tests' hook: sleep at `stage` when GX_BUILD_PAUSE_AT names it (see the module's docstring)."""
    wanted, _, seconds = os.environ.get(PAUSE_VARIABLE, "").partition(":")
    if wanted != stage:
        return
    print(f"{PAUSE_VARIABLE} {stage}", file=sys.stderr, flush=True)
    deadline = time.monotonic() + (float(seconds) if seconds else 3600.0)
    while time.monotonic() < deadline:
        time.sleep(0.05)


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


def _pause_when_mkdocs_starts(record: logging.LogRecord) -> bool:
    if record.getMessage().startswith("Building documentation to directory"):
        pause_at("mkdocs")
    return True


def _not_the_stale_rules_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith(STALE_RULES_WARNING)


@contextmanager
def mkdocs_logging(publishing_rules: bool = False) -> Iterator[None]:
    """MkDocs' messages on the terminal as its command line shows them (INFO and up, repeats shown once).

    publishing_rules: the build publishes calculator/rules.json with the site, so the hooks' warning
    that the file on disk is older than data/ is not a problem (and must not fail a strict build).
    """
    from mkdocs.__main__ import ColorFormatter
    from mkdocs.commands import build
    from mkdocs.utils import DuplicateFilter

    logger = logging.getLogger("mkdocs")
    calculator_log = logging.getLogger("mkdocs.hooks.gx.calculator")
    saved = (logger.level, logger.propagate)
    handler = logging.StreamHandler()
    handler.setFormatter(ColorFormatter())
    handler.addFilter(_pause_when_mkdocs_starts)
    duplicates = DuplicateFilter()
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.addHandler(handler)
    build.log.addFilter(duplicates)
    if publishing_rules:
        calculator_log.addFilter(_not_the_stale_rules_warning)
    try:
        yield
    finally:
        calculator_log.removeFilter(_not_the_stale_rules_warning)
        build.log.removeFilter(duplicates)
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def mkdocs_build(
    config_file: Path, site_dir: Path, data_dir: Path, data: Data, strict: bool = True, publishing_rules: bool = False
) -> int:
    """`mkdocs build --strict` (or --no-strict) in this process, the hooks given the data validated just before; 0 or 1.

    What the command would print on a failure is printed here too (MkDocs' own message, or the
    traceback of an unexpected error); the caller leaves the previous site in place. An OSError
    (a full disk, a folder that cannot be written) is raised for the caller to say in one line.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with mkdocs_process(data_dir), mkdocs_logging(publishing_rules):
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
        except OSError:
            raise
        except Exception:
            traceback.print_exc()
            return 1
        finally:
            validated.take(data_dir)
    return 0


# Files on disk -----------------------------------------------------------------------------------------

RENAME_EXCHANGE = 2
AT_FDCWD = -100


def fsync_folder(folder: Path) -> None:
    """Make the renames and deletions inside folder durable."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_durably(path: Path, data: bytes) -> None:
    """Write, flush and fsync path (a temporary name: it becomes visible by a rename afterwards)."""
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def sha256_or_none(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def identity(path: Path) -> list[int] | None:
    """(device, inode) of path itself: a folder keeps it when renamed, so it tells the new tree from the old."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return None
    return [status.st_dev, status.st_ino]


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 with RENAME_EXCHANGE); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    renameat2.restype = ctypes.c_int
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False  # an old kernel or C library, or a file system that cannot exchange
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def swap_in(new_tree: Path, site_dir: Path) -> None:
    """Put new_tree at site_dir. The old site ends up at new_tree's place (exchanged in one step) or,
    where that is not possible, beside it as `previous` (two renames; the first is undone if the second fails)."""
    if not os.path.lexists(site_dir):
        new_tree.rename(site_dir)
        return
    if exchange(new_tree, site_dir):
        return
    aside = new_tree.parent / "previous"
    if os.path.lexists(aside):
        shutil.rmtree(aside)
    site_dir.rename(aside)
    try:
        new_tree.rename(site_dir)
    except BaseException:
        aside.rename(site_dir)
        raise


# Where a build keeps its helper files ------------------------------------------------------------------


@dataclass(frozen=True)
class Places:
    """The site folder S (resolved) and the files a build keeps beside it."""

    site_dir: Path

    @property
    def lock(self) -> Path:
        return self.site_dir.parent / f".{self.site_dir.name}.lock"

    @property
    def journal(self) -> Path:
        return self.site_dir.parent / f".{self.site_dir.name}.publish.json"

    @property
    def journal_temporary(self) -> Path:
        return self.site_dir.parent / f".{self.site_dir.name}.publish.json.tmp"

    @property
    def scratch_prefix(self) -> str:
        return f".{self.site_dir.name}-build-"


def rules_path() -> Path:
    return RULES_FILE


def rules_lock() -> Path:
    return BUILD_FOLDER / "rules.lock"


def rules_temporary_pattern() -> str:
    return f".{rules_path().name}.*.tmp"


def publishes_rules(data_dir: Path) -> bool:
    """Building the project's own data/ also publishes calculator/rules.json (the command line's rules), when
    the project has that file (a source checkout)."""
    return data_dir.resolve() == DATA_DIR.resolve() and rules_path().is_file()


# The lock ----------------------------------------------------------------------------------------------


def wait_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get(WAIT_VARIABLE, "")))
    except ValueError:
        return DEFAULT_WAIT_SECONDS


def duration(seconds: float) -> str:
    return f"{seconds:g} 秒" if seconds < 120 else f"{seconds / 60:.0f} 分钟"


def _holder(descriptor: int) -> str:
    text = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
    return f"进程 {text}" if text.isdigit() else "进程号未知"


@contextmanager
def locked(lock: Path) -> Iterator[None]:
    """Hold an flock on lock (created if need be), waiting for another build that holds it.

    The kernel releases the lock when the holder ends, however it ends. A holder that ends normally
    removes the file, while still holding it: so a waiter that then gets the lock of the removed file
    checks that it locked the file now at that path, and tries again if not.
    """
    lock.parent.mkdir(parents=True, exist_ok=True)
    limit = wait_seconds()
    deadline = time.monotonic() + limit
    said = False
    while True:
        descriptor = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            while True:
                try:
                    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    pass
                if not said:
                    print(f"另一个生成正在进行（{_holder(descriptor)}），等它结束……", flush=True)
                    said = True
                if time.monotonic() >= deadline:
                    raise BuildStopped(
                        f"等了 {duration(limit)}，另一个生成（{_holder(descriptor)}）仍未结束：请确认它是否卡住"
                        f"（卡住就结束那个进程），再运行 make build。"
                    )
                time.sleep(0.1)
            if identity(lock) == [os.fstat(descriptor).st_dev, os.fstat(descriptor).st_ino]:
                break
        except BaseException:
            os.close(descriptor)
            raise
        os.close(descriptor)
    try:
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        lock.unlink(missing_ok=True)
        os.close(descriptor)


# Publishing --------------------------------------------------------------------------------------------


@contextmanager
def signals_held() -> Iterator[list[int]]:
    """Ctrl+C, SIGTERM and SIGHUP arriving inside are recorded and acted on after it (the list they go to)."""
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield received
        return
    wanted = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
    saved = {wanted_one: signal.signal(wanted_one, lambda got, frame: received.append(got)) for wanted_one in wanted}
    try:
        yield received
    finally:
        for held, handler in saved.items():
            signal.signal(held, handler)
    for got in received:
        signal.raise_signal(got)


def publish_rules(rules: dict[str, Any], overwrite: bool) -> bool:
    """Put the journal's rules text in rules.json (from its fsynced temporary file when it is there).

    overwrite False (finishing an interrupted publish): only while rules.json is still the text it
    replaces; False when someone has changed it since (it is left alone).
    """
    path, temporary = Path(rules["path"]), Path(rules["temporary"])
    text = rules["text"].encode("utf-8")
    current = read_bytes(path)
    if current == text:
        temporary.unlink(missing_ok=True)
        return True
    if not overwrite and sha256_or_none(current) != rules["replaces"]:
        temporary.unlink(missing_ok=True)
        return False
    if read_bytes(temporary) != text:
        write_durably(temporary, text)
    os.replace(temporary, path)
    fsync_folder(path.parent)
    return True


def finish_publish(places: Places, entry: dict[str, Any], overwrite_rules: bool) -> bool:
    """Carry out the publish the journal describes, from wherever it stopped; remove the journal.

    False if the new tree is gone before it was swapped in (nothing is published then).
    """
    site_dir, new_tree, new_id = places.site_dir, Path(entry["new_tree"]), entry["new_tree_id"]
    published = True
    if identity(site_dir) != new_id:
        if identity(new_tree) != new_id:
            published = False
        else:
            swap_in(new_tree, site_dir)
            fsync_folder(site_dir.parent)
            fsync_folder(new_tree.parent)
    if published:
        pause_at("swapped")
        if entry.get("rules") and not publish_rules(entry["rules"], overwrite_rules):
            print(f"{entry['rules']['path']} 在中断之后已被改过，未用那次生成的规则覆盖它。")
    places.journal.unlink(missing_ok=True)
    fsync_folder(places.journal.parent)
    return published


def publish(places: Places, new_tree: Path, rules: dict[str, Any] | None, progress: Progress) -> None:
    """Swap new_tree in as the site and put rules in place, as one decision recorded in the journal.

    A signal held back meanwhile acts once progress says the publish is done."""
    new_id = identity(new_tree)
    entry = {"site": str(places.site_dir), "new_tree": str(new_tree), "new_tree_id": new_id, "rules": rules}
    with signals_held():
        write_durably(places.journal_temporary, json.dumps(entry, ensure_ascii=False).encode("utf-8"))
        os.replace(places.journal_temporary, places.journal)
        fsync_folder(places.journal.parent)
        pause_at("journal")
        try:
            finish_publish(places, entry, overwrite_rules=True)
            progress.published = True
        except OSError as error:
            if identity(places.site_dir) != new_id:  # nothing was swapped in: forget this publish
                places.journal.unlink(missing_ok=True)
                raise
            raise BuildStopped(
                f"新网站已换上，但 calculator/rules.json 未能更新（{reason(error)}）：排除问题后运行 make build，"
                f"它会先补完这一步。"
            ) from None


def read_journal(places: Places) -> dict[str, Any] | None:
    text = read_bytes(places.journal)
    if text is None:
        return None
    try:
        entry = json.loads(text)
        if isinstance(entry, dict) and isinstance(entry.get("new_tree"), str):
            return entry
    except ValueError:
        pass
    print(f"{places.journal} 无法读取（不是生成写的发布记录），已删除。")
    places.journal.unlink()
    return None


def recover(places: Places, entry: dict[str, Any]) -> None:
    if finish_publish(places, entry, overwrite_rules=False):
        print("上一次生成在发布途中被中断：已先把它发布完（网站和 calculator/rules.json 都是那次的版本）。")
    else:
        print("上一次生成在发布途中被中断，它生成的网站已不在：网站保持原样。")


def remove_leftovers(places: Places, with_rules: bool) -> None:
    """What killed builds left: `.S-build-*` folders, a journal's temporary file, rules' temporary files."""
    parent = places.site_dir.parent
    found = [*parent.glob(glob.escape(places.scratch_prefix) + "*"), places.journal_temporary]
    if with_rules:
        found += rules_path().parent.glob(rules_temporary_pattern())
    removed = 0
    for path in found:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif os.path.lexists(path):
            path.unlink()
        else:
            continue
        removed += 1
    if removed:
        print(f"已清理中断的生成留下的 {removed} 个临时文件（夹）。")


# Messages ----------------------------------------------------------------------------------------------

REASONS = {
    errno.ENOSPC: ("磁盘已满", "腾出磁盘空间后再运行 make build"),
    errno.EDQUOT: ("超出磁盘配额", "腾出空间后再运行 make build"),
    errno.EACCES: ("没有写入权限", "检查这个文件夹的权限，或用 --site-dir 换一个能写的文件夹"),
    errno.EPERM: ("不允许这样操作", "检查这个文件夹的权限，或用 --site-dir 换一个能写的文件夹"),
    errno.EROFS: ("文件系统只能读", "用 --site-dir 换一个能写的文件夹"),
}


def reason(error: OSError) -> str:
    where = f"{error.filename}：" if error.filename else ""
    return where + REASONS.get(error.errno or 0, (error.strerror or str(error), ""))[0]


def advice(error: OSError) -> str:
    return REASONS.get(error.errno or 0, ("", "排除问题后再运行 make build"))[1]


# The build ---------------------------------------------------------------------------------------------


@dataclass
class Progress:
    kept: str
    """What stays as it was when the build stops before publishing (said in the last line)."""
    published: bool = False


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
            text = rules_in_site(built) or compiled
            if text != before:
                temporary = rules_path().parent / f".{rules_path().name}.{secrets.token_hex(4)}.tmp"
                write_durably(temporary, text.encode("utf-8"))
                replaces = sha256_or_none(None if before is None else before.encode("utf-8"))
                change = {"path": str(rules_path()), "temporary": str(temporary), "text": text, "replaces": replaces}
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
    print("与上次生成相比，数据" + ("有以下变化：" if lines else "没有变化。"))
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


def rules_in_site(site_dir: Path) -> str | None:
    """The rules.json inside the built site's calculator/core.bundle (what the pages' calculator uses)."""
    from generator.browser.core_bundle import CoreBundleError, unpack

    try:
        _, files = unpack((site_dir / "calculator" / "core.bundle").read_bytes())
        return files["calculator/rules.json"].decode("utf-8")
    except (FileNotFoundError, KeyError, ValueError, CoreBundleError):
        return None


def preview(data_dir: Path, address: str) -> int:
    """`mkdocs serve`: rebuilds and reloads the browser whenever data/, content/ or site_config/ changes.

    Not strict: a warning is shown in the terminal but the preview keeps showing the newest pages.
    """
    command = [sys.executable, "-m", "mkdocs", "serve", "--no-strict", "--dev-addr", address]
    os.chdir(ROOT)
    os.execve(sys.executable, command, mkdocs_environment(data_dir))  # becomes mkdocs: Ctrl+C and kill reach it
