"""The data-quality page for editors: lints with file:line and every discrepancy recorded in the data."""

from __future__ import annotations

from pathlib import Path

from generator import urls
from generator.load import Data
from generator.rendering import render


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


def editor_pages(data: Data, data_dir: Path) -> dict[str, str]:
    return {urls.DATA_QUALITY: data_quality_page(data, data_dir)}
