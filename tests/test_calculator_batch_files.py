"""Whatever the file, the batch reads every row or stops with one Chinese line naming where: unpaired quotes,
oversized cells, too many columns or rows, numbers of any length, encodings read as a stream."""

from __future__ import annotations

import codecs
import contextlib
import io
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator import cli, csv_files
from calculator import table as core
from calculator.table import FileError, safe_rows
from tests.batch_readers import RULES, browser_table, js_decode
from tests.conftest import ROOT

HEADER = "name,public_required,public_elective,professional,note\r\n"


def table(text: str, year: Any = 2026) -> list[list[str]]:
    """The rows the page shows (and writes): the worker's reader under Node, the glue under CPython."""
    return browser_table(text, year)


def streamed(data: bytes, year: Any = 2026) -> list[list[str]]:
    """The rows the command line writes, each cell spreadsheet safe (the page's are too)."""
    counts = {"passed": 0, "failed": 0, "error": 0}
    return safe_rows(list(csv_files.check_lines(RULES, csv_files.stream_lines(io.BytesIO(data)), year, None, counts)))


def refusal(text: str) -> str:
    """The one message both readers give (the browser's worker and the command line's stream)."""
    with pytest.raises(FileError) as in_memory:
        table(text)
    with pytest.raises(FileError) as as_stream:
        streamed(text.encode("utf-8"))
    assert in_memory.value.message == as_stream.value.message
    assert "\n" not in in_memory.value.message
    return in_memory.value.message


def run_cli(*arguments: str) -> tuple[int, str, str]:
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(arguments))
    out.flush()
    err.flush()
    return code, out.buffer.getvalue().decode("utf-8"), err.buffer.getvalue().decode("utf-8")


# ---- unpaired quotes ----------------------------------------------------------------------------


def test_an_unpaired_quote_names_its_line_and_how_many_lines_it_swallowed() -> None:
    rows = "".join(f"员工{n},20,0,70,\r\n" for n in range(120))
    text = HEADER + "张三,20,0,70,\r\n" * 10 + '"李四,20,0,70,\r\n' + rows + '王五,"20",0,70,\r\n' + rows
    message = refusal(text)
    assert message.startswith("第 12 行“name”列的引号没有配对：从这里起的 122 行被读成了一格")
    assert "请删掉这个引号，或在格子末尾补上另一个引号" in message


def test_an_unpaired_quote_that_runs_to_the_end_of_the_file_is_named() -> None:
    message = refusal(HEADER + '张三,20,0,70,\r\n李四,20,0,70,"备注\r\n王五,20,0,70,\r\n')
    assert message.startswith("第 3 行“note”列的引号没有配对：从这里到文件末尾的 2 行被读成了一格")


def test_an_unpaired_quote_on_the_last_line_without_a_line_end_is_named() -> None:
    assert refusal(HEADER + '张三,20,0,70,"备注').startswith("第 2 行“note”列的引号没有配对")


def test_an_unpaired_quote_past_the_csv_field_limit_is_named_not_the_english_error() -> None:
    text = HEADER + '"张三,20,0,70,\r\n' + "李四,20,0,70,\r\n" * 20_000
    message = refusal(text)
    assert message.startswith("第 2 行的引号没有配对：从这里起至少") and "field limit" not in message


def test_quoted_cells_over_several_lines_as_excel_writes_them_are_read() -> None:
    text = (
        HEADER
        + '"周八\r\n（借调）",20,10,60,"地址：南宁市,\r\n青秀区"\r\n'
        + '"吴九",20,10,60,"一行\r\n二行\r\n三行, 还有逗号"\r\n'
        + "郑十,20,10,60,\r\n"
    )
    rows = table(text)
    assert rows == streamed(text.encode("utf-8"))
    assert [row[0] for row in rows[1:]] == ["周八\r\n（借调）", "吴九", "郑十"]
    assert [row[5] for row in rows[1:]] == ["达标", "达标", "达标"]


def test_a_quoted_cell_spanning_lines_may_hold_fewer_delimiters_than_a_row() -> None:
    """Only a line inside a quoted cell with a whole row's worth of delimiters (here 3) is a swallowed row."""
    text = HEADER + '张三,20,0,70,"a,b\r\nc,d"\r\n'
    assert table(text)[1][4] == "a,b\r\nc,d"
    assert refusal(HEADER + '张三,20,0,70,"a\r\n李四,20,0,70"\r\n').startswith("第 2 行“note”列的引号没有配对")


# ---- limits -------------------------------------------------------------------------------------


def test_a_cell_over_the_field_limit_is_its_rows_error_and_the_rest_are_checked() -> None:
    text = HEADER + "张三,20,0,70," + "长" * 1001 + "\r\n李四,20,0,70,\r\n"
    rows = table(text)
    assert rows == streamed(text.encode("utf-8"))
    assert rows[1][7] == "第 2 行“note”列有 1,001 个字符，超过了每格 1,000 个字符的上限：请缩短这一格（这一行没有核对）"
    assert rows[1][5] == "未核对" and rows[2][5] == "达标"
    assert table(HEADER + "张三,20,0,70," + "长" * 1000 + "\r\n")[1][5] == "达标"


def test_a_cell_too_long_for_csv_is_its_rows_error_and_reading_goes_on() -> None:
    text = HEADER + "张三,20,0,70," + "x" * 140_000 + "\r\n李四,20,0,70,\r\n"
    rows = table(text)
    assert rows == streamed(text.encode("utf-8"))
    assert "超过 131,072 个字符" in rows[1][7] and rows[2][0] == "李四" and rows[2][5] == "达标"


@pytest.mark.parametrize("digits", [21, 999, 5000, 100_000])
def test_a_number_of_any_length_is_a_chinese_error_of_its_row(digits: int) -> None:
    text = HEADER + "张三,20,0," + "9" * digits + ",\r\n李四,20,0,-" + "1" * digits + ",\r\n王五,20,0,70,\r\n"
    rows = table(text)
    assert rows == streamed(text.encode("utf-8"))
    for row in rows[1:3]:
        assert row[5] == "未核对" and row[7].startswith(("专业科目：", "第 "))
        assert len(row[7]) < 200
    assert rows[3][5] == "达标"


def test_a_row_of_too_many_columns_stops_the_file_at_its_line() -> None:
    assert refusal(HEADER + "张三,20,0,70," + ",x" * 200 + "\r\n") == (
        "第 2 行有 205 列，超过了每行 200 列的上限：请检查这一行的分隔符（逗号）"
    )
    assert refusal("name,public_required,public_elective,professional" + ",x" * 197 + "\r\n").startswith(
        "第 1 行有 201 列"
    )
    assert len(table("name,public_required,public_elective,professional" + ",x" * 196 + "\r\n")[0]) == 200 + len(
        core.TABLE_COLUMNS
    )


def test_the_browser_checks_at_most_row_limit_rows_and_says_so_before_checking(monkeypatch: Any) -> None:
    monkeypatch.setattr(core, "ROW_LIMIT", 50)
    checked: list[Any] = []

    def counted(*arguments: Any) -> list[str]:
        checked.append(arguments)
        return [""] * 8

    monkeypatch.setattr(core, "_values", counted)  # what check_rows checks each row with
    for quote in ("", '"'):
        text = HEADER + f"{quote}张三{quote},20,0,70,\r\n" * 51
        with pytest.raises(FileError) as refused:
            table(text)
        assert refused.value.message.startswith("文件有 51 行数据，超过了网页一次核对 50 行的上限")
    assert checked == []
    assert len(table(HEADER + "张三,20,0,70,\r\n\r\n" * 50)) == 51


def test_the_limits_are_in_the_help_and_the_readme() -> None:
    parser = cli.build_parser()
    commands = next(action for action in parser._actions if action.dest == "command")
    help_text = " ".join(commands.choices["batch"].format_help().split())  # type: ignore[index]
    assert "每格 1000 个字符" in help_text and "每行 200 列" in help_text and "单引号" in help_text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for figure in ("1,000 个字符", "200 列", "200,000 行", f"{core.FILE_LIMIT_MB} MB", "131,072"):
        assert figure in readme, figure


# ---- encodings, read as a stream ------------------------------------------------------------------

STAFF = HEADER + "张三,20,0,70,财务\r\n李四,二十,0,70,人事\r\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "gb18030"])
@pytest.mark.parametrize("block", [1, 2, 3, 7, 1 << 16])
def test_every_encoding_reads_the_same_rows_whatever_the_block_size(
    encoding: str, block: int, monkeypatch: Any
) -> None:
    data = STAFF.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    monkeypatch.setattr(csv_files, "READ_BYTES", block)
    assert streamed(data) == table(STAFF)


def test_ascii_then_chinese_later_in_the_file_is_read_in_the_encoding_of_the_chinese(monkeypatch: Any) -> None:
    monkeypatch.setattr(csv_files, "READ_BYTES", 64)
    monkeypatch.setattr(csv_files, "SNIFF_BYTES", 64)
    text = HEADER + "".join(f"A{n},20,0,70,\r\n" for n in range(50)) + "张三,20,0,70,财务\r\n"
    assert streamed(text.encode("gb18030")) == streamed(text.encode("utf-8")) == table(text)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"\xef\xbb\xbf" + HEADER.encode() + b"A,20,0,70,\r\nB,20,0,70,\xff\r\n",
            "文件是 UTF-8 编码，但第 3 行不是有效的 UTF-8",
        ),
        (
            HEADER.encode() + "张三,20,0,70,\r\n".encode() * 6 + "李四,20,0,70,\r\n".encode("gb18030"),
            "文件的编码前后不一：第 2 行是 UTF-8，第 8 行不是（像是 GB18030）",
        ),
        (HEADER.encode() + b"A,20,0,70,\r\n\x81\x20\r\n", "无法识别文件的编码：第 3 行既不是 UTF-8 也不是 GB18030"),
        (
            codecs.BOM_UTF16_LE + (HEADER + "A,20,0,70,\r\n").encode("utf-16-le") + b"\x00\xd8",
            "文件是 UTF-16 编码，但第 3 行不是有效的 UTF-16",
        ),
    ],
)
def test_bytes_the_encoding_cannot_read_are_named_by_their_line(data: bytes, message: str, monkeypatch: Any) -> None:
    monkeypatch.setattr(
        csv_files, "SNIFF_BYTES", 80
    )  # the encoding is decided on the first 80 bytes from a non-ASCII one
    for block in (5, 1 << 16):
        monkeypatch.setattr(csv_files, "READ_BYTES", block)
        with pytest.raises(FileError) as refused:
            streamed(data)
        assert refused.value.message.startswith(message), refused.value.message


def test_a_line_without_end_longer_than_the_line_limit_stops_with_its_line(monkeypatch: Any) -> None:
    monkeypatch.setattr(csv_files, "LINE_LIMIT", 1000)
    with pytest.raises(FileError) as refused:
        streamed(HEADER.encode() + b"A,20,0,70,\r\n" + b"x" * 5000)
    assert refused.value.message.startswith("第 3 行超过 1000 个字符")


def test_a_line_of_overlong_cells_in_a_file_the_page_reads_is_its_rows_error_on_both_sides() -> None:
    # 1.2 million characters on one line, each cell under csv's own limit: within the page's 6 MB, the page marks
    # the row (cells over 1,000 characters); the command line read it the same way, not stopping the file there.
    long_line = ",".join(["x" * 120_000] * 10) + "\r\n"
    text = HEADER + "A,20,0,70,\r\n" + long_line + "B,20,0,50,\r\n"
    assert len(text.encode("utf-8")) < csv_files.FILE_LIMIT_MB << 20 < csv_files.LINE_LIMIT
    rows = streamed(text.encode("utf-8"))
    assert rows == table(text)
    assert [row[0][:3] for row in rows[1:]] == ["A", "xxx", "B"]
    assert "超过了每格 1,000 个字符的上限" in "".join(rows[2]) and "未达标" in rows[3]


# ---- any bytes at all ---------------------------------------------------------------------------

BYTES = st.one_of(
    st.binary(max_size=300),
    st.text(alphabet=st.sampled_from(list('ab1-=,"\r\n\t 中\u3000')), max_size=200).map(
        lambda text: text.encode("utf-8")
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=BYTES, header=st.sampled_from([HEADER, "姓名\t公需必修\t公需选修\t专业科目\r\n", "", '"name",']))
def test_any_bytes_give_rows_or_one_chinese_line_the_same_in_the_browser_and_on_the_command_line(
    body: bytes, header: str
) -> None:
    data = header.encode("utf-8") + body
    try:
        lines: Any = streamed(data)
    except FileError as error:
        assert "\n" not in error.message and error.message.isprintable()
        lines = error.message
    decoded = js_decode(data)
    if "error" in decoded:
        page: Any = decoded["error"]
        assert "\n" not in page and page.isprintable()
    else:
        try:
            page = table(decoded["text"])
        except FileError as error:
            page = error.message
    try:
        cli_text: Any = "".join(csv_files.stream_lines(io.BytesIO(data)))
    except FileError:
        cli_text = None
    if "text" in decoded:
        assert decoded["text"] == cli_text, (decoded, cli_text)  # the same text: the same rows, or the same refusal
        assert page == lines
    elif not decoded["error"].startswith("第"):  # an encoding the browser cannot read: nor can the command line
        assert cli_text is None
    else:  # \x1e, \x1f, which carry rows to MicroPython, or \x00, where text back from it ends: the command line reads them
        assert b"\x1e" in data or b"\x1f" in data or b"\x00" in data
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"fuzz-batch-{os.getpid()}.csv"
    path.write_bytes(data)
    try:
        code, out, err = run_cli("batch", str(path), "--year", "2026")
    finally:
        path.unlink()
    assert code in (0, 2), err
    assert "Traceback" not in err and "内部错误" not in err
    assert len(err.strip().splitlines()) == 1
    if not isinstance(lines, str):
        assert code == 0 and len(out.splitlines()) >= len(lines)
