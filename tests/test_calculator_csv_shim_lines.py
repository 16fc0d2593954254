"""The csv stand-in reads lines one at a time as CPython's csv does: the same rows, the same line_num after
each, the same end, and the field limit refused on the same line (what calculator/batch.py relies on)."""

from __future__ import annotations

import csv
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from calculator.batch import split_lines
from tests.test_calculator_csv_shim import SHIM

LINES_TEXT = st.text(alphabet=st.sampled_from(list('ab,"\r\n\t 中')), max_size=60)


def events(module: Any, lines: list[str], delimiter: str = ",") -> list[Any]:
    """What a reader gives, step by step: (row, line_num), ("error", line_num) or ("end", line_num)."""
    reader = module.reader(iter(lines), delimiter=delimiter)
    out: list[Any] = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            out.append(("end", reader.line_num))
            return out
        except module.Error:
            out.append(("error", reader.line_num))
            if len(out) > len(lines) + 2:
                return out
            continue
        out.append((row, reader.line_num))


@settings(max_examples=400, deadline=None)
@given(LINES_TEXT, st.sampled_from([",", "\t"]))
def test_line_by_line_the_stand_in_gives_what_cpython_gives(text: str, delimiter: str) -> None:
    lines = [*split_lines(text), "\n"]
    assert events(SHIM, lines, delimiter) == events(csv, lines, delimiter)


def test_split_lines_cuts_as_a_stringio_with_newline_empty_does() -> None:
    import io

    for text in ["", "a", "a\n", "a\r\nb", "a\rb\r\n\rc\n\n", "\r", "\r\n\r", "x\r\r\n"]:
        assert split_lines(text) == list(io.StringIO(text, newline="")), repr(text)


def test_a_field_over_the_limit_is_refused_on_its_line_and_reading_goes_on_at_the_next() -> None:
    limit = csv.field_size_limit()
    assert limit == SHIM.FIELD_SIZE_LIMIT
    cases = [
        ["a,b\n", "x" * (limit + 1) + ",y\n", "c,d\n"],
        ["a,b\n", '"' + "x" * (limit + 1) + '",y\n', "c,d\n"],
        ["a,b\n", '"' + "x" * (limit - 5) + "\n", "x" * 10 + "\n", "c,d\n"],
        ["x" * limit + "\n", '"' + "y" * limit + '"\n'],
    ]
    for lines in cases:
        assert events(SHIM, lines) == events(csv, lines)
    assert ("error", 2) in events(csv, cases[0]) and ("error", 3) in events(csv, cases[2])
    assert events(csv, cases[3])[:2] == [(["x" * limit], 1), (["y" * limit], 2)]
