"""Hours as exact integers: parse what people type into hundredths of an hour, and format them back."""

from calculator.errors import InputError
from calculator.text import is_digits, normalise, shown

HUNDREDTHS = 100
"""Hours are held as integer hundredths: 61.1 hours is 6110. Nothing finer can be entered."""

MAX_HOURS_IN_A_YEAR = 366 * 24
"""No year has more hours than this (a leap year); more credited hours than that is certainly a typo."""

MAX_DIGITS = 20
"""Typed hours with more digits than this (before and after the point together) are refused before any
arithmetic: no real figure is that long, and CPython refuses to read integers of more than 4300 digits."""

_UNIT_SUFFIXES = ("个学时", "学时", "小时")
_NOT_FINITE = ("nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "+nan", "-nan")


def hours_in_year(year):
    """How many hours the calendar year has (8760, or 8784 in a leap year): the ceiling for credited hours."""
    leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0
    return (366 if leap else 365) * 24


def parse_hours(value, label="学时", field=None, maximum_hours=MAX_HOURS_IN_A_YEAR):
    """Parse typed hours ("90", "61.1", "９０", "90学时", " 20 ") into integer hundredths of an hour.

    Refuses, with a Chinese message naming `label`: empty input, text, negatives, NaN and infinity,
    more than two decimals that are not zeros (61.111 cannot be held exactly; 61.100 can) and more
    than `maximum_hours` (by default the hours of a leap year: no one is credited more hours than a year has). Integers are taken as they are; floats only when finite (their shortest
    decimal form is parsed, so 61.1 stays 61.1).
    """
    if isinstance(value, bool):
        raise InputError("{}：请填写学时数，而不是真假值".format(label), field)
    if isinstance(value, int):
        # str() of an integer of more than 4300 digits is an error in CPython: such a number is not quoted.
        text = str(value) if -(10**MAX_DIGITS) < value < 10**MAX_DIGITS else "超过 {} 位的数".format(MAX_DIGITS)
        return _check_range(value * HUNDREDTHS, text, label, field, maximum_hours)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise InputError("{}：{} 不是一个有限的数，请填写学时数".format(label, value), field)
        value = repr(value)
    if value is None:
        raise InputError("{}：请填写学时数（没有就填 0）".format(label), field)
    if not isinstance(value, str):
        raise InputError("{}：无法识别的输入，请填写学时数".format(label), field)
    plain = _plain_hundredths(value)
    if plain is not None:
        return _check_range(plain, value, label, field, maximum_hours)  # at most 9 characters: quoted whole
    original = value
    text = normalise(value)
    for suffix in _UNIT_SUFFIXES:
        if text.endswith(suffix):
            text = normalise(text[: len(text) - len(suffix)])
            break
    quoted = shown(normalise(original))
    if text == "":
        raise InputError("{}：请填写学时数（没有就填 0）".format(label), field)
    if text.lower() in _NOT_FINITE:
        raise InputError("{}：“{}”不是一个有限的数，请填写学时数".format(label, quoted), field)
    negative = text.startswith("-")
    if text.startswith("+") or negative:
        text = text[1:]
    whole, dot, fraction = text.partition(".")
    if dot and whole == "" and fraction != "":
        whole = "0"
    if not is_digits(whole) or (fraction and not is_digits(fraction)):
        raise InputError("{}：“{}”不是学时数，请只填数字，如 61.5".format(label, quoted), field)
    if len(whole) + len(fraction) > MAX_DIGITS:
        raise InputError(
            "{}：“{}”有 {} 位数字，太长了：请填写学时数，如 61.5".format(label, quoted, len(whole) + len(fraction)),
            field,
        )
    if negative and (whole.strip("0") or fraction.strip("0")):
        raise InputError("{}：学时不能是负数（填了 {}）".format(label, quoted), field)
    significant = fraction
    while len(significant) > 2 and significant.endswith("0"):
        significant = significant[:-1]
    if len(significant) > 2:
        raise InputError(
            "{}：{} 超出了两位小数；学时最多精确到 0.01，请四舍五入后再填".format(label, quoted),
            field,
        )
    if len(whole.lstrip("0")) > 9:
        raise InputError("{}：{} 学时太大了，一年最多只有 {} 个小时".format(label, quoted, maximum_hours), field)
    hundredths = int(whole) * HUNDREDTHS + int((significant + "00")[:2])
    return _check_range(hundredths, quoted, label, field, maximum_hours)


def _plain_hundredths(text):
    """Hundredths of hours typed plainly in ASCII (90, 61.5, 20.25: nearly every value), or None for
    anything else, which parse_hours then reads the long way. The same result as the long way, faster
    (the batch checks every cell of a staff list)."""
    whole, dot, fraction = text.partition(".")
    if len(whole) > 6 or len(fraction) > 2 or not is_digits(whole):
        return None
    if not dot:
        return int(whole) * HUNDREDTHS
    if not is_digits(fraction):
        return None
    return int(whole) * HUNDREDTHS + int((fraction + "0")[:2])


def _check_range(hundredths, quoted, label, field, maximum_hours):
    if hundredths < 0:
        raise InputError("{}：学时不能是负数（填了 {}）".format(label, quoted), field)
    if hundredths > maximum_hours * HUNDREDTHS:
        raise InputError("{}：{} 学时太大了，一年最多只有 {} 个小时".format(label, quoted, maximum_hours), field)
    return hundredths


def format_hours(hundredths):
    """Integer hundredths back to the shortest exact decimal for people: 6110 → "61.1", 9000 → "90".

    One %-format, not a string built piece by piece: a staff list formats thousands of different totals, and under
    MicroPython every string made costs a search of the interned strings (tests/test_calculator_hours.py)."""
    if hundredths < 0:
        return "-" + format_hours(-hundredths)
    whole, fraction = divmod(hundredths, HUNDREDTHS)
    if not fraction:
        return str(whole)
    if fraction % 10:
        return "%d.%02d" % (whole, fraction)
    return "%d.%d" % (whole, fraction // 10)


def hours_number(hundredths):
    """Integer hundredths as a JSON number: an int when whole, else the float nearest the exact decimal."""
    if hundredths % HUNDREDTHS == 0:
        return hundredths // HUNDREDTHS
    return hundredths / HUNDREDTHS


def hundredths_of(number):
    """The inverse of hours_number, for numbers it produced: 61.1 → 6110 (exact for two decimals)."""
    if isinstance(number, int):
        return number * HUNDREDTHS
    return round(number * HUNDREDTHS)
