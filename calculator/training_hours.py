"""Hours of a training from its dates, as the information system computes them: 4 hours per half-day."""

from calculator.dates import parse_date
from calculator.errors import InputError
from calculator.ruleset import rules_version
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
    two calendar years is an error (the sources do not say how to register one) and so is an end
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
        raise InputError(
            "培训从 {} 到 {}，跨了 {} 和 {} 两个年度：本计算器只计算同一年度内的起止日期（本站说明）；"
            "收录的通知没有规定跨年度的培训怎样登记，请咨询所在单位".format(
                first.isoformat(), last.isoformat(), first.year, last.year
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
    """training_hours with the hours per half-day and the citation taken from the standing rules in rules.json, and
    the version of those rules (rules_version), as every verdict names it.

    A training across years is refused with the notices' own words on registering across years, cited.
    """
    standing = rules["standing_rules"]
    citations = [standing["document"]]
    for item in standing["cited_by"]:
        if "半天" in item["text"]:
            citations.append(item["citation"])
    try:
        result = training_hours(start, end, start_half, end_half, standing["hours_per_half_day"], "；".join(citations))
    except InputError as error:
        said = across_years_rules(rules)
        if "两个年度" not in error.message or not said:
            raise
        quoted = "；".join("“{}”（{}）".format(rule["text"], rule["citation"]) for rule in said)
        raise InputError("{}。通知原文：{}".format(error.message, quoted), error.field) from None
    result["rules_version"] = rules_version(rules)
    return result


def across_years_rules(rules):
    """The notices' rules on registering across years (rules.years.*.rules.carry_over mentioning 跨年), oldest first."""
    found = []
    for key in sorted(rules["years"]):
        carry_over = rules["years"][key]["rules"].get("carry_over")
        if carry_over and "跨年" in carry_over["text"]:
            found.append(carry_over)
    return found
