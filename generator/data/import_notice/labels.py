"""Clause labels as printed (一、 （一） 1. and 附件1) and the ids the data model gives them."""

from __future__ import annotations

import re

NUMERALS = "一二三四五六七八九十"
LEVEL_1 = re.compile(rf"^([{NUMERALS}]+)、\s*(.*)$")
LEVEL_2 = re.compile(rf"^[（(]\s*([{NUMERALS}]+)\s*[）)]\s*(.*)$")
LEVEL_3 = re.compile(r"^([0-9]{1,2})\s*[.．]\s*(?![0-9])(.*)$")
ANNEX_HEAD = re.compile(r"^附件\s*([0-9]{1,2})$")
ANNEX_LIST = re.compile(r"^[-–•]?\s*附件[:：]\s*(.*)$")
ANNEX_ITEM = re.compile(r"^([0-9]{1,2})\s*[.．、]\s*(.*)$")
DATE_LINE = re.compile(
    r"^(\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日$"
)
PUBLICATION = re.compile(r"^[（(]此件[^）)]*[）)]$")
DOCUMENT_NUMBER = re.compile(r"^(桂人社[\u4e00-\u9fff]+)\s*[〔\[［(（]\s*([0-9]{4})\s*[〕\]］)）]\s*([0-9]+)\s*号$")


YEAR_DIGITS = {char: str(index) for index, char in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0"}


def date_of(printed: str) -> str | None:
    """'2025年5月18日' or '二〇二七年三月十日' → ISO date; None when `printed` is not a date line."""
    match = DATE_LINE.match(printed)
    if not match:
        return None
    year_text, month_text, day_text = match.groups()
    year = int(year_text) if year_text.isdigit() else int("".join(YEAR_DIGITS[char] for char in year_text))
    month, day = (numeral_value(text) for text in (month_text, day_text))
    if month is None or day is None:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def starts_clause_or_annex(text: str) -> bool:
    """Whether a line starts a clause, the annex list, an annex or the signature date (never joined to the line before)."""
    return bool(
        LEVEL_1.match(text)
        or LEVEL_2.match(text)
        or LEVEL_3.match(text)
        or ANNEX_HEAD.match(text)
        or ANNEX_LIST.match(text)
        or DATE_LINE.match(text)
        or PUBLICATION.match(text)
    )


def clause_label(text: str) -> tuple[int, str, str] | None:
    """(level, numeral, rest) when `text` starts with a clause label, else None."""
    for level, pattern in ((1, LEVEL_1), (2, LEVEL_2), (3, LEVEL_3)):
        match = pattern.match(text)
        if match:
            return level, match.group(1), match.group(2)
    return None


def numeral_value(numeral: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 九十九 → 99 (and Arabic digits as they are); None for what is no number (一二, 十十)."""
    if numeral.isdecimal():
        return int(numeral) if len(numeral) <= 6 else None
    digits = {char: index for index, char in enumerate(NUMERALS[:9], start=1)}
    tens, ten, units = numeral.partition("十")
    if not ten:
        return digits.get(numeral)
    if (tens and tens not in digits) or (units and units not in digits):
        return None
    return (digits[tens] if tens else 1) * 10 + (digits[units] if units else 0)
