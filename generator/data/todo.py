"""Values an editor still has to check: text starting with TODO, which validation refuses."""

from __future__ import annotations

from typing import Any

TODO = "TODO"


def is_todo(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(TODO)


def todo_paths(value: Any, where: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], str]]:
    """(path, value) of every TODO left in a document."""
    if is_todo(value):
        return [(where, value)]
    found: list[tuple[tuple[str | int, ...], str]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(todo_paths(item, (*where, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(todo_paths(item, (*where, index)))
    return found


PROPOSAL_MARK = "# 提议："
"""A comment line `import-notice` writes above each value it proposed; validation refuses the file while one is left."""


def proposal_lines(text: str) -> list[tuple[int, str]]:
    """(line number, what) of every proposal marker left in a file's text."""
    return [
        (number, line.strip()[len(PROPOSAL_MARK) :])
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip().startswith(PROPOSAL_MARK)
    ]
