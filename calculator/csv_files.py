"""CSV files for the command line's batch (CPython only): read with the csv module as a stream, written with a BOM.

Bytes are decoded as they are read (UTF-8 with or without BOM, UTF-16 with a BOM, else GB18030), cut into
lines, read into rows by csv.reader, each row's shape checked by calculator.table.Shape (the browser's reader
reports to the same checks, so the messages are the same), then checked by calculator.table.check_rows; the
result is written back with table.safe_rows (spreadsheet safety) and csv.writer. Memory stays flat whatever
the file's length: READ_BYTES are read at a time, and the command line writes a few thousand rows at a time.
"""

from __future__ import annotations

import codecs
import csv
import errno
import io
from collections.abc import Iterable, Iterator
from typing import IO, Any

from calculator.errors import InputError
from calculator.table import (
    COLUMN_LIMIT,
    FIELD_LIMIT,
    FileError,
    Shape,
    check_rows,
    delimiter_of,
    line_breaks,
    safe_rows,
)
from calculator.text import shown

READ_BYTES = 1 << 16
"""The batch reads its CSV this many bytes at a time."""
SNIFF_BYTES = 1 << 16
"""Without a BOM, the first this many bytes from the first non-ASCII one decide between UTF-8 and GB18030."""
LINE_LIMIT = 1 << 20
"""The command line refuses a physical line longer than this many characters (no line within the other
limits is nearly as long): memory stays bounded whatever the file."""

OUTPUT_ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")

_ERRNO_TEXTS = {
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENAMETOOLONG: "文件名太长",
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "磁盘配额已满",
    errno.EFBIG: "文件太大",
    errno.EIO: "读写出错",
    errno.EBADF: "已关闭",
    errno.EPIPE: "已关闭",
    errno.EROFS: "只读文件系统",
}


def reason(error: BaseException) -> str:
    """Why a file could not be read or written, in Chinese (the system's own words when there are none)."""
    number = getattr(error, "errno", None)
    if number in _ERRNO_TEXTS:
        return _ERRNO_TEXTS[number]
    if isinstance(error, ValueError):
        return "名称中有不能用的字符" if "null" in str(error) else "已关闭"
    return shown(str(getattr(error, "strerror", None) or error), 60)


# ---- Bytes → lines of text -----------------------------------------------------------------------

_ASCII = bytes(range(128))
_ENCODING_NAMES = {"utf-8": "UTF-8", "gb18030": "GB18030", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}


def _sniffed(head: bytes) -> tuple[str | None, bytes]:
    """The encoding a CSV file's first bytes show (a BOM; else None: decided at its first non-ASCII bytes), and the
    bytes after the BOM."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8", head[3:]
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", head[2:]
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", head[2:]
    return None, head


def _utf8_or_gb18030(block: bytes) -> str:
    """UTF-8 when this block (the first with non-ASCII bytes, up to READ_BYTES) reads as UTF-8, else GB18030."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(block, False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def split_lines(text: str) -> list[str]:
    """The text cut after each \\r\\n, \\r or \\n, line ends kept (what iterating a StringIO(newline="") gives)."""
    return list(io.StringIO(text, newline=""))


def stream_lines(stream: IO[bytes]) -> Iterator[str]:
    """The lines of a CSV file (line ends kept, cut as a StringIO with newline="" cuts them), decoded as it is
    read, READ_BYTES at a time: UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030 (Excel's CSV on
    Chinese Windows). Without a BOM, the first block holding non-ASCII bytes decides between UTF-8 and GB18030.
    FileError, naming the line, for bytes the encoding cannot read and for a line longer than LINE_LIMIT.
    """
    block = _read(stream, 4)  # a BOM is at most 3 bytes
    encoding, block = _sniffed(block)
    decoder: Any = None
    pending = ""
    lines_before = 0
    while True:
        final = not block
        if decoder is None and encoding is None and not block.isascii():
            first = len(block) - len(block.lstrip(_ASCII))  # the first non-ASCII byte decides, with what follows it
            if len(block) - first < SNIFF_BYTES:
                block += _read(stream, SNIFF_BYTES - (len(block) - first))
            encoding = _utf8_or_gb18030(block[first : first + SNIFF_BYTES])
        if decoder is None and encoding is not None:
            decoder = codecs.getincrementaldecoder(encoding)()
        try:
            text = decoder.decode(block, final) if decoder is not None else block.decode("ascii")
        except UnicodeDecodeError as error:
            assert encoding is not None
            before = pending + bytes(error.object[: error.start]).decode(encoding, "replace")
            raise FileError(_undecodable(encoding, lines_before + line_breaks(before) + 1)) from None
        text = pending + text
        pending = ""
        if text:
            lines = split_lines(text)
            if not final and not lines[-1].endswith("\n"):  # an unfinished line, or a \r that may precede \n
                pending = lines.pop()
                if len(pending) > LINE_LIMIT:
                    raise FileError(
                        "第 {} 行超过 {} 个字符：不是一份名单（每格最多 {} 个字符，每行最多 {} 列）".format(
                            lines_before + len(lines) + 1, LINE_LIMIT, FIELD_LIMIT, COLUMN_LIMIT
                        )
                    )
            lines_before += len(lines)
            yield from lines
        if final:
            return
        block = _read(stream)


def _read(stream: IO[bytes], at_least: int = 1) -> bytes:
    """READ_BYTES bytes (at least `at_least` unless the file ends first); b"" at the end."""
    data = b""
    try:
        while True:
            block = stream.read(READ_BYTES)
            data += block
            if not block or len(data) >= at_least:
                return data
    except OSError as error:
        raise InputError("读取文件时出错：{}".format(reason(error))) from None


def _undecodable(encoding: str, line: int) -> str:
    name = _ENCODING_NAMES[encoding]
    if encoding == "gb18030":
        return "无法识别文件的编码：第 {} 行既不是 UTF-8 也不是 GB18030：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”".format(
            line
        )
    return "文件是 {} 编码，但第 {} 行不是有效的 {}：请把整个文件另存为“CSV UTF-8（逗号分隔）”".format(name, line, name)


# ---- Lines → rows, the file's shape checked -------------------------------------------------------


def read_rows(lines: Iterable[str]) -> Iterator[tuple[int, Any]]:
    """(line where the row starts, cells) for each row of CSV lines (line ends kept), read lazily by csv.reader,
    each checked by table.Shape; cells None for a row with a cell too long for csv (the reader goes on)."""
    iterator = iter(lines)
    first = next(iterator, "")
    last = [0]
    reader = csv.reader(_ended(_chained(first, iterator), last), delimiter=delimiter_of(first))
    shape = Shape(delimiter_of(first))
    read = 0
    while True:
        start = read + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:  # a cell longer than csv.field_size_limit(): csv goes on at the next line
            read = reader.line_num
            yield start, shape.too_long(start, read)
            continue
        read = reader.line_num
        # A row that reaches the empty line _ended adds had a quoted cell that was never closed.
        yield start, shape.row(start, read, cells, read == last[0])


def _chained(first: str, rest: Iterator[str]) -> Iterator[str]:
    if first:
        yield first
    yield from rest


def _ended(lines: Iterator[str], last: list[int]) -> Iterator[str]:
    """The lines, then an empty line (its number in last[0]): a quoted cell never closed runs into it."""
    number = 0
    for line in lines:
        number += 1
        yield line
    last[0] = number + 1
    yield "\n"


def check_lines(
    rules: dict[str, Any],
    lines: Iterable[str],
    year: Any,
    as_of: Any,
    counts: dict[str, int],
    english: bool = False,
    people: Any = None,
) -> Any:
    """The result rows (header first) of CSV lines read lazily (the command line streams a file through this);
    `people`: table.check_rows's collector for the 多年汇总."""
    return check_rows(rules, read_rows(lines), year, as_of, counts, english=english, people=people)


# ---- Rows → CSV text -----------------------------------------------------------------------------


def write_csv(rows: list[list[str]]) -> str:
    """Rows as CSV text with CRLF line ends (what Excel and RFC 4180 expect), every cell spreadsheet_safe."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(safe_rows(rows))
    return buffer.getvalue()


def encoded_csv(rows: list[list[str]], encoding: str) -> bytes:
    """write_csv's text in one of OUTPUT_ENCODINGS (a BOM, for utf-8-sig, only where encoding_start says so)."""
    try:
        return write_csv(rows).encode("utf-8" if encoding == "utf-8-sig" else encoding)
    except UnicodeEncodeError:
        raise InputError("结果中有 {} 无法表示的字符：请改用 --output-encoding utf-8".format(encoding)) from None


def encoding_start(encoding: str) -> bytes:
    """What a file in this output encoding starts with: the BOM for utf-8-sig (Excel then reads UTF-8), else nothing."""
    return codecs.BOM_UTF8 if encoding == "utf-8-sig" else b""
