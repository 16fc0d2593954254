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
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

from calculator.table import (
    FORMULA_WITHOUT_VALUE,
    NOT_XLSX,
    FileError,
    Shape,
    number_columns,
    number_value,
)

SHEET_TITLE = "核对结果"
WIDTH_ROWS = 100
"""Column widths are decided from the header and this many rows (a stream cannot look further before writing)."""


# ---- Reading ---------------------------------------------------------------------------------------


class _Parser(WorkSheetParser):
    """openpyxl's sheet parser reading saved values (data_only), which stops at a formula that has none (the file
    was written by a program that does not calculate): that cell would otherwise read as empty, i.e. 0 hours."""

    def parse_cell(self, element: Any) -> Any:
        cell = super().parse_cell(element)
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
        return number_text(float(value))
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
    """A number as a spreadsheet shows it: at most 15 significant digits (61.1, 90, 0.3 for 0.30000000000000004)."""
    text = "%.15g" % value
    return text


def _time_text(value: datetime.time) -> str:
    text = "{:02d}:{:02d}:{:02d}".format(value.hour, value.minute, value.second)
    if value.microsecond:
        text += ".{:03d}".format(value.microsecond // 1000)
    return text


def _sheet(workbook: Any) -> Any:
    """The sheet a person sees on opening the workbook (its active one), else its first worksheet."""
    active = workbook.active
    if isinstance(active, ReadOnlyWorksheet):
        return active
    for sheet in workbook.worksheets:
        if isinstance(sheet, ReadOnlyWorksheet):
            return sheet
    raise FileError("工作簿中没有工作表：请在 Excel 或 WPS 中把名单放在第一个工作表中")


def read_rows(source: IO[bytes], about: dict[str, Any] | None = None) -> Iterator[tuple[int, list[str]]]:
    """(row number in the sheet, cells as text) for each row of an .xlsx that has any cell, read as a stream and each
    checked by table.Shape (at most COLUMN_LIMIT columns); trailing empty cells dropped. `about` gets the sheet's
    title and the workbook's number of sheets."""
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        ValueError,
        TypeError,
        IndexError,
        AttributeError,
    ) as error:
        raise FileError(NOT_XLSX.format(_why(error))) from None
    try:
        sheet = _sheet(workbook)
        if about is not None:
            about["sheet"] = sheet.title
            about["sheets"] = len(workbook.sheetnames)
        shape = Shape(",")
        with sheet._get_source() as xml:
            parser = _Parser(
                xml,
                sheet._shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            try:
                for number, cells in parser.parse():
                    texts = _row_texts(cells)
                    if texts:
                        yield number, shape.row(number, number, texts)
            except FileError:
                raise
            except (zipfile.BadZipFile, ValueError, KeyError, IndexError, OSError, SyntaxError) as error:
                raise FileError(NOT_XLSX.format(_why(error))) from None
    finally:
        workbook.close()


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
    cells = []
    for text in header:
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
        if value.startswith("="):  # text, never a formula (openpyxl would take it for one)
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
