"""A problem found in the data: where it is (file:line:column), what is wrong, how to fix it."""

from __future__ import annotations

from pathlib import Path

ERROR = "错误"
WARNING = "提醒"


class Problem:
    """One message for an editor. `severity` is ERROR (blocks publishing) or WARNING (a lint)."""

    def __init__(self, path: Path, line: int, column: int, message: str, severity: str = ERROR) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.severity = severity

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def location(self, root: Path | None = None) -> str:
        path = self.path
        if root is not None:
            try:  # the folders resolved, not the file itself: a link is named as the editor sees it (even a loop)
                path = (self.path.parent.resolve() / self.path.name).relative_to(root.resolve())
            except (ValueError, OSError, RuntimeError):
                path = self.path
        return f"{path}:{self.line}:{self.column}"

    def format(self, root: Path | None = None) -> str:
        return f"{self.location(root)}: {self.severity}：{self.message}"

    def __repr__(self) -> str:
        return f"Problem({self.format()!r})"


class DataError(Exception):
    """The data has at least one error; `problems` lists all of them (errors and warnings)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [problem for problem in problems if problem.is_error]
        super().__init__("\n".join(problem.format() for problem in errors))
