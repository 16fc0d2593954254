"""The editors' pages: data quality (lints with file:line, every recorded discrepancy, import reports) and the editor guide."""

from __future__ import annotations

import os
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
    reports = import_reports(data, data_dir)
    return render("data_quality.md.j2", lints=lints, files=files, missing=missing, reports=reports)


PREVIEW = "GX_PREVIEW"
"""Set to 1 by `python -m generator preview`: only the editor's preview shows the import reports."""


def import_reports(data: Data, data_dir: Path) -> list[dict[str, object]]:
    """In the preview, the reports `import-notice` left in .build/import-reports/ for notices on file, as sections."""
    folder = data_dir.parent / ".build" / "import-reports"
    reports: list[dict[str, object]] = []
    if os.environ.get(PREVIEW) != "1":
        return reports
    for year in sorted(data.notices):
        path = folder / f"{year}.md"
        if not path.is_file():
            continue
        title = ""
        sections: list[dict[str, object]] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                title = line[2:]
            elif line.startswith("## "):
                sections.append({"heading": line[3:], "items": []})
            elif line.startswith("- ") and sections:
                items = sections[-1]["items"]
                assert isinstance(items, list)
                items.append(line[2:])
        reports.append({"year": year, "title": title, "sections": sections})
    return reports


NOT_SEARCHED = "---\nsearch:\n  exclude: true\n---\n\n"
"""Front matter keeping an editors' page out of the public search."""


def editor_pages(data: Data, data_dir: Path) -> dict[str, str]:
    """The data-quality page and the editor guide (written by generator/site/editor_guide.py)."""
    return {
        urls.DATA_QUALITY: data_quality_page(data, data_dir),
        urls.EDITOR_GUIDE: NOT_SEARCHED + render_editor_guide(),
    }
