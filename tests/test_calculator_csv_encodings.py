"""A CSV file's encoding, decided alike by the command line (calculator/csv_files.py, read as a stream) and the page
(the worker's decodeCsv, under Node): a file whose lines are partly UTF-8 and partly GB18030 is refused naming the
first line in each, never read half garbled; UTF-16 and UTF-32 without a BOM are refused as such, not read as a
header with missing columns. Each refusal is one Chinese line, the same on both sides, and exit 2 on the command
line."""

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
from calculator.csv_files import GB18030_AS_BROWSERS
from calculator.table import FileError, line_breaks
from tests.batch_readers import browser_table, cli_table, js_decode
from tests.conftest import ROOT

pytestmark = pytest.mark.runtimes

HEADER = "name,public_required,public_elective,professional\n"
MIXED = "文件的编码前后不一：第 {} 行是 UTF-8，第 {} 行不是（像是 GB18030）"
UTF16 = "这个文件像是没有 BOM 的 UTF-16 文本，无法读取"
UTF32 = "这个文件像是 UTF-32 文本，无法读取"


def command_line(data: bytes) -> Any:
    """The text the command line reads from the bytes (as a stream, in small blocks too), or its one-line refusal."""
    answers = set()
    for block in (1, 7, 1 << 16):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(csv_files, "READ_BYTES", block)
            try:
                answers.add(("text", "".join(csv_files.stream_lines(io.BytesIO(data)))))
            except FileError as error:
                answers.add(("error", error.message))
    assert len(answers) == 1, answers  # whatever the block size
    return answers.pop()


def refusal(data: bytes) -> str:
    """The one line both refuse the file with: the page's (decodeCsv) and the command line's, exit 2."""
    page = js_decode(data)
    assert "error" in page, page
    assert command_line(data) == ("error", page["error"])
    assert "\n" not in page["error"] and page["error"].isprintable()
    code, err = run_cli(data)
    assert code == 2 and err == "错误：{}\n".format(page["error"]), err
    message: str = page["error"]
    return message


def run_cli(data: bytes) -> tuple[int, str]:
    """`python -m calculator batch FILE --year 2026`: its exit code and standard error."""
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"encodings-{os.getpid()}.csv"
    path.write_bytes(data)
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["batch", str(path), "--year", "2026"])
    finally:
        path.unlink()
    err.flush()
    return code, err.buffer.getvalue().decode("utf-8")


def lines(*parts: tuple[str, str]) -> bytes:
    """The header, then each (text, encoding) as a line of its own."""
    return HEADER.encode() + b"".join(f"{text}\n".encode(encoding) for text, encoding in parts)


def test_a_lone_0x80_is_the_euro_sign_on_both_sides() -> None:
    # Browsers (WHATWG's gb18030) and Windows' code page 936, which Excel in Chinese saves CSV files in, read a lone
    # 0x80 as €; CPython's codec refuses it: the command line reads it as they do (csv_files.GB18030_ERRORS).
    data = HEADER.encode() + b"\xd5\xc5\x80,20,0,70\n\x80,20,0,70\n"
    assert command_line(data) == ("text", HEADER + "张€,20,0,70\n€,20,0,70\n")
    assert_same_answer(data)
    assert command_line(HEADER.encode() + b"\xd5\xc5\xff,20,0,70\n")[0] == "error"  # any other lone byte: refused


GB18030_2022_CODES = (
    "a6d9 a6da a6db a6dc a6dd a6de a6df a6ec a6ed a6f3 fe59 fe61 fe66 fe67 fe6d fe7e fe90 fea0 a3a0 a8bc 8135f437"
)


def test_the_gb18030_codes_cpython_reads_otherwise_are_read_as_the_browser_reads_them() -> None:
    # CPython's codec is GB18030-2005 (FE90: the private-use U+E854), browsers' GB18030-2022 (FE90: 龺).
    for code in GB18030_2022_CODES.split():
        data = bytes.fromhex(code)
        assert data.decode("gb18030").translate(GB18030_AS_BROWSERS) != data.decode("gb18030")
        line = b"\xd5\xc5" + data + b",20,0,70\n"  # after 张 (GB18030), so that the file is read as GB18030
        assert js_decode(line) == {"text": command_line(line)[1]}
    assert len(GB18030_AS_BROWSERS) == len(GB18030_2022_CODES.split())


def assert_same_answer(data: bytes) -> None:
    """The page and the command line read the same text, or refuse the file with the same line."""
    page = js_decode(data)
    assert command_line(data) == (("text", page["text"]) if "text" in page else ("error", page["error"]))


# ---- UTF-8 and GB18030 in one file --------------------------------------------------------------


def test_the_testers_file_a_utf8_line_then_a_gb18030_line_is_refused_naming_both() -> None:
    data = b"name,public_required,public_elective,professional\n\xe5\xbc\xa0\xe4\xb8\x89,20,0,70\n\xd5\xc5\xc8\xfd,20,0,70\n"
    message = refusal(data)
    assert message == (
        "文件的编码前后不一：第 2 行是 UTF-8，第 3 行不是（像是 GB18030）：多半是两个文件拼在了一起，"
        "请把各部分都另存为“CSV UTF-8（逗号分隔）”再合并后核对"
    )


def test_a_utf8_line_after_64_kb_of_gb18030_is_refused_naming_its_line() -> None:
    gb18030 = [(f"张三{n},20,0,70", "gb18030") for n in range(5000)]  # about 75 KB
    data = lines(*gb18030, ("李四,20,0,70", "utf-8"), *gb18030)
    assert len(data) > 2 * csv_files.SNIFF_BYTES
    assert refusal(data).startswith(MIXED.format(5002, 2) + "：")


def test_a_utf8_line_that_gb18030_cannot_read_is_named_as_utf8_not_as_neither() -> None:
    # Three characters in UTF-8 then a comma: GB18030 fails on the comma (it was "既不是 UTF-8 也不是 GB18030").
    assert refusal(lines(("张三丰,20,0,70", "utf-8"), ("李四,20,0,70", "gb18030"))).startswith(MIXED.format(2, 3))
    assert refusal(lines(("李四,20,0,70", "gb18030"), ("张三丰,20,0,70", "utf-8"))).startswith(MIXED.format(3, 2))


def test_a_gb18030_line_after_64_kb_of_utf8_is_refused_naming_both() -> None:
    utf8 = [(f"张三{n},20,0,70", "utf-8") for n in range(5000)]
    data = lines(("A,20,0,70", "ascii"), *utf8, ("李四,20,0,70", "gb18030"))
    assert refusal(data).startswith(MIXED.format(3, 5003) + "：")


@pytest.mark.parametrize("block", [1, 5, 1 << 16])
def test_the_command_line_refuses_a_mixed_file_as_it_reads_not_after_reading_all_of_it(
    block: int, monkeypatch: Any
) -> None:
    """Memory stays flat: the refusal comes a block or two after the UTF-8 line, whatever follows it."""
    gb18030 = lines(*[(f"张三{n},20,0,70", "gb18030") for n in range(5000)])
    rest = "王五,20,0,70\n".encode("gb18030") * 400_000  # 5 MB that are never read
    data = gb18030 + "李四,20,0,70\n".encode() + rest
    stream = io.BytesIO(data)
    monkeypatch.setattr(csv_files, "READ_BYTES", block)
    with pytest.raises(FileError) as refused:
        for _ in csv_files.stream_lines(stream):
            pass
    assert refused.value.message.startswith(MIXED.format(5002, 2))
    assert stream.tell() <= len(gb18030) + 3 * (1 << 16)


# GB18030 names whose bytes happen to read as UTF-8 (as Cyrillic, Greek, ...): no Chinese character in UTF-8, so no
# evidence of UTF-8; found with jieba's dictionary of names, among 411 of its 2- and 3-character ones in GB2312.
GB18030_READ_AS_UTF8 = ["鲁迅", "叶挺", "魏巍", "韦一笑", "郑元勋", "詹姆斯", "石英", "小丫头"]


def test_gb18030_names_that_happen_to_read_as_utf8_are_read_as_gb18030() -> None:
    for name in GB18030_READ_AS_UTF8:
        name.encode("gb18030").decode("utf-8")  # they do read as UTF-8
    data = lines(("张三,20,0,70", "gb18030"), *[(f"{name},20,0,70", "gb18030") for name in GB18030_READ_AS_UTF8])
    text = data.decode("gb18030")
    assert js_decode(data) == {"text": text}
    assert command_line(data) == ("text", text)
    names = [row[0] for row in cli_table(data)[1:]]
    assert names == ["张三", *GB18030_READ_AS_UTF8] and names == [row[0] for row in browser_table(text)[1:]]


def test_one_utf8_character_in_a_gb18030_file_is_not_evidence_enough() -> None:
    """A line with a single Chinese character in UTF-8 (or only other letters) could be GB18030 by chance."""
    data = lines(("张三,20,0,70", "gb18030"), ("中A,20,0,70", "utf-8"), ("José,20,0,70", "utf-8"))
    assert js_decode(data) == {"text": data.decode("gb18030")}
    assert command_line(data) == ("text", data.decode("gb18030"))


def test_bytes_neither_encoding_reads_are_still_named_as_neither() -> None:
    assert refusal(lines(("张三丰,20,0,70", "utf-8")) + b"\xff\n").startswith(
        "无法识别文件的编码：第 3 行既不是 UTF-8 也不是 GB18030"
    )
    assert refusal(b"\xef\xbb\xbf" + lines(("张三,20,0,70", "utf-8"), ("李四,20,0,70", "gb18030"))).startswith(
        "文件是 UTF-8 编码，但第 3 行不是有效的 UTF-8"  # a BOM says UTF-8: the file is, but for that line
    )
    assert refusal(lines(("张三,20,0,70", "utf-8")) + "李四".encode()[:-1]).startswith(
        "文件是 UTF-8 编码，但第 3 行不是有效的 UTF-8"  # a character cut off by the end of the file
    )


PIECES = st.sampled_from(["张三", "李四", "王", "中文名", "𠀀", "鲁迅", "A", ",20,0,70", "é", "—"])
LINES = st.lists(
    st.tuples(st.lists(PIECES, min_size=1, max_size=4).map("".join), st.sampled_from(["utf-8", "gb18030"])),
    min_size=1,
    max_size=8,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES, st.binary(max_size=3), st.sampled_from(["\n", "\r\n", "\r"]))
def test_lines_in_either_encoding_give_the_same_text_or_refusal_on_both_sides(
    parts: list[tuple[str, str]], tail: bytes, end: str
) -> None:
    data = b"".join((text + end).encode(encoding) for text, encoding in parts) + tail
    if b"\x1e" in data or b"\x1f" in data or b"\x00" in data:  # refused by the page (README; NUL: the test below)
        return
    assert_same_answer(data)


# ---- UTF-16 and UTF-32 without a BOM ------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text",
    [HEADER, HEADER + "张三,20,0,70\n", "姓名,公需必修,公需选修,专业科目\r\n张三,20,0,70\r\n", "a,b\n"],
    ids=["ASCII header", "ASCII header and a row", "Chinese header", "tiny"],
)
def test_utf16_without_a_bom_is_refused_as_such(encoding: str, text: str) -> None:
    assert refusal(text.encode(encoding)).startswith(UTF16)


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be", "utf-32"])
@pytest.mark.parametrize("text", [HEADER, "姓名,公需必修\r\n张三,20\r\n", "𠀀𠀁,ab\n"], ids=["ASCII", "Chinese", "SIP"])
def test_utf32_with_or_without_a_bom_is_refused_as_such(encoding: str, text: str) -> None:
    assert refusal(text.encode(encoding)).startswith(UTF32)


def test_the_testers_files_utf16_and_utf32_without_a_bom_no_longer_say_the_header_lacks_columns() -> None:
    assert refusal(HEADER.encode("utf-16-le")) == (
        "这个文件像是没有 BOM 的 UTF-16 文本，无法读取：请用记事本或 Excel 打开它，"
        "另存为 UTF-8（Excel 中选“CSV UTF-8（逗号分隔）”）后再核对"
    )
    assert refusal(HEADER.encode("utf-32-le")).startswith(UTF32)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_a_bom_is_still_read(encoding: str) -> None:
    text = "姓名,公需必修,公需选修,专业科目\r\n张三,20,0,70\r\n" + "A,20,0,70\r\n" * 100
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert js_decode(data) == {"text": text}
    assert command_line(data) == ("text", text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600), st.sampled_from(["utf-8", "gb18030"]))
def test_text_in_utf8_or_gb18030_without_nul_is_never_taken_for_utf16_or_utf32(text: str, encoding: str) -> None:
    data = text.replace("\x00", "").encode(encoding, "replace")
    assert csv_files.wide_encoding(data[: csv_files.WIDE_SNIFF_BYTES]) is None


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=64).map(lambda data: data.replace(b"\xef\xbb\xbf", b"")))
def test_any_bytes_with_nul_are_read_alike_then_refused_by_the_page_at_the_first_nul(data: bytes) -> None:
    """Both sides decode the same text or refuse the same line; what the command line reads, the page then refuses at
    its first NUL (README: text handed back from MicroPython ends at a NUL, so the rows after it would be lost)."""
    data = b"\x00" + data + b"\x00"
    if b"\x1e" in data or b"\x1f" in data:  # README: the browser's row and cell separators
        return
    page = js_decode(data)
    answer = command_line(data)
    if answer[0] == "error":
        assert page == {"error": answer[1]}
        return
    text = answer[1]
    line = line_breaks(text[: text.index("\x00")]) + 1
    assert page["error"].startswith(f"第 {line} 行有控制字符 U+0000（空字符"), page


def test_the_browsers_encoding_constants_are_the_command_lines() -> None:
    worker = (ROOT / "site_config" / "calculator" / "worker.js").read_text(encoding="utf-8")
    assert f"const WIDE_SNIFF_BYTES = {csv_files.WIDE_SNIFF_BYTES};" in worker
    assert f"const CHINESE_EVIDENCE = {csv_files.CHINESE_EVIDENCE};" in worker
