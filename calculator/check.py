"""Check one person's hours for one year against that year's rules: a verdict, rule by rule, with sources."""

from calculator import explain
from calculator.dates import parse_date
from calculator.errors import InputError
from calculator.hours import HUNDREDTHS, format_hours, hours_in_year, hours_number, parse_hours
from calculator.ruleset import rules_version, year_rules
from calculator.text import normalise

RULE_IDS = ("total-minimum", "professional-share", "public-required")
"""The rules of a year, in the order they are reported."""

FIELDS = (
    ("public_required", "公需必修"),
    ("public_elective", "公需选修"),
    ("professional", "专业科目"),
)
"""The three inputs, with the names people know them by (the issue's 公需必修, 公需选修, 专业科目)."""


def _ceil_div(numerator, denominator):
    return -(-numerator // denominator)


def share_minimum(numerator, denominator, total):
    """The fewest professional hundredths that are at least numerator/denominator of `total` hundredths."""
    return _ceil_div(numerator * total, denominator)


def share_shortfall(numerator, denominator, professional, total):
    """The fewest professional hundredths N with denominator*(P+N) >= numerator*(T+N); None if no N can do it.

    Adding professional hours raises the total as well, so N = ceil((num*T − den*P) / (den − num)).
    """
    gap = numerator * total - denominator * professional
    if gap <= 0:
        return 0
    if denominator <= numerator:
        return None
    return _ceil_div(gap, denominator - numerator)


def rule_total_minimum(applicable, total):
    """Total hours: at least the year's minimum (90) in all — public required, public elective and professional together.

    Clause: the notice's `rules.total_hours` (e.g. 桂人社函〔2026〕196号 一、（二）2 “每年累计不少于90学时”;
    the 2023 notice 二), or the standing rules 桂人社规〔2019〕4号 when the year's notice is not on file.
    Shortfall: minimum − total, in hours of any subject.
    """
    minimum = applicable["total_minimum"]["hundredths"]
    shortfall = minimum - total if total < minimum else 0
    rule = {
        "id": "total-minimum",
        "passed": total >= minimum,
        "required": hours_number(minimum),
        "actual": hours_number(total),
        "shortfall": hours_number(shortfall),
        "source": applicable["total_minimum"]["citation"],
        "text": applicable["total_minimum"]["text"],
    }
    rule["title"] = "总学时不少于 {} 学时".format(format_hours(minimum))
    rule["message"] = explain.total_message(total, minimum, shortfall)
    return rule


def rule_professional_share(applicable, professional, total):
    """Professional share: professional hours at least two thirds of the total, compared exactly (den × P ≥ num × T).

    Clause: the notice's `rules.professional_share` (e.g. 桂人社函〔2026〕196号 一、（二）2 “专业科目一般不少于
    总学时的三分之二”; the 2023 notice 二), or 桂人社规〔2019〕4号 when the notice is missing.
    Shortfall: the fewest professional hours that, added (raising the total too), make the share hold.
    """
    share = applicable["professional_share"]
    numerator = share["numerator"]
    denominator = share["denominator"]
    passed = denominator * professional >= numerator * total
    shortfall = share_shortfall(numerator, denominator, professional, total)
    rule = {
        "id": "professional-share",
        "passed": passed,
        "required": hours_number(share_minimum(numerator, denominator, total)),
        "actual": hours_number(professional),
        "shortfall": None if shortfall is None else hours_number(shortfall),
        "source": share["citation"],
        "text": share["text"],
        "share": {"numerator": numerator, "denominator": denominator},
    }
    rule["title"] = "专业科目不少于总学时的{}".format(explain.fraction_text(numerator, denominator))
    rule["message"] = explain.share_message(professional, total, numerator, denominator, shortfall)
    return rule


def rule_public_required(applicable, public_required):
    """Public required course: its hours as the year's notice states them (20 in 2025 and 2026; 15 in 2023 = 10 study + 5 exam).

    Clause: the notice's `rules.public_required` (e.g. 桂人社函〔2026〕196号 一、（一）1 “完成全部必修课课程学习
    并通过考试后，可获得20个学时”; the 2023 notice 二、（一）). Without a notice on file the figure is
    unknown and never invented: the rule is reported as not checked (passed None) and left out of the verdict.
    Shortfall: the course's hours − the hours entered.
    """
    course = applicable["public_required"]
    if course is None:
        rule = {
            "id": "public-required",
            "passed": None,
            "required": None,
            "actual": hours_number(public_required),
            "shortfall": None,
            "source": None,
            "text": None,
            "title": "完成公需科目必修课",
        }
        rule["message"] = explain.public_required_unknown_message(applicable["year"])
        return rule
    hours = course["hours"] * HUNDREDTHS
    shortfall = hours - public_required if public_required < hours else 0
    rule = {
        "id": "public-required",
        "passed": public_required >= hours,
        "required": hours_number(hours),
        "actual": hours_number(public_required),
        "shortfall": hours_number(shortfall),
        "source": course["citation"],
        "text": course["text"],
        "title": "完成公需科目必修课（{} 学时）".format(format_hours(hours)),
    }
    rule["message"] = explain.public_required_message(public_required, hours, course["parts"])
    return rule


def to_pass(applicable, public_required, total, professional):
    """The smallest additions that make the whole verdict pass, in hundredths: (public required, professional).

    The public required course has to be completed anyway, so its missing hours come first; the
    professional hours are then the fewest that make both the total and the share hold on the total
    that includes them (adding professional hours raises the total too). None when no amount can.
    """
    required_gap, _, for_share, for_total = _gaps(applicable, public_required, total, professional)
    if for_share is None:
        return required_gap, None
    return required_gap, for_share if for_share > for_total else for_total


def _gaps(applicable, required, total, professional):
    """In hundredths: the required course's gap, the total once it is made up, the professional hours the share
    needs on that total (None: no amount can) and the hours the total minimum needs on it."""
    course = applicable["public_required"]
    required_gap = 0
    if course is not None and required < course["hours"] * HUNDREDTHS:
        required_gap = course["hours"] * HUNDREDTHS - required
    total_after = total + required_gap
    share = applicable["professional_share"]
    for_share = share_shortfall(share["numerator"], share["denominator"], professional, total_after)
    minimum = applicable["total_minimum"]["hundredths"]
    for_total = minimum - total_after if total_after < minimum else 0
    return required_gap, total_after, for_share, for_total


def missing_sentence(applicable, required, total, professional):
    """What is still missing, in one plain sentence an HR administrator reads in a table (the batch's 还差什么):
    "还差公需必修课 20 学时（学完并通过考试）、专业科目 10 学时", "无", or what could not be checked.

    The public required course comes first (it must be completed anyway); then the fewest hours that make both the
    total and the professional share hold on the total that includes it: professional hours when the share needs
    them all, else hours of any subject (with the professional ones the share still needs). The clauses are those of
    rule_basis (the batch writes them beside it).
    """
    return missing_text(applicable, required, missing_figures(applicable, required, total, professional))


def missing_figures(applicable, required, total, professional):
    """The hundredths missing_sentence's words are made of: (the required course's gap, the professional hours
    the share needs on the total that includes that gap (None: no amount can), the hours the total needs, and
    when the total needs more than the share, the professional hours among them (else None))."""
    required_gap, total_after, for_share, for_total = _gaps(applicable, required, total, professional)
    least = None
    if for_share is not None and for_share < for_total:
        share = applicable["professional_share"]
        least = share_minimum(share["numerator"], share["denominator"], total_after + for_total) - professional
    return required_gap, for_share, for_total, least


def missing_text(applicable, required, figures):
    """missing_sentence from missing_figures: the same words for the same `required` and figures (the batch
    remembers them, and their two parts, by these)."""
    required_gap, for_share, for_total, least = figures
    course = missing_course(applicable, required, required_gap)
    return missing_joined(applicable, course, missing_hours(for_share, for_total, least))


def missing_course(applicable, required, required_gap):
    """The first part of missing_sentence: the public required course's hours (or parts) still missing; "" for none."""
    return _course_missing(applicable["public_required"], required, required_gap) if required_gap else ""


def missing_hours(for_share, for_total, least):
    """The second part of missing_sentence: the professional hours, or the hours of any subject, still missing once
    the course is done (missing_figures's last three); "" for none."""
    if for_share is None:
        return "专业科目比例（只增加专业科目也达不到，请核对学时）"
    if for_share >= for_total:
        return "专业科目 {} 学时".format(format_hours(for_share)) if for_share else ""
    if least > 0:
        return "总学时 {} 学时（其中专业科目至少 {} 学时）".format(format_hours(for_total), format_hours(least))
    return "总学时 {} 学时（哪一科的都可以）".format(format_hours(for_total))


def missing_joined(applicable, course, hours):
    """missing_sentence from its two parts (missing_course, missing_hours)."""
    parts = [part for part in (course, hours) if part]
    unchecked = ""
    if applicable["public_required"] is None:
        unchecked = "公需必修课未核对（未收录 {} 年度通知）".format(applicable["year"])
    if parts:
        text = "还差" + "、".join(parts)
        return text + "；" + unchecked if unchecked else text
    if unchecked:
        return "总学时和专业科目比例已满足；" + unchecked
    return "无"


def _course_missing(course, required, gap):
    """The public required course's missing part: its hours, or the parts not yet credited (2023: 课程考试)."""
    parts = course["parts"]
    done = 0
    if required > 0:
        for index in range(len(parts)):
            done += parts[index]["hours"] * HUNDREDTHS
            if done == required and index + 1 < len(parts):
                names = "、".join([part["name"] for part in parts[index + 1 :]])
                return "公需必修课的{} {} 学时".format(names, format_hours(gap))
    return "公需必修课 {} 学时（学完并通过考试）".format(format_hours(gap))


def rule_basis(applicable):
    """The clauses a year's verdict rests on (total, share, required course), each once: "桂人社函〔2026〕196号
    一、（二）2；桂人社函〔2026〕196号 一、（一）1"."""
    citations = [applicable["total_minimum"]["citation"], applicable["professional_share"]["citation"]]
    if applicable["public_required"] is not None:
        citations.append(applicable["public_required"]["citation"])
    unique = []
    for citation in citations:
        if citation not in unique:
            unique.append(citation)
    return "；".join(unique)


def blank_is_zero(value):
    """A blank hours value (empty or only spaces) means 0, as the form says (“没有就填 0 或留空”): in the form,
    on the command line and in every cell of a batch alike."""
    if isinstance(value, str) and normalise(value) == "":
        return "0"
    return value


def _parse_inputs(applicable, public_required, public_elective, professional):
    year = applicable["year"]
    limit = hours_in_year(year)
    raw = {"public_required": public_required, "public_elective": public_elective, "professional": professional}
    values = {}
    for field, label in FIELDS:
        values[field] = parse_hours(blank_is_zero(raw[field]), label, field, limit)
    total = values["public_required"] + values["public_elective"] + values["professional"]
    if total > limit * HUNDREDTHS:
        raise InputError(
            "三项合计 {} 学时，超过了 {} 年全年的 {} 个小时，请核对".format(format_hours(total), year, limit)
        )
    course = applicable["public_required"]
    if course is not None and values["public_required"] > course["hours"] * HUNDREDTHS:
        raise InputError(
            "公需必修：填了 {} 学时，但 {} 年公需科目必修课全部完成共 {} 学时（{}），不会更多；选修课请填在“公需选修”".format(
                format_hours(values["public_required"]), year, course["hours"], course["citation"]
            ),
            "public_required",
        )
    return values


def check_person(rules, year, public_required, public_elective, professional, as_of=None):
    """Check one person's hours for one year; the result is a plain dict of lists (never relying on dict order).

    `rules` is load_rules(...) output; `year` an int or text; the hours as typed (text or int) and
    parsed exactly into hundredths; `as_of` an optional date (text or datetime.date). Bad input raises
    InputError with a Chinese message. The verdict `passed` is True exactly when every checked rule passed.
    """
    applicable = year_rules(rules, year)
    year = applicable["year"]
    values = _parse_inputs(applicable, public_required, public_elective, professional)
    as_of_date = None
    if as_of is not None and as_of != "":
        as_of_date = parse_date(as_of, "查询日期", "as_of")
    required = values["public_required"]
    elective = values["public_elective"]
    professional_hours = values["professional"]
    total = required + elective + professional_hours
    rules_checked = [
        rule_total_minimum(applicable, total),
        rule_professional_share(applicable, professional_hours, total),
        rule_public_required(applicable, required),
    ]
    passed = True
    for rule in rules_checked:
        if rule["passed"] is False:
            passed = False
        rule["help"] = help_for(rules, rule)
    required_gap, professional_gap = to_pass(applicable, required, total, professional_hours)
    notice = applicable["notice"]
    result = {
        "year": year,
        "passed": passed,
        "notice_on_file": notice is not None,
        "verdict": explain.verdict_text(passed, notice is not None),
        "basis": applicable["basis"],
        "document": None
        if notice is None
        else {
            "number": notice["document"]["number"],
            "title": notice["document"]["title"],
            "label": notice["document"]["label"],
        },
        "inputs": {
            "public_required": hours_number(required),
            "public_elective": hours_number(elective),
            "professional": hours_number(professional_hours),
        },
        "total": hours_number(total),
        "as_of": None if as_of_date is None else as_of_date.isoformat(),
        "rules": rules_checked,
        "to_pass": {
            "public_required": hours_number(required_gap),
            "professional": None if professional_gap is None else hours_number(professional_gap),
        },
        "warnings": warnings_for(applicable, elective),
        "deadlines": deadline_status(applicable["deadlines"], as_of_date),
        "makeup": None if applicable["makeup"] is None else makeup_window(applicable["makeup"]),
        "makeup_for_this_year": makeup_status(applicable["makeup_for_this_year"], as_of_date),
        "consequences": explain.consequences(applicable["consequences"], rules_checked, passed),
        "system_url": applicable["system_url"]["url"],
        "contacts": [contact_item(contact) for contact in applicable["contacts"]],
        "rules_version": rules_version(rules),
    }
    result["next_steps"] = explain.next_steps(result, applicable)
    result["missing"] = missing_sentence(applicable, required, total, professional_hours)
    result["basis_clauses"] = rule_basis(applicable)
    return result


def contact_item(contact):
    """A contact as reported: each of its phones, e-mail and hours with the clause that prints it."""
    return {
        "name": contact["name"],
        "phones": contact.get("phones") or [],
        "phones_source": contact.get("phones_citation"),
        "email": contact.get("email"),
        "email_source": contact.get("email_citation"),
        "hours": contact.get("hours"),
        "hours_source": contact.get("hours_citation"),
    }


def help_for(rules, rule):
    """Where to read more about a rule that is not met (or not checked): the FAQ answers and guides that
    rules.json lists for it (`help`, from data/faq.yaml), as a list of {"kind", "title", "url"}, the url
    relative to the site root ("faq/#total-hours"). Empty for a rule that passed."""
    if rule["passed"] is True:
        return []
    links = rules.get("help") or {}
    out = []
    for link in links.get(rule["id"]) or []:
        out.append({"kind": link["kind"], "title": link["title"], "url": link["url"]})
    return out


def warnings_for(applicable, elective):
    """Warnings, not failures: the year's notice is missing; electives above what the notice says they give."""
    warnings = []
    year = applicable["year"]
    if applicable["notice"] is None:
        warnings.append({"id": "notice-missing", "message": explain.notice_missing_message(applicable)})
    course = applicable["public_elective"]
    if course is not None and course["hours"] is not None and elective > course["hours"] * HUNDREDTHS:
        warnings.append(
            {
                "id": "elective-above-notice",
                "message": explain.elective_above_message(year, elective, course),
            }
        )
    return warnings


def deadline_status(deadlines, as_of):
    """The year's deadlines for the person and the employer, by date; with `as_of`, whether each has passed.

    A deadline is inclusive (“12月31日前” still allows the 31st): it has passed when as_of is later.
    """
    out = []
    for deadline in deadlines:
        item = {
            "id": deadline["id"],
            "date": deadline["date"],
            "description": deadline["description"],
            "who": deadline["who"],
            "audience": deadline["audience"],
            "printed": deadline["printed"],
            "source": deadline["citation"],
        }
        if as_of is not None:
            due = parse_date(deadline["date"])
            item["passed"] = as_of > due
            item["days_left"] = (due - as_of).days if as_of <= due else 0
        out.append(item)
    return out


def makeup_window(window):
    """A make-up window as reported: in `year`, the public required courses of from_year–to_year can be made up."""
    return {
        "year": window["year"],
        "from_year": window["from_year"],
        "to_year": window["to_year"],
        "counts_for": window["counts_for"],
        "text": window["text"],
        "source": window["citation"],
    }


def makeup_status(windows, as_of):
    """Later make-up windows for this year's public required course; with `as_of`, open, closed or not yet."""
    out = []
    for window in windows:
        item = makeup_window(window)
        if as_of is not None:
            if as_of.year == window["year"]:
                item["status"] = "open"
            elif as_of.year > window["year"]:
                item["status"] = "closed"
            else:
                item["status"] = "not-yet"
        out.append(item)
    return out
