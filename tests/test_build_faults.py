"""`python -m generator build` stopped at any moment, or run several times at once, on a copy of the repository.

The copy (tracked files, node_modules linked) has its own calculator/rules.json; its data gets a changed
FAQ title, which is part of the calculator's rules (help links), so "old" and "new" show in the rules'
version id: in site/calculator/core.<hash>.bundle and in calculator/rules.json. GX_BUILD_PAUSE_AT=<stage>
makes the build wait at a named stage (generator/site/build.py) so the test can kill it exactly there.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.browser.calculator_assets import core_bundle_file
from generator.browser.core_bundle import unpack
from tests.conftest import ROOT

FAQ_TITLE = 'question: "每年要完成多少学时？专业科目要占多少？"'
CHANGED_FAQ_TITLE = 'question: "每年要完成多少学时？专业科目至少占多少？"'


def copy_repository(target: Path) -> Path:
    """The tracked files of the working tree (as they are now), with node_modules linked, not copied."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in listed.decode("utf-8").split("\0"):
        if name and (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    (target / "node_modules").symlink_to((ROOT / "node_modules").resolve())
    return target


def start_build(repository: Path, pause_at: str | None = None, **variables: str) -> subprocess.Popen[str]:
    environment = {**os.environ, **variables}
    environment.pop("GX_DATA_DIR", None)
    if pause_at is not None:
        environment["GX_BUILD_PAUSE_AT"] = pause_at
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build"],
        cwd=repository,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


class Output:
    """A running build's stdout and stderr, read as they come."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: list[str] = []
        self.readers = [
            threading.Thread(target=self._read, args=(stream,)) for stream in (process.stdout, process.stderr)
        ]
        for reader in self.readers:
            reader.start()

    def _read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self.lines.append(line)

    def wait_for(self, text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.lines):
            assert self.process.poll() is None, f"the build ended before {text!r}:\n{self.text()}"
            assert time.monotonic() < deadline, f"no {text!r} within {timeout} s:\n{self.text()}"
            time.sleep(0.02)

    def finish(self, timeout: float = 300) -> int:
        returncode = self.process.wait(timeout)
        for reader in self.readers:
            reader.join()
        return returncode

    def text(self) -> str:
        return "".join(self.lines)


def run_build(repository: Path, **variables: str) -> tuple[int, str]:
    output = Output(start_build(repository, **variables))
    return output.finish(), output.text()


def kill_at(repository: Path, stage: str) -> None:
    output = Output(start_build(repository, pause_at=stage))
    output.wait_for(f"GX_BUILD_PAUSE_AT {stage}")
    output.process.kill()
    output.finish()


def site_rules_id(repository: Path) -> str:
    _, files = unpack(core_bundle_file(repository / "site").read_bytes())
    return str(json.loads(files["calculator/rules.json"])["version"]["id"])


def command_line_rules_id(repository: Path) -> str:
    return str(json.loads((repository / "calculator" / "rules.json").read_text(encoding="utf-8"))["version"]["id"])


def leftovers(repository: Path) -> list[str]:
    """What a build has beside site/ (a killed one: its lock file too) and beside rules.json."""
    beside_site = [path.name for path in repository.iterdir() if path.name.startswith(".site")]
    rules_files = [path.name for path in (repository / "calculator").glob(".rules.json.*")]
    return sorted(beside_site + rules_files)


@pytest.fixture(scope="module")
def published_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository with site/ built from its data (the "old" version)."""
    repository = copy_repository(tmp_path_factory.mktemp("published"))
    returncode, output = run_build(repository)
    assert returncode == 0, output
    return repository


@pytest.fixture
def repository(published_repository: Path, tmp_path: Path) -> Iterator[Path]:
    """A private copy of the published repository whose data now has a changed rule (a FAQ title in the help)."""
    target = tmp_path / "repository"
    shutil.copytree(published_repository, target, symlinks=True)
    faq = target / "data" / "faq.yaml"
    text = faq.read_text(encoding="utf-8")
    assert text.count(FAQ_TITLE) == 1
    faq.write_text(text.replace(FAQ_TITLE, CHANGED_FAQ_TITLE), encoding="utf-8")
    yield target


@pytest.mark.build
@pytest.mark.parametrize(
    ("stage", "published"),
    [("mkdocs", False), ("built", False), ("journal", True), ("swapped", True)],
)
def test_a_build_killed_at_any_stage_leaves_site_and_rules_of_one_version_and_the_next_build_tidies_up(
    repository: Path, stage: str, published: bool
) -> None:
    old = command_line_rules_id(repository)
    assert site_rules_id(repository) == old

    kill_at(repository, stage)

    assert (repository / "site" / "index.html").is_file()
    journal = repository / ".site.publish.json"
    assert journal.exists() == published
    if not published:
        assert site_rules_id(repository) == command_line_rules_id(repository) == old
        assert leftovers(repository), "a killed build leaves its scratch folder behind"

    kill_at(repository, "locked")  # the next build first finishes the publish and removes the leftovers
    assert not journal.exists()
    assert leftovers(repository) == [".site.lock"]  # the lock file of the build killed here
    now = command_line_rules_id(repository)
    assert site_rules_id(repository) == now
    assert (now != old) == published

    returncode, output = run_build(repository)
    assert returncode == 0, output
    assert "Traceback" not in output
    new = command_line_rules_id(repository)
    assert new != old and site_rules_id(repository) == new
    assert leftovers(repository) == []


@pytest.mark.build
def test_four_builds_at_once_wait_for_each_other_and_site_is_never_missing(repository: Path) -> None:
    site = repository / "site"
    missing: list[float] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if not site.is_dir():
                missing.append(time.monotonic())

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        outputs = [Output(start_build(repository)) for _ in range(4)]
        results = [(output.finish(), output.text()) for output in outputs]
    finally:
        done.set()
        watcher.join()

    for returncode, text in results:
        assert returncode == 0, text
        assert "Traceback" not in text and "Error" not in text, text
    assert any("另一个生成正在进行（进程 " in text for _, text in results)
    assert missing == []
    assert site_rules_id(repository) == command_line_rules_id(repository)
    assert leftovers(repository) == []


@pytest.mark.build
def test_ctrl_c_during_mkdocs_stops_with_one_line_and_keeps_site_and_rules(repository: Path) -> None:
    old = command_line_rules_id(repository)
    output = Output(start_build(repository, pause_at="mkdocs"))
    output.wait_for("GX_BUILD_PAUSE_AT mkdocs")
    output.process.send_signal(signal.SIGINT)
    assert output.finish() == 130
    assert "Traceback" not in output.text()
    assert output.lines[-1].startswith("已中断：") and "保持原样" in output.lines[-1]
    assert site_rules_id(repository) == command_line_rules_id(repository) == old
    assert leftovers(repository) == []


@pytest.mark.build
def test_ctrl_c_during_the_publish_is_held_until_site_and_rules_are_both_new(repository: Path) -> None:
    old = command_line_rules_id(repository)
    output = Output(start_build(repository, pause_at="journal:1"))
    output.wait_for("GX_BUILD_PAUSE_AT journal")
    output.process.send_signal(signal.SIGINT)
    assert output.finish() == 130
    assert "Traceback" not in output.text()
    assert output.lines[-1].startswith("已中断：新网站已发布")
    new = command_line_rules_id(repository)
    assert new != old and site_rules_id(repository) == new
    assert not (repository / ".site.publish.json").exists()


FAULT = """
import errno, sys
{patch}
from generator.__main__ import main
sys.exit(main(["build"]))
"""

DISK_FULL_IN_MKDOCS = """
import mkdocs.utils
written = []
original = mkdocs.utils.write_file
def write_file(content, output_path):
    written.append(output_path)
    if len(written) > 5:
        raise OSError(errno.ENOSPC, "No space left on device", output_path)
    original(content, output_path)
mkdocs.utils.write_file = write_file
"""

DISK_FULL_FOR_THE_RULES = """
from generator.site import publish
original = publish.write_durably
def write_durably(path, data):
    if path.name.startswith(".rules.json."):
        path.write_bytes(data[:100])
        raise OSError(errno.ENOSPC, "No space left on device", str(path))
    original(path, data)
publish.write_durably = write_durably
"""

SITE_FOLDER_NOT_WRITABLE = """
from generator.site import publish
def exchange(first, second):
    raise PermissionError(errno.EACCES, "Permission denied", str(first), None, str(second))
publish.exchange = exchange
"""


@pytest.mark.build
@pytest.mark.parametrize(
    ("patch", "said"),
    [
        (DISK_FULL_IN_MKDOCS, "磁盘已满"),
        (DISK_FULL_FOR_THE_RULES, "磁盘已满"),
        (SITE_FOLDER_NOT_WRITABLE, "没有写入权限"),
    ],
    ids=["disk-full-in-mkdocs", "disk-full-for-the-rules", "site-folder-not-writable"],
)
def test_a_build_that_cannot_write_says_so_in_one_line_and_keeps_site_and_rules(
    repository: Path, patch: str, said: str
) -> None:
    old = command_line_rules_id(repository)
    index = (repository / "site" / "index.html").read_bytes()
    result = subprocess.run(
        [sys.executable, "-c", FAULT.format(patch=patch)],
        cwd=repository,
        env={key: value for key, value in os.environ.items() if key != "GX_DATA_DIR"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("生成失败（") and said in last and "保持原样" in last, last
    assert site_rules_id(repository) == command_line_rules_id(repository) == old
    assert (repository / "site" / "index.html").read_bytes() == index
    assert leftovers(repository) == []


def test_ctrl_c_while_the_generator_is_still_loading_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    """Ctrl+C in a build's first ~0.4 s printed the traceback of whatever module was being imported. -X importtime
    says when the generator's own imports are under way (PyYAML's loader is one): the interrupt is sent then."""
    process = subprocess.Popen(
        [sys.executable, "-X", "importtime", "-m", "generator", "build", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert process.stderr is not None
    seen = []
    for line in process.stderr:
        seen.append(line)
        if line.split("|")[-1].strip() == "yaml.loader":
            process.send_signal(signal.SIGINT)
            break
    rest = process.communicate(timeout=120)[1]
    said = [line for line in seen + rest.splitlines(keepends=True) if not line.startswith("import time:")]
    assert process.returncode == 130, said
    assert [line.strip() for line in said if line.strip()] == ["已中断：还没有开始检查或生成，什么也没有改变。"]
    assert not (tmp_path / "site").exists()
