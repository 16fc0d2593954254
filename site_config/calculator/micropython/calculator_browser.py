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
from calculator.training_hours import training_hours_from_rules

RULES = None


def load(rules_path):
    global RULES
    RULES = load_rules_file(rules_path)


def _answer(run):
    try:
        return json.dumps({"result": run()})
    except InputError as error:
        return json.dumps({"error": {"message": error.message, "field": error.field}})


def _optional(value):
    return None if value is None or value == "" else value


def check(year, public_required, public_elective, professional, as_of):
    """One person's check: check_person's result, or the input error."""
    return _answer(lambda: check_person(RULES, year, public_required, public_elective, professional, _optional(as_of)))


def hours(start, end, start_half, end_half):
    """Hours of a training from its dates (4 hours per half-day)."""
    return _answer(lambda: training_hours_from_rules(RULES, start, end, start_half, end_half))


def _batch_module():
    """calculator.batch (with the csv, typing and __future__ shims), imported on first use: the page starts faster."""
    from calculator import batch

    return batch


class Batch:
    """A staff list checked a few rows at a time, so the worker can report progress between chunks.

    Mirrors calculator.batch.check_table row for row (same columns, same messages) but yields
    between rows; tests/browser/test_calculator_batch.py compares the CSV with the command line's.
    """

    def __init__(self, text, year, as_of):
        batch = _batch_module()
        if text.strip() == "":
            raise batch.FileError("文件是空的：第一行应是表头 name,public_required,public_elective,professional")
        self.year = year
        self.as_of = _optional(as_of)
        delimiter = batch._delimiter(text.split("\n", 1)[0])
        try:
            self.rows = list(batch.csv.reader(batch.io.StringIO(text, newline=""), delimiter=delimiter))
        except batch.csv.Error as error:
            raise batch.FileError(f"CSV 格式有误：{error}") from None
        self.header = self.rows[0]
        self.columns = batch.map_columns(self.header)
        self.keep = [
            index
            for index in range(len(self.header))
            if batch.header_key(self.header[index]) not in batch.OUTPUT_COLUMNS
        ]
        self.output = [[self.header[index] for index in self.keep] + list(batch.OUTPUT_COLUMNS)]
        self.counts = {"passed": 0, "failed": 0, "error": 0}
        self.next_row = 1

    def total(self):
        return len(self.rows) - 1

    def done(self):
        return self.next_row - 1

    def step(self, count):
        """Check up to `count` more rows."""
        batch = _batch_module()
        header = self.header
        end = min(len(self.rows), self.next_row + count)
        while self.next_row < end:
            index = self.next_row
            self.next_row += 1
            cells = self.rows[index]
            line_number = index + 1
            if not cells or all(not cell.strip() for cell in cells):
                continue
            if len(cells) > len(header):
                result = dict.fromkeys(batch.OUTPUT_COLUMNS, "")
                extra = len(cells) - len(header)
                result["error"] = f"第 {line_number} 行有 {len(cells)} 列，比表头多 {extra} 列：请检查是否多了逗号"
            else:
                result = batch.check_row(RULES, cells, self.columns, self.year, self.as_of)
            padded = cells + [""] * (len(header) - len(cells))
            self.output.append([padded[i] for i in self.keep] + [result[column] for column in batch.OUTPUT_COLUMNS])
            if result["error"]:
                self.counts["error"] += 1
            elif result["passed"] == "true":
                self.counts["passed"] += 1
            else:
                self.counts["failed"] += 1

    def result(self):
        batch = _batch_module()
        return {"header": self.output[0], "counts": self.counts, "csv": batch.write_csv(self.output)}


CURRENT_BATCH = None


def batch_start(text, year, as_of):
    """Read the CSV text (already decoded by the page) and its header; the rows are checked by batch_step."""
    global CURRENT_BATCH
    CURRENT_BATCH = None

    def start():
        global CURRENT_BATCH
        parsed = None if year is None or year == "" else _batch_module().parse_year(year)
        CURRENT_BATCH = Batch(text, parsed, as_of)
        return {"total": CURRENT_BATCH.total(), "header": CURRENT_BATCH.output[0]}

    return _answer(start)


def batch_step(count):
    """Check the next rows; returns how far it got and the output rows added (for the page's table)."""
    before = len(CURRENT_BATCH.output)
    CURRENT_BATCH.step(count)
    added = CURRENT_BATCH.output[before:]
    return json.dumps({"result": {"done": CURRENT_BATCH.done(), "total": CURRENT_BATCH.total(), "rows": added}})


def batch_result():
    return json.dumps({"result": CURRENT_BATCH.result()})
