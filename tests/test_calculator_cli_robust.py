"""No input reaches the command line's internal-error net: closed or full outputs, broken rules files and
arguments of any length or characters end in exit 0 or 2, with at most one Chinese line."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator import cli
from calculator.text import shown
from tests.conftest import ROOT

CHECK = ["check", "--year", "2026", "--public-required", "20", "--professional", "70"]
RULES = json.loads((ROOT / "calculator" / "rules.json").read_text(encoding="utf-8"))


def run(arguments: list[str], **options: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "calculator", *arguments], cwd=ROOT, stderr=subprocess.PIPE, timeout=120, **options
    )


def one_chinese_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8")
    assert "Traceback" not in text and "内部错误" not in text and "Exception ignored" not in text, text
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def staff_file(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / "staff.csv"
    path.write_text("姓名,公需必修,公需选修,专业科目\r\n" + "张三,20,0,70\r\n" * rows, encoding="utf-8")
    return path


# ---- where the output goes ------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "check --json", "hours", "batch"])
def test_a_full_disk_is_one_chinese_line_and_exit_2(command: str, tmp_path: Path) -> None:
    arguments = {
        "check": CHECK,
        "check --json": [*CHECK, "--json"],
        "hours": ["hours", "--start", "2026-05-12", "--end", "2026-05-14"],
        "batch": ["batch", str(staff_file(tmp_path, 5000)), "--year", "2026"],
    }[command]
    with open("/dev/full", "wb") as full:
        done = run(arguments, stdout=full)
    assert done.returncode == 2
    assert one_chinese_line(done.stderr) == "错误：无法写出结果：磁盘已满"


@pytest.mark.parametrize("command", ["check", "batch"])
def test_a_reader_that_has_gone_ends_the_run_quietly(command: str, tmp_path: Path) -> None:
    arguments = CHECK if command == "check" else ["batch", str(staff_file(tmp_path, 50_000)), "--year", "2026"]
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will read: the first write is a broken pipe
    try:
        done = run(arguments, stdout=write_end)
    finally:
        os.close(write_end)
    assert done.returncode == 0
    assert done.stderr == b""


def test_head_reading_one_line_of_a_long_batch_leaves_no_noise(tmp_path: Path) -> None:
    path = staff_file(tmp_path, 100_000)
    done = subprocess.run(
        f"{sys.executable} -m calculator batch {path} --year 2026 | head -n 1",
        shell=True,
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )
    assert done.stdout.decode("utf-8").startswith("姓名,公需必修")
    assert done.stderr == b""


def test_a_closed_standard_output_is_one_chinese_line() -> None:
    done = run(CHECK, preexec_fn=lambda: os.close(1))
    assert done.returncode == 2
    assert one_chinese_line(done.stderr) == "错误：无法写出结果：标准输出已关闭"


# ---- rules files ----------------------------------------------------------------------------------


def broken(change: Any) -> str:
    rules = json.loads(json.dumps(RULES))
    change(rules)
    return json.dumps(rules, ensure_ascii=False)


RULES_FILES = {
    "empty": "",
    "not JSON": "{format: 2",
    "a list": "[1, 2]",
    "null": "null",
    "nested too deep": "[" * 100_000,
    "a huge number": "1" * 5000,
    "wrong format": broken(lambda rules: rules.update(format=1)),
    "no version": broken(lambda rules: rules.pop("version")),
    "years a list": broken(lambda rules: rules.update(years=[1])),
    "a year not a number": broken(lambda rules: rules["years"].update({"next": rules["years"]["2026"]})),
    "a notice a string": broken(lambda rules: rules["years"].update({"2026": "x"})),
    "minimum a string": broken(lambda rules: rules["years"]["2026"]["rules"]["total_minimum"].update(minimum="90")),
    "denominator 0": broken(lambda rules: rules["standing_rules"]["professional_share"].update(denominator=0)),
    "no deadlines": broken(lambda rules: rules["years"]["2026"].pop("deadlines")),
    "a bad deadline date": broken(lambda rules: rules["years"]["2026"]["deadlines"][0].update(date="soon")),
    "a consequence without text": broken(lambda rules: rules["years"]["2026"]["consequences"][0].pop("text")),
    "a consequence's text null": broken(lambda rules: rules["years"]["2023"]["consequences"][0].update(text=None)),
    "a consequence's id a number": broken(lambda rules: rules["years"]["2025"]["consequences"][0].update(id=7)),
    "topics a number": broken(lambda rules: rules["years"]["2026"]["rules"]["public_required"].update(topics=5)),
    "help links a string": broken(lambda rules: rules.update(help={"total-minimum": "x"})),
    "cited_by of strings": broken(lambda rules: rules["standing_rules"].update(cited_by=["x"])),
}


@pytest.mark.parametrize("shape", sorted(RULES_FILES))
@pytest.mark.parametrize("command", ["check", "hours", "batch", "batch of several years"])
def test_a_broken_rules_file_is_one_chinese_line_naming_the_file(shape: str, command: str, tmp_path: Path) -> None:
    path = tmp_path / "rules.json"
    path.write_text(RULES_FILES[shape], encoding="utf-8")
    arguments = {
        "check": CHECK,
        "hours": ["hours", "--start", "2026-05-12", "--end", "2026-05-14"],
        "batch": ["batch", str(staff_file(tmp_path, 3)), "--year", "2026"],
        # people with several years: their 多年汇总 reads every year's consequences
        "batch of several years": [
            "batch",
            str(ROOT / "tests" / "vectors" / "staff_years.csv"),
            "--as-of",
            "2026-06-01",
        ],
    }[command]
    done = run([*arguments, "--rules", str(path)], stdout=subprocess.PIPE)
    assert done.returncode == 2 and done.stdout == b""
    line = one_chinese_line(done.stderr)
    assert line.startswith(f"错误：规则文件 {shown(str(path), 60)}"), line


def test_a_rules_file_that_is_a_folder_or_missing_or_huge_is_named(tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(cli.RULES_LIMIT_BYTES + 1)
    for path, reason in ((tmp_path, "这是一个文件夹"), (tmp_path / "none.json", "文件不存在"), (huge, "太大")):
        done = run([*CHECK, "--rules", str(path)], stdout=subprocess.PIPE)
        assert done.returncode == 2
        line = one_chinese_line(done.stderr)
        assert shown(str(path), 60) in line and reason in line, line


def test_the_shipped_rules_pass_the_same_checks() -> None:
    path = ROOT / "calculator" / "rules.json"
    done = run([*CHECK, "--rules", str(path)], stdout=subprocess.PIPE)
    assert done.returncode == 0 and done.stderr == b""


# ---- any arguments ----------------------------------------------------------------------------------


def run_in_process(arguments: list[str]) -> tuple[int, str, str]:
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    stdin = io.TextIOWrapper(io.BytesIO("姓名,公需必修,公需选修,专业科目\n张三,20,0,70\n".encode()), encoding="utf-8")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), _stdin(stdin):
        try:
            code = cli.main(arguments)
        except SystemExit as exit:  # --help
            code = exit.code if isinstance(exit.code, int) else 2
    out.flush()
    err.flush()
    return code, out.buffer.getvalue().decode("utf-8"), err.buffer.getvalue().decode("utf-8")


@contextlib.contextmanager
def _stdin(stream: Any) -> Any:
    saved = sys.stdin
    sys.stdin = stream
    try:
        yield
    finally:
        sys.stdin = saved


OPTIONS = [
    "check",
    "hours",
    "batch",
    "-",
    "--year",
    "--public-required",
    "--public-elective",
    "--professional",
    "--as-of",
    "--start",
    "--end",
    "--start-half",
    "--end-half",
    "--output-encoding",
    "--json",
    "-v",
    "--rules",
    "2026",
    "20",
    "70",
    "2026-05-12",
]
LONG = st.builds(
    lambda unit, count: unit * count,
    st.sampled_from(["1", "中", "x\n", "=", "-", "\x00", "\ud800"]),
    st.integers(60, 6000),
)
VALUE = st.one_of(st.sampled_from(OPTIONS), st.text(max_size=40), LONG)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    command=st.sampled_from(["check", "hours", "batch"]),
    arguments=st.lists(VALUE, max_size=8),
    joined=st.lists(st.tuples(st.sampled_from(OPTIONS[4:]), VALUE), max_size=4),
)
def test_any_arguments_end_in_0_or_2_with_at_most_one_short_chinese_line(
    command: str, arguments: list[str], joined: list[tuple[str, str]]
) -> None:
    argv = [command, *arguments] + [f"{option}={value}" for option, value in joined]
    code, _out, err = run_in_process(argv)
    assert code in (0, 2), (argv, err)
    assert "Traceback" not in err and "内部错误" not in err
    lines = err.strip().splitlines()
    if code == 2 and lines and lines[0].startswith("错误："):
        assert len(lines) == 1, err
        assert len(lines[0]) <= 420, lines[0]
    for value in arguments + [value for _, value in joined]:
        if len(value) > 60:
            assert value not in err, "a long value was echoed whole"


def test_a_direction_override_in_a_value_is_quoted_as_an_escape_not_obeyed() -> None:
    """U+202E quoted as it is would turn the rest of the message around on screen (“5.16 如，字数填只请…”)."""
    code, _out, err = run_in_process([*CHECK[:-1], "\u202e07 abc\u2066"])
    assert code == 2, err
    line = one_chinese_line(err.encode("utf-8"))
    assert "“\\u202e07 abc\\u2066”不是学时数" in line, line
    assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in line), line
    assert shown("a\u200fb\u061cc") == "a\\u200fb\\u061cc"


def test_an_invisible_character_in_a_value_is_quoted_as_an_escape() -> None:
    """“7\u200b0”不是学时数 quoted as it is reads “70”不是学时数: as if 70 were refused."""
    code, _out, err = run_in_process([*CHECK[:-1], "7\u200b0"])
    assert code == 2, err
    assert "“7\\u200b0”不是学时数" in one_chinese_line(err.encode("utf-8"))
    assert shown("\u00ad\u2060\ufeff\u200c\u200d") == "\\u00ad\\u2060\\ufeff\\u200c\\u200d"


# ---- the files a batch writes -------------------------------------------------------------------------


def test_a_result_file_never_replaces_a_folder_a_device_or_a_pipe(tmp_path: Path) -> None:
    staff = staff_file(tmp_path, 1)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    # (No device here: a regression run as root would replace it with a file. A pipe takes the same path.)
    for target, kind in ((pipe, "设备、管道或其他特殊文件"), (tmp_path, "文件夹")):
        done = run(["batch", str(staff), "--year", "2026", "--output", str(target)])
        assert done.returncode == 2
        assert kind in one_chinese_line(done.stderr)
    assert pipe.is_fifo()
    done = run(["batch", str(staff), "--year", "2026", "--output", str(tmp_path / "没有的文件夹" / "结果.csv")])
    assert "文件夹" in one_chinese_line(done.stderr) and "不存在" in one_chinese_line(done.stderr)


def test_a_result_written_through_a_link_replaces_the_file_it_points_to_and_keeps_the_link(tmp_path: Path) -> None:
    staff = staff_file(tmp_path, 1)
    (tmp_path / "real.csv").write_text("old", encoding="utf-8")
    (tmp_path / "link.csv").symlink_to("real.csv")
    assert run(["batch", str(staff), "--year", "2026", "--output", str(tmp_path / "link.csv")]).returncode == 0
    assert (tmp_path / "link.csv").is_symlink()
    assert (tmp_path / "real.csv").read_text(encoding="utf-8").startswith("姓名,公需必修")


def test_the_result_the_summary_and_the_staff_list_must_be_three_files(tmp_path: Path) -> None:
    staff = staff_file(tmp_path, 2)
    before = staff.read_bytes()
    for extra in (
        ["--output", str(staff)],
        ["--output", str(tmp_path / "o.csv"), "--summary", str(tmp_path / "o.csv")],
        ["--output", str(tmp_path / "o.csv"), "--summary", str(tmp_path / "." / staff.name)],
    ):
        done = run(["batch", str(staff), "--year", "2026", *extra])
        assert done.returncode == 2, extra
        assert "是同一个文件" in one_chinese_line(done.stderr)
    assert staff.read_bytes() == before and not (tmp_path / "o.csv").exists()


def test_a_format_that_contradicts_the_file_name_is_refused_and_a_dash_is_standard_output(tmp_path: Path) -> None:
    staff = staff_file(tmp_path, 1)
    done = run(["batch", str(staff), "--year", "2026", "--output", str(tmp_path / "x.xlsx"), "--format", "csv"])
    assert "--format csv 与文件名" in one_chinese_line(done.stderr)
    done = run(["batch", str(staff), "--year", "2026", "--output", "-"], stdout=subprocess.PIPE)
    assert done.returncode == 0 and done.stdout.decode("utf-8").startswith("姓名,公需必修")
    assert not (ROOT / "-").exists()


def test_an_option_given_twice_is_refused_not_the_last_taken() -> None:
    done = run(["check", "--year", "2026", "--year=2025", "--public-required", "20", "--professional", "70"])
    assert done.returncode == 2
    assert one_chinese_line(done.stderr) == "错误：--year 给了 2 次（2026、2025）：每个选项只给一次"


def test_help_to_a_full_disk_is_one_chinese_line_and_exit_2() -> None:
    with open("/dev/full", "wb") as full:
        done = run(["batch", "--help"], stdout=full)
    assert done.returncode == 2
    assert "磁盘已满" in one_chinese_line(done.stderr)
