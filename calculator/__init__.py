"""The continuing-education hours calculator: one rules core for CPython, MicroPython and Pyodide, and a CLI."""

CORE_MODULES = (
    "errors",
    "text",
    "hours",
    "dates",
    "ruleset",
    "explain",
    "check",
    "explain_record",
    "record",
    "record_file",
    "training_hours",
    "table",
    "people",
    "vectors",
)
"""The portable core: the common subset of CPython 3.11 and MicroPython 1.28 (what the browser loads, with rules.json)."""

OUTSIDE_CORE = ("cli", "chinese_argparse", "csv_files", "xlsx_files", "__main__")
"""Not in the portable core (CPython only): the command line (argparse) and its CSV files (csv); the browser reads
and writes CSV in JavaScript and hands the rows to table.py (with people.py) and record_file.py."""
