"""The validated data as the rest of the generator sees it (the Data class), and where each kind of file lives."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.data.problems import Problem
from generator.data.yaml_source import SourceDocument

WHERE_KINDS_LIVE = {
    "notice": "data/notices/<年度>.yaml",
    "plan": "data/plans/<名称>.yaml",
    "organisations": "data/organisations.yaml",
    "standing-rules": "data/standing-rules.yaml",
    "bases": "data/directories/<名称>.yaml",
    "training-institutions": "data/directories/<名称>.yaml",
    "pilot-units": "data/directories/<名称>.yaml",
    "faq": "data/faq.yaml",
    "guide": "data/guides/<名称>.yaml",
}


@dataclass
class Data:
    """All data, validated. Dicts are exactly the YAML content; `sources` keeps positions."""

    notices: dict[int, dict[str, Any]] = field(default_factory=dict)
    plans: dict[str, dict[str, Any]] = field(default_factory=dict)
    organisations: dict[str, dict[str, Any]] = field(default_factory=dict)
    directories: dict[str, dict[str, Any]] = field(default_factory=dict)
    standing_rules: dict[str, Any] = field(default_factory=dict)
    faq: dict[str, Any] = field(default_factory=dict)
    guides: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, SourceDocument] = field(default_factory=dict)
    """Parsed file by its path relative to the data folder, e.g. 'notices/2026.yaml'."""
    warnings: list[Problem] = field(default_factory=list)
    folder: Path | None = None
    """The data folder read (where a copy's own source texts are looked for first: source_texts.source_path)."""

    def directories_of_kind(self, kind: str) -> dict[str, dict[str, Any]]:
        return {name: directory for name, directory in self.directories.items() if directory["kind"] == kind}

    @property
    def bases(self) -> dict[str, dict[str, Any]]:
        return self.directories_of_kind("bases")

    @property
    def training_institutions(self) -> dict[int, dict[str, Any]]:
        return {d["year"]: d for d in self.directories_of_kind("training-institutions").values()}

    @property
    def pilot_units(self) -> dict[int, dict[str, Any]]:
        return {d["year"]: d for d in self.directories_of_kind("pilot-units").values()}

    def notice_by_document(self, number: str) -> dict[str, Any] | None:
        for notice in self.notices.values():
            if notice["document"]["number"] == number:
                return notice
        for plan in self.plans.values():
            if plan["document"]["number"] == number:
                return plan
        return None

    def source_of(self, document: dict[str, Any]) -> SourceDocument:
        for source in self.sources.values():
            if source.data is document:
                return source
        raise KeyError("document not loaded from a file")
