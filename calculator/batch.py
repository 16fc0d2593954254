"""Check a whole staff list from a CSV file (CPython only: the browser never loads this module)."""

from __future__ import annotations

import csv
import io
from typing import Any

from calculator.check import _parse_inputs, share_shortfall, to_pass, warnings_for
from calculator.dates import parse_date, parse_year
from calculator.errors import InputError
from calculator.hours import HUNDREDTHS, _plain_hundredths, format_hours, hours_in_year
from calculator.ruleset import year_rules
from calculator.text import normalise

COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("name", ("name", "姓名")),
    ("public_required", ("public_required", "公需必修", "公需必修课", "公需科目必修", "公需科目必修课")),
    ("public_elective", ("public_elective", "公需选修", "公需选修课", "公需科目选修", "公需科目选修课")),
    ("professional", ("professional", "专业科目", "专业", "专业课", "专业科目课")),
    ("year", ("year", "年度", "年份")),
)
"""Input columns the batch understands, each with the headers accepted for it (English or Chinese)."""

REQUIRED = ("public_required", "public_elective", "professional")
LABELS = {"public_required": "公需必修", "public_elective": "公需选修", "professional": "专业科目"}

OUTPUT_COLUMNS = (
    "passed",
    "total",
    "public_required_shortfall",
    "total_minimum_shortfall",
    "professional_share_shortfall",
    "add_professional",
    "warnings",
    "error",
)
"""Columns added after the input's own: the verdict, the shortfalls, the warning ids and the error, if any."""


class FileError(InputError):
    """The file as a whole cannot be read (encoding, header): nothing can be checked."""


def decode(data: bytes) -> str:
    """The text of a CSV file saved as UTF-8 (with or without BOM), UTF-16 (Excel's “Unicode text”) or GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError:
            raise FileError("文件以 UTF-8 标记（BOM）开头，但内容不是有效的 UTF-8：请重新另存为“CSV UTF-8”") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FileError("文件以 UTF-16 标记开头，但内容无法按 UTF-16 读取") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise FileError("无法识别文件的编码：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”") from None


def header_key(header: str) -> str:
    """A header as compared: full-width folded, spaces and a 学时 unit dropped, lower case, - as _."""
    text = normalise(header).lower().replace(" ", "").replace("-", "_")
    for unit in ("（学时）", "(学时)", "学时"):
        if text.endswith(unit):
            text = text[: -len(unit)]
    return text


def map_columns(header: list[str]) -> dict[str, int]:
    """Which input column holds what; FileError when a needed column is missing or given twice."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = header_key(cell)
        for column, aliases in COLUMNS:
            if key in aliases:
                if column in found:
                    raise FileError(
                        "表头中“{}”和“{}”是同一列，请只保留一个".format(header[found[column]].strip(), cell.strip())
                    )
                found[column] = index
    missing = [column for column in REQUIRED if column not in found]
    if missing:
        wanted = "、".join("{}（{}）".format(LABELS[column], column) for column in missing)
        raise FileError(
            "表头缺少 {} 列：表头应为 name,public_required,public_elective,professional 或 姓名,公需必修,公需选修,专业科目".format(
                wanted
            )
        )
    return found


def _delimiter(first_line: str) -> str:
    return "\t" if "\t" in first_line and "," not in first_line else ","


_YEARS: dict[Any, tuple[dict[str, Any], dict[str, Any], int, Any, int]] = {}
"""The rules of a year as the batch last looked them up: year → (rules, year_rules(rules, year), the
year's hours in hundredths, the public required course's hundredths or None, the most elective
hundredths that give no warning)."""

_NO_LIMIT = 366 * 24 * HUNDREDTHS + 1
"""More hundredths than any year has: no elective hours can exceed it."""


def _year(rules: dict[str, Any], year: Any) -> tuple[dict[str, Any], dict[str, Any], int, Any, int]:
    known = _YEARS.get(year)
    if known is None or known[0] is not rules:
        applicable = year_rules(rules, year)
        course = applicable["public_required"]
        limit = hours_in_year(applicable["year"]) * HUNDREDTHS
        known = (
            rules,
            applicable,
            limit,
            None if course is None else course["hours"] * HUNDREDTHS,
            _electives_without_warning(applicable),
        )
        _YEARS[year] = known
    return known


def _electives_without_warning(applicable: dict[str, Any]) -> int:
    """Up to how many elective hundredths check.warnings_for has nothing to say (-1: it always warns).

    It warns when the year's notice is missing, and when the electives exceed what the notice says
    they give; the batch calls it only past this bound (tests/test_calculator_fast_paths.py).
    """
    if applicable["notice"] is None:
        return -1
    course = applicable["public_elective"]
    if course is None or course["hours"] is None:
        return _NO_LIMIT
    return course["hours"] * HUNDREDTHS


_ZERO = format_hours(0)
"""Nothing missing, as format_hours writes it: most shortfalls of a staff list, written without a call."""

_FORMATTED: dict[int, str] = {}
"""format_hours of the hundredths seen so far: a staff list repeats the same totals and shortfalls."""


def _formatted(hundredths: int) -> str:
    text = _FORMATTED.get(hundredths)
    if text is None:
        text = format_hours(hundredths)
        if len(_FORMATTED) < 100000:
            _FORMATTED[hundredths] = text
    return text


_PLAIN: dict[str, Any] = {}
"""_plain_hundredths of the cells seen so far (hours repeat down a staff list: 20, 0, 70 …)."""
_UNSEEN = object()


def _plain(text: str) -> Any:
    hundredths = _PLAIN.get(text, _UNSEEN)
    if hundredths is _UNSEEN:
        hundredths = _plain_hundredths(text)
        if len(_PLAIN) < 100000:
            _PLAIN[text] = hundredths
    return hundredths


_READ = ("public_required", "public_elective", "professional", "year")
_INDEXES: list[Any] = [None, None, None]
"""The columns dict last seen, the index (or None) of each of _READ in it, and the width a row needs to hold
all of them (None when an hours column is missing: each cell is then looked up the careful way)."""
_AS_OF_CHECKED: list[Any] = [None]
"""The last as-of date parse_date accepted (the same for every row of a table)."""
_NOTHING = ("", "", "", "", "", "", "")
"""Every output column but the error, for a row that could not be checked."""


def _not_checked(message: str) -> list[str]:
    """The output columns of a row that could not be checked: empty results and why."""
    values = list(_NOTHING)
    values.append(message)
    return values


def _cell(cells: list[str], index: Any, width: int) -> str:
    return cells[index] if index is not None and index < width else ""


def _columns_read(columns: dict[str, int]) -> None:
    _INDEXES[0] = columns
    indexes = tuple([columns.get(column) for column in _READ])
    _INDEXES[1] = indexes
    hours = indexes[:3]
    _INDEXES[2] = None if None in hours else max([index for index in indexes if index is not None]) + 1


def check_row(
    rules: dict[str, Any], cells: list[str], columns: dict[str, int], year: Any, as_of: Any
) -> dict[str, str]:
    """One row's output columns; a bad row gets its error and empty results.

    The figures are check_person's (same rules, same checks in the same order, same errors), worked
    out without writing the explanations a row of the output has no room for, and with plainly
    typed hours read directly (anything else, and every error, goes the long way, through
    check.py's own parsing): tests/test_calculator_fast_paths.py compares the two on any input.
    """
    # zip without strict=: MicroPython's zip has none (row_values always gives one value per column).
    return dict(zip(OUTPUT_COLUMNS, row_values(rules, cells, columns, year, as_of)))  # noqa: B905


def row_values(rules: dict[str, Any], cells: list[str], columns: dict[str, int], year: Any, as_of: Any) -> list[str]:
    """check_row's output columns as a list, in the order of OUTPUT_COLUMNS (what check_table appends to a row)."""
    if _INDEXES[0] is not columns:
        _columns_read(columns)
    width = len(cells)
    required_index, elective_index, professional_index, year_index = _INDEXES[1]
    needed = _INDEXES[2]
    if needed is not None and width >= needed:  # the usual row: every column read is there
        required_text = cells[required_index]
        elective_text = cells[elective_index]
        professional_text = cells[professional_index]
        year_text = "" if year_index is None else cells[year_index]
    else:
        required_text = _cell(cells, required_index, width)
        elective_text = _cell(cells, elective_index, width)
        professional_text = _cell(cells, professional_index, width)
        year_text = _cell(cells, year_index, width)
    try:
        row_year = year_text.strip()
        if row_year:
            row_year_value: Any = parse_year(row_year)
        elif year is None:
            raise InputError("这一行没有年度：请填写“年度”列，或在命令行用 --year 指定")
        else:
            row_year_value = year
        _, applicable, limit, course, quiet_electives = _year(rules, row_year_value)
        required = _plain(required_text)
        elective = _plain(elective_text)
        professional = _plain(professional_text)
        if (
            required is None
            or elective is None
            or professional is None
            or required + elective + professional > limit
            or (course is not None and required > course)
        ):
            values = _parse_inputs(applicable, required_text, elective_text, professional_text)
            required = values["public_required"]
            elective = values["public_elective"]
            professional = values["professional"]
        if as_of is not None and as_of != "" and as_of is not _AS_OF_CHECKED[0]:
            parse_date(as_of, "查询日期", "as_of")
            _AS_OF_CHECKED[0] = as_of
    except InputError as error:
        return _not_checked(error.message)
    total = required + elective + professional
    minimum = applicable["total_minimum"]["hundredths"]
    share = applicable["professional_share"]
    passed = total >= minimum and share["denominator"] * professional >= share["numerator"] * total
    required_shortfall = ""
    if course is not None:
        passed = passed and required >= course
        required_shortfall = _formatted(course - required) if required < course else _ZERO
    share_gap = share_shortfall(share["numerator"], share["denominator"], professional, total)
    professional_gap = to_pass(applicable, required, total, professional)[1]
    warnings = warnings_for(applicable, elective) if elective > quiet_electives else None
    return [
        "true" if passed else "false",
        _formatted(total),
        required_shortfall,
        _formatted(minimum - total) if total < minimum else _ZERO,
        "" if share_gap is None else _formatted(share_gap) if share_gap else _ZERO,
        "" if professional_gap is None else _formatted(professional_gap) if professional_gap else _ZERO,
        ";".join([warning["id"] for warning in warnings]) if warnings else "",
        "",
    ]


def check_table(
    rules: dict[str, Any], text: str, year: Any, as_of: Any, progress: Any = None, every: int = 1000
) -> tuple[list[list[str]], dict[str, int]]:
    """Every data row of the CSV text checked: (output rows with a header first, counts by outcome).

    The input's columns are kept as they are, extra ones included; columns named like the output's
    (from a previous run) are replaced. A row with too many cells is reported, not dropped; blank
    lines are skipped. `progress(rows_checked)`, when given, is called every `every` rows.
    """
    if text.strip() == "":
        raise FileError("文件是空的：第一行应是表头 name,public_required,public_elective,professional")
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        rows = list(reader)
    except csv.Error as error:
        raise FileError("CSV 格式有误：{}".format(error)) from None
    header = rows[0]
    columns = map_columns(header)
    width = len(header)
    keep = [index for index, cell in enumerate(header) if header_key(cell) not in OUTPUT_COLUMNS]
    keep_all = len(keep) == width
    output = [[header[index] for index in keep] + list(OUTPUT_COLUMNS)]
    counts = {"passed": 0, "failed": 0, "error": 0}
    checked = 0
    for line_number, cells in enumerate(rows[1:], start=2):
        if not cells or not "".join(cells).strip():
            continue
        if len(cells) > width:
            values = _not_checked(
                "第 {} 行有 {} 列，比表头多 {} 列：请检查是否多了逗号（这一行没有核对）".format(
                    line_number, len(cells), len(cells) - width
                )
            )
        else:
            values = row_values(rules, cells, columns, year, as_of)
        if keep_all and len(cells) == width:
            kept = cells
        else:
            padded = cells + [""] * (width - len(cells))
            kept = [padded[index] for index in keep]
        output.append(kept + values)
        if values[-1]:
            counts["error"] += 1
        elif values[0] == "true":
            counts["passed"] += 1
        else:
            counts["failed"] += 1
        checked += 1
        if progress is not None and checked % every == 0:
            progress(checked)
    return output, counts


def write_csv(rows: list[list[str]]) -> str:
    """Rows as CSV text with CRLF line ends (what Excel and RFC 4180 expect)."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()
