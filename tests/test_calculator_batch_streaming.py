"""The command-line batch streams: a million rows in, a million rows out, in order, in a small constant memory."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator

from tests.conftest import ROOT

ROWS = 1_000_000
MEMORY_LIMIT_MB = 150
"""Generous: the batch holds a few thousand rows at a time (the whole file in memory took 778 MB)."""

# The batch run in a child that reports its own peak resident memory on stderr: VmHWM of /proc/self/status, in KB
# (not ru_maxrss, which Linux carries over exec from the forking process: a large pytest process would inflate it).
MEASURED = """
import runpy, sys
sys.argv = ["python -m calculator", "batch", "-", "--year", "2026"]
try:
    runpy.run_module("calculator", run_name="__main__")
finally:
    with open("/proc/self/status") as status:
        peak = [line.split()[1] for line in status if line.startswith("VmHWM:")][0]
    print("RSS_KB", peak, file=sys.stderr, flush=True)
"""


def staff_rows(count: int) -> Iterator[bytes]:
    """A staff list made as it is sent, never held whole: a formula and a bad row now and then."""
    yield "姓名,公需必修,公需选修,专业科目,备注\r\n".encode()
    for number in range(count):
        note = "=1+1" if number % 100_000 == 7 else ""
        professional = "七十" if number % 250_000 == 3 else str(40 + number % 45)
        yield f"员工{number},20,{number % 11},{professional},{note}\r\n".encode()


def feed(stdin: object, rows: Iterator[bytes]) -> None:
    write = stdin.write  # type: ignore[attr-defined]
    block: list[bytes] = []
    for row in rows:
        block.append(row)
        if len(block) == 5000:
            write(b"".join(block))
            block = []
    write(b"".join(block))
    stdin.close()  # type: ignore[attr-defined]


def test_a_million_rows_stream_through_in_order_in_constant_memory() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", MEASURED],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None and process.stdout is not None and process.stderr is not None
    writer = threading.Thread(target=feed, args=(process.stdin, staff_rows(ROWS)))
    writer.start()
    errors: list[bytes] = []
    reader = threading.Thread(target=lambda: errors.append(process.stderr.read()))  # type: ignore[union-attr]
    reader.start()
    header = process.stdout.readline().decode("utf-8").rstrip("\r\n").split(",")
    assert header[:5] == ["姓名", "公需必修", "公需选修", "专业科目", "备注"] and header[-1] == "规则版本"
    error_column = header.index("错误")
    seen = 0
    for raw in process.stdout:
        cells = raw.decode("utf-8").rstrip("\r\n").split(",")
        assert cells[0] == f"员工{seen}", f"row {seen} came out as {cells[0]}"
        if seen % 100_000 == 7:
            assert cells[4] == "'=1+1"
        assert bool(cells[error_column]) == (seen % 250_000 == 3)
        seen += 1
    writer.join()
    reader.join()
    assert process.wait() == 0, errors[0].decode("utf-8", "replace")
    assert seen == ROWS
    stderr = errors[0].decode("utf-8")
    assert f"共 {ROWS} 行：" in stderr and "有错误 4" in stderr
    peak_mb = int(stderr.split("RSS_KB")[1].split()[0]) / 1024
    print(f"peak RSS for {ROWS:,} rows: {peak_mb:.1f} MB")
    assert peak_mb < MEMORY_LIMIT_MB, f"the batch used {peak_mb:.0f} MB for {ROWS:,} rows"
