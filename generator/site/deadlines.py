"""Every deadline in the data (notices, plans, pilot tasks) as one kind of record, sorted by date."""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.links import urls
from generator.links.anchors import clause_anchor, document_label
from generator.data.model import Data

AUDIENCES = {
    "person": "专业技术人员",
    "employer": "用人单位",
    "city-bureau": "各市人社局",
    "training-institution": "培训机构",
    "base": "继续教育基地",
    "pilot-unit": "试点单位",
}


@dataclass(frozen=True)
class Deadline:
    """One deadline: what, who, by when, and the clause that says so (`page` + `anchor`)."""

    key: str
    """Unique and stable: '2026-public-required', 'plan-gui-ren-she-fa-2022-15-base-annual-report', '2026-pilot-summary-evaluation'."""
    year: int
    date: str
    printed: str
    description: str
    who: str
    audience: str
    citation: str
    page: str
    anchor: str
    recurring: bool = False
    related: str | None = None
    """Another page with more about it (the pilot-units list), as a src_uri."""

    @property
    def audience_name(self) -> str:
        return AUDIENCES[self.audience]


def all_deadlines(data: Data) -> list[Deadline]:
    """Deadlines of every notice, plan and pilot list, by date then key."""
    found: list[Deadline] = []
    for year, notice in sorted(data.notices.items()):
        label = document_label(notice, year)
        for item in notice["deadlines"]:
            found.append(
                Deadline(
                    key=f"{year}-{item['id']}",
                    year=year,
                    date=item["date"],
                    printed=item["printed"],
                    description=item["description"],
                    who=item["who"],
                    audience=item["audience"],
                    citation=f"{label} {item['source']}",
                    page=urls.notice(year),
                    anchor=clause_anchor(item["source"]),
                )
            )
    for stem, plan in sorted(data.plans.items()):
        label = document_label(plan)
        for item in plan["deadlines"]:
            found.append(
                Deadline(
                    key=f"plan-{stem}-{item['id']}",
                    year=int(item["date"][:4]),
                    date=item["date"],
                    printed=item["printed"],
                    description=item["description"],
                    who=item["who"],
                    audience=item["audience"],
                    citation=f"{label} {item['source']}",
                    page=urls.plan(stem),
                    anchor=clause_anchor(item["source"]),
                    recurring=item["printed"].startswith("每年"),
                )
            )
    for stem, directory in sorted(data.directories_of_kind("pilot-units").items()):
        source = directory["source"]
        cited = data.notice_by_document(source["document"])
        assert cited is not None
        where = source["clause"] or f"附件{source['annex']}"
        for task in directory["tasks"]:
            who = "、".join(data.organisations[organisation_id]["name"] for organisation_id in task["organisations"])
            found.append(
                Deadline(
                    key=f"{directory['year']}-pilot-{task['id']}",
                    year=directory["year"],
                    date=task["deadline"],
                    printed=task["printed"],
                    description=task["description"],
                    who=f"试点单位：{who}",
                    audience="pilot-unit",
                    citation=f"{document_label(cited, cited.get('year'))} {where}",
                    page=urls.notice(cited["year"]),
                    anchor=clause_anchor(source["clause"]) if source["clause"] else "annexes",
                    related=urls.directory(data, stem),
                )
            )
    return sorted(found, key=lambda deadline: (deadline.date, deadline.key))


def deadlines_of_year(data: Data, year: int) -> list[Deadline]:
    """The deadlines set by the documents of one year (a 2026 notice's deadline in March 2027 counts for 2026), and
    those a plan sets for every year (每年12月10日前) from its first year on, on that year's day: by date then key."""
    found = []
    for deadline in all_deadlines(data):
        if deadline.recurring and int(deadline.date[:4]) <= year:
            found.append(replace(deadline, key=f"{deadline.key}-{year}", year=year, date=f"{year}{deadline.date[4:]}"))
        elif deadline.year == year and not deadline.recurring:
            found.append(deadline)
    return sorted(found, key=lambda deadline: (deadline.date, deadline.key))
