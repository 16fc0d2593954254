"""generator/ is rooms with one-way doors: a room imports only from the rooms before it, and no import circles.

Rooms, in order: paths (and the package's __init__), data, links, rules, browser, site, the command
line (__main__.py and the compile_rules shim). Every import counts, also inside functions and under
TYPE_CHECKING, and importlib.import_module("generator....") with a literal name.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "generator"
ROOMS = ("paths", "data", "links", "rules", "browser", "site", "command line")
COMMAND_LINE = {"generator.__main__", "generator.compile_rules"}


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    path: Path
    line: int

    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def resolve(name: str, known: dict[str, Path]) -> str | None:
    """The generator module an import of `name` runs: itself, or the nearest package above it that exists."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(name: str, path: Path, known: dict[str, Path]) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[Import] = []

    def add(imported: str, line: int) -> None:
        target = resolve(imported, known)
        if target is not None and target != name and target.startswith("generator"):
            found.append(Import(name, target, path, line))

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                add(submodule if submodule in known else base, node.lineno)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            add(node.args[0].value, node.lineno)
    return found


def room(name: str) -> int:
    if name in COMMAND_LINE:
        return ROOMS.index("command line")
    parts = name.split(".")
    if len(parts) == 1 or parts[1] == "paths":
        return ROOMS.index("paths")  # the package's __init__ (a docstring) and generator/paths.py
    assert parts[1] in ROOMS, f"{name}: a module outside the rooms {ROOMS}; put it in one (and list it here)"
    return ROOMS.index(parts[1])


def all_imports() -> list[Import]:
    known = modules()
    return [found for name, path in known.items() for found in imports_of(name, path, known)]


def test_every_generator_module_is_in_a_room_and_says_what_it_is() -> None:
    for name, path in modules().items():
        room(name)
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert docstring, f"{path.relative_to(ROOT)}: no docstring saying what lives there"


def test_no_room_imports_a_room_after_it() -> None:
    wrong = [
        f"{found.where()}: {found.importer} ({ROOMS[room(found.importer)]}) imports {found.imported} "
        f"({ROOMS[room(found.imported)]}), a room after it"
        for found in all_imports()
        if room(found.imported) > room(found.importer)
    ]
    assert not wrong, "one-way doors: " + ROOMS.__repr__() + "\n" + "\n".join(wrong)


def test_no_import_circle_between_generator_modules() -> None:
    edges: dict[str, list[Import]] = {}
    for found in all_imports():
        edges.setdefault(found.importer, []).append(found)
    circles: list[str] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[Import] = []

    def visit(name: str) -> None:
        state[name] = 1
        for edge in edges.get(name, []):
            if state.get(edge.imported) == 1:
                start = next(index for index, step in enumerate(path) if step.importer == edge.imported) if path else 0
                loop = [*path[start:], edge]
                circles.append(" → ".join(f"{step.importer} ({step.where()})" for step in loop) + f" → {edge.imported}")
            elif state.get(edge.imported) is None:
                path.append(edge)
                visit(edge.imported)
                path.pop()
        state[name] = 2

    for name in sorted(modules()):
        if name not in state:
            visit(name)
    assert not circles, "import circles:\n" + "\n".join(circles)


def test_the_checker_sees_a_door_used_backwards_and_a_circle(tmp_path: Path) -> None:
    """The checks above find what they look for: a function-level import counts, with its file and line."""
    source = "def late():\n    from generator.site.pages import generate_pages\n"
    path = PACKAGE / "data" / "load.py"
    known = modules()
    tree_imports = imports_of("generator.data.load", path, known)
    assert all(room(found.imported) <= room("generator.data.load") for found in tree_imports)
    fake = tmp_path / "fake.py"
    fake.write_text(source, encoding="utf-8")
    found = imports_of("generator.data.fake", fake, known)
    assert [(item.imported, item.line) for item in found] == [("generator.site.pages", 2)]
    assert room(found[0].imported) > room("generator.data.fake")
