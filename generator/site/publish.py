"""Publishing a build: the lock, the journal, the one-step swap of the site (renameat2) with rules.json, and the cleanup.

Steps 1, 2, 5 and 6 of a build, and the guarantees for a build stopped at any moment, are described in
site/build.py's docstring; the stages GX_BUILD_PAUSE_AT can stop at too.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import glob
import hashlib
import json
import os
import secrets
import shutil
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.paths import BUILD_FOLDER, RULES_FILE

PAUSE_VARIABLE = "GX_BUILD_PAUSE_AT"
WAIT_VARIABLE = "GX_BUILD_WAIT_SECONDS"
DEFAULT_WAIT_SECONDS = 3600.0


class BuildStopped(Exception):
    """The build cannot go on; the message is the one line (Chinese) to show."""


def pause_at(stage: str) -> None:
    """The tests' hook: sleep at `stage` when GX_BUILD_PAUSE_AT names it (see site/build.py's docstring)."""
    wanted, _, seconds = os.environ.get(PAUSE_VARIABLE, "").partition(":")
    if wanted != stage:
        return
    print(f"{PAUSE_VARIABLE} {stage}", file=sys.stderr, flush=True)
    deadline = time.monotonic() + (float(seconds) if seconds else 3600.0)
    while time.monotonic() < deadline:
        time.sleep(0.05)


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


STALE_TEMPORARY_SECONDS = 60
"""A temporary file in .build/ untouched this long is a killed build's (a live writer renames its file within ms)."""


def remove_leftovers(places: Places, with_rules: bool) -> None:
    """What killed builds left: `.S-build-*` folders, a journal's temporary file, rules' temporary files, and the
    temporary files of .build/ (the calculator script's, Jinja's template cache's) no longer being written."""
    parent = places.site_dir.parent
    found = [*parent.glob(glob.escape(places.scratch_prefix) + "*"), places.journal_temporary]
    if with_rules:
        found += rules_path().parent.glob(rules_temporary_pattern())
    now = time.time()
    for path in BUILD_FOLDER.rglob("*.tmp") if BUILD_FOLDER.is_dir() else []:
        with contextlib.suppress(OSError):
            if path.is_file() and now - path.lstat().st_mtime > STALE_TEMPORARY_SECONDS:
                found.append(path)
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

def stage_rules(text: str, before: str | None) -> dict[str, Any]:
    """Step 5: the new rules written and fsynced beside rules.json under a temporary name; the journal's record of them.

    A temporary file that could not be written whole is removed before the error goes on."""
    temporary = rules_path().parent / f".{rules_path().name}.{secrets.token_hex(4)}.tmp"
    try:
        write_durably(temporary, text.encode("utf-8"))
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    replaces = sha256_or_none(None if before is None else before.encode("utf-8"))
    return {"path": str(rules_path()), "temporary": str(temporary), "text": text, "replaces": replaces}


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


# Progress ------------------------------------------------------------------------------------------------


@dataclass
class Progress:
    kept: str
    """What stays as it was when the build stops before publishing (said in the last line)."""
    published: bool = False
