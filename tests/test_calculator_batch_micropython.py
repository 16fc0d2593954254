"""The browser's batch (the worker's CSV reader and writer, calculator_browser.batch and the core under MicroPython)
gives exactly what `python -m calculator batch` gives: the same CSV, the same spreadsheet safety, the same Chinese
refusals."""

from __future__ import annotations

import base64
import codecs
import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from calculator.table import OUTPUT_COLUMNS, TABLE_COLUMNS, FileError
from tests.batch_readers import cli_download, cli_table
from tests.conftest import ROOT
from tests.test_calculator_batch_safety import FORMULAS

pytestmark = pytest.mark.runtimes

RUNNER = ROOT / "tests" / "runtimes" / "micropython_batch.mjs"
HEADER = "name,public_required,public_elective,professional,note\r\n"
CASES = {
    "formulas": HEADER
    + "".join('"{0}",20,0,70,"{0}"\r\n'.format(formula.replace('"', '""')) for formula in FORMULAS)
    + "-5,20,0,-5,+1\r\n",
    "a plain list": HEADER + "".join(f"员工{n},{n % 21},{n % 9}.5,{n % 90},\r\n" for n in range(2000)),
    "an unpaired quote": HEADER + 'A,20,0,70,\r\n"B,20,0,70,\r\nC,20,0,70,\r\nD,"20",0,70,\r\nE,20,0,70,\r\n',
    "an unpaired quote to the end": HEADER + 'A,20,0,70,\r\n"B,20,0,70,\r\nC,20,0,70,\r\n',
    "quoted cells over lines": HEADER + '"A\r\n(借调), 南宁",20,0,70,"x\ny"\r\nB,20,0,70,\r\n',
    "long cells": HEADER + "A,20,0,70," + "x" * 1001 + "\r\nB,20,0," + "1" * 5000 + ",\r\nC,20,0,70,\r\n",
    "a cell too long for csv": HEADER + "A,20,0,70," + "x" * 140_000 + "\r\nC,20,0,70,\r\n",
    "a quoted cell too long for csv": HEADER + 'A,20,0,70,"' + "x" * 140_000 + '"\r\nC,20,0,70,\r\n',
    "too many columns": HEADER + "A,20,0,70" + ",x" * 250 + "\r\n",
    "lone carriage returns": "name,public_required,public_elective,professional\rA,20,0,70\r\rB,1,2,3\n",
    "tabs": "name\tpublic_required\tpublic_elective\tprofessional\nA\t20\t0\t70\n",
    "nothing": "",
    "blank lines": "\r\n  \r\n",
    "a header missing a column": "姓名,公需必修,专业科目\r\n张三,20,70\r\n",
    # Spaces CPython's str.strip removes and MicroPython's does not (only ASCII): a blank row of them, a year of them,
    # hours and names padded with them.
    "unicode spaces": "姓名,年度,公需必修,公需选修,专业科目\r\n"
    + "\u3000,\u3000,\xa0,\u2003,\u3000\r\n"
    + "张三,\u3000,20,0,70\r\n"
    + "李四,\u30002026\u3000,\u300020,\xa0,70\u202f\r\n"
    + "\u3000王五\u3000,2026,20,\u3000,\u205f70\r\n"
    + "王五,2025,20,0,70\r\n",
    "a cell with astral characters": HEADER + "𠀀𠀁,20,0,70," + "𠀀" * 1001 + "\r\nB,20,0,70,\r\n",
}
FILES = {name: text.encode("utf-8") for name, text in CASES.items()}
FILES["GB18030"] = ("姓名,公需必修,公需选修,专业科目\r\n张三,20,0,70\r\n").encode("gb18030")
FILES["UTF-16 with a BOM"] = codecs.BOM_UTF16_LE + ("姓名,公需必修,公需选修,专业科目\r\n张三,20,0,70\r\n").encode(
    "utf-16-le"
)
FILES["not UTF-8 on line 3"] = (HEADER + "张三,20,0,70,\r\n").encode() + "李四,20,0,70,\r\n".encode("gb18030")
FILES["neither UTF-8 nor GB18030"] = HEADER.encode() + b"A,20,0,70,\r\n\x81\x20\r\n"
FILES["several years per person"] = (ROOT / "tests" / "vectors" / "staff_years.csv").read_bytes()
# The BOM says UTF-8; a second one is a character of the first cell (U+FEFF), kept as the command line keeps it.
FILES["two BOMs"] = b"\xef\xbb\xbf\xef\xbb\xbf" + "姓名,年度,公需必修,公需选修,专业科目\n张,2026,20,0,70\n".encode()
AS_OF = {"several years per person": "2026-06-01", "unicode spaces": "2026-06-01"}


def cpython_answer(data: bytes) -> dict[str, Any]:
    """What `python -m calculator batch` writes (or the one line it refuses the file with)."""
    try:
        return {"csv": cli_download(data), "error": None}
    except FileError as error:
        return {"csv": None, "error": error.message}


@pytest.fixture(scope="module")
def micropython_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if shutil.which("node") is None:
        pytest.fail("node is not installed: install Node.js (tools/bootstrap.sh checks for it)")
    cases = [
        {"name": name, "bytes": base64.b64encode(data).decode("ascii"), "year": "2026", "as_of": AS_OF.get(name, "")}
        for name, data in FILES.items()
    ]
    path: Path = tmp_path_factory.mktemp("batch") / "cases.json"
    path.write_text(json.dumps({"cases": cases}, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        ["node", str(RUNNER), str(path)], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=300
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    report: dict[str, Any] = json.loads(done.stdout)
    assert report["version"] == "micropython 1.28.0"
    assert report["output"] == []
    results: dict[str, Any] = report["results"]
    return results


@pytest.mark.parametrize("name", sorted(FILES))
def test_the_browser_batch_under_micropython_equals_the_command_line(
    name: str, micropython_results: dict[str, Any]
) -> None:
    mine = micropython_results[name]
    expected = cpython_answer(FILES[name])
    assert mine["csv"] == expected["csv"]
    assert mine["answer"].get("error", {}).get("message") == expected["error"]
    if expected["csv"] is not None:
        counts = mine["answer"]["result"]["counts"]
        assert sum(counts.values()) == len(list(csv.reader(io.StringIO(expected["csv"], newline="")))) - 1


@pytest.mark.parametrize("name", sorted(FILES))
def test_the_pages_verdicts_and_the_rows_it_shows_under_micropython_are_the_command_lines(
    name: str, micropython_results: dict[str, Any]
) -> None:
    """The page first gets each row's outcome with the first rows' results, reported before the batch makes every
    row's result (report_verdicts), then the result rows of the rows it shows (batch_rows_at): all as the command
    line's rows, whichever rows are asked for, in any order."""
    mine = micropython_results[name]
    if "error" in mine["answer"]:
        assert mine.get("statuses") is None
        return
    expected = cli_table(FILES[name])
    error_at = len(expected[0]) - len(TABLE_COLUMNS) + OUTPUT_COLUMNS.index("error")
    letters = ["e" if row[error_at] else "p" if row[error_at - 2].startswith("达标") else "f" for row in expected[1:]]
    assert mine["statuses"] == mine["verdicts"]["result"]["statuses"] == "".join(letters)
    first = [row.split("\x1f") for row in mine["verdicts"]["result"]["first"].split("\x1e")]
    assert first == expected[:4]  # the header and FIRST rows (tests/runtimes/micropython_batch.mjs)
    reported = {key: value for key, value in mine["verdicts"]["result"].items() if key not in ("first", "summary")}
    assert reported == mine["answer"]["result"]
    assert mine["shown"] == [expected[0]] + [expected[index + 1] for index in mine["picked"]]


def test_the_browser_batch_neutralises_formulas_and_refuses_unpaired_quotes(
    micropython_results: dict[str, Any],
) -> None:
    download = micropython_results["formulas"]["csv"]
    assert "\r\n\"'=HYPERLINK" in download and ",'+cmd|" in download and "\r\n-5,20,0,-5,+1," in download
    refusal = micropython_results["an unpaired quote"]["answer"]["error"]["message"]
    assert refusal.startswith("第 3 行“name”列的引号没有配对：从这里起的 3 行被读成了一格")


def cli_summary(data: bytes, as_of: str, folder: Path) -> str:
    """The 多年汇总 CSV `python -m calculator batch --summary` writes for this file."""
    staff = folder / "staff.csv"
    staff.write_bytes(data)
    options = ["--year", "2026", "--as-of", as_of, "--output", str(folder / "out.csv")]
    done = subprocess.run(
        [sys.executable, "-m", "calculator", "batch", str(staff), *options, "--summary", str(folder / "s.csv")],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8")
    return (folder / "s.csv").read_bytes().decode("utf-8")


@pytest.mark.parametrize("name", sorted(AS_OF))
def test_the_browser_summary_across_years_under_micropython_equals_the_command_lines_file(
    name: str, micropython_results: dict[str, Any], tmp_path: Path
) -> None:
    assert micropython_results[name]["summary"] == cli_summary(FILES[name], AS_OF[name], tmp_path)


def test_the_browser_summary_finds_each_person_and_is_made_only_when_asked(micropython_results: dict[str, Any]) -> None:
    mine = micropython_results["several years per person"]
    assert mine["answer"]["result"]["people"] == 3
    assert "2023 年公需必修课可在 2026-12-31 前补学补考" in mine["summary"]
    # A name padded with ideographic spaces is the same person (str.strip as CPython's: calculator/text.py).
    assert micropython_results["unicode spaces"]["answer"]["result"]["people"] == 1
    assert all(micropython_results[name].get("summary") is None for name in FILES if name not in AS_OF)
