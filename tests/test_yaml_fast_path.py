"""The strict YAML reader's libyaml path (generator/data/yaml_source.py, for build speed: bench/) reads exactly
what the pure-Python path reads: the same values and the same line and column for every value and key,
on every data file and on scaled synthetic data; text it must refuse, and text with the characters around
which the two parsers disagree, still goes the pure-Python way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.synthetic_data import write_synthetic_data
from generator.data import yaml_source
from generator.data.load import data_files
from tests.conftest import DATA

pytestmark = pytest.mark.skipif(yaml_source._CLoader is None, reason="PyYAML without libyaml")


def both_ways(path: Path) -> tuple[yaml_source.SourceDocument, yaml_source.SourceDocument]:
    fast = yaml_source.read_yaml(path)
    original = yaml_source._CLoader
    yaml_source._CLoader = None
    try:
        slow = yaml_source.read_yaml(path)
    finally:
        yaml_source._CLoader = original
    return fast, slow


def assert_same(path: Path) -> None:
    fast, slow = both_ways(path)
    assert fast.data == slow.data
    assert fast.positions == slow.positions
    assert fast.key_positions == slow.key_positions


@pytest.mark.parametrize("path", data_files(DATA), ids=lambda path: path.relative_to(DATA).as_posix())
def test_every_data_file_reads_the_same_both_ways(path: Path) -> None:
    if path.parent.name in ("directories", "notices") or path.name == "organisations.yaml":
        assert yaml_source._compose_in_c(path.read_text(encoding="utf-8")) is not None, "the large files go fast"
    assert_same(path)


def test_synthetic_data_reads_the_same_both_ways(tmp_path: Path) -> None:
    write_synthetic_data(tmp_path / "data", organisations=2, years=2)
    for path in data_files(tmp_path / "data"):
        assert_same(path)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [x, 'y', \"z\\u4e2d\"]\nc:\n  - d: 2026-12-31\n    e: null\n    f: yes\n",
        "# 注释\nkind: x\ntext: |\n  第一行\n  第二行\nfolded: >\n  一\n  二\n\nempty:\n",
        "a: 1\na: 2\n",
        "a: !!python/object/apply:os.system ['true']\n",
        "a: !!binary aGk=\n",
        "<<: {a: 1}\n",
        "a: [1, 2\n",
        "\ufeffa: 1\n",
        "a:\tb\n",
        "a: 网址（<https://x.example/>）\nb: \"x > y | z\"\nc: '<a>'\n",
        "a: >-\n  一\n  二\nb: |+\n  三\n\n",
        "a: [x, >]\n",
        "- >\n  folded\n- |\n  literal\n",
        "- 1\n- 2\n",
        "a: 1:30\nb: 9_0\nc: 0x5A\nd: 03752\ne: +90\nf: 4.0\ng: 61.5\nh: yes\ni: off\nj: True\nk: =\nl: -1\n",
        "",
    ],
)
def test_edge_cases_read_or_fail_the_same_both_ways(tmp_path: Path, text: str) -> None:
    path = tmp_path / "edge.yaml"
    path.write_text(text, encoding="utf-8")
    outcomes: list[tuple[Any, ...]] = []
    for fast in (True, False):
        original = yaml_source._CLoader
        if not fast:
            yaml_source._CLoader = None
        try:
            document = yaml_source.read_yaml(path)
            outcomes.append(("ok", document.data, document.positions, document.key_positions))
        except yaml_source.YamlProblem as problem:
            outcomes.append(("refused", problem.message, problem.line, problem.column))
        finally:
            yaml_source._CLoader = original
    assert outcomes[0] == outcomes[1]


def test_anchors_tags_and_tabs_never_reach_libyaml() -> None:
    for text in ("a: &x 1\nb: *x\n", "a: !!str 1\n", "a:\tb\n", "? a\n: b\n", "a: |\n  b\n", "- >\n  b\n", "a: [>]\n"):
        assert yaml_source._compose_in_c(text) is None
    assert yaml_source._compose_in_c("a: 1\n") is not None
    assert yaml_source._compose_in_c("a: 网址（<https://x.example/>）, x | y\n") is not None
