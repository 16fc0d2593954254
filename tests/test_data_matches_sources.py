"""Every string we transcribed from a notice is in that notice: no paraphrase, no lost text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from generator.data.load import load_data
from tests.conftest import DATA, ROOT

DATA_ON_FILE = load_data(DATA)
DOCUMENTS = {**{f"notice {year}": n for year, n in DATA_ON_FILE.notices.items()}, **DATA_ON_FILE.plans}


def without_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


def source_texts(document: dict[str, Any]) -> list[str]:
    """Each rendering of the document without whitespace and without page numbers such as "— 4 —"."""
    texts = [without_space((ROOT / name).read_text(encoding="utf-8")) for name in document["document"]["source_files"]]
    return [re.sub(r"—[0-9]+—", "", text) for text in texts]


def quoted_strings(document: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(where, text) for every string that must appear verbatim in the source."""
    for clause in document["clauses"]:
        if clause["heading"]:
            yield f"{clause['id']} heading", clause["heading"]
        for index, paragraph in enumerate(clause["paragraphs"]):
            yield f"{clause['id']} paragraph {index + 1}", paragraph
        for index, paragraph in enumerate(clause.get("figure_text", [])):
            yield f"{clause['id']} figure text {index + 1}", paragraph
    info = document["document"]
    yield "title", info["title"]
    yield "date_printed", info["date_printed"]
    for index, paragraph in enumerate(info["preamble"]):
        yield f"preamble {index + 1}", paragraph
    if document["kind"] == "notice":
        for name, rule in document["rules"].items():
            if rule:
                yield f"rules.{name}.text", rule["text"]
        for topic in document["rules"]["public_required"]["topics"]:
            yield "public required topic", topic
        for item in document["consequences"]:
            yield f"consequence {item['id']}", item["text"]
        for deadline in document["deadlines"]:
            yield f"deadline {deadline['id']} printed", deadline["printed"]
        if document["makeup"]:
            yield "makeup", document["makeup"]["text"]
        yield "system url", document["system_url"]["url"]


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_transcribed_string_is_in_a_source_rendering(name: str) -> None:
    document = DOCUMENTS[name]
    sources = source_texts(document)
    missing = [where for where, text in quoted_strings(document) if not any(without_space(text) in s for s in sources)]
    assert not missing, f"{name}: not found verbatim in {document['document']['source_files']}: {missing}"


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_no_clause_of_the_source_is_left_out(name: str) -> None:
    """Each top-level numbered heading of the body (一、 二、 …) has a clause."""
    document = DOCUMENTS[name]
    ids = {clause["id"] for clause in document["clauses"] if " " not in clause["id"]}
    tops = {clause_id.split("、")[0] for clause_id in ids}
    expected = "一二三四五六七八九十"[: len(tops)]
    assert tops == set(expected), f"{name}: top-level clauses {sorted(tops)}"


def test_every_deadline_date_is_printed_in_its_source() -> None:
    for year, notice in DATA_ON_FILE.notices.items():
        for deadline in notice["deadlines"]:
            month_day = f"{int(deadline['date'][5:7])}月{int(deadline['date'][8:10])}日"
            assert month_day in deadline["printed"], (year, deadline["id"])
