"""Every number and date of a rule, deadline or target must be printed in the clause it cites."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from typing import Any

from generator.data.model import Data
from generator.data.problems import Problem
from generator.data.yaml_source import Path_, SourceDocument

CHINESE_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_CHINESE_NUMBER = re.compile(f"[{''.join(CHINESE_DIGITS)}十][{''.join(CHINESE_DIGITS)}{''.join(CHINESE_UNITS)}]*")
"""A run of Chinese numeral characters: from a digit or 十 (so that 万人 and 百姓 are no numbers)."""
MEASURES: tuple[str, ...] = ("学时", "课时", "小时", "分钟", "学分", "学年", "工作日", "季度", "星期", "年", "月", "日")
MEASURES += ("天", "周", "次", "项", "门", "名", "人", "期", "批", "届", "倍", "岁", "%")
"""Units after which a lone Chinese digit is a quantity (两年, 三次, 五门), directly or after 个 (两个月)."""
_NOT_ONE_AFTER = "统唯同逐单划上下新"
"""Characters that make 一 part of a word: 统一, 唯一, 同一, 逐一, 单一, 划一, 上一, 下一 (下一年度 is no “1 年”), 新一
(新一批, 新一轮)."""
_NOT_A_MEASURE_AFTER_ONE = ("次性",)
"""What makes 一 and its measure a word: 一次性 (one-off) is no “1 次”."""
_FRACTION = re.compile(r"(\d+)分之(\d+)")
_TEN_THOUSANDS = re.compile(r"(\d+)(?:\.(\d+))?万")
_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日|(\d{4})[-./](\d{1,2})[-./](\d{1,2})")


def chinese_number(numeral: str) -> int:
    """The value of a Chinese numeral: 九十 → 90, 二十 → 20, 十二 → 12, 一百零五 → 105, 二〇二六 → 2026."""
    if not any(unit in numeral for unit in CHINESE_UNITS):
        return int("".join(str(CHINESE_DIGITS[char]) for char in numeral))
    total, section, digit = 0, 0, 0
    for char in numeral:
        if char in CHINESE_DIGITS:
            digit = CHINESE_DIGITS[char]
        elif char == "万":
            total += (section + digit) * 10000
            section, digit = 0, 0
        else:
            section += (digit or 1) * CHINESE_UNITS[char]
            digit = 0
    return total + section + digit


def normalise(text: str, unit: str = "") -> str:
    """Arabic digits for full-width digits, Chinese numerals used as numbers and 80万, n/d for 三分之二: the forms compared.

    `unit` (学时, 个) is the unit of the number looked for: a lone Chinese digit followed by it counts too.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _TEN_THOUSANDS.sub(lambda found: str(round(float(found.group(0)[:-1]) * 10000)), text)
    text = _CHINESE_NUMBER.sub(lambda found: _arabic_if_number(found, unit), text)
    return _FRACTION.sub(lambda found: f"{found.group(2)}/{found.group(1)}", text)


def _arabic_if_number(found: re.Match[str], unit: str) -> str:
    """The Chinese numeral `found` in Arabic digits where it is used as a number, else as it is."""
    numeral, text = found.group(), found.string
    before, after = text[max(found.start() - 2, 0) : found.start()], text[found.end() : found.end() + 8]
    return str(chinese_number(numeral)) if is_used_as_number(numeral, before, after, unit) else numeral


def is_used_as_number(numeral: str, before: str, after: str, unit: str = "") -> bool:
    """Whether a run of Chinese numeral characters is a number here, not part of a word (一般, 统一, 两个类别).

    A numeral of several characters is one when it is built with 十百千万 (九十, 十二, 两千, 八十万) or is
    written digit by digit with 〇 (二〇二六) or as a four-digit year (一九九八年); 三四 and 七八 (“three or
    four”) and 三三两两 are not. A lone digit is one after 第, around 分之 (三分之二), or before a unit
    (两年, 三次, 两个月, or the `unit` looked for); 统一年度, 下一年度, 新一批 and 一次性 are words.
    """
    if len(numeral) > 1:
        if any(char in CHINESE_UNITS for char in numeral):
            return True
        positional = "两" not in numeral
        return positional and ("〇" in numeral or "零" in numeral or (len(numeral) == 4 and after.startswith("年")))
    if before.endswith("第") or before.endswith("分之") or after.startswith("分之"):
        return True
    if numeral == "一" and (before[-1:] in _NOT_ONE_AFTER or after.startswith(_NOT_A_MEASURE_AFTER_ONE)):
        return False
    measures = (*MEASURES, unit) if unit else MEASURES
    counted = after.removeprefix("个") if after.startswith("个") and unit != "个" else after
    return counted.startswith(measures)


def has_number(text: str, number: str, unit: str = "") -> bool:
    """Whether `number` (90, 2/3) is printed in `text`, in any of the forms `normalise` reads, not inside a longer number.

    `unit` (学时, 次) is the number's unit: the number must be printed with it (3次, 15个学时, 三次), so that a 12 of
    12月31日 is no 12 attempts; a lone Chinese digit counts before it as before the usual units.
    """
    unit = unit.strip()
    after = rf"\s*个?\s*{re.escape(unit)}" if unit else r"(?![\d/])"
    return re.search(rf"(?<![\d/.]){re.escape(number)}{after}", normalise(text, unit)) is not None


def has_date(text: str, day: date, implied_year: int) -> bool:
    """Whether `text` prints `day`: 2026年12月31日, 2026-12-31, or 12月31日 when the document implies the year."""
    for found in _DATE.finditer(normalise(text)):
        year, month, dom = (found.group(1), found.group(2), found.group(3)) if found.group(2) else found.groups()[3:]
        if (int(year) if year else implied_year, int(month), int(dom)) == (day.year, day.month, day.day):
            return True
    return False


def check_rule_numbers(data: Data) -> list[Problem]:
    """The numbers and dates of every notice and plan against their clauses, then against their own quoted words; one
    problem at a place (a number missing from its clause is said, not also its absence from the rule's text)."""
    problems: list[Problem] = []
    for source in data.sources.values():
        problems.extend(_one_a_place(_document_problems(source)))
    return problems


def _one_a_place(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[int, int]] = set()
    kept = []
    for problem in problems:
        if (problem.line, problem.column) not in seen:
            seen.add((problem.line, problem.column))
            kept.append(problem)
    return kept


def _document_problems(source: SourceDocument) -> list[Problem]:
    problems: list[Problem] = []
    document = source.data
    if document["kind"] not in ("notice", "plan"):
        return problems
    clauses = {clause["id"]: clause for clause in document["clauses"]}
    implied_year = document["year"] if document["kind"] == "notice" else int(document["document"]["date"][:4])
    for where, label, number, unit, cited, _text in numbers_and_citations(document):
        clause = clauses.get(cited)
        if clause is not None and not has_number(clause_text(clause), number, unit):
            problems.append(_mismatch(source, where, f"{label} 写的是 {number}{unit}", cited, clause, number))
    for index, deadline in enumerate(document["deadlines"]):
        clause = clauses.get(deadline["source"])
        day = date.fromisoformat(deadline["date"])
        if clause is not None and not has_date(clause_text(clause), day, implied_year):
            shown = f"{day.month}月{day.day}日"
            problems.append(
                _mismatch(
                    source,
                    ("deadlines", index, "date"),
                    f"期限 {deadline['id']} 的日期是 {deadline['date']}",
                    deadline["source"],
                    clause,
                    shown if day.year == implied_year else f"{day.year}年{shown}",
                )
            )
    problems.extend(_check_own_texts(source, document, implied_year))
    return problems


def _check_own_texts(source: SourceDocument, document: dict[str, Any], implied_year: int) -> Iterator[Problem]:
    """Each number and date must also agree with the words the data quotes beside it: a rule's `text`, a part's name in
    it, the make-up range in its `text`, a deadline's `printed`, the document's `date_printed`. A number printed
    elsewhere in the clause (10 of 课程学习计10个学时 as the course's 15, the 12 of 12月31日 as 12 attempts) is not
    enough."""
    for where, label, number, unit, _cited, text in numbers_and_citations(document):
        if text is not None and not has_number(text, number, unit):
            yield _own_mismatch(
                source, where, f"{label} 写的是 {number}{unit.strip()}", text, f"{number}{unit.strip()}"
            )
    rules = document.get("rules")
    if rules is not None:
        required = rules["public_required"]
        for index, part in enumerate(required["parts"]):
            near = rf"{re.escape(part['name'])}[^0-9，。；、]{{0,8}}?(?<![\d.]){part['hours']}\s*个?\s*学时"
            if not re.search(near, normalise(required["text"], "学时")):
                yield _own_mismatch(
                    source,
                    ("rules", "public_required", "parts", index, "hours"),
                    f"规则 public_required 的部分“{part['name']}”写的是 {part['hours']} 学时",
                    required["text"],
                    f"{part['name']}……{part['hours']}个学时",
                )
    makeup = document.get("makeup")
    if makeup is not None and not _has_year_range(makeup["text"], makeup["from_year"], makeup["to_year"]):
        shown = f"{makeup['from_year']}年至{makeup['to_year']}年"
        if makeup["from_year"] == makeup["to_year"]:
            shown = f"{makeup['from_year']}年"
        yield _own_mismatch(source, ("makeup", "from_year"), f"补学补考的年度是 {shown}", makeup["text"], shown)
    for index, deadline in enumerate(document["deadlines"]):
        day = date.fromisoformat(deadline["date"])
        if not has_date(deadline["printed"], day, implied_year):
            yield _own_mismatch(
                source,
                ("deadlines", index, "date"),
                f"期限 {deadline['id']} 的日期是 {deadline['date']}",
                deadline["printed"],
                f"{day.month}月{day.day}日" if day.year == implied_year else f"{day.year}年{day.month}月{day.day}日",
                "期限的原文写法（printed）",
            )
    info = document["document"]
    day = date.fromisoformat(info["date"])
    if not has_date(info["date_printed"], day, day.year):
        yield _own_mismatch(
            source,
            ("document", "date"),
            f"文件日期是 {info['date']}",
            info["date_printed"],
            f"{day.year}年{day.month}月{day.day}日",
            "落款日期（date_printed）",
        )


_YEAR_RANGE = re.compile(r"(\d{4})\s*年?\s*(?:至|到|—|–|-|～|~)\s*(\d{4})\s*年")


def _has_year_range(text: str, first: int, last: int) -> bool:
    """Whether `text` prints the years first to last: 2022年至2025年 (2022—2025年 …), or 2025年 alone when first is last."""
    normal = normalise(text, "年")
    if first == last:
        return re.search(rf"(?<!\d){first}\s*年", normal) is not None and not _YEAR_RANGE.search(normal)
    return any((int(a), int(b)) == (first, last) for a, b in _YEAR_RANGE.findall(normal))


def _own_mismatch(
    source: SourceDocument, where: Path_, what: str, text: str, expected: str, whose: str = "它摘录的原文（text）"
) -> Problem:
    line, column = source.position(where)
    shown = text if len(text) <= 60 else text[:60] + "……"
    return Problem(
        source.path,
        line,
        column,
        f"{what}，但{whose}“{shown}”中没有“{expected}”：数字要与摘录的原文一致，请核对数字或摘录",
    )


def clause_text(clause: dict[str, Any]) -> str:
    """The clause's heading and paragraphs, a line each."""
    return "\n".join([clause["heading"] or "", *clause["paragraphs"]])


def numbers_and_citations(document: dict[str, Any]) -> Iterator[tuple[Path_, str, str, str, str, str | None]]:
    """(where, label, number as printed, unit, cited clause, the rule's own quoted text or None) for every number a
    notice's rules or a plan's targets give. The own text is None where the number is checked otherwise against the
    words beside it (a part: beside its name; the make-up years: as a range) or has none (a pass mark, a target)."""
    rules = document.get("rules")
    if rules is not None:
        total = rules["total_hours"]
        yield (
            ("rules", "total_hours", "minimum"),
            "规则 total_hours.minimum",
            str(total["minimum"]),
            " 学时",
            total["source"],
            total["text"],
        )
        share = rules["professional_share"]
        fraction = f"{share['numerator']}/{share['denominator']}"
        where: Path_ = ("rules", "professional_share", "numerator")
        yield where, "规则 professional_share", fraction, "", share["source"], share["text"]
        required = rules["public_required"]
        hours = str(required["hours"])
        where = ("rules", "public_required", "hours")
        yield where, "规则 public_required.hours", hours, " 学时", required["source"], required["text"]
        for index, part in enumerate(required["parts"]):
            label = f"规则 public_required 的部分“{part['name']}”"
            where = ("rules", "public_required", "parts", index, "hours")
            yield where, label, str(part["hours"]), " 学时", required["source"], None
        for name in ("public_elective", "public_total"):
            rule = rules[name]
            if rule is not None and rule["hours"] is not None:
                where = ("rules", name, "hours")
                yield where, f"规则 {name}.hours", str(rule["hours"]), " 学时", rule["source"], rule["text"]
        exam = rules["exam"]
        attempts = str(exam["attempts"])
        yield ("rules", "exam", "attempts"), "规则 exam.attempts", attempts, " 次", exam["source"], exam["text"]
        if exam["pass_mark"] is not None and exam["pass_mark_source"] is not None:
            mark = str(exam["pass_mark"])
            yield ("rules", "exam", "pass_mark"), "规则 exam.pass_mark", mark, " 分", exam["pass_mark_source"], None
    makeup = document.get("makeup")
    if makeup is not None:
        for key in ("from_year", "to_year"):
            yield ("makeup", key), f"补学补考 makeup.{key}", str(makeup[key]), " 年", makeup["source"], None
    for index, programme in enumerate(document.get("programmes", [])):
        for position, target in enumerate(programme["targets"]):
            yield (
                ("programmes", index, "targets", position, "quantity"),
                (f"项目 {programme['id']} 的目标“{_shorten(target['description'], 20)}”"),
                str(target["quantity"]),
                f" {target['unit']}",
                target["source"],
                None,
            )


def _mismatch(
    source: SourceDocument, where: Path_, what: str, cited: str, clause: dict[str, Any], expected: str
) -> Problem:
    line, column = source.position(where)
    excerpt = _excerpt("".join(clause["paragraphs"]) or clause["heading"] or "")
    return Problem(
        source.path,
        line,
        column,
        f"{what}，但它引用的条款 {cited} 中没有“{expected}”（条款原文：“{excerpt}”）：请核对数字或引用的条款",
    )


def _excerpt(text: str, before: int = 24, after: int = 30) -> str:
    """A few dozen characters of the clause around its first number: where an editor would look first."""
    found = re.search(r"[0-9０-９]|[一二三四五六七八九十百]+(?:个)?(?:学时|次|分|月|年|人|期)|分之", text)
    middle = found.start() if found else 0
    start, end = max(middle - before, 0), min(middle + after, len(text))
    return ("……" if start else "") + text[start:end] + ("……" if end < len(text) else "")


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
