"""Parse the dates and years people type (2026-05-12, 2026/5/12, 2026年5月12日, full-width digits)."""

from datetime import date

from calculator.errors import InputError
from calculator.text import is_digits, normalise, shown

FIRST_YEAR = 2000
LAST_YEAR = 2100


def parse_year(value, field="year"):
    """A year such as 2026, "2026", "２０２６" or "2026年度", as an int; anything else is an InputError."""
    if isinstance(value, bool):
        raise InputError("年度：请填写四位数的年份，如 2026", field)
    if isinstance(value, int):
        # Never str() a huge integer (CPython refuses more than 4300 digits): only four digits can be a year.
        text = str(value) if -100000 < value < 100000 else "超过五位的数"
    elif isinstance(value, str):
        text = normalise(value)
        for suffix in ("年度", "年"):
            if text.endswith(suffix):
                text = normalise(text[: len(text) - len(suffix)])
                break
    else:
        raise InputError("年度：请填写四位数的年份，如 2026", field)
    if text == "":
        raise InputError("年度：请填写年份，如 2026", field)
    if not is_digits(text) or len(text) != 4:
        shown_value = shown(normalise(value)) if isinstance(value, str) else text
        raise InputError("年度：“{}”不是四位数的年份，请填写如 2026".format(shown_value), field)
    year = int(text)
    if year < FIRST_YEAR or year > LAST_YEAR:
        raise InputError("年度：{} 年不在 {}–{} 年之间".format(year, FIRST_YEAR, LAST_YEAR), field)
    return year


_PARSED = {}  # type: dict[str, date]
"""Text already parsed into a date (every check reads the year's deadlines from rules.json): text → date."""
_PARSED_LIMIT = 512


def parse_date(value, label="日期", field=None):
    """A date (a datetime.date, or text like 2026-05-12, 2026-5-12, 2026/5/12, 2026.5.12, 2026年5月12日, 20260512)."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        known = _PARSED.get(value)
        if known is not None:
            return known
    if not isinstance(value, str):
        raise InputError("{}：请填写日期，如 2026-05-12".format(label), field)
    text = normalise(value)
    if text == "":
        raise InputError("{}：请填写日期，如 2026-05-12".format(label), field)
    quoted = shown(text)
    if text.endswith("日") or text.endswith("号"):
        text = text[:-1]
    for separator in ("年", "月", "/", "."):
        text = text.replace(separator, "-")
    parts = [text[:4], text[4:6], text[6:]] if is_digits(text) and len(text) == 8 else text.split("-")
    if (
        len(parts) != 3
        or not (is_digits(parts[0]) and is_digits(parts[1]) and is_digits(parts[2]))
        or len(parts[0]) != 4
        or len(parts[1]) > 2
        or len(parts[2]) > 2
    ):
        raise InputError("{}：“{}”不是日期，请按 2026-05-12 的格式填写".format(label, quoted), field)
    year, month, day = int(parts[0]), int(parts[1]), int(parts[2])
    if year < FIRST_YEAR or year > LAST_YEAR:
        raise InputError("{}：{} 年不在 {}–{} 年之间".format(label, year, FIRST_YEAR, LAST_YEAR), field)
    if month < 1 or month > 12:
        raise InputError("{}：“{}”中的 {} 月不存在".format(label, quoted, month), field)
    if day < 1 or day > _days_in_month(year, month):
        raise InputError("{}：{} 年 {} 月没有 {} 日".format(label, year, month, day), field)
    parsed = date(year, month, day)
    if len(_PARSED) < _PARSED_LIMIT:
        _PARSED[value] = parsed
    return parsed


def _days_in_month(year, month):
    if month == 2:
        leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0
        return 29 if leap else 28
    if month in (4, 6, 9, 11):
        return 30
    return 31
