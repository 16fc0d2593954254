"""The compiled rules (rules.json): load them, and look up what applies to one year."""

import json

from calculator.dates import parse_date, parse_year
from calculator.errors import InputError
from calculator.explain import fraction_text
from calculator.hours import HUNDREDTHS

FORMAT = 2
"""The layout of rules.json this code reads (see generator/rules/compile_rules.py)."""


def load_rules(text):
    """Parse the JSON text of rules.json and check it is a layout this code understands.

    Everything the calculator reads from the rules is checked here (kinds of values, not their
    meaning), so that a damaged or hand-edited file is one InputError naming what is wrong, never a
    KeyError or TypeError in the middle of a check.
    """
    rules = _parsed(text)
    _check_shape(rules)
    return rules


def load_built_rules(text):
    """The rules of the site's own build (the browser's core bundle): parsed, their format and version checked.

    The build checked their shape with load_rules when it put them into the bundle (generator/browser/
    calculator_assets.py), and the bundle's name is its content's hash: the browser does not check them again at
    every start (a first verdict sooner).
    """
    return _parsed(text)


def _parsed(text):
    try:
        rules = json.loads(text)
    except (ValueError, RuntimeError):  # RuntimeError: nested too deep (RecursionError)
        raise InputError("规则文件不是有效的 JSON：请重新运行 python -m generator.rules") from None
    if not isinstance(rules, dict) or rules.get("format") != FORMAT:
        raise InputError("规则文件的格式版本不对（应为 {}）：请重新运行 python -m generator.rules".format(FORMAT))
    if not rules.get("years") or not rules.get("standing_rules"):
        raise InputError("规则文件里没有年度通知或常设规则")
    version = rules.get("version")
    if (
        not isinstance(version, dict)
        or not isinstance(version.get("id"), str)
        or not isinstance(version.get("date"), str)
    ):
        raise InputError("规则文件没有版本号：请重新运行 python -m generator.rules")
    return rules


_KINDS = {
    "dict": ("一个对象", lambda value: isinstance(value, dict)),
    "list": ("一个列表", lambda value: isinstance(value, list)),
    "text": ("文字", lambda value: isinstance(value, str)),
    "count": ("非负整数", lambda value: isinstance(value, int) and not isinstance(value, bool) and value >= 0),
    "positive": ("正整数", lambda value: isinstance(value, int) and not isinstance(value, bool) and value > 0),
}


def _field(container, key, kind, path, optional=False):
    """container[key], checked to be of `kind` (None allowed when `optional`); else an InputError naming the path."""
    value = container.get(key)
    if optional and value is None:
        return None
    wanted, accepts = _KINDS[kind]
    if not accepts(value):
        raise InputError(
            "规则文件的内容不对：{}.{} 应是{}{}：请重新运行 python -m generator.rules".format(
                path, key, wanted, "（或 null）" if optional else ""
            )
        )
    return value


def _items(container, key, path):
    """The objects of the list container[key], each checked to be an object."""
    items = _field(container, key, "list", path)
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise InputError(
                "规则文件的内容不对：{}.{}[{}] 应是一个对象：请重新运行 python -m generator.rules".format(
                    path, key, index
                )
            )
    return items


def _share(container, path):
    share = _field(container, "professional_share", "dict", path)
    _field(share, "numerator", "count", path + ".professional_share")
    _field(share, "denominator", "positive", path + ".professional_share")
    return share


def _check_shape(rules):
    """The kinds of every value the calculator reads from rules (see load_rules)."""
    standing = _field(rules, "standing_rules", "dict", "rules")
    path = "standing_rules"
    _field(standing, "year", "count", path)
    _field(standing, "minimum_total_hours", "count", path)
    _field(standing, "document", "text", path)
    _field(standing, "hours_per_half_day", "positive", path)
    _share(standing, path)
    for item in _items(standing, "cited_by", path):
        _field(item, "text", "text", path + ".cited_by")
        _field(item, "citation", "text", path + ".cited_by")
    links = _field(rules, "help", "dict", "rules", optional=True)
    if links is not None:
        for key in links:
            for link in _items(links, key, "help"):
                for name in ("kind", "title", "url"):
                    _field(link, name, "text", "help." + str(key)[:30])
    years = _field(rules, "years", "dict", "rules")
    for key in years:
        path = "years." + str(key)[:12]
        if not (isinstance(key, str) and len(key) == 4 and key.isdigit()):
            raise InputError(
                "规则文件的内容不对：{} 不是四位数的年份：请重新运行 python -m generator.rules".format(path)
            )
        notice = _field(years, key, "dict", "years")
        document = _field(notice, "document", "dict", path)
        _field(document, "label", "text", path + ".document")
        for name in ("number", "title"):
            _field(document, name, "text", path + ".document", optional=True)
        found = _field(notice, "rules", "dict", path)
        inner = path + ".rules"
        total = _field(found, "total_minimum", "dict", inner)
        _field(total, "minimum", "count", inner + ".total_minimum")
        _field(total, "text", "text", inner + ".total_minimum")
        _field(total, "citation", "text", inner + ".total_minimum")
        share = _share(found, inner)
        _field(share, "text", "text", inner + ".professional_share")
        _field(share, "citation", "text", inner + ".professional_share")
        course = _field(found, "public_required", "dict", inner, optional=True)
        if course is not None:
            _field(course, "hours", "count", inner + ".public_required")
            _field(course, "citation", "text", inner + ".public_required")
            for part in _items(course, "parts", inner + ".public_required"):
                _field(part, "name", "text", inner + ".public_required.parts")
                _field(part, "hours", "count", inner + ".public_required.parts")
        elective = _field(found, "public_elective", "dict", inner, optional=True)
        if elective is not None:
            _field(elective, "hours", "count", inner + ".public_elective", optional=True)
        for name in ("exam", "carry_over"):
            _field(found, name, "dict", inner, optional=True)
        total_public = _field(found, "public_total", "dict", inner, optional=True)
        if total_public is not None:
            _field(total_public, "hours", "count", inner + ".public_total")
            _field(total_public, "citation", "text", inner + ".public_total")
        for contact in _items(notice, "contacts", path) if "contacts" in notice else []:
            _field(contact, "name", "text", path + ".contacts")
            _field(contact, "citation", "text", path + ".contacts")
        for deadline in _items(notice, "deadlines", path):
            for name in ("id", "date", "description", "who", "audience", "printed", "citation"):
                _field(deadline, name, "text", path + ".deadlines")
            parse_date(deadline["date"], "规则文件中 {}.deadlines 的日期".format(path))
        makeup = _field(notice, "makeup", "dict", path, optional=True)
        if makeup is not None:
            for name in ("year", "from_year", "to_year"):
                _field(makeup, name, "count", path + ".makeup")
            for name in ("text", "source", "citation", "counts_for"):
                _field(makeup, name, "text", path + ".makeup")
        for item in _items(notice, "consequences", path):
            for name in ("id", "text", "citation"):
                _field(item, name, "text", path + ".consequences")
        system_url = _field(notice, "system_url", "dict", path)
        _field(system_url, "url", "text", path + ".system_url")


def rules_version(rules):
    """The version of these rules as shown beside every verdict: {"id": content hash, "date": compiled on}."""
    version = rules["version"]
    return {"id": version["id"], "date": version["date"]}


def load_rules_file(path):
    """load_rules on a file (UTF-8); works the same under CPython and MicroPython."""
    with open(path, encoding="utf-8") as handle:
        return load_rules(handle.read())


def years_on_file(rules):
    """The years whose notice is on file, ascending."""
    return sorted(int(year) for year in rules["years"])


def standing_years(rules):
    """The years checked by the standing rules alone: from the year they date from to the latest notice, without a notice."""
    on_file = years_on_file(rules)
    first = rules["standing_rules"]["year"]
    return [year for year in range(first, on_file[-1] + 1) if year not in on_file]


def _years_text(years):
    """2023、2025、2026 — or ranges where consecutive: 2019–2022、2024."""
    parts = []
    index = 0
    while index < len(years):
        end = index
        while end + 1 < len(years) and years[end + 1] == years[end] + 1:
            end += 1
        if end - index >= 2:
            parts.append("{}–{}".format(years[index], years[end]))
        else:
            for year in years[index : end + 1]:
                parts.append(str(year))
        index = end + 1
    return "、".join(parts)


def year_rules(rules, year):
    """Everything that applies to `year`, in one shape whether or not its notice is on file.

    A year with a notice gets that notice's rules. A year without one, between the year of the
    standing rules (桂人社规〔2019〕4号) and the latest notice, gets the standing rules — 90 hours and
    two thirds — with `notice` None and no public required course figure (none is invented). Any
    other year is an InputError listing the years that can be checked.
    """
    year = parse_year(year)
    standing = rules["standing_rules"]
    notice = rules["years"].get(str(year))
    if notice is None and year not in standing_years(rules):
        raise InputError(
            "{} 年度的通知未收录，无法核对。可以核对的年度：{}（有通知）；{}（没有通知，按常设规则 {}）".format(
                year,
                _years_text(years_on_file(rules)),
                _years_text(standing_years(rules)),
                standing["document"],
            ),
            "year",
        )
    if notice is not None:
        found = notice["rules"]
        total = found["total_minimum"]
        share = found["professional_share"]
        result = {
            "year": year,
            "notice": notice,
            "basis": notice["document"]["label"],
            "total_minimum": {
                "hundredths": total["minimum"] * HUNDREDTHS,
                "text": total["text"],
                "citation": total["citation"],
            },
            "professional_share": {
                "numerator": share["numerator"],
                "denominator": share["denominator"],
                "text": share["text"],
                "citation": share["citation"],
            },
            "public_required": found["public_required"],
            "public_elective": found["public_elective"],
            "exam": found["exam"],
            "carry_over": found["carry_over"],
            "deadlines": notice["deadlines"],
            "makeup": notice["makeup"],
            "consequences": notice["consequences"],
            "system_url": notice["system_url"],
            "contacts": notice.get("contacts") or [],
        }
    else:
        share = standing["professional_share"]
        result = {
            "year": year,
            "notice": None,
            "basis": standing["document"],
            "total_minimum": {
                "hundredths": standing["minimum_total_hours"] * HUNDREDTHS,
                "text": "每年累计不少于{}学时".format(standing["minimum_total_hours"]),
                "citation": standing["document"],
            },
            "professional_share": {
                "numerator": share["numerator"],
                "denominator": share["denominator"],
                "text": "专业科目不少于总学时的{}".format(fraction_text(share["numerator"], share["denominator"])),
                "citation": standing["document"],
            },
            "public_required": None,
            "public_elective": None,
            "exam": None,
            "carry_over": None,
            "deadlines": [],
            "makeup": None,
            "consequences": [],
            "system_url": latest_notice(rules)["system_url"],
            "contacts": latest_notice(rules).get("contacts") or [],
        }
    result["standing"] = standing
    result["makeup_for_this_year"] = makeup_windows_for(rules, year)
    return result


def latest_notice(rules):
    """The notice of the latest year on file."""
    return rules["years"][str(years_on_file(rules)[-1])]


def makeup_windows_for(rules, year):
    """The make-up windows, in later notices on file, that cover `year`'s public required course, earliest first."""
    windows = []
    for other in years_on_file(rules):
        makeup = rules["years"][str(other)]["makeup"]
        if makeup is not None and makeup["from_year"] <= year <= makeup["to_year"]:
            windows.append(makeup)
    return windows
