"""Every string we transcribed from a notice is in that notice: no paraphrase, no lost text."""

from __future__ import annotations

import pytest

from generator.data.load import load_data
from generator.data.transcribed import check_transcribed, source_renderings, transcribed_strings, without_space
from tests.conftest import DATA

DATA_ON_FILE = load_data(DATA)
DOCUMENTS = {**{f"notice {year}": n for year, n in DATA_ON_FILE.notices.items()}, **DATA_ON_FILE.plans}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_transcribed_string_is_in_a_source_rendering(name: str) -> None:
    """What validation checks (generator/data/transcribed.py), on the shipped data: every string quoted from a notice."""
    document = DOCUMENTS[name]
    sources = source_renderings(document)
    strings = list(transcribed_strings(document))
    assert len(strings) > 10
    missing = [what for _, what, text in strings if not any(without_space(text) in source for source in sources)]
    assert not missing, f"{name}: not found verbatim in {document['document']['source_files']}: {missing}"


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_no_clause_of_the_source_is_left_out(name: str) -> None:
    """Each top-level numbered heading of the body (一、 二、 …) has a clause."""
    document = DOCUMENTS[name]
    ids = {clause["id"] for clause in document["clauses"] if " " not in clause["id"]}
    tops = {clause_id.split("、")[0] for clause_id in ids}
    expected = "一二三四五六七八九十"[: len(tops)]
    assert tops == set(expected), f"{name}: top-level clauses {sorted(tops)}"


def test_the_shipped_data_passes_the_transcription_check() -> None:
    assert check_transcribed(DATA_ON_FILE) == []
