"""The editors' pages: data quality (lints with file:line, every recorded discrepancy) and the editor guide."""

from __future__ import annotations

from pathlib import Path

from generator.links import urls
from generator.site.editor_guide import render_editor_guide
from generator.data.model import Data
from generator.site.rendering import render


def data_quality_page(data: Data, data_dir: Path) -> str:
    lints = [
        {
            "where": f"data/{problem.path.resolve().relative_to(data_dir.resolve()).as_posix()}:{problem.line}:{problem.column}",
            "message": problem.message,
        }
        for problem in data.warnings
    ]
    lints.sort(key=lambda lint: (lint["where"].split(":")[0], int(lint["where"].split(":")[1]), lint["message"]))
    files = [
        {"path": f"data/{path}", "discrepancies": source.data.get("discrepancies", [])}
        for path, source in sorted(data.sources.items())
        if source.data.get("discrepancies")
    ]
    years = sorted(data.notices)
    missing = [year for year in range(years[0], years[-1]) if year not in data.notices]
    return render("data_quality.md.j2", lints=lints, files=files, missing=missing)


NOT_SEARCHED = "---\nsearch:\n  exclude: true\n---\n\n"
"""Front matter keeping an editors' page out of the public search."""


def editor_pages(data: Data, data_dir: Path) -> dict[str, str]:
    """The data-quality page and the editor guide (written by generator/site/editor_guide.py)."""
    return {
        urls.DATA_QUALITY: data_quality_page(data, data_dir),
        urls.EDITOR_GUIDE: NOT_SEARCHED + render_editor_guide(),
    }
