"""The deadlines page: every deadline by date, with links to its clause and the yearly .ics files."""

from __future__ import annotations

from generator.links import urls
from generator.site.calendar_files import calendar_years
from generator.site.deadlines import AUDIENCES, all_deadlines
from generator.data.model import Data
from generator.site.rendering import render


def deadlines_page(data: Data) -> str:
    page = urls.DEADLINES
    rows = [
        {
            "deadline": deadline,
            "href": urls.relative(page, deadline.page, deadline.anchor),
            "related_href": urls.relative(page, deadline.related) if deadline.related else None,
        }
        for deadline in all_deadlines(data)
    ]
    calendars = [{"year": year, "href": urls.relative(page, urls.calendar_file(year))} for year in calendar_years(data)]
    return render("deadlines.md.j2", rows=rows, calendars=calendars, audiences=AUDIENCES)


def deadline_pages(data: Data) -> dict[str, str]:
    return {urls.DEADLINES: deadlines_page(data)}
