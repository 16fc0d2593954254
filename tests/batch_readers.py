"""The batch's two readers side by side, for tests: the command line's (calculator/csv_files.py, CPython's csv) and
the browser's (the worker's CSV section under Node, its rows checked by the glue calculator_browser.py, here under
CPython; tests/test_calculator_batch_micropython.py runs the glue under MicroPython too)."""

from __future__ import annotations

import atexit
import base64
import importlib.util
import io
import json
import shutil
import subprocess
from types import ModuleType
from typing import Any

from calculator import csv_files
from calculator.ruleset import load_rules_file
from calculator.table import FileError
from tests.conftest import ROOT

RULES = load_rules_file(str(ROOT / "calculator" / "rules.json"))
READER = ROOT / "tests" / "runtimes" / "csv_reader.mjs"


def load_glue() -> ModuleType:
    """The browser's glue (calculator_browser.py), loaded under CPython with the real calculator package."""
    path = ROOT / "site_config" / "calculator" / "micropython" / "calculator_browser.py"
    spec = importlib.util.spec_from_file_location("calculator_browser_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.load(str(ROOT / "calculator" / "rules.json"))
    return module


GLUE = load_glue()


class _Node:
    """One Node process running tests/runtimes/csv_reader.mjs, asked one JSON line at a time."""

    process: subprocess.Popen[str] | None = None

    @classmethod
    def ask(cls, request: dict[str, Any]) -> dict[str, Any]:
        if cls.process is None or cls.process.poll() is not None:
            if shutil.which("node") is None:
                raise AssertionError("node is not installed: install Node.js (tools/bootstrap.sh checks for it)")
            cls.process = subprocess.Popen(
                ["node", str(READER)],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="surrogatepass",
            )
            atexit.register(cls.process.kill)
        assert cls.process.stdin is not None and cls.process.stdout is not None
        cls.process.stdin.write(json.dumps(request) + "\n")
        cls.process.stdin.flush()
        answer = cls.process.stdout.readline()
        assert answer, "the Node CSV reader stopped (see its stderr above)"
        result: dict[str, Any] = json.loads(answer)
        return result


def js_read(text: str) -> dict[str, Any]:
    """readCsv's result for a text (rows, ends, lines, open, overflow, longest), with "python": what MicroPython gets."""
    return _Node.ask({"op": "read", "text": text})


def js_decode(data: bytes, command: str = "batch") -> dict[str, Any]:
    """{"text"} or {"error"}: the worker's decoding of a file's bytes (and its refusal of \\x1e and \\x1f), read for
    the command line's `command` ("batch": a staff list; "record": a record file)."""
    return _Node.ask({"op": "decode", "bytes": base64.b64encode(data).decode("ascii"), "command": command})


def js_write(rows: list[list[str]]) -> str:
    text: str = _Node.ask({"op": "write", "rows": rows})["text"]
    return text


def browser_table(text: str, year: Any = 2026, as_of: Any = "") -> list[list[str]]:
    """The result rows the page shows for a decoded text: FileError when the page refuses the file."""
    python = js_read(text)["python"]
    answer = json.loads(
        GLUE.batch(python["text"], python["shape"], "" if year is None else str(year), as_of, None, 100)
    )
    if "error" in answer:
        raise FileError(answer["error"]["message"])
    return [row.split("\x1f") for row in GLUE.batch_rows().removeprefix(GLUE.TEXT_START).split("\x1e")]


def browser_download(data: bytes, year: Any = 2026) -> str:
    """The CSV text the page offers for download (after its BOM), or the page's one-line refusal as FileError."""
    decoded = js_decode(data)
    if "error" in decoded:
        raise FileError(decoded["error"])
    return js_write(browser_table(decoded["text"], year))


def cli_table(data: bytes, year: Any = 2026) -> list[list[str]]:
    """The result rows `python -m calculator batch` writes (before spreadsheet safety), read as a stream."""
    counts = {"passed": 0, "failed": 0, "error": 0}
    return list(csv_files.check_lines(RULES, csv_files.stream_lines(io.BytesIO(data)), year, None, counts))


def cli_download(data: bytes, year: Any = 2026) -> str:
    """The CSV text `python -m calculator batch` writes (utf-8), or its one-line refusal as FileError."""
    return csv_files.write_csv(cli_table(data, year))
