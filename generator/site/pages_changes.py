"""The "what changed" pages: each year's notice against the previous one on file, from changes.py."""

from __future__ import annotations

from generator.links import urls
from generator.links.anchors import clause_anchor, document_label
from generator.site.changes import compare_years, compared_years
from generator.data.model import Data
from generator.site.rendering import render


def changes_title(year: int, previous: int) -> str:
    return f"{year}年与{previous}年相比"


def changes_page(data: Data, year: int) -> str:
    comparison = compare_years(data, year)
    assert comparison is not None
    page = urls.changes(year)
    new, old = data.notices[year], data.notices[comparison.previous]

    def new_clause(clause_id: str) -> str:
        return urls.relative(page, urls.notice(year), clause_anchor(clause_id))

    def old_clause(clause_id: str) -> str:
        return urls.relative(page, urls.notice(comparison.previous), clause_anchor(clause_id))

    def organisation_href(organisation_id: str) -> str:
        return urls.relative(page, urls.organisation(organisation_id))

    skipped = [other for other in range(comparison.previous + 1, year) if other not in data.notices]
    return render(
        "changes.md.j2",
        title=changes_title(year, comparison.previous),
        comparison=comparison,
        new_label=document_label(new, year),
        old_label=document_label(old, comparison.previous),
        new_document=new["document"],
        old_document=old["document"],
        new_href=urls.relative(page, urls.notice(year)),
        old_href=urls.relative(page, urls.notice(comparison.previous)),
        new_clause=new_clause,
        old_clause=old_clause,
        organisation_href=organisation_href,
        skipped=skipped,
    )


def changes_pages(data: Data) -> dict[str, str]:
    """A changes page per year that has an earlier notice, by src_uri."""
    return {urls.changes(year): changes_page(data, year) for year in compared_years(data)}
