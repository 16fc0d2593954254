"""The publishing step of `python -m generator build` on small folders: the swap, the journal, the lock."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from generator.site import publish as publishing
from generator.site.publish import BuildStopped, Places, Progress

OLD_RULES = '{"version": "old"}\n'
NEW_RULES = '{"version": "new"}\n'


def tree(folder: Path, content: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(content, encoding="utf-8")
    return folder


def page(folder: Path) -> str:
    return (folder / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Places, Path, Path]:
    """site/ (old), a new tree in a scratch folder beside it, and a rules.json (old)."""
    places = Places(tree(tmp_path / "site", "old"))
    new_tree = tree(tmp_path / ".site-build-x" / "site", "new")
    rules = tmp_path / "calculator" / "rules.json"
    rules.parent.mkdir()
    rules.write_text(OLD_RULES, encoding="utf-8")
    return places, new_tree, rules


def journal_entry(places: Places, new_tree: Path, rules: Path) -> dict[str, Any]:
    """What publish writes before swapping: written here by hand to stop "at" a given moment."""
    entry = {
        "site": str(places.site_dir),
        "new_tree": str(new_tree),
        "new_tree_id": publishing.identity(new_tree),
        "rules": {
            "path": str(rules),
            "temporary": str(rules.parent / ".rules.json.abcd.tmp"),
            "text": NEW_RULES,
            "replaces": hashlib.sha256(OLD_RULES.encode()).hexdigest(),
        },
    }
    places.journal.write_text(json.dumps(entry), encoding="utf-8")
    return entry


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    first, second = tree(tmp_path / "a", "first"), tree(tmp_path / "b", "second")
    assert publishing.exchange(first, second) is True  # Linux with renameat2, as on this project's machines
    assert (page(first), page(second)) == ("second", "first")


def test_publish_swaps_the_site_and_the_rules_and_removes_the_journal(setup: tuple[Places, Path, Path]) -> None:
    places, new_tree, rules = setup
    entry = journal_entry(places, new_tree, rules)
    places.journal.unlink()
    site_before = publishing.identity(places.site_dir)
    progress = Progress("site")
    publishing.publish(places, new_tree, entry["rules"], progress)
    assert progress.published
    assert page(places.site_dir) == "new" and page(new_tree) == "old"  # exchanged: the old tree is where the new was
    assert publishing.identity(new_tree) == site_before
    assert rules.read_text(encoding="utf-8") == NEW_RULES
    assert not places.journal.exists()


def test_without_exchange_two_renames_put_the_new_tree_in_place(
    setup: tuple[Places, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    places, new_tree, _ = setup
    monkeypatch.setattr(publishing, "exchange", lambda first, second: False)
    publishing.swap_in(new_tree, places.site_dir)
    assert page(places.site_dir) == "new"
    assert page(new_tree.parent / "previous") == "old"


def test_when_the_second_rename_fails_the_first_is_undone(
    setup: tuple[Places, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    places, new_tree, _ = setup
    monkeypatch.setattr(publishing, "exchange", lambda first, second: False)
    rename = Path.rename

    def failing_rename(self: Path, target: Path) -> Path:
        if self == new_tree:
            raise PermissionError(13, "Permission denied", str(self))
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", failing_rename)
    with pytest.raises(PermissionError):
        publishing.swap_in(new_tree, places.site_dir)
    assert page(places.site_dir) == "old" and page(new_tree) == "new"


def test_a_publish_that_cannot_swap_forgets_its_journal_and_changes_nothing(
    setup: tuple[Places, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    places, new_tree, rules = setup
    entry = journal_entry(places, new_tree, rules)
    places.journal.unlink()

    def refuse(first: Path, second: Path) -> bool:
        raise PermissionError(13, "Permission denied", str(first))

    monkeypatch.setattr(publishing, "exchange", refuse)
    progress = Progress("site")
    with pytest.raises(PermissionError):
        publishing.publish(places, new_tree, entry["rules"], progress)
    assert not progress.published and not places.journal.exists()
    assert page(places.site_dir) == "old" and rules.read_text(encoding="utf-8") == OLD_RULES


def test_a_journal_written_before_the_swap_is_carried_out_by_the_next_build(
    setup: tuple[Places, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    places, new_tree, rules = setup
    journal_entry(places, new_tree, rules)
    entry = publishing.read_journal(places)
    assert entry is not None
    publishing.recover(places, entry)
    assert page(places.site_dir) == "new" and rules.read_text(encoding="utf-8") == NEW_RULES
    assert not places.journal.exists()
    assert "已先把它发布完" in capsys.readouterr().out


def test_a_journal_after_the_swap_gets_its_rules_written_from_the_journal_itself(
    setup: tuple[Places, Path, Path],
) -> None:
    places, new_tree, rules = setup
    entry = journal_entry(places, new_tree, rules)
    assert publishing.exchange(new_tree, places.site_dir)
    assert not Path(entry["rules"]["temporary"]).exists()  # e.g. removed as a leftover
    publishing.recover(places, entry)
    assert page(places.site_dir) == "new" and rules.read_text(encoding="utf-8") == NEW_RULES
    assert not places.journal.exists()


def test_a_journal_between_the_two_fallback_renames_brings_the_site_back(setup: tuple[Places, Path, Path]) -> None:
    places, new_tree, rules = setup
    entry = journal_entry(places, new_tree, rules)
    places.site_dir.rename(new_tree.parent / "previous")  # killed between the two renames: no site/ now
    publishing.recover(places, entry)
    assert page(places.site_dir) == "new" and rules.read_text(encoding="utf-8") == NEW_RULES


def test_rules_changed_by_someone_else_after_the_kill_are_left_alone(
    setup: tuple[Places, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    places, new_tree, rules = setup
    entry = journal_entry(places, new_tree, rules)
    rules.write_text('{"version": "someone else"}\n', encoding="utf-8")
    publishing.recover(places, entry)
    assert page(places.site_dir) == "new"
    assert rules.read_text(encoding="utf-8") == '{"version": "someone else"}\n'
    assert "未用那次生成的规则覆盖它" in capsys.readouterr().out


def test_a_journal_whose_new_tree_is_gone_changes_nothing(
    setup: tuple[Places, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    places, new_tree, rules = setup
    entry = journal_entry(places, new_tree, rules)
    (new_tree / "index.html").unlink()
    new_tree.rmdir()
    publishing.recover(places, entry)
    assert page(places.site_dir) == "old" and rules.read_text(encoding="utf-8") == OLD_RULES
    assert not places.journal.exists()
    assert "网站保持原样" in capsys.readouterr().out


def test_leftovers_of_killed_builds_are_removed(
    setup: tuple[Places, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    places, _, rules = setup
    (rules.parent / ".rules.json.1234abcd.tmp").write_text("half", encoding="utf-8")
    places.journal_temporary.write_text("{", encoding="utf-8")
    monkeypatch.setattr(publishing, "rules_path", lambda: rules)
    # .build/'s temporary files of killed builds (the calculator script's, Jinja's template cache's), kept for ever
    build_folder = places.site_dir.parent.parent / "build-folder"
    (build_folder / "scripts" / "javascripts").mkdir(parents=True)
    (build_folder / "jinja").mkdir()
    stale = [
        build_folder / "scripts" / "javascripts" / ".calculator.js.4242.tmp",
        build_folder / "jinja" / "__jinja2_0a1b.cachexyz.tmp",
    ]
    fresh = build_folder / "jinja" / "__jinja2_being_written.tmp"  # a live writer's: left alone
    for path in [*stale, fresh]:
        path.write_text("half", encoding="utf-8")
    for path in stale:
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    monkeypatch.setattr(publishing, "BUILD_FOLDER", build_folder)
    publishing.remove_leftovers(places, with_rules=True)
    assert sorted(path.name for path in places.site_dir.parent.iterdir()) == ["calculator", "site"]
    assert [path.name for path in rules.parent.iterdir()] == ["rules.json"]
    assert [path.name for path in build_folder.rglob("*.tmp")] == [fresh.name]


def hold(lock: Path, pid: str) -> int:
    descriptor = os.open(lock, os.O_RDWR | os.O_CREAT)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    os.write(descriptor, f"{pid}\n".encode())
    return descriptor


def test_a_second_build_waits_for_the_lock_saying_who_holds_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lock = tmp_path / ".site.lock"
    descriptor = hold(lock, "4321")
    threading.Timer(0.5, os.close, (descriptor,)).start()
    with publishing.locked(lock):
        assert lock.read_text(encoding="ascii") == f"{os.getpid()}\n"
    assert not lock.exists()
    assert capsys.readouterr().out == "另一个生成正在进行（进程 4321），等它结束……\n"


def test_a_waiter_whose_lock_file_was_removed_by_the_holder_locks_the_new_file(tmp_path: Path) -> None:
    lock = tmp_path / ".site.lock"
    got: list[int] = []
    descriptor = hold(lock, "4321")

    def release() -> None:
        lock.unlink()  # as a finishing build does, still holding the lock
        os.close(descriptor)

    threading.Timer(0.3, release).start()
    with publishing.locked(lock):
        got.append(os.stat(lock).st_ino)
        other = os.open(lock, os.O_RDWR)
        try:
            with pytest.raises(BlockingIOError):  # the file at the path is the locked one
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(other)
    assert got and not lock.exists()


def test_a_build_that_cannot_get_the_lock_in_time_stops_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock = tmp_path / ".site.lock"
    descriptor = hold(lock, "4321")
    monkeypatch.setenv("GX_BUILD_WAIT_SECONDS", "0.3")
    try:
        stopped = pytest.raises(BuildStopped, match=r"^等了 0.3 秒，另一个生成（进程 4321）仍未结束")
        with stopped, publishing.locked(lock):
            pytest.fail("the lock is held elsewhere")
    finally:
        os.close(descriptor)
