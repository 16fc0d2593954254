"""The editor guide lists every field of every data file, from the schema itself."""

from __future__ import annotations

from pathlib import Path

from generator.data.load import validate_data
from generator.data.schema import SCHEMAS
from generator.site.editor_guide import field_rows, render_editor_guide
from tests.test_validation import replace_once


def test_the_editor_guide_lists_every_schema_field_with_its_description() -> None:
    guide = render_editor_guide()
    for kind, schema in SCHEMAS.items():
        assert f"kind: {kind}" in guide
        rows = list(field_rows(schema))
        assert rows, kind
        for path, _type, description, _required in rows:
            assert f"<code>{path}</code>" in guide, (kind, path)
            assert description.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")[:20] in guide


def test_every_leaf_field_of_a_notice_appears_in_the_guide() -> None:
    paths = {path for path, *_ in field_rows(SCHEMAS["notice"])}
    for expected in (
        "rules.public_required.hours",
        "deadlines[].date",
        "clauses[].paragraphs",
        "discrepancies[].subject",
    ):
        assert expected in paths


def test_the_worked_example_shows_what_the_validator_really_says(data_copy: Path) -> None:
    path = data_copy / "notices" / "2026.yaml"
    replace_once(path, "    hours: 20\n", "    hours: 二十\n")
    _, problems = validate_data(data_copy)
    real = next(p for p in problems if p.is_error).message
    guide = render_editor_guide()
    assert "hours: 二十" in guide
    assert f"错误：{real}" in guide
    assert "data/notices/2026.yaml:5:12: 错误：应为整数，这里是文字「二十」" in guide
