"""Check a person's record of several years at once: each year on its own rules, what can still be fixed and by when.

Every year is checked by check.check_person against that year's rules (the standing rules when its
notice is not on file). For each incomplete year the record lists what can still be done as of the
date (the year's own deadlines; the make-up windows for the public required course that the notices on
file open, in rules.json `makeup`), and what can no longer be fixed and why (a window closed, a
registration deadline passed), each with its clause. No window is ever invented: a year no notice on
file opens a window for is said to have none on file.
"""

from datetime import date

from calculator import explain_record
from calculator.check import check_person, share_shortfall
from calculator.dates import parse_date, parse_year
from calculator.errors import InputError
from calculator.explain import find_by_id, verdict_cell
from calculator.hours import hours_number, hundredths_of
from calculator.ruleset import rules_version, year_rules, years_on_file

MAX_YEARS = 60
"""The most years one record may hold (2000–2100 is all the calculator knows; a career is shorter)."""

FIELDS = ("public_required", "public_elective", "professional")


class RecordError(InputError):
    """Bad input in one year of a record: `row` is its position (0 for the first year given)."""

    def __init__(self, message, field=None, row=None):
        super().__init__(message, field)
        self.row = row


def window_until(window):
    """The last day of a make-up window: the notices open it for a whole 年度 (“可在2026年度进行补学补考”)."""
    return date(window["year"], 12, 31)


def latest_year(applicable):
    """The latest year whose notice is on file (applicable["rules"] is the whole rules.json)."""
    return years_on_file(applicable["all_rules"])[-1]


def _professional_needed(applicable, professional, total):
    """The fewest professional hundredths that make the total and the share hold on `total` (None if none can)."""
    share = applicable["professional_share"]
    for_share = share_shortfall(share["numerator"], share["denominator"], professional, total)
    if for_share is None:
        return None
    minimum = applicable["total_minimum"]["hundredths"]
    for_total = minimum - total if total < minimum else 0
    return for_share if for_share > for_total else for_total


def public_required_actions(result, applicable, as_of):
    """What can or cannot be done about the year's public required course as of the date: a list of actions."""
    year = result["year"]
    rule = find_by_id(result["rules"], "public-required")
    if rule["passed"] is True:
        return []
    conditional = rule["passed"] is None
    missing = None if conditional else hundredths_of(rule["shortfall"])
    deadline = find_by_id(result["deadlines"], "public-required")
    if not conditional and deadline is not None and not deadline["passed"]:
        due = parse_date(deadline["date"])
        later = [window for window in applicable["makeup_for_this_year"] if window_until(window) > due]
        return [
            {
                "id": "public-required-in-year",
                "what": "public-required",
                "status": "can",
                "conditional": False,
                "hours": hours_number(missing),
                "until": deadline["date"],
                "source": deadline["source"],
                "later_windows": [_window(window, as_of) for window in later],
                "message": explain_record.in_year_message(year, missing, deadline, later),
            }
        ]
    windows = applicable["makeup_for_this_year"]
    usable = [window for window in windows if window_until(window) >= as_of]
    if usable:
        last = usable[len(usable) - 1]
        return [
            {
                "id": "public-required-makeup",
                "what": "public-required",
                "status": "can",
                "conditional": conditional,
                "hours": None if missing is None else hours_number(missing),
                "until": window_until(last).isoformat(),
                "source": last["citation"],
                "windows": [_window(window, as_of) for window in usable],
                "message": explain_record.makeup_message(year, missing, usable, as_of, conditional, deadline),
            }
        ]
    latest = latest_year(applicable)
    return [
        {
            "id": "public-required-closed",
            "what": "public-required",
            "status": "cannot" if as_of.year <= latest else "none-on-file",
            "conditional": conditional,
            "hours": None if missing is None else hours_number(missing),
            "until": None,
            "source": windows[len(windows) - 1]["citation"] if windows else _latest_window_citation(applicable),
            "windows": [_window(window, as_of) for window in windows],
            "message": explain_record.no_makeup_message(
                year, missing, windows, as_of, conditional, deadline, latest, _all_windows(applicable)
            ),
        }
    ]


def _all_windows(applicable):
    """Every make-up window in the notices on file, earliest first."""
    rules = applicable["all_rules"]
    found = []
    for year in years_on_file(rules):
        window = rules["years"][str(year)]["makeup"]
        if window is not None:
            found.append(window)
    return found


def _latest_window_citation(applicable):
    """The clause of the latest make-up window on file (the year's basis when no notice opens one)."""
    found = _all_windows(applicable)
    return found[len(found) - 1]["citation"] if found else applicable["basis"]


def _window(window, as_of):
    until = window_until(window)
    if as_of > until:
        status = "closed"
    elif as_of.year == window["year"]:
        status = "open"
    else:
        status = "not-yet"
    return {
        "year": window["year"],
        "from_year": window["from_year"],
        "to_year": window["to_year"],
        "until": until.isoformat(),
        "status": status,
        "source": window["citation"],
        "text": window["text"],
    }


def professional_actions(result, applicable, as_of, required_fixable):
    """What can or cannot be done about missing professional hours (the total and the share) as of the date."""
    year = result["year"]
    professional = hundredths_of(result["inputs"]["professional"])
    total = hundredths_of(result["total"])
    required_gap = hundredths_of(result["to_pass"]["public_required"]) if required_fixable else 0
    needed = _professional_needed(applicable, professional, total + required_gap)
    if needed == 0:
        return []
    carry_over = applicable["carry_over"]
    if needed is None:
        return [
            {
                "id": "professional-impossible",
                "what": "professional",
                "status": "cannot",
                "hours": None,
                "until": None,
                "source": applicable["professional_share"]["citation"],
                "message": explain_record.professional_impossible_message(year),
            }
        ]
    registration = find_by_id(result["deadlines"], "professional-registration")
    if registration is None:
        return [
            {
                "id": "professional-unknown",
                "what": "professional",
                "status": "unknown",
                "hours": hours_number(needed),
                "until": None,
                "source": applicable["basis"],
                "message": explain_record.professional_unknown_message(year, needed, required_gap),
            }
        ]
    if not registration["passed"]:
        review = find_by_id(result["deadlines"], "employer-review")
        return [
            {
                "id": "professional-register",
                "what": "professional",
                "status": "can",
                "hours": hours_number(needed),
                "until": registration["date"],
                "source": registration["source"],
                "message": explain_record.register_message(
                    year, needed, required_gap, registration, review, carry_over, as_of
                ),
            }
        ]
    return [
        {
            "id": "professional-closed",
            "what": "professional",
            "status": "cannot",
            "hours": hours_number(needed),
            "until": None,
            "source": registration["source"],
            "carry_over": None
            if carry_over is None
            else {"text": carry_over["text"], "source": carry_over["citation"]},
            "message": explain_record.professional_closed_message(year, needed, registration, carry_over),
        }
    ]


def check_year(rules, entry, as_of):
    """One year of the record: check_person's result, the verdict (True, False or None) and the actions."""
    result = check_person(
        rules,
        entry.get("year"),
        entry.get("public_required"),
        entry.get("public_elective"),
        entry.get("professional"),
        as_of,
    )
    applicable = year_rules(rules, result["year"])
    applicable["all_rules"] = rules
    actions = public_required_actions(result, applicable, as_of)
    required_fixable = True
    for action in actions:
        if action["status"] != "can":
            required_fixable = False
    actions.extend(professional_actions(result, applicable, as_of, required_fixable))
    open_deadlines = [deadline for deadline in result["deadlines"] if not deadline["passed"]]
    consequences = [item for item in result["consequences"] if item["kind"] == "unmet" and item["applies"]]
    return {
        "year": result["year"],
        "passed": result["passed"],
        "verdict": verdict_cell(result["passed"], result["notice_on_file"]),
        "notice_on_file": result["notice_on_file"],
        "basis": result["basis"],
        "inputs": result["inputs"],
        "total": result["total"],
        "rules": [
            {
                "id": rule["id"],
                "passed": rule["passed"],
                "title": rule["title"],
                "message": rule["message"],
                "source": rule["source"],
                "shortfall": rule["shortfall"],
            }
            for rule in result["rules"]
        ],
        "warnings": result["warnings"],
        "actions": actions,
        "open_deadlines": open_deadlines,
        "consequences": consequences,
    }


def _entries(years):
    """The record's years as given, checked for shape: a non-empty list of dicts, no year twice."""
    if not isinstance(years, list) or not years:
        raise InputError("请至少填写一个年度的学时", "years")
    if len(years) > MAX_YEARS:
        raise InputError("一次最多核对 {} 个年度（填了 {} 个）".format(MAX_YEARS, len(years)), "years")
    seen = {}  # type: dict[int, int]
    for index in range(len(years)):
        entry = years[index]
        if not isinstance(entry, dict):
            raise RecordError("第 {} 个年度：无法识别的输入".format(index + 1), None, index)
        try:
            year = parse_year(entry.get("year"))
        except InputError as error:
            raise RecordError("第 {} 个年度：{}".format(index + 1, error.message), "year", index) from None
        if year in seen:
            raise RecordError(
                "{} 年度填了两次（第 {} 个和第 {} 个）：每个年度只填一次".format(year, seen[year] + 1, index + 1),
                "year",
                index,
            )
        seen[year] = index
    return seen


def check_record(rules, years, as_of):
    """Check several years of one person's record as of a date; the result is a plain dict of lists.

    `years` is a list of {"year", "public_required", "public_elective", "professional"} with values as
    typed (text or int); `as_of` a date (text or datetime.date), required: what can still be fixed
    depends on it. Bad input raises InputError (RecordError, with `row`, for one year's) in Chinese.
    """
    if as_of is None or as_of == "":
        raise InputError("查询日期：请填写日期，如 2026-06-01（能否补救取决于日期）", "as_of")
    as_of_date = parse_date(as_of, "查询日期", "as_of")
    positions = _entries(years)
    checked = []
    for year in sorted(positions):
        index = positions[year]
        try:
            checked.append(check_year(rules, years[index], as_of_date))
        except RecordError:
            raise
        except InputError as error:
            message = error.message
            if not message.startswith("{} 年度".format(year)):
                message = "{} 年度：{}".format(year, message)
            raise RecordError(message, error.field, index) from None
    makeup = []
    lost = []
    unknown = []
    for item in checked:
        for action in item["actions"]:
            entry = {
                "year": item["year"],
                "missing": action["what"],
                "hours": action["hours"],
                "source": action["source"],
                "message": action["message"],
            }
            if action["status"] == "can":
                entry["until"] = action["until"]
                entry["conditional"] = action.get("conditional", False)
                makeup.append(entry)
            elif action["status"] == "cannot":
                entry["conditional"] = action.get("conditional", False)
                lost.append(entry)
            else:
                entry["status"] = action["status"]
                entry["conditional"] = action.get("conditional", False)
                unknown.append(entry)
    result = {
        "as_of": as_of_date.isoformat(),
        "years": checked,
        "makeup": makeup,
        "lost": lost,
        "unknown": unknown,
        "notes": explain_record.record_notes(rules, checked),
        "rules_version": rules_version(rules),
    }
    result["summary"] = explain_record.summary_line(result)
    return result
