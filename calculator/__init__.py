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
    "training_hours",
    "vectors",
)
"""The portable core: the common subset of CPython 3.11 and MicroPython 1.28 (what the browser loads, with rules.json)."""

OUTSIDE_CORE = ("cli", "chinese_argparse", "batch", "record_file", "__main__")
"""Not in the portable core: the command line (argparse, CPython only) and the CSV batch (csv and typing;
the site runs it under MicroPython only with the stand-ins in site_config/calculator/micropython/)."""
