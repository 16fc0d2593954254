"""A person's record as a table, one row per year (年度, 公需必修, 公需选修, 专业科目): read into record.check_record's input.

Portable: the rows come from a reader, with the line each starts on (the command line's calculator/csv_files.py,
or the browser worker's own CSV reader through calculator_browser.py), their shape already checked as the batch
checks a staff list; the header is recognised as the batch recognises it (calculator/table.py).
"""

from calculator.errors import InputError
from calculator.record import MAX_YEARS, RecordError
from calculator.table import FIELD_LIMIT, FileError, extra_columns, map_columns
from calculator.text import shown, strip_spaces

HEADER_EXAMPLE = "年度,公需必修,公需选修,专业科目"


def _cell(cells, index):
    if index is None or index >= len(cells):
        return ""
    return cells[index]


def read_record(rows):
    """The years of a record file and the line each starts on, from (line, cells) pairs as a reader gives them.

    FileError (one Chinese line) for a file that is not a record: no header, no 年度 column, a row with more cells
    than the header (refused in a batch too), a cell longer than batch.FIELD_LIMIT, more than record.MAX_YEARS years,
    or rows of more than one person.
    """
    columns = None
    header = []
    years = []  # type: list
    starts = []  # type: list
    names = {}  # type: dict
    for line, cells in rows:
        if cells is None:
            raise FileError("第 {} 行有一格超过 {} 个字符：不是学时记录".format(line, FIELD_LIMIT))
        if not strip_spaces("".join(cells)):
            continue
        if columns is None:
            header = cells
            columns = map_columns(cells, HEADER_EXAMPLE)
            if "year" not in columns:
                raise FileError("表头缺少“年度”列：表头应为 {}（每个年度一行）".format(HEADER_EXAMPLE))
            continue
        if len(cells) > len(header):  # as the batch refuses the row: a cell would otherwise be dropped silently
            raise FileError(extra_columns(line, len(cells), len(header)) + "（如把 59.5 写成了 59,5）")
        for index, cell in enumerate(cells):
            if len(cell) > FIELD_LIMIT:
                label = shown(strip_spaces(header[index])) if index < len(header) else "第 {} 列".format(index + 1)
                raise FileError("第 {} 行“{}”超过 {} 个字符：不是学时记录".format(line, label, FIELD_LIMIT))
        name = strip_spaces(_cell(cells, columns.get("name")))
        if name:
            names.setdefault(name, line)
            if len(names) > 1:
                first, second = sorted(names, key=lambda each: names[each])[:2]
                raise FileError(
                    "第 {} 行是“{}”，第 {} 行是“{}”：一个记录文件只能是一个人的；多人的名单请用网页上的“单位批量核对”或命令行的 batch 命令".format(
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
                "public_elective": elective if strip_spaces(elective) else "0",
                "professional": _cell(cells, columns["professional"]),
            }
        )
        starts.append(line)
    if columns is None:
        raise FileError("文件是空的：第一行应为表头 {}，之后每个年度一行".format(HEADER_EXAMPLE))
    if not years:
        raise FileError("文件只有表头，没有年度：表头之后每个年度一行，如 2025,20,0,70")
    return years, starts


def located(error, starts):
    """A record check's error about one year, told with the file's line (第 3 行：2025 年度：专业科目：……)."""
    row = getattr(error, "row", None)
    if isinstance(error, RecordError) and row is not None and 0 <= row < len(starts):
        return InputError("第 {} 行：{}".format(starts[row], error.message), error.field)
    return error
