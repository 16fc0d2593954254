"""A person's record as a CSV file, one row per year (年度, 公需必修, 公需选修, 专业科目): read into record.check_record's input.

The file's shape (quotes, columns, cell lengths) and its header are read exactly as the batch reads a staff
list: the only imports from calculator.batch are in this module, below.
"""

from __future__ import annotations

from typing import Any

from calculator.batch import FIELD_LIMIT, FileError, map_columns, read_rows
from calculator.errors import InputError
from calculator.record import MAX_YEARS, RecordError
from calculator.text import shown

HEADER_EXAMPLE = "年度,公需必修,公需选修,专业科目"


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index]


def read_record(lines: Any) -> tuple[list[dict[str, str]], list[int]]:
    """The years of a record file (lines with their line ends) and the line each starts on.

    FileError (one Chinese line) for a file that is not a record: no header, no 年度 column, a cell longer
    than batch.FIELD_LIMIT, more than record.MAX_YEARS years, or rows of more than one person.
    """
    columns: dict[str, int] | None = None
    header: list[str] = []
    years: list[dict[str, str]] = []
    starts: list[int] = []
    names: dict[str, int] = {}
    for line, cells in read_rows(lines):
        if cells is None:
            raise FileError("第 {} 行有一格超过 {} 个字符：不是学时记录".format(line, FIELD_LIMIT))
        if not "".join(cells).strip():
            continue
        if columns is None:
            header = cells
            try:
                columns = map_columns(cells)
            except FileError as error:
                raise FileError(error.message.replace(_BATCH_HEADERS, HEADER_EXAMPLE)) from None
            if "year" not in columns:
                raise FileError("表头缺少“年度”列：表头应为 {}（每个年度一行）".format(HEADER_EXAMPLE))
            continue
        for index, cell in enumerate(cells):
            if len(cell) > FIELD_LIMIT:
                label = shown(header[index].strip()) if index < len(header) else "第 {} 列".format(index + 1)
                raise FileError("第 {} 行“{}”超过 {} 个字符：不是学时记录".format(line, label, FIELD_LIMIT))
        name = _cell(cells, columns.get("name")).strip()
        if name:
            names.setdefault(name, line)
            if len(names) > 1:
                first, second = sorted(names, key=lambda each: names[each])[:2]
                raise FileError(
                    "第 {} 行是“{}”，第 {} 行是“{}”：一个记录文件只能是一个人的；多人的名单请用 batch 命令".format(
                        names[first], shown(first), names[second], shown(second)
                    )
                )
        if len(years) == MAX_YEARS:
            raise FileError("第 {} 行：一个记录最多 {} 个年度".format(line, MAX_YEARS))
        elective = _cell(cells, columns["public_elective"])
        years.append(
            {
                "year": _cell(cells, columns["year"]),
                "public_required": _cell(cells, columns["public_required"]),
                "public_elective": elective if elective.strip() else "0",
                "professional": _cell(cells, columns["professional"]),
            }
        )
        starts.append(line)
    if columns is None:
        raise FileError("文件是空的：第一行应为表头 {}，之后每个年度一行".format(HEADER_EXAMPLE))
    if not years:
        raise FileError("文件只有表头，没有年度：表头之后每个年度一行，如 2025,20,0,70")
    return years, starts


_BATCH_HEADERS = "name,public_required,public_elective,professional 或 姓名,公需必修,公需选修,专业科目"
"""How batch.map_columns names the header it wants; a record names its own (with 年度) instead."""


def located(error: InputError, starts: list[int]) -> InputError:
    """A record check's error about one year, told with the file's line (第 3 行：2025 年度：专业科目：……)."""
    row = getattr(error, "row", None)
    if isinstance(error, RecordError) and row is not None and 0 <= row < len(starts):
        return InputError("第 {} 行：{}".format(starts[row], error.message), error.field)
    return error
