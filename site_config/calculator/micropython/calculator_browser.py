"""What the browser's worker calls (site_config/calculator/worker.js): the calculator core, answers as JSON text.

Runs under MicroPython in the browser. Every function returns JSON text: {"result": ...} or
{"error": {"message", "field"}} for bad input (the core's InputError, in Chinese), so the worker only
parses and forwards. A check's result is exactly check_person's dict, as `python -m calculator check
--json` prints it.
"""

import json

from calculator.check import check_person
from calculator.errors import InputError
from calculator.ruleset import load_built_rules

RULES = None


def load(rules_path):
    """The rules of this build (core.bundle), checked by the build itself (ruleset.load_built_rules)."""
    global RULES
    with open(rules_path, encoding="utf-8") as handle:
        RULES = load_built_rules(handle.read())


def heap_bytes():
    """The bytes MicroPython's heap holds, used and free: it grows for a big batch and never gives the space back
    (the worker starts a fresh runtime when it has grown much: worker.js, RENEW_AFTER_BYTES)."""
    import gc

    return gc.mem_alloc() + gc.mem_free()


def _answer(run):
    try:
        return json.dumps({"result": run()})
    except InputError as error:
        return json.dumps({"error": {"message": error.message, "field": error.field}})
    except MemoryError:
        return json.dumps({"error": {"message": OUT_OF_MEMORY, "field": None}})


OUT_OF_MEMORY = (
    "浏览器中的计算器内存不够，没有核对：请把表格分成几个较小的文件，或用命令行 python -m calculator batch 核对"
)


def _optional(value):
    return None if value is None or value == "" else value


def check(year, public_required, public_elective, professional, as_of):
    """One person's check: check_person's result, or the input error."""
    return _answer(lambda: check_person(RULES, year, public_required, public_elective, professional, _optional(as_of)))


def hours(start, end, start_half, end_half):
    """Hours of a training from its dates (4 hours per half-day)."""
    from calculator.training_hours import training_hours_from_rules  # imported when first used: a quicker start

    return _answer(lambda: training_hours_from_rules(RULES, start, end, start_half, end_half))


def add_hours(professional, hours, year):
    """The training hours added to the typed 专业科目 (计入专业科目): {"sum": the exact sum as the core writes hours},
    or the error the check of the form's `year` would give for the typed value (a blank field is 0, as in the check;
    a year's hours are the ceiling, as in the check)."""
    from calculator.check import blank_is_zero
    from calculator.hours import MAX_HOURS_IN_A_YEAR, format_hours, hours_in_year, parse_hours

    limit = hours_in_year(int(year)) if len(year) == 4 and year.isdigit() else MAX_HOURS_IN_A_YEAR

    def run():
        typed = parse_hours(blank_is_zero(professional), "专业科目", "professional", limit)
        return {"sum": format_hours(typed + parse_hours(hours, "培训学时", "training"))}

    return _answer(run)


def record(years_json, as_of):
    """A person's record of several years (a JSON list of {year, public_required, public_elective, professional}):
    check_record's result, or the input error with `row`, the position of the year it is about."""
    from calculator.record import RecordError, check_record  # imported when first used: a quicker start

    try:
        return json.dumps({"result": check_record(RULES, json.loads(years_json), _optional(as_of))})
    except RecordError as error:
        return json.dumps({"error": {"message": error.message, "field": error.field, "row": error.row}})
    except InputError as error:
        return json.dumps({"error": {"message": error.message, "field": error.field}})
    except MemoryError:
        return json.dumps({"error": {"message": OUT_OF_MEMORY, "field": None}})


def record_file(records, shape):
    """The years of a record file, its rows read by the worker's CSV reader (joined as for batch), as the command
    line reads them."""
    from calculator import table
    from calculator.record_file import read_record

    return _answer(lambda: read_record(_rows(table, records, json.loads(shape)))[0])


def empty_sheet(sheets, name):
    """The message for a workbook whose sheet shown on opening is empty while it has others (table.empty_sheet)."""
    from calculator import table

    return table.empty_sheet(sheets, name)


def sheet_note(sheets, name, verb):
    """What was read of a workbook of several sheets, in the command line's words (table.sheet_note)."""
    from calculator import table

    return table.sheet_note(sheets, name, verb)


def batch(records, shape, year, as_of, report_progress, every, today=None, report_verdicts=None, first=0):
    """A staff list, read by the worker's own CSV reader (worker.js), checked by calculator.table.check_table.

    `records` holds the rows, cells joined by \x1f and rows by \x1e; `shape` (JSON) what the reader saw of them:
    {delimiter, rows, lines, spans: [[row, lines it ends after its first]], open: the last row's quoted cell was
    never closed, overflow: [[row, line]] (a cell too long for a CSV reader), longest: the longest cell}, which
    table.Shape turns into the command line's messages. `report_progress(rows_done)` (a JavaScript function) is
    called every `every` rows.

    The rows are checked twice, in this one call: first for each row's verdict only, then in full. After the first,
    `report_verdicts(answer)`, when given, gets the answer as JSON ({"result": {counts, columns, people, statuses:
    batch_statuses(), first: the header's and the first `first` rows' result rows joined as batch_table joins them
    (without TEXT_START: JSON keeps a leading U+FEFF), summary: batch_summary()'s text when there is one}}): the page
    shows it while the rest is made. The second makes every row's result for the downloads and the other pages
    (batch_table, batch_rows_at, batch_rows). Both in one call: MicroPython's WebAssembly port
    collects garbage when a call from JavaScript returns, and rows then made in a later call, between the holes the
    first call's garbage left, took up to eight times as long (Node: 80,000 rows 26 s, in the same call 3 s).
    Returns the same answer (without `first`); batch_summary() gives the 多年汇总 (calculator/people.py) as of
    `as_of`, else `today` (the page's date: MicroPython has no clock).
    """
    from calculator import table
    from calculator.people import People

    global LAST_BATCH_OUTPUT, LAST_BATCH_ROWS, LAST_BATCH_TABLE, LAST_BATCH_SUMMARY, LAST_BATCH_SUMMARY_ROWS
    global LAST_BATCH_SUMMARY_SAFE, LAST_BATCH_STATUSES
    LAST_BATCH_OUTPUT = LAST_BATCH_SUMMARY_ROWS = None
    LAST_BATCH_ROWS = LAST_BATCH_SUMMARY = LAST_BATCH_SUMMARY_SAFE = LAST_BATCH_STATUSES = ""
    LAST_BATCH_TABLE = TEXT_START
    people = People()
    try:
        facts = json.loads(shape)
        parsed_year = None if year is None or year == "" else table.parse_year(year)
        as_of = _optional(as_of)
        rows = []  # type: list
        read = _kept_rows(_rows(table, records, facts), rows)  # read lazily: the header's errors come first
        records = None  # the rows hold the cells now: the text can go
        long_cells = facts["longest"] > table.FIELD_LIMIT
        kept = []  # type: list
        kinds, counts = table.check_table(
            RULES, read, facts["lines"], parsed_year, as_of, report_progress, every, long_cells, people, kept
        )
        header = kinds[0]
        kinds[0] = None
        LAST_BATCH_STATUSES = "".join([_STATUS_CODES[kind] for kind in kinds if kind is not None])
        kinds = None
        summary = people.summary_rows(RULES, as_of or _optional(today), False) if people.kept else []
        people = None
        LAST_BATCH_SUMMARY = table.joined(summary) if summary else ""
        LAST_BATCH_SUMMARY_ROWS = summary or None
        found = {
            "counts": counts,
            "columns": table.result_columns(header),
            "people": len(summary) - 1 if summary else 0,
            "statuses": LAST_BATCH_STATUSES,
        }
        if summary:
            found["summary_numbers"] = table.number_columns(summary[0])
        if report_verdicts is not None:
            # The header's row and the first rows' (check_rows of them alone: the same rows as in the full check).
            shown = [rows[position] for position in kept[: 1 + max(0, min(first, len(kept) - 1))]]
            shown_counts = {"passed": 0, "failed": 0, "error": 0}
            made = table.check_rows(RULES, shown, parsed_year, as_of, shown_counts, long_cells=long_cells)
            found["first"] = table.joined(list(made))
            if summary:
                found["summary"] = LAST_BATCH_SUMMARY
            report_verdicts(json.dumps({"result": found}))
            found.pop("first")
            found.pop("summary", None)
        every_count = {"passed": 0, "failed": 0, "error": 0}
        output = list(table.check_rows(RULES, rows, parsed_year, as_of, every_count, long_cells=long_cells))
        rows = kept = None
        LAST_BATCH_TABLE = table.joined(output, TEXT_START)
        LAST_BATCH_OUTPUT = output  # made spreadsheet safe when the CSV is asked for (batch_rows)
    except InputError as error:
        LAST_BATCH_STATUSES = ""
        return json.dumps({"error": {"message": error.message, "field": error.field}})
    except MemoryError:
        rows = kinds = kept = output = LAST_BATCH_OUTPUT = LAST_BATCH_SUMMARY_ROWS = None
        LAST_BATCH_TABLE = TEXT_START
        LAST_BATCH_SUMMARY = LAST_BATCH_STATUSES = ""
        return json.dumps({"error": {"message": OUT_OF_MEMORY, "field": None}})
    return json.dumps({"result": found})


_STATUS_CODES = {"passed": "p", "failed": "f", "error": "e"}
"""A row's outcome as batch_statuses writes it: one letter a row."""


def _kept_rows(rows, into):
    """The rows as they are read, each also appended to `into` (for the second check, and the rows shown first)."""
    for row in rows:
        into.append(row)
        yield row


def _rows(table, records, facts):
    """(line where the row starts, cells) for each row the worker read, its shape checked by table.Shape as
    calculator/csv_files.py checks the command line's rows."""
    count = facts["rows"]
    if not count:
        return []
    rows = [record.split("\x1f") for record in records.split("\x1e")]
    numbers = facts.get("numbers")
    if numbers is not None:  # a workbook's rows (xlsx.js), numbered as in the sheet; only the column limit to check
        return _numbered(table.Shape(None), numbers, rows)
    if not (facts["spans"] or facts["overflow"] or facts["open"] or facts["widest"] > table.COLUMN_LIMIT):
        return enumerate(rows, 1)  # one line a row, nothing for Shape to say: nearly every staff list
    return _shaped(table, rows, facts)


def _numbered(shape, numbers, rows):
    for index in range(len(rows)):
        yield numbers[index], shape.row(numbers[index], numbers[index], rows[index])


def _shaped(table, rows, facts):
    """_rows, the careful way: every row shown to table.Shape, line numbers counted over rows that span lines."""
    special = {}
    for index, lines in facts["spans"]:
        special[index] = lines
    for index, line in facts["overflow"]:
        special[index] = -line
    if facts["open"]:
        special[len(rows) - 1] = None
    shape = table.Shape(facts["delimiter"])
    line = 1
    for index, cells in enumerate(rows):
        start = line
        extra = special.get(index, 0)
        if extra is None:  # a quoted cell never closed: it runs to the end
            yield start, shape.row(start, facts["lines"] + 1, cells, True)
            return
        if extra < 0:  # a cell too long for the reader, cut on line -extra
            line = -extra + 1
            yield start, shape.too_long(start, -extra)
            continue
        line += extra
        yield start, shape.row(start, line, cells)
        line += 1


LAST_BATCH_OUTPUT = None
TEXT_START = "\x1d"
"""What the batch's texts (batch_rows, batch_rows_at, batch_table, batch_summary, batch_summary_csv) start with, and the
worker drops (worker.js fromPython): the runtime hands a string to JavaScript through a TextDecoder, which drops a U+FEFF
that starts it (a first header cell that began with a second BOM lost it, where the command line keeps it)."""
LAST_BATCH_ROWS = ""
LAST_BATCH_TABLE = TEXT_START
"""The last batch's result rows joined (table.joined), TEXT_START already in front: batch_table hands it over as it is."""
LAST_BATCH_STATUSES = ""
LAST_BATCH_SUMMARY = ""
LAST_BATCH_SUMMARY_ROWS = None
LAST_BATCH_SUMMARY_SAFE = ""


def batch_statuses():
    """Each data row's outcome in the last batch, in order, one letter a row: p passed (达标, or 达标 on the standing
    rules), f failed (未达标), e not checked (its error says why); "" when there is no result."""
    return LAST_BATCH_STATUSES


def batch_rows_at(indexes):
    """The result rows (header first) of the last batch's data rows at `indexes` (JSON: a list, counting from 0), as
    they are, joined as batch_table joins them: what the page shows of a page of the table."""
    from calculator import table

    output = LAST_BATCH_OUTPUT
    if output is None:
        return TEXT_START
    return table.joined([output[0]] + [output[index + 1] for index in json.loads(indexes)], TEXT_START)


def batch_rows():
    """The result rows of the last batch (header first, as `python -m calculator batch` writes them as CSV, each cell
    spreadsheet safe): cells joined by \x1f, rows by \x1e, handed over as one plain string. Made when first asked
    for (the CSV download), not by batch(): the page and the .xlsx take the rows as they are (batch_rows_at,
    batch_table)."""
    global LAST_BATCH_ROWS
    if LAST_BATCH_OUTPUT is not None and not LAST_BATCH_ROWS:
        from calculator import table

        LAST_BATCH_ROWS = table.safe_text(list(LAST_BATCH_OUTPUT), LAST_BATCH_TABLE[len(TEXT_START) :])
    return TEXT_START + LAST_BATCH_ROWS


def batch_table():
    """The same rows as they are (what the .xlsx holds: a text cell there is never a formula)."""
    return LAST_BATCH_TABLE


def batch_summary():
    """The last batch's 多年汇总 (header first; "" when no one has several years), as they are, joined as batch_rows."""
    return TEXT_START + LAST_BATCH_SUMMARY


def batch_summary_csv():
    """batch_summary with every cell spreadsheet safe: the 多年汇总 CSV download, as the command line writes it (made
    when first asked for, as batch_rows)."""
    global LAST_BATCH_SUMMARY_ROWS, LAST_BATCH_SUMMARY_SAFE
    if LAST_BATCH_SUMMARY_ROWS is not None:
        from calculator import table

        LAST_BATCH_SUMMARY_SAFE = table.safe_text(LAST_BATCH_SUMMARY_ROWS, LAST_BATCH_SUMMARY)
        LAST_BATCH_SUMMARY_ROWS = None
    return TEXT_START + LAST_BATCH_SUMMARY_SAFE
