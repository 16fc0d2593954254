"""The editors' pages: data quality (lint findings by kind with file:line and source lines, discrepancies, import reports) and the editor guide."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from generator.data.lint_kinds import LINT_KINDS
from generator.links import urls
from generator.data.source_texts import source_path
from generator.paths import PROJECT_DIR as ROOT
from generator.site.pages_sources import documents_by_text, lines_with, page_path, rendering_label
from generator.site.editor_guide import render_editor_guide
from generator.data.model import Data
from generator.site.rendering import render


def data_quality_page(data: Data, data_dir: Path, root: Path = ROOT) -> str:
    page = urls.DATA_QUALITY
    texts = {name: source_path(name, data.folder, root).read_text(encoding="utf-8") for name in documents_by_text(data)}
    groups = []
    for kind, title in LINT_KINDS.items():
        items: list[dict[str, Any]] = []
        for problem in data.warnings:
            if getattr(problem, "kind", None) != kind:
                continue
            relative = problem.path.resolve().relative_to(data_dir.resolve()).as_posix()
            keys: tuple[str, ...] = getattr(problem, "keys", ())
            items.append(
                {
                    "file": f"data/{relative}",
                    "where": f"data/{relative}:{problem.line}:{problem.column}",
                    "line": problem.line,
                    "message": problem.message,
                    "recorded_in": getattr(problem, "recorded_in", None),
                    "sources": source_lines(texts, keys, page),
                }
            )
        items.sort(key=lambda item: (item["file"], item["line"], item["message"]))
        if items:
            groups.append({"kind": kind, "title": title, "findings": items})
    files = [
        {"path": f"data/{path}", "discrepancies": source.data.get("discrepancies", [])}
        for path, source in sorted(data.sources.items())
        if source.data.get("discrepancies")
    ]
    years = sorted(data.notices)
    missing = [year for year in range(years[0], years[-1]) if year not in data.notices]
    total = sum(len(group["findings"]) for group in groups)
    reports = import_reports(data, data_dir)
    return render("data_quality.md.j2", groups=groups, total=total, files=files, missing=missing, reports=reports)


SHOWN_SOURCE_LINES = 4
"""How many lines of the source texts a finding links to (a phone printed in several rows: the first few)."""


def source_lines(texts: dict[str, str], values: tuple[str, ...], page: str) -> list[dict[str, str]]:
    """Links to the lines of the source texts that print any of `values` ('第220行' → sources/….html#L220)."""
    links: list[dict[str, str]] = []
    for value in values:
        for name, text in sorted(texts.items()):
            for number in lines_with(text, value):
                label = rendering_label(name)
                href = urls.relative(page, page_path(name), f"L{number}")
                if all(link["href"] != href for link in links):
                    links.append({"text": f"{label or ''}第{number}行", "title": name, "href": href})
    return links[:SHOWN_SOURCE_LINES]


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


def editor_pages(data: Data, data_dir: Path) -> dict[str, str]:
    """The data-quality page and the editor guide (written by generator/site/editor_guide.py)."""
    return {
        urls.DATA_QUALITY: data_quality_page(data, data_dir),
        urls.EDITOR_GUIDE: render_editor_guide(),
    }
