"""The browser's csv stand-in (site_config/calculator/micropython/csv.py) reads and writes as CPython's csv does."""

from __future__ import annotations

import csv
import importlib.util
import io
from types import ModuleType

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT

SHIM_PATH = ROOT / "site_config" / "calculator" / "micropython" / "csv.py"


def load_shim() -> ModuleType:
    spec = importlib.util.spec_from_file_location("csv_shim_for_micropython", SHIM_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SHIM = load_shim()

CSV_TEXT = st.text(alphabet=st.sampled_from(list('ab,"\r\n\t 中 ')), max_size=40)
CELLS = st.lists(st.lists(st.text(alphabet=st.sampled_from(list('a,"\r\n\t 中')), max_size=6), max_size=4), max_size=5)


def cpython_rows(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def shim_rows(text: str, delimiter: str) -> list[list[str]]:
    return list(SHIM.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def test_reads_the_usual_cases() -> None:
    text = '姓名,公需必修\r\n"张, 三",20\r\n\r\n"李""四""","多\r\n行"\r\n王五,'
    assert (
        shim_rows(text, ",")
        == cpython_rows(text, ",")
        == [
            ["姓名", "公需必修"],
            ["张, 三", "20"],
            [],
            ['李"四"', "多\r\n行"],
            ["王五", ""],
        ]
    )


def test_unterminated_quote_reads_to_the_end() -> None:
    assert shim_rows('a,"b\nc', ",") == cpython_rows('a,"b\nc', ",") == [["a", "b\nc"]]


@settings(max_examples=400, deadline=None)
@given(CSV_TEXT, st.sampled_from([",", "\t"]))
def test_reader_matches_cpython(text: str, delimiter: str) -> None:
    try:
        expected = cpython_rows(text, delimiter)
    except csv.Error:
        try:
            shim_rows(text, delimiter)
        except SHIM.Error:
            return
        raise AssertionError(f"CPython refuses {text!r}, the shim does not") from None
    assert shim_rows(text, delimiter) == expected


@settings(max_examples=300, deadline=None)
@given(CELLS)
def test_writer_matches_cpython(rows: list[list[str]]) -> None:
    expected = io.StringIO(newline="")
    csv.writer(expected, lineterminator="\r\n").writerows(rows)
    actual = io.StringIO(newline="")
    SHIM.writer(actual, lineterminator="\r\n").writerows(rows)
    assert actual.getvalue() == expected.getvalue()


# Staff lists seldom have a quote anywhere: the stand-in reads and writes those in one pass (split and join);
# these cases always take that path.
TEXT_WITHOUT_QUOTES = st.text(alphabet=st.sampled_from(list("ab,\r\n\t 中")), max_size=60)
PLAIN_CELLS = st.lists(
    st.lists(st.text(alphabet=st.sampled_from(list("ab 中\t")), max_size=4), max_size=5), min_size=1, max_size=8
)


@settings(max_examples=400, deadline=None)
@given(TEXT_WITHOUT_QUOTES, st.sampled_from([",", "\t"]))
def test_text_without_quotes_is_read_as_cpython_reads_it(text: str, delimiter: str) -> None:
    assert shim_rows(text, delimiter) == cpython_rows(text, delimiter)


@settings(max_examples=300, deadline=None)
@given(PLAIN_CELLS, st.sampled_from([",", "\t"]))
def test_rows_needing_no_quotes_are_written_as_cpython_writes_them(rows: list[list[str]], delimiter: str) -> None:
    expected = io.StringIO(newline="")
    csv.writer(expected, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    actual = io.StringIO(newline="")
    SHIM.writer(actual, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    assert actual.getvalue() == expected.getvalue()
