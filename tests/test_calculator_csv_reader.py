"""The worker's own CSV reader and writer (site_config/calculator/worker.js, its CSV section, run under Node) read and
write exactly as CPython's csv module does for the command line: the same rows, the same line numbers, the same
refusals (calculator/csv_files.py)."""

from __future__ import annotations

import codecs
import csv
import io
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator import csv_files, table
from calculator.csv_files import split_lines, stream_lines
from calculator.table import FileError
from tests.batch_readers import browser_table, cli_table, js_decode, js_read, js_write
from tests.conftest import ROOT

pytestmark = pytest.mark.runtimes

LIMIT = csv.field_size_limit()


def cpython_events(text: str) -> list[Any]:
    """What csv.reader gives for the text's lines, step by step: (row, line_num) or ("error", line_num)."""
    lines = split_lines(text)
    reader = csv.reader(iter(lines), delimiter=table.delimiter_of(lines[0] if lines else ""))
    out: list[Any] = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return out
        except csv.Error:
            out.append(("error", reader.line_num))
            continue
        out.append((row, reader.line_num))


def js_events(text: str) -> list[Any]:
    """The same from the worker's readCsv (which stops after a cell too long on a later line than its row's first:
    the core refuses the file there)."""
    read = js_read(text)
    assert read["lines"] == len(split_lines(text))
    out: list[Any] = []
    for index, (row, end) in enumerate(zip(read["rows"], read["ends"], strict=True)):
        if row is None:
            out.append(("error", end))
        elif read["open"] and index == len(read["rows"]) - 1:
            assert end == read["lines"] + 1  # a quoted cell never closed: the core counts to the line after the last
            out.append((row, read["lines"]))
        else:
            out.append((row, end))
    return out


def assert_read_alike(text: str) -> None:
    mine = js_events(text)
    theirs = cpython_events(text)
    if mine and mine[-1][0] == "error" and len(mine) < len(theirs):  # the worker stopped where the core refuses
        theirs = theirs[: len(mine)]
    assert mine == theirs


TRICKY = [
    "",
    "\r\n",
    "a",
    "a,b\r\nc,d\r\n",
    "a,b\nc,d",
    "a,b\rc,d\r\r\n",
    'a,"b,c",d\r\n',
    '"a""b",c\r\n',
    '"多\r\n行",x\r\n"y\nz\r"\r\n',
    "a,,b,\r\n,,\r\n",
    '"",""\r\n""\r\n',
    'ab"cd,"ef"gh,"i""\r\n',
    '"a" ,b\r\n',
    'a,"b\r\nc\r\nd',
    'a,"b',
    '"',
    'a,b"\r\n"c\r\n',
    "姓名\t公需必修\n张三\t20\n",
    "name\tnote\na,b\tc\n",
    "\ufeffname,x\r\n1,2\r\n",
    "𠀀𠀁,\U0001f600\r\n",
    "a,b\r\n" + "x" * (LIMIT + 1) + ",y\r\n" + "c,d\r\n",
    "a,b\r\n" + "x" * LIMIT + "\r\n" + '"' + "y" * LIMIT + '"\r\n',
    "a,b\r\n" + "𠀀" * LIMIT + ",y\r\n" + "𠀀" * (LIMIT + 1) + "\r\nc\r\n",
    'a,b\r\n"' + "x" * (LIMIT + 1) + '",y\r\nc,d\r\n',
    'a,b\r\n"' + "x" * (LIMIT - 5) + "\r\n" + "x" * 10 + "\r\nc,d\r\n",
    'a,b\r\n"' + "x" * (LIMIT + 10) + "\r\nc,d\r\n",
]


@pytest.mark.parametrize("text", TRICKY, ids=lambda text: repr(text[:30]))
def test_tricky_texts_are_read_as_cpythons_csv_reads_them(text: str) -> None:
    assert_read_alike(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab,"\r\n\t 中𠀀')), max_size=60))
def test_any_text_is_read_as_cpythons_csv_reads_it(text: str) -> None:
    assert_read_alike(text)


CELLS = st.lists(
    st.lists(st.text(alphabet=st.sampled_from(list('a,"\r\n\t =中𠀀')), max_size=6), min_size=1, max_size=5),
    min_size=1,
    max_size=5,
)


@settings(max_examples=200, deadline=None)
@given(CELLS)
def test_rows_are_written_as_cpythons_csv_writer_writes_them(rows: list[list[str]]) -> None:
    expected = io.StringIO(newline="")
    csv.writer(expected, lineterminator="\r\n").writerows(rows)
    assert js_write(rows) == expected.getvalue()


HEADER = "name,public_required,public_elective,professional,note\r\n"


@pytest.mark.parametrize(
    "text",
    [
        HEADER + 'A,20,0,70,\r\n"B,20,0,70,\r\nC,20,0,70,\r\nD,"20",0,70,\r\n',
        HEADER + 'A,20,0,70,"备注\r\nB,20,0,70,\r\n',
        HEADER + 'A,20,0,70,"备注',
        HEADER + '"A,20,0,70,\r\n' + "B,20,0,70,\r\n" * 20_000,
        HEADER + "A,20,0,70" + ",x" * 250 + "\r\n",
        '"name\r\n,public_required",x\r\nA,1\r\n',
    ],
    ids=["swallowed rows", "to the end", "last line", "past the field limit", "too many columns", "header"],
)
def test_a_broken_file_is_refused_with_the_command_lines_message_and_line(text: str) -> None:
    with pytest.raises(FileError) as command_line:
        cli_table(text.encode("utf-8"))
    with pytest.raises(FileError) as page:
        browser_table(text)
    assert page.value.message == command_line.value.message
    assert page.value.message.startswith("第 ")


@pytest.mark.parametrize(
    "data",
    [
        "姓名,公需必修\r\n张三,20\r\n".encode("utf-8-sig"),
        "姓名,公需必修\r\n张三,20\r\n".encode(),
        "姓名,公需必修\r\n张三,20\r\n".encode("gb18030"),
        "\ufeff姓名\r\n".encode("utf-8-sig"),
        codecs.BOM_UTF16_LE + "姓名\r\n𠀀\r\n".encode("utf-16-le"),
        codecs.BOM_UTF16_BE + "姓名\r\n𠀀\r\n".encode("utf-16-be"),
        b"name\r\n" * 20_000 + "张三".encode("gb18030"),
    ],
    ids=["UTF-8 BOM", "UTF-8", "GB18030", "two BOMs", "UTF-16 LE", "UTF-16 BE", "GB18030 late"],
)
def test_bytes_are_decoded_as_the_command_line_decodes_them(data: bytes) -> None:
    assert js_decode(data) == {"text": "".join(stream_lines(io.BytesIO(data)))}


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + HEADER.encode() + b"A,20,0,70,\r\nB,20,0,70,\xff\r\n",
        HEADER.encode() + "张三,20,0,70,\r\n".encode() * 6000 + "李四,20,0,70,\r\n".encode("gb18030"),
        HEADER.encode() + b"A,20,0,70,\r\n\x81\x20\r\n",
        codecs.BOM_UTF16_LE + (HEADER + "A,20,0,70,\r\n").encode("utf-16-le") + b"\x00\xd8",
        codecs.BOM_UTF16_BE + (HEADER + "A\r\r\n").encode("utf-16-be") + b"\xdc\x00",
    ],
    ids=["UTF-8 BOM", "UTF-8 then GB18030", "neither", "UTF-16 cut", "UTF-16 lone low surrogate"],
)
def test_bytes_that_cannot_be_read_are_refused_naming_the_same_line(data: bytes) -> None:
    with pytest.raises(FileError) as command_line:
        "".join(stream_lines(io.BytesIO(data)))
    assert js_decode(data) == {"error": command_line.value.message}


def test_the_separators_that_carry_rows_to_micropython_are_refused_naming_their_line() -> None:
    assert js_decode((HEADER + "张三,20,0,70,\x1f\r\n").encode()) == {
        "error": "第 2 行有控制字符 U+001F，网页无法核对：请删掉它，或用命令行 python -m calculator batch 核对"
    }
    assert js_decode(b'"a\r\nb\x1e"\r\n')["error"].startswith("第 2 行有控制字符 U+001E")


def test_a_nul_character_is_refused_naming_its_line() -> None:
    """Text coming back from MicroPython ends at its first U+0000: the rows after it were lost without a word."""
    assert js_decode((HEADER + "甲,20,10,60\r\n乙\x00,20,10,60\r\n丙,20,10,60\r\n").encode()) == {
        "error": "第 3 行有控制字符 U+0000（空字符，文件可能已损坏），网页无法核对：请删掉它，"
        "或用命令行 python -m calculator batch 核对"
    }


def test_a_record_file_with_a_nul_character_points_to_the_record_command() -> None:
    """The 多年记录's 导入文件 told people to use `batch`, which does not read a record."""
    assert js_decode("年度,公需必修,公需选修,专业科目\n2025,20,0,70\x00\n".encode(), command="record") == {
        "error": "第 2 行有控制字符 U+0000（空字符，文件可能已损坏），网页无法读取：请删掉它，"
        "或用命令行 python -m calculator record 读取"
    }


def test_the_browsers_limits_are_the_cores() -> None:
    worker = (ROOT / "site_config" / "calculator" / "worker.js").read_text(encoding="utf-8")
    page = (ROOT / "site_config" / "javascripts" / "calculator" / "fields.js").read_text(encoding="utf-8")
    assert f"const CSV_FIELD_LIMIT = {table.CSV_FIELD_LIMIT};" in worker and table.CSV_FIELD_LIMIT == LIMIT
    assert f"const MAX_FILE_BYTES = {table.FILE_LIMIT_MB} * 1024 * 1024;" in page  # a staff list's and a record's
    assert f"const SNIFF_BYTES = {csv_files.SNIFF_BYTES};" in worker
