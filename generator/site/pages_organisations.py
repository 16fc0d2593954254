"""One page per organisation (its roles in every list and year, its phones and their discrepancies) and an index."""

from __future__ import annotations

import json
from typing import Any

from generator.links import urls
from generator.data.model import Data
from generator.site.organisation_roles import Roles, discrepancies_by_organisation, organisation_roles, phone_numbers
from generator.site.rendering import render


def lists_of(data: Data, page: str, roles: Roles) -> list[dict[str, str]]:
    """The lists an organisation appears in, newest first, with links back."""
    stems = {row["stem"] for row in [*roles.bases, *roles.training, *roles.pilot]}
    ordered = sorted(stems, key=lambda stem: (-urls.directory_year(data, stem), stem))
    return [
        {"title": urls.directory_title(data, stem), "href": urls.relative(page, urls.directory(data, stem))}
        for stem in ordered
    ]


def organisation_page(data: Data, organisation_id: str, roles: Roles, discrepancies: list[dict[str, Any]]) -> str:
    page = urls.organisation(organisation_id)
    organisation = data.organisations[organisation_id]

    def row_href(stem: str, anchor: str) -> str:
        return urls.relative(page, urls.directory(data, stem), anchor)

    def occupation_href(stem: str, occupation: str) -> str:
        from urllib.parse import quote

        return urls.relative(page, urls.directory(data, stem)) + f"?occupation={quote(occupation)}#institutions"

    return render(
        "organisation.md.j2",
        organisation=organisation,
        other_names=other_names(organisation, roles),
        roles=roles,
        phones=phone_numbers(roles),
        discrepancies=discrepancies,
        lists=lists_of(data, page, roles),
        row_href=row_href,
        occupation_href=occupation_href,
        index_href=urls.relative(page, urls.ORGANISATIONS_INDEX),
        data_quality_href=urls.relative(page, urls.DATA_QUALITY),
    )


def other_names(organisation: dict[str, Any], roles: Roles) -> list[str]:
    """The organisation's other names: its aliases and the names the lists print for it (钦州学院 for 北部湾大学)."""
    printed = {row["name"] for row in [*roles.bases, *roles.training, *roles.pilot]} - {organisation["name"]}
    return sorted(set(organisation["aliases"]) | printed)


def organisation_order(data: Data) -> list[str]:
    """Organisations in a stable order for the navigation and the index: by name, then id."""
    return sorted(
        data.organisations, key=lambda organisation_id: (data.organisations[organisation_id]["name"], organisation_id)
    )


def organisations_index_page(data: Data, roles: dict[str, Roles]) -> str:
    page = urls.ORGANISATIONS_INDEX
    rows = []
    for organisation_id in organisation_order(data):
        organisation = data.organisations[organisation_id]
        role = roles[organisation_id]
        rows.append(
            {
                "name": organisation["name"],
                "href": urls.relative(page, urls.organisation(organisation_id)),
                "city": organisation["city"] or "未注明",
                "base_levels": sorted({row["level_name"] for row in role.bases}, reverse=True),
                "occupations": sorted({row["occupation"] for row in role.training}),
                "pilot_years": sorted({row["year"] for row in role.pilot}),
                "other_names": other_names(organisation, role),  # for the find box (site.js)
            }
        )
    return render("organisations_index.md.j2", rows=rows)


def organisation_pages(data: Data) -> dict[str, str]:
    """A page per organisation and the index, by src_uri."""
    roles = organisation_roles(data)
    discrepancies = discrepancies_by_organisation(data)
    pages = {
        urls.organisation(organisation_id): organisation_page(
            data, organisation_id, roles[organisation_id], discrepancies[organisation_id]
        )
        for organisation_id in sorted(data.organisations)
    }
    pages[urls.ORGANISATIONS_INDEX] = organisations_index_page(data, roles)
    return pages
