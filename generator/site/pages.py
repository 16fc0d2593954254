"""All generated pages ({src_uri: Markdown}) and the site navigation, from the data."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from generator.links import urls
from generator.site.changes import compared_years
from generator.site.guidance import guide_order
from generator.data.model import Data
from generator.site.pages_changes import changes_pages, changes_title
from generator.site.pages_deadlines import deadline_pages
from generator.site.pages_directories import directory_pages, directory_sort_key
from generator.site.pages_editors import editor_pages
from generator.site.pages_guidance import FAQ_TITLE, GUIDES_TITLE, TRUTHFUL_TITLE, guidance_pages, guidance_uris
from generator.site.pages_notices import notice_pages, plan_title
from generator.site.pages_organisations import organisation_order, organisation_pages

NEWEST_YEARS_IN_NAV = 5
"""The navigation lists the notices (and the changes pages) of this many newest years one by one; the notices'
index page lists every year, each with its changes page. The navigation is written into every page, so a
section that grew with every year would make the build grow with the square of the years (bench/: years ×30)."""
ORGANISATIONS_IN_NAV = 100
"""Up to this many organisations are listed one by one in the navigation; beyond that only their index page
(which lists them all). Material writes the whole navigation into every page, so listing every organisation
would make every page grow with their number and the build with its square (bench/: ×100 organisations)."""

def generate_pages(data: Data, data_dir: Path) -> dict[str, str]:
    """Every generated page by its src_uri, in sorted order."""
    pages: dict[str, str] = {}
    for part in (
        notice_pages(data),
        directory_pages(data),
        organisation_pages(data),
        deadline_pages(data),
        changes_pages(data),
        guidance_pages(data),
        editor_pages(data, data_dir),
    ):
        duplicated = set(pages) & set(part)
        assert not duplicated, f"two generated pages at {sorted(duplicated)}"
        pages.update(part)
    return dict(sorted(pages.items()))


def navigation(data: Data, has_calculator: bool) -> list[Any]:
    """The nav of mkdocs.yml, generated: titles from data are HTML-escaped (MkDocs inserts titles as HTML)."""
    pages = set(guidance_uris(data))
    nav: list[Any] = [{"首页": urls.HOME}]
    if has_calculator:
        nav.append({"学时自查": urls.CALCULATOR})
    if urls.FAQ in pages:
        nav.append({FAQ_TITLE: urls.FAQ})
    if urls.GUIDES_INDEX in pages:
        guides: list[Any] = [urls.GUIDES_INDEX]
        guides += [{html.escape(data.guides[stem]["title"]): urls.guide(stem)} for stem in guide_order(data.guides)]
        if urls.TRUTHFUL_REGISTRATION in pages:
            guides.append({TRUTHFUL_TITLE: urls.TRUTHFUL_REGISTRATION})
        nav.append({GUIDES_TITLE: guides})
    notices: list[Any] = [urls.NOTICES_INDEX]
    newest = sorted(data.notices, reverse=True)[:NEWEST_YEARS_IN_NAV]
    notices += [{f"{year}年": urls.notice(year)} for year in newest]
    notices += [{html.escape(plan_title(plan)): urls.plan(stem)} for stem, plan in sorted(data.plans.items())]
    nav.append({"年度通知": notices})
    directories: list[Any] = [urls.DIRECTORIES_INDEX]
    directories += [
        {urls.directory_title(data, stem): urls.directory(data, stem)}
        for stem in sorted(data.directories, key=lambda stem: directory_sort_key(data, stem))
    ]
    nav.append({"名录": directories})
    organisations: list[Any] = [urls.ORGANISATIONS_INDEX]
    if len(data.organisations) <= ORGANISATIONS_IN_NAV:
        organisations += [
            {html.escape(data.organisations[organisation_id]["name"]): urls.organisation(organisation_id)}
            for organisation_id in organisation_order(data)
        ]
    nav.append({"单位": organisations})
    nav.append({"期限": urls.DEADLINES})
    changes = []
    for year in compared_years(data):
        if year not in newest:
            continue
        previous = max(other for other in data.notices if other < year)
        changes.append({changes_title(year, previous): urls.changes(year)})
    if changes:
        nav.append({"变化": changes})
    nav.append({"编辑": [{"数据质量": urls.DATA_QUALITY}, {"编辑指南": urls.EDITOR_GUIDE}]})
    return nav
