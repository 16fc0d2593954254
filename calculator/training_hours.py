"""Hours of a training from its dates, as the information system computes them: 4 hours per half-day."""

from datetime import date, timedelta

from calculator.dates import parse_date
from calculator.errors import InputError
from calculator.text import normalise, shown

HALVES = (("am", "上午"), ("pm", "下午"))
"""A day's two halves: index 0 the morning, 1 the afternoon."""

_HALF_WORDS = {
    "am": 0,
    "a.m.": 0,
    "morning": 0,
    "上午": 0,
    "上": 0,
    "pm": 1,
    "p.m.": 1,
    "afternoon": 1,
    "下午": 1,
    "下": 1,
}


def parse_half(value, label, field, default):
    """am/上午 → 0, pm/下午 → 1; None or empty → `default`."""
    if value is None:
        return default
    if not isinstance(value, str):
        raise InputError("{}：请填写 am（上午）或 pm（下午）".format(label), field)
    text = normalise(value).lower()
    if text == "":
        return default
    if text not in _HALF_WORDS:
        raise InputError("{}：“{}”不是 am（上午）或 pm（下午）".format(label, shown(normalise(value))), field)
    return _HALF_WORDS[text]


def hours_between(start, end, start_half="am", end_half="pm", hours_per_half_day=4):
    """Hours for a training from `start` (its morning or afternoon) to `end` (its morning or afternoon), both included.

    Every half-day counts `hours_per_half_day` hours (4: the information system's rule, after
    桂人社规〔2019〕4号), weekends included as the system counts calendar days. A training that spans
    two calendar years is an error — hours cannot be registered across years — and so is an end
    before the start. Returns an int number of hours.
    """
    return training_hours(start, end, start_half, end_half, hours_per_half_day)["hours"]


def training_hours(start, end, start_half="am", end_half="pm", hours_per_half_day=4, source=None):
    """hours_between with its workings: a dict with hours, half_days, the dates and halves, and the source."""
    first = parse_date(start, "开始日期", "start")
    last = parse_date(end, "结束日期", "end")
    first_half = parse_half(start_half, "开始时段", "start_half", 0)
    last_half = parse_half(end_half, "结束时段", "end_half", 1)
    start_text = "{}{}".format(first.isoformat(), HALVES[first_half][1])
    end_text = "{}{}".format(last.isoformat(), HALVES[last_half][1])
    if last < first or (last == first and last_half < first_half):
        raise InputError("结束（{}）早于开始（{}）：请核对培训的起止日期".format(end_text, start_text), "end")
    if last.year != first.year:
        year_end = date(first.year, 12, 31)
        next_start = year_end + timedelta(days=1)
        raise InputError(
            "培训从 {} 到 {}，跨了 {} 和 {} 两个年度：学时不能跨年登记，请分成 {} 至 {}、{} 至 {} 两段分别登记".format(
                first.isoformat(),
                last.isoformat(),
                first.year,
                last.year,
                first.isoformat(),
                year_end.isoformat(),
                next_start.isoformat(),
                last.isoformat(),
            ),
            "end",
        )
    half_days = (last - first).days * 2 + last_half - first_half + 1
    return {
        "hours": half_days * hours_per_half_day,
        "half_days": half_days,
        "hours_per_half_day": hours_per_half_day,
        "start": first.isoformat(),
        "end": last.isoformat(),
        "start_half": HALVES[first_half][0],
        "end_half": HALVES[last_half][0],
        "start_text": start_text,
        "end_text": end_text,
        "source": source,
    }


def training_hours_from_rules(rules, start, end, start_half="am", end_half="pm"):
    """training_hours with the hours per half-day and the citation taken from the standing rules in rules.json."""
    standing = rules["standing_rules"]
    citations = [standing["document"]]
    for item in standing["cited_by"]:
        if "半天" in item["text"]:
            citations.append(item["citation"])
    return training_hours(start, end, start_half, end_half, standing["hours_per_half_day"], "；".join(citations))
