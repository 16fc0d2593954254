"""Directory pages: bases, digital-technology engineer training institutions and pilot units, as filterable tables."""

from __future__ import annotations

from typing import Any

from generator.links import urls
from generator.links.anchors import clause_anchor, document_label
from generator.site.directory_rows import base_rows, occupations, training_rows
from generator.data.model import Data
from generator.site.rendering import render


def source_of(data: Data, page: str, directory: dict[str, Any]) -> dict[str, Any]:
    """Where a list is printed: document, annex or clause, with a link to it on the notice page."""
    cited = directory["source"]
    notice = data.notice_by_document(cited["document"])
    assert notice is not None
    target = urls.notice(notice["year"]) if "year" in notice else urls.plan(_plan_stem(data, notice))
    if cited["clause"]:
        where, anchor = cited["clause"], clause_anchor(cited["clause"])
    else:
        where, anchor = f"附件{cited['annex']}", "annexes"
    return {
        "label": document_label(notice, notice.get("year")),
        "where": where,
        "title": cited["title"],
        "href": urls.relative(page, target, anchor),
    }


def _plan_stem(data: Data, plan: dict[str, Any]) -> str:
    return next(stem for stem, candidate in data.plans.items() if candidate is plan)


def organisation_link(page: str) -> Any:
    return lambda organisation_id: urls.relative(page, urls.organisation(organisation_id))


def bases_page(data: Data, stem: str) -> str:
    page = urls.directory(data, stem)
    directory = data.directories[stem]
    rows = base_rows(data, stem)
    return render(
        "bases.md.j2",
        title=urls.directory_title(data, stem),
        source=source_of(data, page, directory),
        footnote=directory["footnote"],
        rows=rows,
        national=sum(row["level"] == "national" for row in rows),
        regional=sum(row["level"] == "regional" for row in rows),
        dual=len({row["organisation"] for row in rows if row["is_dual"]}),
        organisation_href=organisation_link(page),
    )


def training_page(data: Data, stem: str) -> str:
    page = urls.directory(data, stem)
    directory = data.directories[stem]
    rows = training_rows(data, stem)
    year = directory["year"]
    other_years = [
        {"year": other, "href": urls.relative(page, urls.directory(data, other_stem))}
        for other, other_stem in sorted(
            (d["year"], name) for name, d in data.directories_of_kind("training-institutions").items()
        )
        if other != year
    ]
    return render(
        "training_institutions.md.j2",
        title=urls.directory_title(data, stem),
        year=year,
        source=source_of(data, page, directory),
        rows=rows,
        occupations=occupations(rows),
        institutions=len({row["organisation"] for row in rows}),
        has_phones=any(row["phone"] for row in rows),
        other_years=other_years,
        organisation_href=organisation_link(page),
    )


def pilot_units_page(data: Data, stem: str) -> str:
    page = urls.directory(data, stem)
    directory = data.directories[stem]
    tasks_by_unit: dict[str, list[dict[str, Any]]] = {unit["organisation"]: [] for unit in directory["units"]}
    tasks = sorted(directory["tasks"], key=lambda task: (task["deadline"], task["id"]))
    for task in tasks:
        for organisation_id in task["organisations"]:
            tasks_by_unit.setdefault(organisation_id, []).append(task)
    units = [
        {
            **unit,
            "city": data.organisations[unit["organisation"]]["city"] or "未注明",
            "tasks": tasks_by_unit[unit["organisation"]],
        }
        for unit in directory["units"]
    ]
    return render(
        "pilot_units.md.j2",
        title=urls.directory_title(data, stem),
        year=directory["year"],
        source=source_of(data, page, directory),
        basis=directory["basis"],
        units=units,
        tasks=tasks,
        names={organisation_id: org["name"] for organisation_id, org in data.organisations.items()},
        organisation_href=organisation_link(page),
    )


def directories_index_page(data: Data) -> str:
    page = urls.DIRECTORIES_INDEX
    lists = []
    for stem, directory in sorted(data.directories.items(), key=lambda item: directory_sort_key(data, item[0])):
        count = len(directory.get("entries", directory.get("units", [])))
        lists.append(
            {
                "title": urls.directory_title(data, stem),
                "href": urls.relative(page, urls.directory(data, stem)),
                "source": directory["source"],
                "count": count,
                "kind": directory["kind"],
            }
        )
    return render("directories_index.md.j2", lists=lists)


KIND_ORDER = {"bases": 0, "training-institutions": 1, "pilot-units": 2}


def directory_sort_key(data: Data, stem: str) -> tuple[int, int, str]:
    """Bases first, then training institutions (newest first), then pilot units."""
    return (KIND_ORDER[data.directories[stem]["kind"]], -urls.directory_year(data, stem), stem)


def directory_pages(data: Data) -> dict[str, str]:
    """Every directory page and the index of directories, by src_uri."""
    builders = {"bases": bases_page, "training-institutions": training_page, "pilot-units": pilot_units_page}
    pages = {
        urls.directory(data, stem): builders[directory["kind"]](data, stem)
        for stem, directory in sorted(data.directories.items())
    }
    pages[urls.DIRECTORIES_INDEX] = directories_index_page(data)
    return pages
