"""The compiled schema check (fastjsonschema) that lets valid data skip jsonschema: it never passes what jsonschema refuses.

It may refuse what jsonschema lets through (a pattern's `$` before a final line break): such data simply
goes on to jsonschema, whose verdict stands.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

from generator.data.load import data_files
from generator.data.schema import SCHEMAS
from generator.data.schema_messages import FORMAT_CHECKER, QUICK_CHECK_FROM, quick_check, schema_errors
from generator.data.yaml_source import read_yaml
from tests.conftest import DATA

REPLACEMENTS: list[Any] = [
    None,
    True,
    0,
    -1,
    1.0,
    1.5,
    "",
    " ",
    "x" * 501,
    "2026-02-30",
    "2026-2-3",
    "20261231",
    "0771-5866234\n",
    "0771\x1c5866234",
    "桂人社发〔2026〕1号\n",
    "a@b\x1cc",
    "https://example.org/ x",
    [],
    {},
    {"unknown": 1},
]
"""Values put in place of each value of the shipped data: wrong types, bounds, dates and patterns at their edges."""


def leaves(value: Any, where: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*where, key)
            yield from leaves(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:3]):
            yield (*where, index)
            yield from leaves(item, (*where, index))


def replaced(data: Any, where: tuple[str | int, ...], value: Any) -> Any:
    changed = copy.deepcopy(data)
    target = changed
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = value
    return changed


def without(data: Any, where: tuple[str | int, ...]) -> Any:
    changed = copy.deepcopy(data)
    target = changed
    for step in where[:-1]:
        target = target[step]
    del target[where[-1]]
    return changed


def jsonschema_says_valid(schema: dict[str, Any], data: Any) -> bool:
    return jsonschema.Draft202012Validator(schema, format_checker=FORMAT_CHECKER).is_valid(data)


@pytest.mark.parametrize("path", data_files(DATA), ids=lambda path: path.relative_to(DATA).as_posix())
def test_the_quick_check_passes_the_shipped_data_and_no_broken_copy_that_jsonschema_refuses(path: Any) -> None:
    data = read_yaml(path).data
    schema = SCHEMAS[data["kind"]]
    check = quick_check(json.dumps(schema, sort_keys=True))
    assert check(data) and jsonschema_says_valid(schema, data)
    compared = refused = 0
    for where in list(leaves(data))[:20]:
        variants = [replaced(data, where, value) for value in REPLACEMENTS]
        if isinstance(where[-1], str):
            variants.append(without(data, where))
        for variant in variants:
            valid = jsonschema_says_valid(schema, variant)
            assert valid or not check(variant), where
            compared += 1
            refused += not valid
    assert compared > 200 and refused > 100


def test_data_the_quick_check_refuses_is_explained_by_jsonschema() -> None:
    path = DATA / "organisations.yaml"
    data = read_yaml(path).data
    broken = replaced(data, next(where for where in leaves(data) if where[-1] == "id"), "Not An Id")
    messages = [message for _, _, message in schema_errors(SCHEMAS[data["kind"]], broken, values=QUICK_CHECK_FROM)]
    assert len(messages) == 1 and "Not An Id" in messages[0]
