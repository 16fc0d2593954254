"""CSV files for the command line's batch (CPython only): read with the csv module as a stream, written with a BOM.

Bytes are decoded as they are read (UTF-8 with or without BOM, UTF-16 with a BOM, else GB18030; a file partly
UTF-8 and partly GB18030 refused, as are UTF-16 without a BOM and UTF-32, as the browser's worker.js does), cut into
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
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

from calculator.errors import InputError
from calculator.table import (
    COLUMN_LIMIT,
    FIELD_LIMIT,
    FILE_LIMIT_MB,
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
WIDE_SNIFF_BYTES = 1 << 10
"""Without a BOM, the first this many bytes tell UTF-16 and UTF-32 by their NUL bytes (wide_encoding)."""
LINE_LIMIT = (FILE_LIMIT_MB + 2) << 20
"""The command line refuses a physical line longer than this many characters, so memory stays bounded whatever
the file. Longer than any line of a file the page reads (at most FILE_LIMIT_MB MB): on every such file the two read
the same rows (a line of overlong cells is that row's error on both sides, not the end of the file)."""

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
_LEADS = bytes(
    ord("L") if 0xE4 <= byte <= 0xE9 or byte == 0xF0 else ord("C") if 0x80 <= byte <= 0xBF else ord(".")
    for byte in range(256)
)
"""bytes.translate's table: "LCC" wherever a Chinese character's UTF-8 bytes (_CHINESE) may start, and at some other
places: where to look for UTF-8 lines in GB18030 text (bytes.find is much faster than a regular expression)."""
_LINE_END = re.compile(rb"[\r\n]")
_CHINESE = re.compile("[\u4e00-\u9fff\U00020000-\U0002ffff]")
"""Chinese characters (CJK Unified Ideographs and the supplementary ideographic plane) that count as evidence."""
CHINESE_EVIDENCE = 2
"""A line of a file read as GB18030 that reads as UTF-8 with this many Chinese characters or more is UTF-8 (two is a
name): GB18030 text almost never does. Of 2,000,000 lines of names and words from jieba's dictionary (name,20,0,70,
word) in GB18030 none did, of lines of 2 to 5 random GB2312 characters about 1 in 130,000 (a Chinese character's
UTF-8 starts with E4–E9, in GB18030 the first byte of a rare character), while 0.6% read as UTF-8 of other letters."""


def _wide_message(name: str) -> str:
    return "这个文件像是{} {} 文本，无法读取：请用记事本或 Excel 打开它，另存为 UTF-8（Excel 中选“CSV UTF-8（逗号分隔）”）后再核对".format(
        "没有 BOM 的" if name == "UTF-16" else "", name
    )


def _mixed_message(utf8_line: int, other_line: int) -> str:
    return (
        "文件的编码前后不一：第 {} 行是 UTF-8，第 {} 行不是（像是 GB18030）：多半是两个文件拼在了一起，"
        "请把各部分都另存为“CSV UTF-8（逗号分隔）”再合并后核对"
    ).format(utf8_line, other_line)


def _undecodable(encoding: str, line: int) -> str:
    name = _ENCODING_NAMES[encoding]
    if encoding == "gb18030":
        return "无法识别文件的编码：第 {} 行既不是 UTF-8 也不是 GB18030：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”".format(
            line
        )
    return "文件是 {} 编码，但第 {} 行不是有效的 {}：请把整个文件另存为“CSV UTF-8（逗号分隔）”".format(name, line, name)


def wide_encoding(head: bytes) -> str | None:
    """Whether a file's first bytes (WIDE_SNIFF_BYTES, no BOM) are "UTF-16" or "UTF-32" text, by their NUL bytes:
    None for any other (text in UTF-8 or GB18030 has no NUL bytes). UTF-32: in every 4 bytes the last (LE) or first
    (BE) is 0, and so is the one beside it in at least half (always, for Chinese and ASCII). UTF-16: NUL bytes (the
    other half of ASCII characters: commas, digits, line ends) at odd places (LE) or even places (BE) in at least an
    eighth of the pairs, at least 4 times as many as at the other places."""
    quads = len(head) // 4
    if quads >= 2:
        zeros = [head[place : quads * 4 : 4].count(0) for place in range(4)]
        if (zeros[3] == quads and 2 * zeros[2] >= quads) or (zeros[0] == quads and 2 * zeros[1] >= quads):
            return "UTF-32"
    pairs = len(head) // 2
    if pairs >= 2:
        even, odd = head[0 : pairs * 2 : 2].count(0), head[1 : pairs * 2 : 2].count(0)
        most, fewest = max(even, odd), min(even, odd)
        if most >= 2 and 8 * most >= pairs and 4 * fewest <= most:
            return "UTF-16"
    return None


def _sniffed(head: bytes) -> tuple[str | None, bytes]:
    """The encoding a CSV file's first bytes show (a BOM; else None: decided at its first non-ASCII bytes), and the
    bytes after the BOM. FileError for UTF-32, and for UTF-16 without a BOM (wide_encoding)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8", head[3:]
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16's: FF FE 00 00 starts with FF FE
        raise FileError(_wide_message("UTF-32"))
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", head[2:]
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", head[2:]
    wide = wide_encoding(head[:WIDE_SNIFF_BYTES])
    if wide is not None:
        raise FileError(_wide_message(wide))
    return None, head


def split_lines(text: str) -> list[str]:
    """The text cut after each \\r\\n, \\r or \\n, line ends kept (what iterating a StringIO(newline="") gives)."""
    return list(io.StringIO(text, newline=""))


def stream_lines(stream: IO[bytes]) -> Iterator[str]:
    """The lines of a CSV file (line ends kept, cut as a StringIO with newline="" cuts them), decoded as it is
    read, READ_BYTES at a time: UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030 (Excel's CSV on
    Chinese Windows). Without a BOM, the first SNIFF_BYTES from the first non-ASCII byte decide between UTF-8 and
    GB18030 (_narrow_lines). FileError, naming the line, for bytes the encoding cannot read, for a file whose lines
    are partly UTF-8 and partly GB18030, and for a line longer than LINE_LIMIT; FileError for UTF-32 and for UTF-16
    without a BOM.
    """
    block = _read(stream, WIDE_SNIFF_BYTES)  # a BOM, or the NUL bytes of UTF-16 or UTF-32 without one
    encoding, block = _sniffed(block)
    if encoding in ("utf-16-le", "utf-16-be"):
        yield from _wide_lines(stream, block, encoding)
    else:
        yield from _narrow_lines(stream, block, encoding)


def _wide_lines(stream: IO[bytes], block: bytes, encoding: str) -> Iterator[str]:
    """stream_lines for UTF-16 with a BOM (block: the bytes after it), decoded a block at a time."""
    decoder: Any = codecs.getincrementaldecoder(encoding)()
    pending = ""
    lines_before = 0
    while True:
        final = not block
        try:
            text = decoder.decode(block, final)
        except UnicodeDecodeError as error:
            before = pending + bytes(error.object[: error.start]).decode(encoding, "replace")
            raise FileError(_undecodable(encoding, lines_before + line_breaks(before) + 1)) from None
        text = pending + text
        pending = ""
        if text:
            lines = split_lines(text)
            if not final and not lines[-1].endswith("\n"):  # an unfinished line, or a \r that may precede \n
                pending = lines.pop()
                if len(pending) > LINE_LIMIT:
                    raise FileError(_too_long(lines_before + len(lines) + 1))
            lines_before += len(lines)
            yield from lines
        if final:
            return
        block = _read(stream)


def _narrow_lines(stream: IO[bytes], block: bytes, encoding: str | None) -> Iterator[str]:
    """stream_lines for UTF-8 (encoding "utf-8": after a BOM) or, encoding None, UTF-8 or GB18030 as the first
    SNIFF_BYTES from the first non-ASCII byte read. The bytes are cut into lines at their \\r and \\n (in UTF-8 and
    GB18030 these bytes are only ever line ends) and decoded complete lines at a time, a block at a time.

    A file in UTF-8 without a BOM whose line does not read as UTF-8 but as GB18030 is refused as mixed, naming its
    first line in each encoding; so is a file read as GB18030 with a line that reads as UTF-8 with two Chinese
    characters or more (CHINESE_EVIDENCE, real evidence: GB18030 text almost never does), or a line that does not
    read as GB18030 but as UTF-8. The browser (worker.js, decodeCsv) refuses the same files with the same lines.
    """
    declared = encoding is not None
    utf8_line = 0  # UTF-8 without a BOM: the line of the first non-ASCII byte
    gb18030_line = 0  # GB18030: the line of the first byte that is not UTF-8
    lines_before = 0
    carry = b""  # an unfinished line
    while True:
        final = not block
        data = carry + block
        if encoding is None and not data.isascii():
            first = len(data) - len(data.lstrip(_ASCII))  # the first non-ASCII byte decides, with what follows it
            if len(data) - first < SNIFF_BYTES:
                data += _read(stream, SNIFF_BYTES - (len(data) - first))
            at = _utf8_failure(data[first : first + SNIFF_BYTES])
            if at < 0:
                encoding, utf8_line = "utf-8", lines_before + _breaks(data[:first]) + 1
            else:
                at += first
                encoding, gb18030_line = "gb18030", lines_before + _breaks(data[:at]) + 1
                data = _to_line_end(stream, data, at, gb18030_line)
                if _gb18030_decoded(data[_line_start(data, at) : _line_end(data, at, len(data))])[2] is not None:
                    # neither UTF-8 nor GB18030: GB18030 fails on this line (or an earlier one, itself UTF-8)
                    raise FileError(_undecodable("gb18030", gb18030_line))
        # whole lines: all at the end, else up to the last line end (a \r at the very end may be followed by \n)
        cut = len(data) if final else max(data.rfind(b"\n"), data.rfind(b"\r", 0, len(data) - 1)) + 1
        chunk, carry = data[:cut], data[cut:]
        if chunk:
            if encoding == "gb18030":
                text = _gb18030_text(chunk, lines_before, gb18030_line)
            elif encoding == "utf-8":
                text = _utf8_text(chunk, lines_before, final, 0 if declared else utf8_line)
            else:
                text = chunk.decode("ascii")
            lines = split_lines(text)
            lines_before += len(lines)
            yield from lines
        if len(carry) > LINE_LIMIT and len(carry.decode(encoding or "ascii", "replace")) > LINE_LIMIT:
            raise FileError(_too_long(lines_before + 1))
        if final:
            return
        block = _read(stream)


def _utf8_text(chunk: bytes, lines_before: int, final: bool, utf8_line: int) -> str:
    """Whole lines of a UTF-8 file, decoded; FileError naming the first line that is not UTF-8, refused as mixed
    when it reads as GB18030 (utf8_line: the file's first non-ASCII line; 0 when a BOM says UTF-8)."""
    try:
        return chunk.decode("utf-8")
    except UnicodeDecodeError as error:
        line = lines_before + _breaks(chunk[: error.start]) + 1
        cut_short = final and error.reason == _CUT_SHORT  # a character cut off by the end of the file
        whole = chunk[_line_start(chunk, error.start) : _line_end(chunk, error.start, len(chunk))]
        if utf8_line and not cut_short and _reads_as(whole, "gb18030"):
            raise FileError(_mixed_message(utf8_line, line)) from None
        raise FileError(_undecodable("utf-8", line)) from None


GB18030_AS_BROWSERS = str.maketrans(
    {
        **{chr(0xE78D + n): chr(code) for n, code in enumerate([0xFE10, 0xFE12, 0xFE11, *range(0xFE13, 0xFE1A)])},
        **{
            chr(pua): chr(0x9FB4 + n)
            for n, pua in enumerate([0xE81E, 0xE826, 0xE82B, 0xE82C, 0xE832, 0xE843, 0xE854, 0xE864])
        },
        "\ue5e5": "\u3000",
        "\ue7c7": "\u1e3f",
        "\u1e3f": "\ue7c7",
    }
)
"""The 21 GB18030 codes CPython's codec (GB18030-2005) reads otherwise than browsers (WHATWG's, GB18030-2022), as
browsers read them: FE90 is 龺 (U+9FBA), not the private-use U+E854; A6D9 is ︐ (U+FE10); A3A0 is an ideographic
space. Found by reading every 2- and 4-byte code both ways (tests/test_calculator_csv_encodings.py)."""


def _gb18030_text(chunk: bytes, lines_before: int, gb18030_line: int) -> str:
    """Whole lines of a GB18030 file, decoded. FileError, for the first line that is either: one that reads as
    UTF-8 with CHINESE_EVIDENCE Chinese characters, or one that does not read as GB18030 or has a lone 0x80 (read
    as €) and reads as UTF-8 (refused as mixed; gb18030_line: the file's first line that is not UTF-8), or one that
    does not read as GB18030 (refused as such). The browser (worker.js, decodeNarrow) goes through the same lines."""
    evidence = _chinese_utf8_line(chunk)  # counted from 0 in the chunk
    text, lone, failed = _gb18030_decoded(chunk)
    for at in [*lone, *([] if failed is None else [failed])]:
        line = _breaks(chunk[:at])  # counted from 0 in the chunk
        if evidence is not None and evidence <= line:
            break
        if _reads_as(chunk[_line_start(chunk, at) : _line_end(chunk, at, len(chunk))], "utf-8"):
            raise FileError(_mixed_message(lines_before + line + 1, gb18030_line))
        if at == failed:
            raise FileError(_undecodable("gb18030", lines_before + line + 1))
    if evidence is not None:
        raise FileError(_mixed_message(lines_before + evidence + 1, gb18030_line))
    return text


def _gb18030_decoded(data: bytes) -> tuple[str, list[int], int | None]:
    """The bytes read as GB18030, as browsers read them: the text (GB18030_AS_BROWSERS), where a lone byte 0x80 was
    read as € (browsers, WHATWG's gb18030, and Windows' code page 936, which Excel in Chinese writes CSV files in,
    read it so; CPython's codec refuses it), and where a byte GB18030 cannot read is (None: none; the text is then
    only what came before it)."""
    parts: list[str] = []
    lone: list[int] = []
    at = 0
    while True:
        try:
            parts.append(data[at:].decode("gb18030"))
            return "".join(parts).translate(GB18030_AS_BROWSERS), lone, None
        except UnicodeDecodeError as error:
            start = at + error.start
            parts.append(data[at:start].decode("gb18030"))
            if data[start] != 0x80:
                return "".join(parts).translate(GB18030_AS_BROWSERS), lone, start
            parts.append("\u20ac")
            lone.append(start)
            at = start + 1


def _chinese_utf8_line(chunk: bytes) -> int | None:
    """The first line of the bytes (counted from 0) that reads as UTF-8 with CHINESE_EVIDENCE Chinese characters or
    more, or None. Only lines with bytes like those of one (_LEADS) are decoded: rarely any, in GB18030 text."""
    leads = chunk.translate(_LEADS)
    end = 0
    at = leads.find(b"LCC")
    while at >= 0:
        start = _line_start(chunk, at, end)
        end = _line_end(chunk, at, len(chunk))
        try:
            text = chunk[start:end].decode("utf-8")
        except UnicodeDecodeError:
            text = ""
        if len(_CHINESE.findall(text)) >= CHINESE_EVIDENCE:
            return _breaks(chunk[:start])
        at = leads.find(b"LCC", end)
    return None


def _breaks(data: bytes) -> int:
    """How many line breaks (\\r\\n, \\r or \\n) the bytes hold."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def _line_start(data: bytes, at: int, low: int = 0) -> int:
    """Where the line holding data[at] starts: after the last \\r or \\n before it (looked for from `low` on)."""
    return max(data.rfind(b"\n", low, at), data.rfind(b"\r", low, at), low - 1) + 1


def _line_end(data: bytes, at: int, end: int) -> int:
    """Where the line holding data[at] ends (its first \\r or \\n), or `end` if it runs on past it."""
    found = _LINE_END.search(data, at, end)
    return end if found is None else found.start()


def _reads_as(data: bytes, encoding: str) -> bool:
    """Whether the bytes read in the encoding."""
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


_CUT_SHORT = "unexpected end of data"
"""The reason CPython's UTF-8 codec gives for bytes that end in the middle of a character (and only for them)."""


def _utf8_failure(data: bytes) -> int:
    """Where the first bytes that are not UTF-8 start, -1 if none: a character cut off at the end is not (yet) an
    error (as the browser's TextDecoder reads a stream: CPython's incremental decoder would also wait for more after
    ED A0, the start of a surrogate, which is never UTF-8)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return -1 if error.reason == _CUT_SHORT else error.start
    return -1


def _to_line_end(stream: IO[bytes], data: bytes, at: int, line: int) -> bytes:
    """The data, read on (READ_BYTES at a time) until the line holding data[at] ends or the file does; FileError if
    it is longer than LINE_LIMIT characters can be."""
    start = _line_start(data, at)
    looked = at
    while _line_end(data, looked, len(data)) == len(data):
        if len(data) - start > 4 * LINE_LIMIT:  # a character is at most 4 bytes
            raise FileError(_too_long(line))
        more = _read(stream)
        if not more:
            break
        looked = len(data)
        data += more
    return data


def _too_long(line: int) -> str:
    return "第 {} 行超过 {} 个字符：不是一份名单（每格最多 {} 个字符，每行最多 {} 列）".format(
        line, LINE_LIMIT, FIELD_LIMIT, COLUMN_LIMIT
    )


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
