"""Run the shared test vectors (tests/vectors/*.json) through the core: the one entry every runtime calls."""

import json

from calculator.check import check_person
from calculator.errors import InputError
from calculator.explain import render_text
from calculator.explain_record import render_record_text
from calculator.hours import format_hours, hundredths_of
from calculator.record import RecordError, check_record
from calculator.ruleset import load_rules
from calculator.training_hours import training_hours_from_rules


def _hours_text(number):
    """A result's hours as exact text ("61.1"), so every runtime prints the same (MicroPython's float repr differs)."""
    if number is None:
        return None
    return format_hours(hundredths_of(number))


def check_summary(result):
    """The parts of a check result that vectors compare, with hours as exact text and lists for order."""
    rules = {}
    for rule in result["rules"]:
        rules[rule["id"]] = {
            "passed": rule["passed"],
            "shortfall": _hours_text(rule["shortfall"]),
            "required": _hours_text(rule["required"]),
            "source": rule["source"],
            "help": [link["url"] for link in rule["help"]],
        }
    deadlines = {}
    for deadline in result["deadlines"]:
        deadlines[deadline["id"]] = {"date": deadline["date"], "passed": deadline.get("passed")}
    return {
        "passed": result["passed"],
        "total": _hours_text(result["total"]),
        "rules": rules,
        "rule_order": [rule["id"] for rule in result["rules"]],
        "to_pass": {
            "public_required": _hours_text(result["to_pass"]["public_required"]),
            "professional": _hours_text(result["to_pass"]["professional"]),
        },
        "warnings": sorted(warning["id"] for warning in result["warnings"]),
        "deadlines": deadlines,
        "makeup_for_this_year": [window["year"] for window in result["makeup_for_this_year"]],
        "next_steps": [step["id"] for step in result["next_steps"]],
        "consequences_applying": sorted(item["id"] for item in result["consequences"] if item["applies"]),
        "report": render_text(result),
    }


def run_check_case(rules, given):
    try:
        result = check_person(
            rules,
            given.get("year"),
            given.get("public_required"),
            given.get("public_elective"),
            given.get("professional"),
            given.get("as_of"),
        )
    except InputError as error:
        return {"error": {"field": error.field, "message": error.message}}
    return check_summary(result)


def record_summary(result):
    """The parts of a record result that vectors compare: per year (keyed by year) the verdict and the actions
    (keyed by id, with their order), the make-up, lost and unknown lists keyed by "year what", and the texts."""
    years = {}
    for item in result["years"]:
        actions = {}
        for action in item["actions"]:
            actions[action["id"]] = {
                "status": action["status"],
                "until": action["until"],
                "hours": _hours_text(action["hours"]),
                "source": action["source"],
                "message": action["message"],
            }
        years[str(item["year"])] = {
            "passed": item["passed"],
            "notice_on_file": item["notice_on_file"],
            "actions": actions,
            "action_order": [action["id"] for action in item["actions"]],
            "open_deadlines": [deadline["id"] for deadline in item["open_deadlines"]],
        }
    lists = {}
    for name in ("makeup", "lost", "unknown"):
        entries = {}
        for entry in result[name]:
            entries["{} {}".format(entry["year"], entry["missing"])] = {
                "until": entry.get("until"),
                "source": entry["source"],
                "conditional": entry["conditional"],
            }
        lists[name] = entries
    return {
        "as_of": result["as_of"],
        "year_order": [item["year"] for item in result["years"]],
        "years": years,
        "makeup": lists["makeup"],
        "lost": lists["lost"],
        "unknown": lists["unknown"],
        "summary": result["summary"],
        "notes": [note["id"] for note in result["notes"]],
        "report": render_record_text(result),
    }


def run_record_case(rules, given):
    try:
        result = check_record(rules, given.get("years"), given.get("as_of"))
    except RecordError as error:
        return {"error": {"field": error.field, "row": error.row, "message": error.message}}
    except InputError as error:
        return {"error": {"field": error.field, "message": error.message}}
    return record_summary(result)


def run_hours_case(rules, given):
    try:
        result = training_hours_from_rules(
            rules, given.get("start"), given.get("end"), given.get("start_half"), given.get("end_half")
        )
    except InputError as error:
        return {"error": {"field": error.field, "message": error.message}}
    return {"hours": result["hours"], "half_days": result["half_days"], "source": result["source"]}


def show(value):
    """A value as text that is the same on every runtime (json.dumps and repr differ on non-ASCII and dict order)."""
    if isinstance(value, dict):
        return "{" + ", ".join(show(key) + ": " + show(value[key]) for key in sorted(value)) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(show(item) for item in value) + "]"
    if isinstance(value, str):
        return '"' + value + '"'
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def matches(expected, actual, where="", problems=None):
    """Compare a vector's expectation with the actual output; returns a list of differences (empty when it matches).

    Dicts are compared on the keys the expectation names (so a vector states only what it is about);
    lists and plain values must be equal; under "error", "message_contains" checks a substring.
    """
    if problems is None:
        problems = []
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            problems.append("{}: expected an object, got {}".format(where or "/", show(actual)))
            return problems
        for key in sorted(expected):
            if key == "message_contains":
                message = actual.get("message") or ""
                if expected[key] not in message:
                    problems.append(
                        "{}/message: {} does not contain {}".format(where, show(message), show(expected[key]))
                    )
                continue
            if key not in actual:
                problems.append("{}/{}: missing".format(where, key))
                continue
            matches(expected[key], actual[key], where + "/" + key, problems)
    elif expected != actual:
        problems.append("{}: expected {}, got {}".format(where or "/", show(expected), show(actual)))
    return problems


def run_vectors(vectors_json, rules_json):
    """Run every case of one vectors file (kind "check", "hours" or "record") against the rules; returns JSON text.

    The output is a list, in the file's order, of {"name", "actual", "problems"}: identical on every
    runtime, which the runtime tests assert.
    """
    vectors = json.loads(vectors_json)
    rules = load_rules(rules_json)
    kind = vectors.get("kind")
    if kind == "check":
        run = run_check_case
    elif kind == "hours":
        run = run_hours_case
    elif kind == "record":
        run = run_record_case
    else:
        raise ValueError("unknown vectors kind: {}".format(kind))
    results = []
    for case in vectors["cases"]:
        actual = run(rules, case["input"])
        results.append({"name": case["name"], "actual": actual, "problems": matches(case["expect"], actual)})
    return json.dumps(results)
