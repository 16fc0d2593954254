"""The parts of a notice found in its paragraphs: letterhead, 文号, title, addressees, preamble, clauses, annex list, signature, annexes."""

from __future__ import annotations

import re
from typing import Any

from generator.data.import_notice.labels import (
    ANNEX_HEAD,
    ANNEX_ITEM,
    ANNEX_LIST,
    DATE_LINE,
    DOCUMENT_NUMBER,
    LEVEL_1,
    NUMERALS,
    PUBLICATION,
    clause_label,
    date_of,
    numeral_value,
)
from generator.data.import_notice.paragraphs import Paragraph, build_paragraphs
from generator.data.import_notice.text_input import ImportProblem

ISSUER = re.compile(r"^[\u4e00-\u9fff（）()]{4,40}(厅|局|委员会|委|办公室|办|政府|院|部|中心|会|小组)$")
HEADING_STOPS = re.compile(r"[，,；;：:、“”《》（）()]")
HEADING_MAX = 25


class Clause:
    """A clause: its id in the data model, heading, paragraphs and the input lines they came from."""

    def __init__(self, clause_id: str, heading: str | None, paragraphs: list[str], lines: list[int]) -> None:
        self.id = clause_id
        self.heading = heading
        self.paragraphs = paragraphs
        self.lines = lines

    def as_data(self) -> dict[str, Any]:
        return {"id": self.id, "heading": self.heading, "paragraphs": list(self.paragraphs)}

    @property
    def text(self) -> str:
        """Heading and paragraphs as one text, for the rule proposer."""
        return "".join([self.heading or "", *self.paragraphs])


class Annex:
    """An annex: number, title as listed, and what follows its heading (clauses or table rows)."""

    def __init__(self, number: int, title: str) -> None:
        self.number = number
        self.title = title
        self.clauses: list[Clause] = []
        self.rows: list[Paragraph] = []
        self.heading_lines: list[int] = []
        self.other: list[Paragraph] = []


class ParsedNotice:
    """Everything read from a notice's text, with the input lines each part came from."""

    def __init__(self) -> None:
        self.letterhead: str | None = None
        self.number: str | None = None
        self.title = ""
        self.addressees: str | None = None
        self.preamble: list[str] = []
        self.clauses: list[Clause] = []
        self.annex_list: list[str] = []
        self.issuers: list[str] = []
        self.date_printed = ""
        self.date = ""
        self.publication: str | None = None
        self.annexes: list[Annex] = []
        self.landed: set[int] = set()
        self.lines: list[str] = []
        self.numbering: list[str] = []
        """Where the clause numbers do not run on (a number repeated or skipped, a 1、 label): for the report."""

    def unlanded(self) -> list[tuple[int, str]]:
        """Every non-empty input line that landed nowhere in the draft."""
        return [
            (number, line)
            for number, line in enumerate(self.lines, start=1)
            if line.strip() and number not in self.landed
        ]


def parse_notice(text: str) -> ParsedNotice:
    """The notice's parts; ImportProblem (one Chinese line) when the text does not have a notice's structure."""
    notice = ParsedNotice()
    notice.lines = text.split("\n")
    paragraphs = build_paragraphs(text)
    body_start = next(
        (index for index, paragraph in enumerate(paragraphs) if not paragraph.table and LEVEL_1.match(paragraph.text)),
        None,
    )
    if body_start is None:
        raise ImportProblem("没有找到“一、”开头的条款：这不像一份通知的正文。请确认导入的是通知全文的纯文本。")
    _front_matter(notice, paragraphs[:body_start])
    date_index = next(
        (
            index
            for index in range(body_start, len(paragraphs))
            if not paragraphs[index].table and DATE_LINE.match(paragraphs[index].text)
        ),
        None,
    )
    if date_index is None:
        raise ImportProblem("没有找到落款日期（如“2026年5月18日”单独一行）：请确认导入的是通知全文，包括落款。")
    end_of_body, issuers = _signature(paragraphs, body_start, date_index)
    notice.issuers = [name for paragraph in issuers for name in re.split(r"\s{2,}|\u3000+", paragraph.text) if name]
    for paragraph in issuers:
        notice.landed.update(paragraph.lines)
    date_paragraph = paragraphs[date_index]
    notice.date_printed = date_paragraph.text
    notice.date = date_of(date_paragraph.text) or ""
    notice.landed.update(date_paragraph.lines)
    after = date_index + 1
    if after < len(paragraphs) and PUBLICATION.match(paragraphs[after].text):
        notice.publication = paragraphs[after].text
        notice.landed.update(paragraphs[after].lines)
        after += 1
    body = paragraphs[body_start:end_of_body]
    list_index = next((index for index, item in enumerate(body) if ANNEX_LIST.match(item.text)), None)
    if list_index is not None:
        _annex_list(notice, body[list_index:])
        body = body[:list_index]
    notice.clauses = clauses_of(body, "", notice.landed, notice.numbering)
    _annexes(notice, paragraphs[after:])
    return notice


def _front_matter(notice: ParsedNotice, front: list[Paragraph]) -> None:
    """Letterhead, 文号, title, addressees and preamble: everything before 一、."""
    texts = [paragraph.text for paragraph in front]
    addressee_index = next((index for index, text in enumerate(texts) if text.endswith(("：", ":"))), None)
    if addressee_index is None:
        raise ImportProblem(
            "没有找到主送单位（以“：”结尾的一行，如“各市人力资源社会保障局……：”）：请确认导入的是通知全文。"
        )
    head = front[:addressee_index]
    title_parts: list[Paragraph] = []
    for paragraph in head:
        number = DOCUMENT_NUMBER.match(paragraph.text.replace(" ", ""))
        if number:
            notice.number = f"{number.group(1)}〔{number.group(2)}〕{number.group(3)}号"
            notice.landed.update(paragraph.lines)
            title_parts = []
            continue
        title_parts.append(paragraph)
    if (
        len(title_parts) > 1
        and ISSUER.match(title_parts[0].text)
        and title_parts[1].text.startswith(title_parts[0].text)
    ):
        notice.letterhead = title_parts[0].text
        notice.landed.update(title_parts[0].lines)
        title_parts = title_parts[1:]
    elif notice.number is not None and len(head) > 1 and ISSUER.match(head[0].text) and head[0] not in title_parts:
        letterhead = [part for part in head if ISSUER.match(part.text) and part not in title_parts]
        notice.letterhead = "".join(part.text for part in letterhead)
        for part in letterhead:
            notice.landed.update(part.lines)
    if not title_parts:
        raise ImportProblem("没有找到通知标题（主送单位之前的一行或几行）：请确认导入的是通知全文。")
    notice.title = "".join(part.text.replace(" ", "").replace("\u3000", "") for part in title_parts)
    for part in title_parts:
        notice.landed.update(part.lines)
    notice.addressees = front[addressee_index].text
    notice.landed.update(front[addressee_index].lines)
    for paragraph in front[addressee_index + 1 :]:
        if paragraph.table:
            continue
        notice.preamble.append(paragraph.text)
        notice.landed.update(paragraph.lines)


def _signature(paragraphs: list[Paragraph], body_start: int, date_index: int) -> tuple[int, list[Paragraph]]:
    """Where the body ends and the issuing bodies printed above the date."""
    issuers: list[Paragraph] = []
    index = date_index - 1
    while index > body_start and not paragraphs[index].table and _issuer_line(paragraphs[index].text):
        issuers.insert(0, paragraphs[index])
        index -= 1
    if not issuers:
        raise ImportProblem("落款日期上方没有发文机关的名称：请确认导入的是通知全文，包括落款。")
    return index + 1, issuers


def _issuer_line(text: str) -> bool:
    """One issuing body, or several printed on one line with wide spaces between them."""
    names = [name for name in re.split(r"\s{2,}|\u3000+", text) if name]
    return bool(names) and all(ISSUER.match(name) for name in names)


def _annex_list(notice: ParsedNotice, paragraphs: list[Paragraph]) -> None:
    """The list of annexes after 附件：, one item per number (items broken over lines joined)."""
    first = ANNEX_LIST.match(paragraphs[0].text)
    assert first is not None
    items: list[str] = []
    texts = [first.group(1), *(paragraph.text for paragraph in paragraphs[1:])]
    for text in texts:
        cleaned = text.lstrip("-–• ").strip()
        if ANNEX_ITEM.match(cleaned) or not items:
            items.append(cleaned)
        else:
            items[-1] += cleaned
    notice.annex_list = [
        re.sub(r"^([0-9]{1,2}[.．、])\s*", r"\1 ", item) if "．" not in item[:3] else item for item in items
    ]
    for paragraph in paragraphs:
        notice.landed.update(paragraph.lines)


def listed_annexes(notice: ParsedNotice) -> list[tuple[int, str]]:
    """(number, title) of each annex in the annex list."""
    found = []
    for item in notice.annex_list:
        match = ANNEX_ITEM.match(item)
        if match:
            found.append((int(match.group(1)), match.group(2).strip()))
    return found


def _annexes(notice: ParsedNotice, paragraphs: list[Paragraph]) -> None:
    """Each annex after the signature: its heading (附件N, or its listed title alone), then clauses or table rows."""
    titles = dict(listed_annexes(notice))
    by_title = {title: number for number, title in titles.items()}
    current: Annex | None = None
    pending: list[Paragraph] = []
    blocks: list[tuple[Annex, list[Paragraph]]] = []
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        head = None if paragraph.table else ANNEX_HEAD.match(paragraph.text)
        number: int | None = None
        heading_lines = []
        if head:
            number = int(head.group(1))
            heading_lines = list(paragraph.lines)
            if index + 1 < len(paragraphs) and not paragraphs[index + 1].table:
                index += 1
                heading_lines += paragraphs[index].lines
        elif not paragraph.table and _squeezed(paragraph.text) in {_squeezed(title) for title in by_title}:
            number = next(n for t, n in by_title.items() if _squeezed(t) == _squeezed(paragraph.text))
            heading_lines = list(paragraph.lines)
        if number is not None:
            current = Annex(number, titles.get(number, paragraphs[index].text))
            current.heading_lines = heading_lines
            notice.landed.update(heading_lines)
            pending = []
            blocks.append((current, pending))
        elif current is None:
            continue_lines = paragraph  # text after the signature that belongs to no annex: left unlanded
            del continue_lines
        else:
            pending.append(paragraph)
        index += 1
    for annex, content in blocks:
        annex.rows = [paragraph for paragraph in content if paragraph.table]
        text = [paragraph for paragraph in content if not paragraph.table]
        if any(clause_label(paragraph.text) and clause_label(paragraph.text)[0] == 1 for paragraph in text):  # type: ignore[index]
            start = next(i for i, p in enumerate(text) if clause_label(p.text) and clause_label(p.text)[0] == 1)  # type: ignore[index]
            annex.other = text[:start]
            annex.clauses = clauses_of(text[start:], f"附件{annex.number} ", notice.landed, notice.numbering)
        else:
            annex.other = text
        notice.annexes.append(annex)


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


SCREENSHOT = re.compile(r"<(input|div|img|span|table)\b|\[image:|^The image shows")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def not_notice_text(text: str) -> bool:
    """Text a conversion made from pictures (HTML form fields, image names, English descriptions, OCR noise): left out, reported."""
    return bool(SCREENSHOT.search(text)) or not CHINESE.search(text)


def split_heading(rest: str) -> tuple[str | None, str | None]:
    """(heading, first paragraph) of a clause's first line after its label."""
    rest = rest.strip()
    if "。" in rest:
        head, _, tail = rest.partition("。")
        if 0 < len(head) <= HEADING_MAX and not HEADING_STOPS.search(head):
            return head, tail or None
        return None, rest
    if len(rest) <= HEADING_MAX + 5 and not HEADING_STOPS.search(rest.replace("、", "")):
        return rest or None, None
    return None, rest


def clauses_of(
    paragraphs: list[Paragraph], prefix: str, landed: set[int], numbering: list[str] | None = None
) -> list[Clause]:
    """Clauses with ids such as 一、（一）1 (prefixed 附件N  in annexes); unlabelled paragraphs go to the clause above.

    Where the numbers do not run on (一、 二、 二、, （一）（三）, 1. 3.) or a paragraph starts with 1、 (read as text of
    the clause above, not as a clause), a line for the editor is added to `numbering`: the draft's clauses and the
    citations proposed from them may then not be the document's."""
    clauses: list[Clause] = []
    level_1 = level_2 = ""
    expected = [1, 1, 1]  # the number each level's next label should have
    notes = numbering if numbering is not None else []
    for paragraph in paragraphs:
        if paragraph.table or not_notice_text(paragraph.text):
            continue
        label = clause_label(paragraph.text)
        clause_id = None
        if label is not None:
            level, numeral, _rest = label
            value = numeral_value(numeral)
            if value != expected[level - 1] and (level == 1 or (level == 2 and level_1) or (level == 3 and level_2)):
                printed = _printed_label(level, numeral)
                notes.append(
                    f"第 {paragraph.lines[0]} 行{prefix and f'（{prefix.strip()}）'}的“{printed}”"
                    f"{'与前一条编号相同' if value is not None and value == expected[level - 1] - 1 else '不接着前一条的编号'}"
                    "：草稿的条款（和据此提议的出处）可能与原文不符，请核对原文的编号"
                )
            if value is not None:
                expected[level - 1] = value + 1
                for deeper in range(level, 3):
                    expected[deeper] = 1
            if level == 1:
                level_1, level_2 = numeral, ""
                clause_id = f"{prefix}{numeral}"
            elif level == 2 and level_1:
                level_2 = numeral
                clause_id = f"{prefix}{level_1}、（{numeral}）"
            elif level == 3 and level_1 and level_2:
                clause_id = f"{prefix}{level_1}、（{level_2}）{int(numeral)}"
        elif clauses and LIST_LABEL.match(paragraph.text):
            notes.append(
                f"第 {paragraph.lines[0]} 行{prefix and f'（{prefix.strip()}）'}以“{LIST_LABEL.match(paragraph.text).group(0).strip()}”"  # type: ignore[union-attr]
                f"开头，草稿把它作为条款 {clauses[-1].id} 的一段（只有“1.”这样的编号才是条款）：如是条款，请在草稿中拆开"
            )
        if clause_id is not None and label is not None and not any(clause.id == clause_id for clause in clauses):
            heading, first = split_heading(label[2])
            clauses.append(Clause(clause_id, heading, [first] if first else [], list(paragraph.lines)))
        elif clauses:
            clauses[-1].paragraphs.append(paragraph.text)
            clauses[-1].lines.extend(paragraph.lines)
        else:
            continue
        landed.update(paragraph.lines)
    return clauses


LIST_LABEL = re.compile(r"^[0-9]{1,2}\s*、")
"""A paragraph numbered 1、: a list item or a clause written otherwise than 1. (not read as a clause)."""


def _printed_label(level: int, numeral: str) -> str:
    return f"{numeral}、" if level == 1 else f"（{numeral}）" if level == 2 else f"{numeral}."


__all__ = ["NUMERALS", "Annex", "Clause", "ParsedNotice", "listed_annexes", "parse_notice", "split_heading"]
