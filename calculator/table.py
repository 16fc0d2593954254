"""A staff list as a table: header recognised, each row checked, result rows safe for spreadsheets (portable core).

Rows come in as lists of strings, with the line each starts on, and result rows go out as lists of strings: no
file is read or written here. The command line reads and writes CSV files with CPython's csv module
(calculator/csv_files.py); the browser's worker reads and writes them in JavaScript
(the "CSV files" section of site_config/calculator/worker.js) and runs this module under MicroPython
(site_config/calculator/micropython/calculator_browser.py). Both readers report the file's shape here (Shape:
unpaired quotes, too many columns, cells too long for a CSV reader), so every message is the same in both.
"""

from calculator.check import (
    _parse_inputs,
    missing_course,
    missing_hours,
    missing_joined,
    rule_basis,
    share_shortfall,
    warnings_for,
)
from calculator.dates import parse_date, parse_year
from calculator.errors import InputError
from calculator.explain import STANDING_ONLY_CELL, verdict_cell
from calculator.hours import HUNDREDTHS, _plain_hundredths, format_hours, hours_in_year
from calculator.ruleset import rules_version, year_rules
from calculator.text import is_digits, normalise, shown, strip_spaces

COLUMNS = (
    ("name", ("name", "姓名")),
    ("public_required", ("public_required", "公需必修", "公需必修课", "公需科目必修", "公需科目必修课")),
    ("public_elective", ("public_elective", "公需选修", "公需选修课", "公需科目选修", "公需科目选修课")),
    ("professional", ("professional", "专业科目", "专业", "专业课", "专业科目课")),
    ("year", ("year", "年度", "年份")),
)
"""Input columns the batch understands, each with the headers accepted for it (English or Chinese)."""

ID_HEADERS = (
    "id",
    "身份证号",
    "身份证号码",
    "身份证",
    "证件号码",
    "工号",
    "职工号",
    "员工编号",
    "编号",
    "人员编号",
    "人员id",
)
"""Headers (as header_key gives them) of a column that tells people apart: the batch's 多年汇总 matches rows by it
when a row has one, else by name (calculator/people.py)."""

REQUIRED = ("public_required", "public_elective", "professional")
LABELS = {"public_required": "公需必修", "public_elective": "公需选修", "professional": "专业科目"}

OUTPUT_COLUMNS = (
    "passed",
    "missing",
    "error",
    "total",
    "public_required_shortfall",
    "total_minimum_shortfall",
    "professional_share_shortfall",
    "add_professional",
    "warnings",
    "basis",
)
"""A row's verdict, what is missing (one sentence), its error if any, total and shortfalls, warnings, and the clauses
the verdict rests on (check_row, row_values): the stable keys, the headers of the machines' format (english=True)."""

RULES_COLUMN = ("rules_version",)
TABLE_COLUMNS = OUTPUT_COLUMNS + RULES_COLUMN
"""Columns added after the input's own: OUTPUT_COLUMNS, then the id of the rules every row was checked on."""

HEADERS = {
    "passed": "结论",
    "missing": "还差什么",
    "error": "错误",
    "total": "总学时",
    "public_required_shortfall": "公需必修还差",
    "total_minimum_shortfall": "总学时还差",
    "professional_share_shortfall": "专业比例还差",
    "add_professional": "还需专业科目",
    "warnings": "提醒",
    "basis": "依据条款",
    "rules_version": "规则版本",
}
"""TABLE_COLUMNS as the HR administrator's table heads them (the default; english=True keeps the keys)."""

NUMBER_COLUMNS = (
    "total",
    "public_required_shortfall",
    "total_minimum_shortfall",
    "professional_share_shortfall",
    "add_professional",
)
"""Output columns holding hours: numbers in a spreadsheet (number_columns)."""

SUMMARY_COUNTS = ("达标年数", "未达标年数", "其中按常设规则核对年数", "passed_years", "failed_years", "standing_years")
"""The 多年汇总's counts of years (people.SUMMARY_HEADERS, in Chinese and English): numbers in a spreadsheet too."""

VERDICTS = ("达标", "未达标", "未核对", STANDING_ONLY_CELL)
"""The 结论 of a row that passed, failed, or could not be checked (its error says why), and of a row that passed on
the standing rules, its year's notice (hence its required course) not on file (explain.verdict_cell)."""
_ENGLISH_VERDICTS = ("true", "false", "")

_ERROR = 2
"""Where the error is among OUTPUT_COLUMNS."""

FIELD_LIMIT = 1000
"""The most characters one cell may hold; a longer cell is the error of its row (check_rows)."""

COLUMN_LIMIT = 200
"""The most columns a row may have (Shape)."""

ROW_LIMIT = 200000
"""The most data rows the browser checks in one file (check_table; the command line streams any number)."""

FILE_LIMIT_MB = 6
"""The largest file the page reads, in MB (MAX_BATCH_BYTES in site_config/javascripts/calculator/batch.js,
checked before reading)."""

CSV_FIELD_LIMIT = 131072
"""CPython's csv refuses a field longer than this (csv.field_size_limit()); the browser's reader does the same
(Shape.too_long says what it means)."""

FORMULA_STARTS = "=+-@\t\r\n\uff1d\uff0b\uff0d\uff20"
"""A cell starting with one of these (after spaces) is run as a formula by some spreadsheet (OWASP: CSV
injection): = + - @, tab, carriage return, line feed, and the full-width ＝ ＋ － ＠."""

_LEADING_SPACES = " \u3000\xa0"


OLD_EXCEL = (
    "这是 Excel 97-2003 格式（.xls）或加了密码的工作簿，无法读取：请在 Excel 或 WPS 中打开，"
    "另存为“Excel 工作簿（.xlsx）”或“CSV UTF-8（逗号分隔）”后再核对"
)
"""What both readers say of an OLE file (a real .xls, or an .xlsx with a password)."""
NOT_XLSX = "读不了这个 .xlsx 文件（{}）：请在 Excel 或 WPS 中打开，另存为“Excel 工作簿（.xlsx）”后再核对"
FORMULA_WITHOUT_VALUE = (
    "第 {} 行的单元格 {} 是公式，但文件中没有保存它的计算结果：请在 Excel 或 WPS 中打开这个文件、保存一次后再核对，"
    "或把公式换成数值"
)
"""An .xlsx formula cell with no saved value (written by a program that does not calculate): the file stops there."""
MERGED_CELLS = (
    "工作表中 {} 是合并的单元格：合并后只有左上角一格有值，其余各格读作空格（学时空着按 0 算）：请在 Excel 或 WPS 中"
    "取消合并，给每一行填上自己的值后再核对"
)
"""An .xlsx with cells merged below its header row (the first row with a value): the file stops before any row."""


EMPTY_SHEET = (
    "工作簿有 {} 个工作表，打开时显示的“{}”是空的（只读这一个）：请在 Excel 或 WPS 中切换到名单所在的工作表后保存，"
    "或把名单放在这个工作表中"
)
"""An .xlsx whose sheet shown on opening (the one read) has no value while it has other sheets: not 文件是空的."""


def merged_below(refs, header_row):
    """The first merged range (refs: "A2:A3" …, in the sheet's order) that reaches below the header row, or None:
    its cells but the first read as empty (a name gone, hours 0)."""
    for ref in refs:
        last = ref.split(":")[-1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz$").replace("$", "")
        if last.isdigit() and int(last) > header_row:
            return ref
    return None


_OUTPUT_KEYS = {}  # type: dict
"""header_key of every name an output column has had (keys and Chinese headers): such input columns are replaced."""


class FileError(InputError):
    """The file as a whole cannot be read (encoding, header, shape): nothing more can be checked."""


def header_key(header):
    """A header as compared: full-width folded, spaces and a 学时 unit dropped, lower case, - as _."""
    text = normalise(header).lower().replace(" ", "").replace("-", "_")
    for unit in ("（学时）", "(学时)", "学时"):
        if text.endswith(unit):
            text = text[: -len(unit)]
    return text


HEADER_EXAMPLE = "name,public_required,public_elective,professional 或 姓名,公需必修,公需选修,专业科目"
"""The header a staff list should have, as the messages name it."""


def map_columns(header, example=HEADER_EXAMPLE):
    """Which input column holds what; FileError when a needed column is missing or given twice (naming `example`,
    the header the file should have)."""
    found = {}  # type: dict[str, int]
    for index, cell in enumerate(header):
        key = header_key(cell)
        for column, aliases in COLUMNS:
            if key in aliases:
                if column in found:
                    raise FileError(
                        "表头中“{}”和“{}”是同一列，请只保留一个".format(
                            shown(strip_spaces(header[found[column]])), shown(strip_spaces(cell))
                        )
                    )
                found[column] = index
    missing = [column for column in REQUIRED if column not in found]
    if missing:
        wanted = "、".join("{}（{}）".format(LABELS[column], column) for column in missing)
        separator = _other_separator(header)
        if separator:
            raise FileError(
                "表头缺少 {} 列：这一行像是用“{}”分隔的，格子之间要用英文逗号 , 分隔（在 Excel 中另存为"
                "“CSV UTF-8（逗号分隔）”），表头应为 {}".format(wanted, separator, example)
            )
        raise FileError("表头缺少 {} 列：表头应为 {}".format(wanted, example))
    return found


_OTHER_SEPARATORS = ("，", "；", ";", "、", "|")
"""What a header read as one cell may have been separated with instead of commas (a full-width comma, a semicolon)."""


def _other_separator(header):
    """The separator other than a comma (or tab) that a header read as one cell holds more than once, or ""."""
    cells = [cell for cell in header if strip_spaces(cell)]
    if len(cells) != 1:
        return ""
    for separator in _OTHER_SEPARATORS:
        if cells[0].count(separator) >= 2:
            return separator
    return ""


_YEARS = {}  # type: dict
"""The rules of a year as the batch last looked them up: year → _Year."""

_NO_LIMIT = 366 * 24 * HUNDREDTHS + 1
"""More hundredths than any year has: no elective hours can exceed it."""

_REMEMBERED = 100000
"""The most entries each of the batch's memories holds (a staff list repeats its figures; memory stays bounded)."""


class _Year:
    """What checking a row of one year needs, looked up once: the year's rules (applicable), its hours in
    hundredths (limit), the public required course's hundredths (course, None when unknown), the most elective
    hundredths that give no warning (quiet), the clauses its verdict rests on (basis), its 结论 when passed
    (passed: explain.verdict_cell), the total minimum and the professional share (minimum, numerator,
    denominator) and the professional hundredths the share asks of the minimum (share_of_minimum), and the words
    already written for it (check.missing_text and the warnings, by the figures they are made of)."""

    def __init__(self, rules, year):
        applicable = year_rules(rules, year)
        course = applicable["public_required"]
        share = applicable["professional_share"]
        self.rules = rules
        self.applicable = applicable
        self.limit = hours_in_year(applicable["year"]) * HUNDREDTHS
        self.course = None if course is None else course["hours"] * HUNDREDTHS
        self.quiet = _electives_without_warning(applicable)
        self.basis = rule_basis(applicable)
        self.passed = verdict_cell(True, applicable["notice"] is not None)
        self.minimum = applicable["total_minimum"]["hundredths"]
        self.numerator = share["numerator"]
        self.denominator = share["denominator"]
        self.share_of_minimum = -(-self.numerator * self.minimum // self.denominator)
        self.missing = {}  # type: dict
        self.sentences = 0
        self.missing_hours = {}  # type: dict
        self.missing_course = {}  # type: dict
        self.warnings = {}  # type: dict


def _year(rules, year):
    """The _Year of these rules for year, worked out once and remembered in _YEARS."""
    known = _YEARS.get(year)
    if known is None or known.rules is not rules:
        known = _Year(rules, year)
        _YEARS[year] = known
    return known


def _electives_without_warning(applicable):
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

_FORMATTED = {}  # type: dict[int, str]
"""format_hours of the hundredths seen so far: a staff list repeats the same totals and shortfalls."""


def _formatted(hundredths):
    text = _FORMATTED.get(hundredths)
    if text is None:
        text = format_hours(hundredths)
        if len(_FORMATTED) < _REMEMBERED:
            _FORMATTED[hundredths] = text
    return text


_PLAIN = {}  # type: dict
"""_plain_hundredths of the cells seen so far (hours repeat down a staff list: 20, 0, 70 …)."""
_UNSEEN = object()


def _plain(text):
    hundredths = _PLAIN.get(text, _UNSEEN)
    if hundredths is _UNSEEN:
        hundredths = _plain_hundredths(text)
        if len(_PLAIN) < _REMEMBERED:
            _PLAIN[text] = hundredths
    return hundredths


_READ = ("public_required", "public_elective", "professional", "year")
_INDEXES = [None, None, None]  # type: list
"""The columns dict last seen, the index (or None) of each of _READ in it, and the width a row needs to hold
all of them (None when an hours column is missing: each cell is then looked up the careful way)."""
_AS_OF_CHECKED = [None]
"""The last as-of date parse_date accepted (the same for every row of a table)."""


def _not_checked(message, english=False):
    """The output columns of a row that could not be checked: 未核对, empty results, and why."""
    values = [""] * len(OUTPUT_COLUMNS)
    values[0] = _ENGLISH_VERDICTS[2] if english else VERDICTS[2]
    values[_ERROR] = message
    return values


def _cell(cells, index, width):
    return cells[index] if index is not None and index < width else ""


def _columns_read(columns):
    _INDEXES[0] = columns
    indexes = tuple([columns.get(column) for column in _READ])
    _INDEXES[1] = indexes
    hours = indexes[:3]
    _INDEXES[2] = None if None in hours else max([index for index in indexes if index is not None]) + 1


def _deciding(cells, columns):
    """The cells that decide a row's outcome: (year, public required, public elective, professional), "" for a
    missing one. Rows with the same such cells have the same outcome (check_rows remembers it by them)."""
    if _INDEXES[0] is not columns:
        _columns_read(columns)
    width = len(cells)
    required_index, elective_index, professional_index, year_index = _INDEXES[1]
    needed = _INDEXES[2]
    if needed is not None and width >= needed:  # the usual row: every column read is there
        return (
            "" if year_index is None else cells[year_index],
            cells[required_index],
            cells[elective_index],
            cells[professional_index],
        )
    return (
        _cell(cells, year_index, width),
        _cell(cells, required_index, width),
        _cell(cells, elective_index, width),
        _cell(cells, professional_index, width),
    )


def check_row(rules, cells, columns, year, as_of, english=False):
    """One row's output columns; a bad row gets its error and empty results.

    The figures are check_person's (same rules, same checks in the same order, same errors), worked
    out without writing the explanations a row of the output has no room for, and with plainly
    typed hours read directly (anything else, and every error, goes the long way, through
    check.py's own parsing): tests/test_calculator_fast_paths.py compares the two on any input.
    """
    # zip without strict=: MicroPython's zip has none (row_values always gives one value per column).
    return dict(zip(OUTPUT_COLUMNS, row_values(rules, cells, columns, year, as_of, english)))  # noqa: B905


def row_values(rules, cells, columns, year, as_of, english=False):
    """check_row's output columns as a list, in the order of OUTPUT_COLUMNS (what check_table appends to a row):
    the verdict 达标/未达标/未核对 and warnings in Chinese, or with english=True true/false/"" and warning ids."""
    year_text, required_text, elective_text, professional_text = _deciding(cells, columns)
    return _values(rules, year_text, required_text, elective_text, professional_text, year, as_of, english)


def _values(rules, year_text, required_text, elective_text, professional_text, year, as_of, english):
    """row_values of a row's _deciding cells."""
    try:
        known = _year(rules, _row_year(year_text, year))
        course = known.course
        # _plain, _formatted: looked up here first (a call costs more than the lookup under MicroPython).
        required = _PLAIN.get(required_text, _UNSEEN)
        if required is _UNSEEN:
            required = _plain(required_text)
        elective = _PLAIN.get(elective_text, _UNSEEN)
        if elective is _UNSEEN:
            elective = _plain(elective_text)
        professional = _PLAIN.get(professional_text, _UNSEEN)
        if professional is _UNSEEN:
            professional = _plain(professional_text)
        if (
            required is None
            or elective is None
            or professional is None
            or required + elective + professional > known.limit
            or (course is not None and required > course)
        ):
            values = _parse_inputs(known.applicable, required_text, elective_text, professional_text)
            required = values["public_required"]
            elective = values["public_elective"]
            professional = values["professional"]
        _check_as_of(as_of)
    except InputError as error:
        return _not_checked(error.message, english)
    return _figures(known, required, elective, professional, english)


def _row_year(year_text, year):
    """A row's year: its 年度 cell, else the year given for the whole file (--year); an InputError when neither."""
    row_year = strip_spaces(year_text)
    if row_year:
        return parse_year(row_year)
    if year is None:
        raise InputError("这一行没有年度：请填写“年度”列，或在命令行用 --year 指定")
    return year


def _check_as_of(as_of):
    """An InputError when the 查询日期 given is not a date (each one given checked once)."""
    if as_of is not None and as_of != "" and as_of is not _AS_OF_CHECKED[0]:
        parse_date(as_of, "查询日期", "as_of")
        _AS_OF_CHECKED[0] = as_of


def _usual(rules, year_text, required_text, elective_text, year, as_of):
    """What rows with these year, public required and public elective cells share when their figures can be worked
    out directly (_values's usual way): (the year's _Year, required, elective, the most professional hundredths
    that keep the total within the year); False when _values has to take the long way (an error, or a cell not
    plainly typed)."""
    try:
        known = _year(rules, _row_year(year_text, year))
        _check_as_of(as_of)
    except InputError:
        return False
    required = _plain(required_text)
    elective = _plain(elective_text)
    if required is None or elective is None or (known.course is not None and required > known.course):
        return False
    room = known.limit - required - elective
    return False if room < 0 else (known, required, elective, room)


def _figures(known, required, elective, professional, english):
    """_values of hours read and within bounds: check_person's figures (check.py: rule_*, to_pass,
    missing_figures), worked out once for all the columns."""
    course = known.course
    total = required + elective + professional
    minimum = known.minimum
    numerator = known.numerator
    denominator = known.denominator
    if course is not None and required < course:
        required_gap = course - required
        required_shortfall = _FORMATTED.get(required_gap) or _formatted(required_gap)
    else:
        required_gap = 0
        required_shortfall = "" if course is None else _ZERO
    total_after = total + required_gap
    gap = numerator * total_after - denominator * professional
    if gap <= 0:
        for_share = 0
    elif denominator <= numerator:
        for_share = None
    else:
        for_share = -(-gap // (denominator - numerator))
    for_total = minimum - total_after if total_after < minimum else 0
    if required_gap:
        passed = False
        share_gap = share_shortfall(numerator, denominator, professional, total)
    else:  # the total is the total after: the share's figures are the same
        passed = total >= minimum and gap <= 0
        share_gap = for_share
    missing = _missing_words(known, required, required_gap, for_share, for_total, professional)
    warned = _warned(known, elective, english) if elective > known.quiet else ""
    if english:
        verdict = _ENGLISH_VERDICTS[0] if passed else _ENGLISH_VERDICTS[1]
    else:
        verdict = known.passed if passed else VERDICTS[1]
    if for_share is None:
        professional_gap = ""
    else:
        most = for_share if for_share > for_total else for_total
        professional_gap = (_FORMATTED.get(most) or _formatted(most)) if most else _ZERO
    return [
        verdict,
        missing,
        "",
        _FORMATTED.get(total) or _formatted(total),
        required_shortfall,
        (_FORMATTED.get(minimum - total) or _formatted(minimum - total)) if total < minimum else _ZERO,
        "" if share_gap is None else (_FORMATTED.get(share_gap) or _formatted(share_gap)) if share_gap else _ZERO,
        professional_gap,
        warned,
        known.basis,
    ]


def _missing_words(known, required, required_gap, for_share, for_total, professional):
    """check.missing_text of a row of this year, remembered by the figures its words are made of.

    The keys are small integers, never tuples: MicroPython hashes a tuple as the sum of its items' hashes, and
    a dict of such keys (20 + 70 and 70 + 20 alike) slows to a crawl."""
    if for_share is None:
        code = 0
        least = None
    elif for_share >= for_total:
        code = for_share + 1
        least = None
    else:  # the total needs more than the share: then how many of them professional (none: any subject)
        least = known.share_of_minimum - professional  # the total with both gaps is the minimum
        if least < 0:
            least = 0  # the same words for any least <= 0
        code = -1 - (for_total * (known.share_of_minimum + 1) + least)
    words = known.missing.get(required_gap)
    if words is None:  # {code: the sentence}
        words = known.missing[required_gap] = {}
    text = words.get(code)
    if text is None:
        hours = known.missing_hours.get(code)
        if hours is None:
            hours = missing_hours(for_share, for_total, least)
            if len(known.missing_hours) < _REMEMBERED:
                known.missing_hours[code] = hours
        course = known.missing_course.get(required_gap)
        if course is None:
            course = known.missing_course[required_gap] = missing_course(known.applicable, required, required_gap)
        text = missing_joined(known.applicable, course, hours)
        if known.sentences < _REMEMBERED:  # in all, over every batch of the page (memory stays bounded)
            words[code] = text
            known.sentences += 1
    return text


def _warned(known, elective, english):
    """The 提醒 cell of a row of this year with these elective hundredths (check.warnings_for: messages, or ids)."""
    key = -1 - elective if english else elective  # an integer: see _missing_words
    text = known.warnings.get(key)
    if text is None:
        warnings = warnings_for(known.applicable, elective)
        if english:
            text = ";".join([warning["id"] for warning in warnings])
        else:
            text = "；".join([warning["message"] for warning in warnings])
        if len(known.warnings) < _REMEMBERED:
            known.warnings[key] = text
    return text


# ---- The file's shape, as a reader reports it ------------------------------------------------------


def delimiter_of(first_line):
    """Tab when the header line has tabs and no comma (Excel's “Unicode text”), else comma."""
    return "\t" if "\t" in first_line and "," not in first_line else ","


def line_breaks(text):
    """How many line breaks (\\r\\n, \\r or \\n) the text holds."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _grouped(number):
    """1000000 → "1,000,000" (MicroPython's format has no "," option)."""
    text = str(number)
    groups = []  # type: list[str]
    while len(text) > 3:
        groups.insert(0, text[-3:])
        text = text[:-3]
    groups.insert(0, text)
    return ",".join(groups)


def _is_blank(cells):
    return not cells or not strip_spaces("".join(cells))


class Shape:
    """Checks each row as a CSV reader gives it, in order; FileError, naming the line, for a quote that is not
    paired (a quoted cell that runs to the end of the file, or that spans lines one of which holds a whole row's
    worth of delimiters: rows swallowed into one cell), a cell too long for the reader (over CSV_FIELD_LIMIT
    across lines), a row of more than COLUMN_LIMIT columns. (A cell longer than FIELD_LIMIT is the error of its
    row: check_rows.) The first row that is not blank is the header, which the messages name columns by.
    """

    def __init__(self, delimiter):
        self.delimiter = delimiter
        """The CSV file's delimiter, or None for a worksheet's rows (only the column limit applies)."""
        self.header = None
        self.swallowed = 1
        """The delimiters a line inside a quoted cell holds when it is a row swallowed by an unpaired quote."""

    def row(self, start, end, cells, to_the_end=False):
        """The cells of a row read from line `start` to line `end`; `to_the_end`: its last quoted cell was never
        closed (`end` is then the number of the line after the file's last)."""
        if to_the_end or end != start:
            self._spanning(start, end, cells, to_the_end)
        if len(cells) > COLUMN_LIMIT:
            fix = (
                "请检查这一行的分隔符（逗号）"
                if self.delimiter
                else "名单应在工作表的前 {} 列之内".format(COLUMN_LIMIT)
            )
            raise FileError(
                "第 {} 行有 {} 列，超过了每行 {} 列的上限：{}".format(start, _grouped(len(cells)), COLUMN_LIMIT, fix)
            )
        if self.header is None and not _is_blank(cells):
            self.header = cells
            self.swallowed = _swallowed_delimiters(cells)
        return cells

    def too_long(self, start, line):
        """A cell went past CSV_FIELD_LIMIT characters on line `line` of a row that starts on line `start`: over
        several lines, an unpaired quote (FileError); on one line, that row's error (None for its cells: the
        reader goes on at the next line)."""
        if line > start:
            raise FileError(
                "第 {} 行的引号没有配对：从这里起至少 {} 行被读成了一格（超过 {} 个字符）。"
                "请删掉这个引号，或在格子末尾补上另一个引号".format(
                    start, _grouped(line - start + 1), _grouped(CSV_FIELD_LIMIT)
                )
            )
        return None

    def _column(self, index):
        header = self.header
        if header is not None and index < len(header) and strip_spaces(header[index]):
            return "“{}”列".format(shown(strip_spaces(header[index])))
        return "第 {} 列".format(index + 1)

    def _unpaired(self, line, index, lines, to_the_end):
        return FileError(
            "第 {} 行{}的引号没有配对：从这里{} {} 行被读成了一格。请删掉这个引号，或在格子末尾补上另一个引号".format(
                line, self._column(index), "到文件末尾的" if to_the_end else "起的", _grouped(lines)
            )
        )

    def _spanning(self, start, end, cells, to_the_end):
        """A row over several lines: quoted cells with line breaks. Excel writes those; an unpaired quote too."""
        line = start
        last_index = len(cells) - 1
        for index, cell in enumerate(cells):
            if index == last_index and to_the_end:
                raise self._unpaired(line, index, end - line, True)
            breaks = line_breaks(cell)
            if not breaks:
                continue
            for part in cell.replace("\r\n", "\n").replace("\r", "\n").split("\n")[1:]:
                if part.count(self.delimiter) >= self.swallowed:
                    raise self._unpaired(line, index, breaks + 1, False)
            line += breaks


def _swallowed_delimiters(header):
    """The delimiters a data row needs to reach its last hours column (at least 1): a line inside a
    quoted cell holding that many is a row swallowed by an unpaired quote, not a line of a cell."""
    needed = 1
    for index, cell in enumerate(header):
        key = header_key(cell)
        for column, aliases in COLUMNS:
            if column in REQUIRED and key in aliases and index > needed:
                needed = index
    return needed


# ---- Checking: rows → result rows ------------------------------------------------------------------


def empty_sheet(sheets, name):
    """The message for a workbook whose sheet shown on opening (the one read) is empty while it has others
    (EMPTY_SHEET), as the command line and the page both say it."""
    return EMPTY_SHEET.format(sheets, shown(name, 40))


def sheet_note(sheets, name, verb):
    """What was read of a workbook of several sheets (only the one a person sees on opening it), as the command line
    and the page both say it: 工作簿有 2 个工作表，核对的是“名单”."""
    return "工作簿有 {} 个工作表，{}的是“{}”".format(sheets, verb, shown(name, 40))


def extra_columns(line, count, width):
    """The message for a row with more cells than the header (batch: that row is not checked; record: the file)."""
    return "第 {} 行有 {} 列，比表头多 {} 列：请检查是否多了逗号".format(line, count, count - width)


def version_cell(rules):
    """The 规则版本 cell: the rules' id with its date in full-width brackets, "e21762c0ff99（2026-12-06）": always text
    to a spreadsheet (an id of digits alone would become a number)."""
    used = rules_version(rules)
    return "{}（{}）".format(used["id"], used["date"])


def check_rows(
    rules, rows, year, as_of, counts, progress=None, every=1000, long_cells=True, english=False, people=None, kept=None
):
    """The result rows (header first) of (line number, cells) pairs as a reader gives them (csv_files.read_rows,
    or the worker's through calculator_browser.py; cells None for a cell too long to read), lazily; `counts`
    (passed, failed, error) is added to as they go. A row with a cell longer than FIELD_LIMIT is not checked
    (its error says which); `long_cells=False` says no cell can be (the reader found none that long).

    The input's columns are kept as they are, extra ones included; columns named like the output's
    (from a previous run) are replaced; TABLE_COLUMNS follow. A row with too many cells is reported, not
    dropped; blank lines are skipped. `progress(rows_checked)`, when given, is called every `every` rows.
    The added columns are headed in Chinese (HEADERS), or by their keys with english=True (row_values).
    `people`, when given (a people.People), gets the header and every data row with its error, for the 多年汇总.

    `kept`, when given (a list), asks for verdicts only (the page's first look at a staff list): after the header's
    result row, each data row yields its outcome's kind ("passed", "failed" or "error", as `counts` counts it) instead
    of its result row, without the words and figures of its other columns; `kept` gets the position in `rows` (from 0)
    of the header and of each data row. The result rows of any of them are then check_rows's of the header's row and
    theirs, in any order: each row's result depends only on the header, the row, the year and the date
    (tests/test_calculator_batch_verdicts.py; the browser's batch, calculator_browser.py, shows its first page so)."""
    version = version_cell(rules)
    passed_verdicts = (_ENGLISH_VERDICTS[0],) if english else (VERDICTS[0], VERDICTS[3])
    header = []
    columns = None
    width = 0
    keep = []
    keep_all = True
    checked = 0
    collector = None
    # A row's outcome by its _deciding cells (year and hours; never its name or other columns): rows with the same
    # cells are checked once (tests/test_calculator_batch_memo.py: the same result as checking each row). Nested
    # dicts, year → required → elective → professional (the cells that vary least first: few inner dicts to make):
    # no key to build, and no tuple (MicroPython hashes a tuple as the sum of its items' hashes: such a dict crawls).
    outcomes = {}  # type: dict
    remembered = 0
    required_index = elective_index = professional_index = year_index = 0
    needed = 0
    position = -1
    for line_number, cells in rows:
        position += 1
        if cells is None:  # a cell too long for the reader (Shape.too_long)
            cells = [""]
            longest = CSV_FIELD_LIMIT + 1
        elif not cells or (not strip_spaces(cells[0]) and not strip_spaces("".join(cells))):
            continue
        else:
            longest = max(map(len, cells)) if long_cells else 0
        if columns is None:
            if longest > FIELD_LIMIT:
                raise FileError(
                    "表头有一格超过 {} 个字符：第一行应是表头 name,public_required,public_elective,professional".format(
                        _grouped(FIELD_LIMIT)
                    )
                )
            header = cells
            columns = map_columns(cells)
            width = len(cells)
            keep = [index for index, cell in enumerate(cells) if header_key(cell) not in _OUTPUT_KEYS]
            keep_all = len(keep) == width
            required_index = columns["public_required"]
            elective_index = columns["public_elective"]
            professional_index = columns["professional"]
            year_index = columns.get("year")
            needed = max(required_index, elective_index, professional_index, -1 if year_index is None else year_index)
            needed += 1
            if people is not None:
                people.start(cells, columns)
                if year_index is not None:  # else People.add keeps nothing
                    collector = people
            if kept is not None:
                kept.append(position)
            yield [cells[index] for index in keep] + output_header(english)
            continue
        if longest > FIELD_LIMIT:
            outcome = _outcome(
                _not_checked(_too_long_cell(line_number, cells, header, longest), english), version, passed_verdicts
            )
        elif len(cells) > width:
            message = extra_columns(line_number, len(cells), width) + "（这一行没有核对）"
            outcome = _outcome(_not_checked(message, english), version, passed_verdicts)
        else:
            if len(cells) >= needed:
                year_text = "" if year_index is None else cells[year_index]
                required_text = cells[required_index]
                elective_text = cells[elective_index]
                professional_text = cells[professional_index]
            else:
                year_text, required_text, elective_text, professional_text = _deciding(cells, columns)
            if remembered < _REMEMBERED:
                by_required = outcomes.get(year_text)  # type: dict | None
                if by_required is None:
                    by_required = outcomes[year_text] = {}
                by_elective = by_required.get(required_text)  # type: dict | None
                if by_elective is None:
                    by_elective = by_required[required_text] = {}
                shared = by_elective.get(elective_text)  # type: list | None
                if shared is None:  # [_usual of these cells (made when first needed), by professional]
                    shared = by_elective[elective_text] = [None, {}]
                by_professional = shared[1]  # type: dict
                outcome = by_professional.get(professional_text)
                if outcome is None:
                    usual = shared[0]
                    if usual is None:
                        usual = shared[0] = _usual(rules, year_text, required_text, elective_text, year, as_of)
                    professional = _PLAIN.get(professional_text, _UNSEEN)
                    if professional is _UNSEEN:
                        professional = _plain(professional_text)
                    if usual is not False and professional is not None and professional <= usual[3]:
                        if kept is not None:
                            outcome = _PASSED if _passes(usual[0], usual[1], usual[2], professional) else _FAILED
                        else:
                            outcome = _outcome(
                                _figures(usual[0], usual[1], usual[2], professional, english), version, passed_verdicts
                            )
                    else:
                        values = _values(
                            rules, year_text, required_text, elective_text, professional_text, year, as_of, english
                        )
                        outcome = _outcome(values, version, passed_verdicts)
                    by_professional[professional_text] = outcome
                    remembered += 1
            else:  # memory full: what is remembered still serves
                outcome = _remembered(outcomes, year_text, required_text, elective_text, professional_text)
                if outcome is None:
                    values = _values(
                        rules, year_text, required_text, elective_text, professional_text, year, as_of, english
                    )
                    outcome = _outcome(values, version, passed_verdicts)
        values, kind = outcome
        counts[kind] += 1
        if collector is not None:
            collector.add(line_number, cells, year, "" if values is None else values[_ERROR])
        if kept is not None:
            kept.append(position)
            yield kind
        elif keep_all and len(cells) == width:
            yield cells + values
        else:
            padded = cells + [""] * (width - len(cells))
            yield [padded[index] for index in keep] + values
        checked += 1
        if progress is not None and checked % every == 0:
            progress(checked)
    if columns is None:
        raise FileError("文件是空的：第一行应是表头 name,public_required,public_elective,professional")


def _remembered(outcomes, year_text, required_text, elective_text, professional_text):
    """check_rows's remembered outcome of these cells, or None."""
    by_required = outcomes.get(year_text)
    by_elective = None if by_required is None else by_required.get(required_text)
    shared = None if by_elective is None else by_elective.get(elective_text)
    return None if shared is None else shared[1].get(professional_text)


_PASSED = (None, "passed")
_FAILED = (None, "failed")
"""check_rows's outcome of a row when only its verdict is asked for (kept): no result columns, the kind."""


def _passes(known, required, elective, professional):
    """_figures's verdict alone (passed or not), for hours read and within bounds: the public required course done,
    the total minimum reached, the professional share kept (check.py: rule_*; tests/test_calculator_batch_verdicts.py
    compares the two)."""
    if known.course is not None and required < known.course:
        return False
    total = required + elective + professional
    return total >= known.minimum and known.numerator * total <= known.denominator * professional


def _outcome(values, version, passed_verdicts):
    """A row's added columns (the rules' version last; never changed once made: rows share them) and which of
    the counts it adds to."""
    values.append(version)
    if values[_ERROR]:
        return values, "error"
    return values, "passed" if values[0] in passed_verdicts else "failed"


def output_header(english=False):
    """The headers of the columns check_rows adds: HEADERS (Chinese), or the keys for machines."""
    return list(TABLE_COLUMNS) if english else [HEADERS[column] for column in TABLE_COLUMNS]


def _output_keys():
    keys = {}
    for column in TABLE_COLUMNS:
        keys[column] = True
        keys[header_key(HEADERS[column])] = True
    return keys


_OUTPUT_KEYS.update(_output_keys())


def number_columns(result_header):
    """The columns of a result table (its header) that hold numbers: the input's hours and year, the output's hours
    (NUMBER_COLUMNS) and the 多年汇总's counts (SUMMARY_COUNTS). A spreadsheet writer writes a plain number there as
    a number (number_value)."""
    numbers = []
    wanted = {}
    for column in NUMBER_COLUMNS:
        wanted[column] = True
        wanted[header_key(HEADERS[column])] = True
    for index, cell in enumerate(result_header):
        key = header_key(cell)
        if key in wanted or cell in SUMMARY_COUNTS:
            numbers.append(index)
            continue
        for column, aliases in COLUMNS:
            if column != "name" and key in aliases:
                numbers.append(index)
    return numbers


def number_value(text):
    """A cell of a number column as a spreadsheet number (an int or a float), or None to write it as text: plain
    decimals of at most 15 digits (a spreadsheet's precision), nothing else."""
    if not text or len(text) > 17:
        return None
    body = text[1:] if text[0] == "-" else text
    whole, dot, fraction = body.partition(".")
    if not is_digits(whole) or (dot and not is_digits(fraction)) or len(whole) + len(fraction) > 15:
        return None
    if len(whole) > 1 and whole[0] == "0":
        return None
    return float(text) if dot else int(text)


def result_columns(result_header):
    """Where the page finds what it shows first in a result table (its header): the name, verdict, what is missing and
    the error (None when there is no name column), and the number columns (number_columns)."""
    found = {"name": None, "passed": None, "missing": None, "error": None}  # type: dict
    names = {}
    for key in ("passed", "missing", "error"):
        names[header_key(HEADERS[key])] = key
        names[key] = key
    aliases = COLUMNS[0][1]
    for index, cell in enumerate(result_header):
        key = header_key(cell)
        if key in names and found[names[key]] is None:
            found[names[key]] = index
        elif found["name"] is None and key in aliases:
            found["name"] = index
    found["numbers"] = number_columns(result_header)
    return found


def _too_long_cell(line_number, cells, header, longest):
    if longest > CSV_FIELD_LIMIT:
        return "第 {} 行有一格超过 {} 个字符，超过了每格 {} 个字符的上限：请缩短这一格（这一行没有核对）".format(
            line_number, _grouped(CSV_FIELD_LIMIT), _grouped(FIELD_LIMIT)
        )
    for index, cell in enumerate(cells):
        if len(cell) > FIELD_LIMIT:
            name = strip_spaces(header[index]) if index < len(header) else ""
            column = "“{}”列".format(shown(name)) if name else "第 {} 列".format(index + 1)
            return "第 {} 行{}有 {} 个字符，超过了每格 {} 个字符的上限：请缩短这一格（这一行没有核对）".format(
                line_number, column, _grouped(len(cell)), _grouped(FIELD_LIMIT)
            )
    return ""


def check_table(rules, rows, lines, year, as_of, progress=None, every=1000, long_cells=True, people=None, kept=None):
    """Every data row of a whole file checked: (result rows with a header first, counts by outcome).

    What the browser calls (calculator_browser.py), with the rows its reader gave (line number, cells), shape
    checked lazily, and the file's number of lines: at most ROW_LIMIT data rows, counted before any is checked.
    `people`: check_rows's collector for the 多年汇总; `kept`: verdicts only (check_rows).
    """
    if lines > ROW_LIMIT + 1:  # there may be more rows than the page checks: read them all first
        rows = list(rows)
        data_rows = len([row for row in rows if not _is_blank(row[1])]) - 1
        if data_rows > ROW_LIMIT:
            raise FileError(
                "文件有 {} 行数据，超过了网页一次核对 {} 行的上限：请分成几个文件，"
                "或用命令行 python -m calculator batch（不限行数）".format(_grouped(data_rows), _grouped(ROW_LIMIT))
            )
    counts = {"passed": 0, "failed": 0, "error": 0}
    output = list(check_rows(rules, rows, year, as_of, counts, progress, every, long_cells, people=people, kept=kept))
    return output, counts


# ---- Result rows safe to open in a spreadsheet ----------------------------------------------------


def spreadsheet_safe(cell):
    """The cell as written: with a ' in front when a spreadsheet would run it as a formula (OWASP's advice
    on CSV injection: it starts, after spaces, with one of FORMULA_STARTS), unless it is a plain number
    (-5, +2.5: a number to a spreadsheet, never a formula)."""
    first = cell.lstrip(_LEADING_SPACES)[:1]
    if first == "" or first not in FORMULA_STARTS or _is_number(cell.strip(_LEADING_SPACES)):
        return cell
    return "'" + cell


def _is_number(text):
    if text[:1] in ("-", "+"):
        text = text[1:]
    whole, dot, fraction = text.partition(".")
    return is_digits(whole) and (not dot or is_digits(fraction))


def _safe_row(row):
    """The row with every cell spreadsheet_safe (the same list when none changes)."""
    out = None
    for index, cell in enumerate(row):
        safe = spreadsheet_safe(cell)
        if safe is not cell:
            if out is None:
                out = list(row)
            out[index] = safe
    return row if out is None else out


_CELL_STARTS = ("\x1f", "\x1e", " ", "\u3000", "\xa0")
"""What precedes the first character of a cell in _joined's text, or of its content after spaces."""


def joined(rows, start=""):
    """The rows as one text: cells joined by \x1f (unit separator), rows by \x1e (record separator); `start` before
    the first row's text (in the one join: putting it before the joined text would copy all of it, a megabyte for a
    staff list of 10,000: 25–40 ms under MicroPython in Node)."""
    texts = ["\x1f".join(row) for row in rows]
    if not texts:
        return start
    if start:
        texts[0] = start + texts[0]
    return "\x1e".join(texts)


_joined = joined


def safe_rows(rows):
    """The rows with every cell spreadsheet_safe (the same row lists where nothing changes)."""
    text = _joined(rows)
    found = _formula_rows(text, rows)
    if not found:
        return rows
    out = list(rows)
    for index in found:
        out[index] = _safe_row(rows[index])
    return out


def safe_text(rows, text=None):
    """safe_rows joined as _joined joins them (what the browser's worker gets back: one text, not a list); `text`, when
    given, is joined(rows) already (returned as it is when no cell changes)."""
    if text is None:
        text = _joined(rows)
    found = _formula_rows(text, rows)
    changed = False
    for index in found:
        safe = _safe_row(rows[index])
        if safe is not rows[index]:
            rows[index] = safe
            changed = True
    return _joined(rows) if changed else text


def _formula_rows(text, rows):
    """The indexes of the rows (joined into `text` by _joined) that may have a cell starting like a formula.

    Found in C on the text, as UTF-8 bytes (an offset into a MicroPython str is found by walking it from the
    start), a pair of characters at a time, not cell by cell: the browser writes 10,000 rows at once; only the
    rows found are then looked at cell by cell.
    """
    data = text.encode("utf-8")
    positions = []
    for c in FORMULA_STARTS:
        if c not in text:  # on the str: CPython's search for a 3-byte ＋ in UTF-8 full of （；） is slow
            continue
        character = c.encode("utf-8")
        if data.startswith(character):
            positions.append(0)
        for before in _CELL_STARTS:
            if before + c not in text:
                continue
            pattern = before.encode("utf-8") + character
            at = data.find(pattern)
            while at >= 0:
                positions.append(at + len(pattern) - len(character))
                at = data.find(pattern, at + 1)
    if not positions:
        return []
    if data.count(b"\x1e") != len(rows) - 1:  # a cell holds a separator: look at every row
        return list(range(len(rows)))
    positions.sort()
    found = []  # type: list[int]
    index = 0
    previous = 0
    for position in positions:
        index += data.count(b"\x1e", previous, position)
        previous = position
        if not found or found[-1] != index:
            found.append(index)
    return found
