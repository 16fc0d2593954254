"""The calculator core stays in the common subset of CPython 3.11 and MicroPython 1.28."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import calculator

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "calculator"
ALLOWED = {"json", "re", "math", "datetime", "collections", "functools", "itertools", "calculator"}
"""Standard modules MicroPython also has, and the package itself."""
FORBIDDEN_NAMES = {"__future__", "typing", "dataclasses", "fractions", "decimal", "enum", "csv", "unicodedata"}


def core_paths() -> list[Path]:
    return [PACKAGE / "__init__.py"] + [PACKAGE / f"{name}.py" for name in calculator.CORE_MODULES]


def imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            modules.add(node.module or "")
    return modules


def test_every_module_is_either_core_or_listed_outside_it() -> None:
    present = {path.stem for path in PACKAGE.glob("*.py")} - {"__init__"}
    assert present == set(calculator.CORE_MODULES) | set(calculator.OUTSIDE_CORE)
    assert not set(calculator.CORE_MODULES) & set(calculator.OUTSIDE_CORE)


@pytest.mark.parametrize("path", core_paths(), ids=lambda path: path.name)
def test_no_core_module_imports_anything_micropython_lacks(path: Path) -> None:
    for module in imported_modules(path):
        top = module.split(".")[0]
        assert top not in FORBIDDEN_NAMES, f"{path.name} imports {module}"
        assert top in ALLOWED, f"{path.name} imports {module}, which MicroPython may not have"
        if top == "calculator" and module != "calculator":
            assert module.split(".")[1] in calculator.CORE_MODULES, f"{path.name} imports CPython-only {module}"


@pytest.mark.parametrize("path", core_paths(), ids=lambda path: path.name)
def test_core_modules_use_no_annotations_and_no_constructs_micropython_rejects(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = node.args.args + node.args.kwonlyargs + node.args.posonlyargs
            assert node.returns is None and all(arg.annotation is None for arg in arguments), node.name
        assert not isinstance(node, ast.Match | ast.NamedExpr | ast.AsyncFunctionDef), f"{path.name}:{node.lineno}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            assert node.func.attr not in (
                "translate",
                "groups",
                "groupdict",
                "zfill",
                "removeprefix",
                "removesuffix",
            ), f"{path.name}:{node.lineno} uses str/re.{node.func.attr}, missing in MicroPython"


WHITESPACE_SENSITIVE = ("strip", "lstrip", "rstrip", "split", "rsplit", "isspace")
"""str methods that, with no argument, mean "whitespace": only ASCII's six in MicroPython, every Unicode space in
CPython."""


@pytest.mark.parametrize("path", core_paths(), ids=lambda path: path.name)
def test_core_modules_never_ask_the_runtime_what_a_space_is(path: Path) -> None:
    """A cell of ideographic spaces was blank to the command line and not to the page: text.strip_spaces strips as
    CPython's str.strip in both runtimes, and is the only place a bare strip() may be called."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in WHITESPACE_SENSITIVE
            and not node.args
            and not node.keywords
        ):
            inside_strip_spaces = path.name == "text.py" and node.func.attr == "strip"
            assert inside_strip_spaces, (
                f"calculator/{path.name}:{node.lineno}: .{node.func.attr}() with no argument depends on the runtime's "
                "idea of a space (MicroPython: ASCII only); use calculator.text.strip_spaces"
            )


def test_strip_spaces_knows_every_space_cpython_knows_and_strips_as_cpython_does() -> None:
    from calculator.text import _WIDE_SPACES, strip_spaces

    spaces = {chr(code) for code in range(0x110000) if chr(code).isspace()}
    assert set(_WIDE_SPACES) | set(" \t\n\r\x0b\x0c") == spaces
    assert len(_WIDE_SPACES) == len(set(_WIDE_SPACES))
    samples = [
        "",
        "20",
        " 20 ",
        "\u300020\u3000",
        "\xa0 \u3000\t70\u202f \u205f",
        "\u3000",
        " \u3000 \xa0\n",
        "a\u3000b",
    ]
    samples += ["\ufeff20", "\u200b", "\x1c王五\x1f", "\u3000 \u3000x \u3000 "]
    for sample in samples:
        assert strip_spaces(sample) == sample.strip(), repr(sample)


@pytest.mark.parametrize("path", core_paths(), ids=lambda path: path.name)
def test_core_regular_expressions_avoid_counted_repetition_and_named_groups(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            pattern = str(node.args[0].value)
            assert "{" not in pattern and "(?P" not in pattern, f"{path.name}:{node.lineno}: {pattern}"


@pytest.mark.parametrize("module", ["calculator", *(f"calculator.{name}" for name in calculator.CORE_MODULES)])
def test_each_core_module_imports_with_no_site_packages(module: str) -> None:
    completed = subprocess.run(
        [sys.executable, "-S", "-c", f"import sys, {module}; assert 'yaml' not in sys.modules; print('ok')"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "ok"


def test_a_check_runs_with_no_site_packages() -> None:
    code = (
        "from calculator.ruleset import load_rules_file\n"
        "from calculator.check import check_person\n"
        "r = check_person(load_rules_file('calculator/rules.json'), 2026, '20', '0', '70')\n"
        "print(r['passed'])"
    )
    completed = subprocess.run([sys.executable, "-S", "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "True"


def test_the_command_line_also_runs_with_no_site_packages() -> None:
    completed = subprocess.run(
        [sys.executable, "-S", "-m", "calculator", "hours", "--start", "2026-05-12", "--end", "2026-05-14"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == "24\n"


def test_the_batch_table_is_core_its_csv_files_stay_on_cpython_and_the_browser_gets_no_stand_ins() -> None:
    assert "table" in calculator.CORE_MODULES and "csv_files" in calculator.OUTSIDE_CORE
    assert {"csv", "__future__", "typing"} <= {
        module.split(".")[0] for module in imported_modules(PACKAGE / "csv_files.py")
    }
    assert not FORBIDDEN_NAMES & {module.split(".")[0] for module in imported_modules(PACKAGE / "table.py")}
    glue_folder = ROOT / "site_config" / "calculator" / "micropython"
    assert [path.name for path in glue_folder.glob("*.py")] == ["calculator_browser.py"]
    for module in imported_modules(glue_folder / "calculator_browser.py"):
        top = module.split(".")[0]
        # gc: MicroPython's (mem_alloc, mem_free), which the glue alone runs on (heap_bytes, for worker.js)
        assert top in ALLOWED | {"gc"}, f"the worker's glue imports {module}"
        if top == "calculator" and module != "calculator":
            assert module.split(".")[1] in calculator.CORE_MODULES, f"the worker's glue imports CPython-only {module}"
