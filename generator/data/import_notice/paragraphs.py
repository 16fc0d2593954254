"""The text's lines joined into paragraphs: page breaks and line-by-line conversions undone, typesetting spaces removed.

Two kinds of text arrive: one paragraph per line (a page break splits a sentence over two lines), or
a conversion that broke every printed line (each full line then continues the paragraph). Which one
is found from the widths of the lines. Lines with tabs are table rows and stay lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from generator.data.import_notice.labels import starts_clause_or_annex


class Paragraph:
    """A paragraph of the input with the input line numbers (1-based) it was joined from."""

    def __init__(self, text: str, lines: list[int], table: bool = False) -> None:
        self.text = text
        self.lines = lines
        self.table = table

    def __repr__(self) -> str:
        return f"Paragraph({self.text[:30]!r}, {self.lines})"


HEADING_LINE_MAX = 40
FIELD = re.compile(r"^[\u4e00-\u9fff ]{1,8}[：:]")
CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u2014\u201c\u201d"
SPACES_BETWEEN = re.compile(rf"(?<=[{CJK}])[ \u00a0\u3000]+(?=[0-9A-Za-z])|(?<=[0-9A-Za-z])[ \u00a0\u3000]+(?=[{CJK}])")
SENTENCE_ENDS = "。！？；：”’）)】》.!?;:"
NO_JOIN_BELOW = 20
"""In a one-paragraph-per-line text, a line this short without closing punctuation is a line of its own (a name, a phone)."""


def width(text: str) -> int:
    """Printed width: 2 for a Chinese character, 1 for the rest."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def tidy(text: str) -> str:
    """A line without the spaces a conversion puts between Chinese and digits or letters, and without list dashes."""
    text = text.strip().replace("\u200b", "")
    return SPACES_BETWEEN.sub("", text)


def full_line_width(lines: list[str]) -> int | None:
    """The width of a full printed line when the text was broken line by line; None for one paragraph per line."""
    widths = [width(line) for line in lines if "\t" not in line and width(line) >= 30]
    if len(widths) < 10:
        return None
    common, _ = Counter(widths).most_common(1)[0]
    near = sum(1 for value in widths if abs(value - common) <= 3)
    if near < 0.3 * len(widths) or (
        any(value > common + 12 for value in widths[: len(widths) // 2]) and near < 0.5 * len(widths)
    ):
        return None
    return common


def build_paragraphs(text: str) -> list[Paragraph]:
    """The text's paragraphs (and table rows) in order, each with its input line numbers.

    In a one-paragraph-per-line text, lines are joined (page breaks) only from the first clause label on:
    the title and the addressees above it are separate lines there.
    """
    raw = [(number, line.rstrip()) for number, line in enumerate(text.split("\n"), start=1)]
    present = [(number, line) for number, line in raw if line.strip()]
    full = full_line_width([line.strip() for _, line in present])
    paragraphs: list[Paragraph] = []
    open_paragraph: Paragraph | None = None
    last_raw = ""
    in_body = False
    for number, line in present:
        if "\t" in line:
            paragraphs.append(Paragraph(line.strip("\n"), [number], table=True))
            open_paragraph = None
            continue
        cleaned = tidy(line)
        starts = starts_clause_or_annex(cleaned)
        in_body = in_body or starts
        if open_paragraph is not None and not starts and (in_body or full) and _continues(last_raw, full):
            open_paragraph.text += cleaned
            open_paragraph.lines.append(number)
        else:
            open_paragraph = Paragraph(cleaned, [number])
            paragraphs.append(open_paragraph)
        last_raw = line.strip()
    for paragraph in paragraphs:
        if not paragraph.table:
            paragraph.text = SPACES_BETWEEN.sub("", paragraph.text)
    return paragraphs


def _continues(previous: str, full: int | None) -> bool:
    """Whether the line after `previous` continues its paragraph."""
    if full is not None:
        return width(previous) >= full - 5
    if starts_clause_or_annex(previous) and len(previous) <= HEADING_LINE_MAX and "。" not in previous:
        return False  # a heading line: 「（一）做好项目招生」
    if (previous[-1].isascii() and previous[-1].isalnum()) or FIELD.match(previous):
        return False  # 「联系电话：0771—5866234」, an address, a time
    return len(previous) >= NO_JOIN_BELOW and previous[-1] not in SENTENCE_ENDS
