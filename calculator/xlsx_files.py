"""Excel workbooks (.xlsx) for the command line's batch (CPython only, openpyxl): read as a stream, written as a stream.

Reading: the workbook's active worksheet (else its first), row by row with openpyxl's read-only parser, each cell as
the text the browser's reader gives for it too (site_config/calculator/xlsx.js): numbers as a spreadsheet shows them
(15 significant digits), dates as 2026-05-12, TRUE/FALSE, a formula as the value the file saved for it (a formula
with no saved value stops the file: table.FORMULA_WITHOUT_VALUE). Each row goes to table.Shape (the column limit)
and then to table.check_rows, with its row number in the sheet as its line, as CSV rows do.

Writing: one sheet 核对结果, the header bold and frozen (it stays visible) with a filter, column widths from the
header and the first WIDTH_ROWS rows, hours as numbers (table.number_columns), every other cell text: never a
formula, whatever it starts with (a cell starting with = is written as text, not with the CSV's ' in front).
"""

from __future__ import annotations

import datetime
import math
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO, Any
from xml.etree import ElementTree
from xml.parsers import expat

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font
from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE, builtin_format_code
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

from calculator.table import (
    FORMULA_WITHOUT_VALUE,
    MERGED_CELLS,
    NOT_XLSX,
    FileError,
    Shape,
    empty_sheet,
    merged_below,
    number_columns,
    number_value,
)

# openpyxl warns in English on standard error about what it fills in for a workbook (no default style, an unknown
# extension, …): nothing the person can act on, and the command line speaks Chinese only.
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")

SHEET_TITLE = "核对结果"
WIDTH_ROWS = 100
"""Column widths are decided from the header and this many rows (a stream cannot look further before writing)."""


# ---- Reading ---------------------------------------------------------------------------------------


class _Parser(WorkSheetParser):
    """openpyxl's sheet parser reading saved values (data_only), which stops at a formula that has none (the file
    was written by a program that does not calculate): that cell would otherwise read as empty, i.e. 0 hours. A
    number in a percent format is read as shown (70%), not as the 0.7 it holds."""

    def __init__(self, *arguments: Any, percent_styles: set[int], **options: Any) -> None:
        super().__init__(*arguments, **options)
        self.percent_styles = percent_styles

    def parse_cell(self, element: Any) -> Any:
        cell = super().parse_cell(element)
        value = cell["value"]
        if (
            cell.get("style_id") in self.percent_styles
            and isinstance(value, int | float)
            and not isinstance(value, bool)
        ):
            cell["value"] = number_text(value * 100) + "%"
        # A formula with no saved value: no <v>, or an empty one (openpyxl writes <v/>) unless its result is a text
        # (t="str"), which may be empty.
        if cell["value"] is None and element.find(FORMULA_TAG) is not None and element.get("t") != "str":
            coordinate = element.get("r") or "{}{}".format(get_column_letter(cell["column"]), cell["row"])
            raise FileError(FORMULA_WITHOUT_VALUE.format(cell["row"], coordinate))
        return cell


def cell_text(value: Any) -> str:
    """A cell's value as the batch reads it (the browser's reader gives the same text)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return number_text(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return "{} {}".format(value.date().isoformat(), _time_text(value.time()))
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return _time_text(value)
    if isinstance(value, datetime.timedelta):
        seconds = round(value.total_seconds())
        return "{}:{:02d}:{:02d}".format(seconds // 3600, seconds // 60 % 60, seconds % 60)
    return str(value)


def number_text(value: float) -> str:
    """A number as a spreadsheet shows it: at most 15 significant digits (61.1, 90, 0.3 for 0.30000000000000004);
    -0 as 0 (a spreadsheet shows no sign on zero; the browser's reader neither); a whole number too large for a float
    (400 digits) as inf, as the browser's reader reads it (the core then says it is not a finite number)."""
    if value == 0:
        return "0"
    try:
        value = float(value)
    except OverflowError:
        value = math.inf if value > 0 else -math.inf
    return "%.15g" % value


def _time_text(value: datetime.time) -> str:
    text = "{:02d}:{:02d}:{:02d}".format(value.hour, value.minute, value.second)
    if value.microsecond:
        text += ".{:03d}".format(value.microsecond // 1000)
    return text


def percent_styles(workbook: Any) -> set[int]:
    """The cell styles whose number format shows a percent (0%, 0.00%, 0.0"分"% …): their numbers read as shown."""
    found = set()
    for index, style in enumerate(getattr(workbook, "_cell_styles", [])):
        number_format = style.numFmtId
        custom = workbook._number_formats
        if number_format < BUILTIN_FORMATS_MAX_SIZE:
            code = builtin_format_code(number_format)
        elif number_format - BUILTIN_FORMATS_MAX_SIZE < len(custom):
            code = custom[number_format - BUILTIN_FORMATS_MAX_SIZE]
        else:  # a format the styles do not define (openpyxl and the browser read the cell as General)
            code = None
        if code and "%" in re.sub(r'"[^"]*"|\\.', "", code.split(";")[0]):
            found.add(index)
    return found


def _sheet(workbook: Any) -> Any:
    """The sheet a person sees on opening the workbook (its active one), else its first worksheet."""
    active = workbook.active
    if isinstance(active, ReadOnlyWorksheet):
        return active
    for sheet in workbook.worksheets:
        if isinstance(sheet, ReadOnlyWorksheet):
            return sheet
    raise FileError("工作簿中没有工作表：请在 Excel 或 WPS 中把名单放在第一个工作表中")


TEXT_LIMIT_BYTES = 1 << 20
"""The longest text between two tags of a worksheet or its shared strings, in bytes: a cell holds at most 32,767
characters (Excel's limit), i.e. at most ~600 KB of escaped UTF-8. Longer: the file is refused (a zip bomb)."""
CELLS_IN_A_ROW_LIMIT = 20000
"""The most cells a row of a worksheet may list (Excel has 16,384 columns; a row formatted to its end lists them
all, empty): more, and the file is refused before the row is built (a zip bomb)."""
TOO_LONG_TEXT = "工作簿中有一段文字超过 {} MB（一个格子最多 32,767 个字符），不像名单：文件可能已损坏，请检查后重新保存"
TOO_MANY_CELLS = "工作表第 {} 行列出了超过 {:,} 个格子（Excel 每行最多 16,384 列），不像名单：请检查工作表"


class _Guarded:
    """A worksheet's (or shared strings') XML as the parser reads it, refused (FileError) as soon as a text runs
    longer than TEXT_LIMIT_BYTES or a row lists more than CELLS_IN_A_ROW_LIMIT cells: a small .xlsx can unpack to
    gigabytes, which the parser would otherwise hold in memory whole."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.run = 0  # bytes since the last "<"
        self.rows = 0
        self.cells = 0  # cells in the current row so far

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        self.inspect(chunk)
        return chunk

    def inspect(self, chunk: bytes) -> None:
        last = chunk.rfind(b"<")
        longest = self.run + len(chunk) if last < 0 else self.run + chunk.find(b"<")
        if last >= 0 and len(chunk) > TEXT_LIMIT_BYTES:  # only then can a text lie wholly inside the chunk
            longest = max(longest, max(len(part) for part in chunk[:last].split(b"<")))
        self.run = longest if last < 0 else len(chunk) - last - 1
        if max(longest, self.run) > TEXT_LIMIT_BYTES:
            raise FileError(TOO_LONG_TEXT.format(TEXT_LIMIT_BYTES >> 20))
        pieces = chunk.split(b"<row")
        for index, piece in enumerate(pieces):
            if index:
                self.rows += 1
                self.cells = 0
            self.cells += piece.count(b"<c ") + piece.count(b"<c>") + piece.count(b"<c/>")
            if self.cells > CELLS_IN_A_ROW_LIMIT:
                raise FileError(TOO_MANY_CELLS.format(self.rows, CELLS_IN_A_ROW_LIMIT))

    def close(self) -> None:
        self.raw.close()


_UNREADABLE = (
    zipfile.BadZipFile,
    ValueError,
    KeyError,
    IndexError,
    OSError,
    EOFError,
    NotImplementedError,  # zipfile's answer to a compression method it cannot unpack
    SyntaxError,  # the XML parser's ParseError: a part that is not well formed (&nbsp;, &#0;, cut short)
)
"""What reading a broken workbook raises (openpyxl, zipfile, the XML parser): NOT_XLSX, in Chinese, never 内部错误."""


STRICT_XLSX = (
    "这个工作簿是 Strict Open XML 格式（Excel 的“Strict Open XML 电子表格”），读不了：请在 Excel 或 WPS 中打开，"
    "另存为普通的“Excel 工作簿（.xlsx）”后再核对"
)
MAIN_NAMESPACE = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_NAMESPACE = "http://purl.oclc.org/ooxml/spreadsheetml/main"


def _check_parts(source: IO[bytes]) -> None:
    """Before openpyxl loads the workbook: a Strict Open XML workbook is refused in its own words (openpyxl finds no
    sheet in it and the reason would be 工作簿中没有工作表), one in another namespace as 格式不对; the shared strings are read through _Guarded once,
    before openpyxl loads them whole."""
    try:
        with zipfile.ZipFile(source) as archive:
            for name in archive.namelist():
                if name.lower().endswith((".xml", ".rels")):
                    with archive.open(name) as part:
                        if _declares_doctype(part):
                            raise FileError(NOT_XLSX.format("格式不对"))
            if "xl/workbook.xml" in archive.namelist():
                with archive.open("xl/workbook.xml") as part:
                    _event, root = next(ElementTree.iterparse(part, events=("start",)))
                if root.tag.startswith("{%s}" % STRICT_NAMESPACE):
                    raise FileError(STRICT_XLSX)
                if not root.tag.startswith("{%s}" % MAIN_NAMESPACE):  # not a workbook (the page refuses it alike)
                    raise FileError(NOT_XLSX.format("格式不对"))
            names = [name for name in archive.namelist() if name.lower().endswith("sharedstrings.xml")]
            for name in names:
                with archive.open(name) as part:
                    guarded = _Guarded(part)
                    while guarded.read(1 << 16):
                        pass
    except FileError:
        raise
    except _UNREADABLE as error:
        raise FileError(NOT_XLSX.format(_why(error))) from None
    finally:
        source.seek(0)


class _Prolog(Exception):
    """Raised from the XML parser's handlers once the prolog is read: `doctype` says whether it declared one."""

    def __init__(self, doctype: bool) -> None:
        super().__init__()
        self.doctype = doctype


def _declares_doctype(part: IO[bytes]) -> bool:
    """Whether an XML part declares a DOCTYPE before its root element: any part that does is refused (the page
    refuses it alike). Excel never writes one; the parser would expand its entities (<!ENTITY h "70"> makes &h; 70,
    which the page does not read) and a nest of them unpacks to gigabytes. Only the prolog is read."""

    def doctype(*_: Any) -> None:
        raise _Prolog(True)

    def root(*_: Any) -> None:
        raise _Prolog(False)

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = root
    try:
        while chunk := part.read(1 << 16):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Prolog as prolog:
        return prolog.doctype
    except expat.ExpatError:  # malformed before its root: for the parser that reads the part (if any) to say
        return False
    return False


def read_rows(source: IO[bytes], about: dict[str, Any] | None = None) -> Iterator[tuple[int, list[str]]]:
    """(row number in the sheet, cells as text) for each row of an .xlsx that has any cell, read as a stream and each
    checked by table.Shape (at most COLUMN_LIMIT columns); trailing empty cells dropped. `about` gets the sheet's
    title and the workbook's number of sheets."""
    _check_parts(source)
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (*_UNREADABLE, InvalidFileException, TypeError, AttributeError) as error:
        raise FileError(NOT_XLSX.format(_why(error))) from None
    try:
        sheet = _sheet(workbook)
        if about is not None:
            about["sheet"] = sheet.title
            about["sheets"] = len(workbook.sheetnames)
        shape = Shape(None)
        try:
            with sheet._get_source() as xml:
                merged = _merged_ranges(xml)
        except FileError:
            raise
        except _UNREADABLE as error:
            raise FileError(NOT_XLSX.format(_why(error))) from None
        with sheet._get_source() as xml:
            parser = _Parser(
                _Guarded(xml),
                sheet._shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
                percent_styles=percent_styles(workbook),
            )
            try:
                header_row = None
                for number, cells in parser.parse():
                    texts = _row_texts(cells)
                    if texts:
                        if header_row is None:
                            header_row = number
                            below = merged_below(merged, header_row)
                            if below is not None:
                                raise FileError(MERGED_CELLS.format(below))
                        yield number, shape.row(number, number, texts)
                if header_row is None and len(workbook.sheetnames) > 1:
                    raise FileError(empty_sheet(len(workbook.sheetnames), sheet.title))
            except FileError:
                raise
            except _UNREADABLE as error:
                raise FileError(NOT_XLSX.format(_why(error))) from None
    finally:
        workbook.close()


_MERGE_CELL = re.compile(rb"<(?:[\w.-]+:)?mergeCell\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*?\sref=\"([^\"]*)\"")
"""A merged range: its ref, read past other attributes whose quoted values may hold ">" (well-formed XML)."""


def _merged_ranges(xml: IO[bytes]) -> list[str]:
    """The merged ranges a worksheet's XML lists (<mergeCell ref="A2:A3"/>, after its rows), in its order: read through
    _Guarded in blocks before the rows are (the rows are streamed, and the merges come after them)."""
    guarded = _Guarded(xml)
    found: list[str] = []
    tail = b""
    while True:
        chunk = guarded.read(1 << 16)
        if not chunk:
            return found
        data = tail + chunk
        cut = data.rfind(b"<")
        if cut < 0 or data.find(b">", cut) >= 0:
            cut = len(data)
        found += [match.decode("utf-8", "replace") for match in _MERGE_CELL.findall(data[:cut])]
        tail = data[cut:]


def _row_texts(cells: list[dict[str, Any]]) -> list[str]:
    if not cells:
        return []
    values = {}
    for cell in cells:
        text = cell_text(cell["value"])
        if text:
            values[cell["column"]] = text
    if not values:
        return []
    texts = [""] * max(values)
    for column, text in values.items():
        texts[column - 1] = text
    return texts


def _why(error: BaseException) -> str:
    if isinstance(error, zipfile.BadZipFile):
        return "不是完整的 .xlsx 文件"
    if isinstance(error, KeyError):
        return "缺少工作簿的组成部分"
    return "格式不对"


# ---- Writing ---------------------------------------------------------------------------------------


def column_width(texts: Iterable[str]) -> float:
    """A column's width in characters: the widest of the texts (a Chinese character counts 2), between 6 and 50."""
    widest = 0
    for text in texts:
        width = 0
        for c in text:
            width += 2 if ord(c) > 0x2E7F else 1
        widest = max(widest, width)
    return min(50, max(6, widest + 2))


def write_xlsx(rows: Iterable[list[str]], path: str, more: Any = None) -> None:
    """Result rows (header first, as table.check_rows gives them) into an .xlsx at `path`, as a stream; `more`, when
    given, is called once the rows are written and gives further sheets as (title, rows) pairs (the 多年汇总)."""
    workbook = Workbook(write_only=True)
    if not _write_sheet(workbook, SHEET_TITLE, rows):
        raise FileError("没有可以写出的结果")
    for title, sheet_rows in more() if more is not None else []:
        _write_sheet(workbook, title, sheet_rows)
    workbook.save(path)


def _write_sheet(workbook: Any, title: str, rows: Iterable[list[str]]) -> bool:
    """One sheet of rows (header first): the header bold and frozen, with a filter; False when there are no rows."""
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        return False
    first = []
    for row in iterator:
        first.append(row)
        if len(first) == WIDTH_ROWS:
            break
    numbers = number_columns(header)
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for index in range(len(header)):
        texts = [header[index]] + [row[index] for row in first if index < len(row)]
        sheet.column_dimensions[get_column_letter(index + 1)].width = column_width(texts)
    bold = Font(bold=True)
    cells: list[Any] = []
    for text in header:
        if not text:  # blank, as the page writes it (not a text cell with no text)
            cells.append(None)
            continue
        cell = WriteOnlyCell(sheet, value=xlsx_text(text))
        cell.data_type = "s"
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    count = 1
    for row in _chained(first, iterator):
        sheet.append(_cells(sheet, row, numbers))
        count += 1
    sheet.auto_filter.ref = "A1:{}{}".format(get_column_letter(max(1, len(header))), count)
    return True


def _chained(first: list[list[str]], rest: Iterator[list[str]]) -> Iterator[list[str]]:
    yield from first
    yield from rest


def _cells(sheet: Any, row: list[str], numbers: list[int]) -> list[Any]:
    out: list[Any] = []
    for index, text in enumerate(row):
        if not text:
            out.append(None)
            continue
        if index in numbers:
            number = number_value(text)
            if number is not None:
                out.append(number)
                continue
        value = xlsx_text(text)
        # Text, never a formula or an error value (openpyxl would take =… for a formula, #N/A, #REF! … for errors).
        if value.startswith("=") or value in ERROR_CODES:
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            out.append(cell)
        else:
            out.append(value)
    return out


_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Characters an .xlsx (XML 1.0) cannot hold: written as U+FFFD (the browser's writer does the same)."""
CELL_LIMIT = 32767
"""The most characters a spreadsheet cell holds (Excel's limit): a longer text is cut, ending in …."""


def xlsx_text(text: str) -> str:
    """A text as an .xlsx cell holds it: characters XML cannot hold as U+FFFD, at most CELL_LIMIT characters."""
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("\ufffd", text)
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - 1] + "…"
    return text
