"""Data validated by `python -m generator build`, handed to the MkDocs hooks of the same process.

The build validates data/ once, then runs MkDocs in the same process: the hooks take the data
validated a moment ago instead of reading and checking every file a second time. Each hand-over is
taken once (a later rebuild, e.g. of `mkdocs serve`, reads the files again).
"""

from __future__ import annotations

from pathlib import Path

from generator.data.model import Data

_HANDED_OVER: dict[Path, Data] = {}


def hand_over(data_dir: Path, data: Data) -> None:
    """Offer the validated data of data_dir to the next build of this process."""
    _HANDED_OVER[data_dir.resolve()] = data


def take(data_dir: Path) -> Data | None:
    """The data handed over for data_dir (removed: it serves one build), or None."""
    return _HANDED_OVER.pop(data_dir.resolve(), None)
