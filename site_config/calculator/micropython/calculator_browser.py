"""What the browser's worker calls (site_config/calculator/worker.js): the calculator core, answers as JSON text.

Runs under MicroPython in the browser. Every function returns JSON text: {"result": ...} or
{"error": {"message", "field"}} for bad input (the core's InputError, in Chinese), so the worker only
parses and forwards. A check's result is exactly check_person's dict, as `python -m calculator check
--json` prints it.
"""

import json

from calculator.check import check_person
from calculator.errors import InputError
from calculator.ruleset import load_rules_file

RULES = None


def load(rules_path):
    global RULES
    RULES = load_rules_file(rules_path)


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


def record_file(text):
    """The years of a record file (CSV text, already decoded by the page), read as the command line reads it."""
    from calculator.batch import split_lines
    from calculator.record_file import read_record

    return _answer(lambda: read_record(split_lines(text))[0])


def batch(text, year, as_of, report_progress, every):
    """A staff list (CSV text, already decoded by the page) checked by calculator.batch.check_table.

    `report_progress(rows_done)` (a JavaScript function) is called every `every` rows, so the worker
    can show progress while the table is checked. The answer holds the counts; batch_csv() then gives
    the CSV text write_csv made (header first), which the worker both offers for download and reads
    back into the rows the page shows (quicker than writing every row again as JSON here).
    """
    from calculator import batch as batch_module

    global LAST_BATCH_CSV
    try:
        parsed_year = None if year is None or year == "" else batch_module.parse_year(year)
        rows, counts = batch_module.check_table(RULES, text, parsed_year, _optional(as_of), report_progress, every)
    except InputError as error:
        return json.dumps({"error": {"message": error.message, "field": error.field}})
    except MemoryError:
        rows = None
        return json.dumps({"error": {"message": OUT_OF_MEMORY, "field": None}})
    try:
        LAST_BATCH_CSV = batch_module.write_csv(rows)
    except MemoryError:
        rows = None
        LAST_BATCH_CSV = ""
        return json.dumps({"error": {"message": OUT_OF_MEMORY, "field": None}})
    return json.dumps({"result": {"counts": counts}})


LAST_BATCH_CSV = ""


def batch_csv():
    """The CSV text of the last batch (as `python -m calculator batch` writes it), handed over as a plain string."""
    return LAST_BATCH_CSV
