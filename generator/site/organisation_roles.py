"""Every role of every organisation across all lists and years: bases, training institutions, pilot units, phones."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.links import urls
from generator.site.directory_rows import base_rows, pilot_tasks_of, training_rows
from generator.data.model import Data


@dataclass
class Roles:
    """What one organisation is in the lists; each item names its list (`stem`) and row anchor."""

    bases: list[dict[str, Any]] = field(default_factory=list)
    training: list[dict[str, Any]] = field(default_factory=list)
    pilot: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_listed(self) -> bool:
        return bool(self.bases or self.training or self.pilot)


def organisation_roles(data: Data) -> dict[str, Roles]:
    """Roles of every organisation in data/organisations.yaml (empty Roles for one no list mentions)."""
    roles = {organisation_id: Roles() for organisation_id in sorted(data.organisations)}
    for stem in sorted(data.directories):
        directory = data.directories[stem]
        year = urls.directory_year(data, stem)
        if directory["kind"] == "bases":
            for row in base_rows(data, stem):
                roles[row["organisation"]].bases.append({**row, "stem": stem, "year": year})
        elif directory["kind"] == "training-institutions":
            for row in training_rows(data, stem):
                roles[row["organisation"]].training.append({**row, "stem": stem, "year": year})
        else:
            for unit in directory["units"]:
                tasks = pilot_tasks_of(directory, unit["organisation"])
                roles[unit["organisation"]].pilot.append({**unit, "stem": stem, "year": year, "tasks": tasks})
    for item in roles.values():
        item.bases.sort(key=lambda row: (-row["year"], row["level_order"], row["seq"]))
        item.training.sort(key=lambda row: (-row["year"], row["index"]))
        item.pilot.sort(key=lambda row: -row["year"])
    return roles


def phone_numbers(roles: Roles) -> list[dict[str, Any]]:
    """Each distinct phone number of an organisation, with where it is printed, numbers in sorted order."""
    places: dict[str, list[dict[str, Any]]] = {}
    for row in roles.bases:
        place = {
            "stem": row["stem"],
            "anchor": row["anchor"],
            "year": row["year"],
            "what": f"{row['level_name']}基地名单第{row['seq']}号",
        }
        places.setdefault(row["phone"], []).append(place)
    for row in roles.training:
        if row["phone"]:
            place = {
                "stem": row["stem"],
                "anchor": row["anchor"],
                "year": row["year"],
                "what": f"培训机构名单（{row['occupation']}）",
            }
            places.setdefault(row["phone"], []).append(place)
    return [{"phone": phone, "places": places[phone]} for phone in sorted(places)]


def names_of(organisation: dict[str, Any]) -> list[str]:
    return [organisation["name"], *organisation["aliases"]]


def subject_organisations(data: Data, subject: str) -> set[str]:
    """Organisations a discrepancy's subject names; '广西大学' does not count inside a longer matched name."""
    matched = {
        (name, organisation_id)
        for organisation_id, organisation in data.organisations.items()
        for name in names_of(organisation)
        if name in subject
    }
    return {
        organisation_id
        for name, organisation_id in matched
        if not any(name != other and name in other and owner != organisation_id for other, owner in matched)
    }


def discrepancies_by_organisation(data: Data) -> dict[str, list[dict[str, Any]]]:
    """Discrepancies recorded in any data file, under each organisation their subject names; one recorded in
    several files (the notice and its directory) is listed once, with the first file."""
    found: dict[str, list[dict[str, Any]]] = {organisation_id: [] for organisation_id in data.organisations}
    seen: set[tuple[str, str, str]] = set()
    for path, source in sorted(data.sources.items()):
        for discrepancy in source.data.get("discrepancies", []):
            for organisation_id in sorted(subject_organisations(data, discrepancy["subject"])):
                key = (organisation_id, discrepancy["subject"], discrepancy["description"])
                if key not in seen:
                    seen.add(key)
                    found[organisation_id].append({**discrepancy, "file": path})
    return found
