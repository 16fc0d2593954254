"""The continuing-education hours calculator: one rules core for CPython, MicroPython and Pyodide, and a CLI."""

CORE_MODULES = ("errors", "text", "hours", "dates", "ruleset", "explain", "check", "training_hours", "vectors")
"""The portable core: the common subset of CPython 3.11 and MicroPython 1.28 (what the browser loads, with rules.json)."""

CPYTHON_ONLY = ("cli", "batch", "__main__")
"""The command line and the CSV batch: argparse, csv and typing, never loaded in the browser."""
