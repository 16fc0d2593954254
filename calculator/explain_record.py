"""The record check's Chinese wording: what can still be done per year, what cannot and why, the summary, the report."""

from calculator.explain import h, version_text
from calculator.hours import hundredths_of
from calculator.ruleset import _years_text, years_on_file


def _required_prefix(year, missing, conditional, deadline):
    if conditional:
        return "如果 {} 年公需科目必修课没有完成（{} 年度的通知未收录，是否完成、需要多少学时都无从核对）：".format(
            year, year
        )
    prefix = "{} 年公需科目必修课还差 {} 学时".format(year, h(missing))
    if deadline is not None:
        prefix += "，当年的期限（{}，{}）已过".format(deadline["date"], deadline["source"])
    return prefix + "："


def in_year_message(year, missing, deadline, later):
    text = "在 {} 前登录信息管理系统学完 {} 年公需科目必修课并通过考试：还差 {} 学时（{}）".format(
        deadline["date"], year, h(missing), deadline["source"]
    )
    if later:
        text += "；逾期未完成的，已收录的通知还安排了补学补考：{}".format(
            "、".join("{} 年度内（{}）".format(window["year"], window["citation"]) for window in later)
        )
    return text


def _window_text(year, window, as_of):
    until = "{}-12-31".format(window["year"])
    if as_of.year == window["year"]:
        when = "现在（{} 年度内，至 {}）".format(window["year"], until)
    else:
        when = "{} 年度（{}-01-01 至 {}）".format(window["year"], window["year"], until)
    return "{}可以补学补考，完成学习并通过考试后计入 {} 年度（{}）".format(when, year, window["citation"])


def makeup_message(year, missing, windows, as_of, conditional, deadline):
    parts = [_window_text(year, window, as_of) for window in windows]
    return _required_prefix(year, missing, conditional, deadline) + "；".join(parts)


def no_makeup_message(year, missing, windows, as_of, conditional, deadline, latest, every_window):
    text = _required_prefix(year, missing, conditional, deadline)
    if windows:
        text += "已收录的通知中，补学补考 {} 年公需科目的安排是 {}，都已结束".format(
            year,
            "、".join(
                "{} 年度（至 {}-12-31，{}）".format(window["year"], window["year"], window["citation"])
                for window in windows
            ),
        )
    else:
        text += "已收录的通知中没有补学补考 {} 年公需科目的安排（补学补考的只有{}）".format(
            year,
            "、".join(
                "{}–{} 年（{} 年度，{}）".format(
                    window["from_year"], window["to_year"], window["year"], window["citation"]
                )
                for window in every_window
            ),
        )
    last = windows[len(windows) - 1]["year"] if windows else year
    if as_of.year > latest:
        text += "；{} 年度及以后的通知未收录，其中是否再安排补学补考无从知道，请留意新通知".format(latest + 1)
    else:
        text += "；{} 年度以后已收录的通知没有再安排补学补考 {} 年的公需科目，已无法补".format(last, year)
    return text


def _required_basis(required_gap):
    if required_gap > 0:
        return "（已把公需必修还差的 {} 学时算进总学时）".format(h(required_gap))
    return ""


def professional_impossible_message(year):
    return "只增加专业科目学时无法满足 {} 年专业科目比例的要求，请核对填写的学时".format(year)


def professional_unknown_message(year, needed, required_gap):
    return (
        "{} 年还需 {} 学时专业科目{}；{} 年度的通知未收录，专业科目学时的登记期限无从核对，能否补登请以信息管理系统为准"
    ).format(year, h(needed), _required_basis(required_gap), year)


def _carry_over_text(year, carry_over):
    if carry_over is not None:
        return "{}（{}）".format(carry_over["text"].rstrip("。"), carry_over["citation"])
    return "{} 年的通知没有写明学时能否跨年登记或结转到以后年度".format(year)


def register_message(year, needed, required_gap, registration, review, carry_over, as_of):
    text = "{} 年还需 {} 学时专业科目{}：在 {} 前登录信息管理系统登记并提交所在单位审验（{}）".format(
        year, h(needed), _required_basis(required_gap), registration["date"], registration["source"]
    )
    if review is not None and review["date"] != registration["date"]:
        text += "，单位在 {} 前审验（{}）".format(review["date"], review["source"])
    return text + "。" + _carry_over_text(year, carry_over)


def professional_closed_message(year, needed, registration, carry_over):
    return "{} 年还差 {} 学时专业科目，已无法补：登记期限 {}（{}）已过（{}）；{}".format(
        year,
        h(needed),
        registration["date"],
        registration["printed"],
        registration["source"],
        _carry_over_text(year, carry_over),
    )


def record_notes(rules, checked):
    """Notes for the whole record: what the notices on file say about title applications, and what they leave open."""
    said = []
    for year in years_on_file(rules):
        for item in rules["years"][str(year)]["consequences"]:
            if item["id"] == "professional-title":
                said.append("{}（{}）".format(item["text"].rstrip("。"), item["citation"]))
    notes = []
    if said:
        notes.append(
            {
                "id": "professional-title",
                "message": "职称申报："
                + "；".join(said)
                + "。除此之外，已收录的通知没有写明申报职称时要看哪几个年度的记录"
                "（如自取得现职称以来的每一年）：请按申报通知或评审部门的要求自行选择要核对的年度",
            }
        )
    return notes


def action_phrase(year, action):
    """A short phrase of one action (2023 年公需必修课可在 2026-12-31 前补学补考): the summary line's parts."""
    what = action["what"]
    status = action["status"]
    if what == "public-required":
        subject = "{} 年公需必修课{}".format(year, "如未完成，" if action.get("conditional") else "")
        if status == "can":
            verb = "完成" if action["id"] == "public-required-in-year" else "补学补考"
            return "{}可在 {} 前{}".format(subject, action["until"], verb)
        if status == "none-on-file":  # no arrangement on file that is still open: none at all, or all ended
            return subject + ("已收录的补学补考安排都已结束" if action["windows"] else "已收录的通知中没有补学安排")
        return subject + "已无法补"
    if status == "can":
        return "{} 年专业科目还需 {} 学时，可在 {} 前登记".format(
            year, h(hundredths_of(action["hours"])), action["until"]
        )
    if status == "unknown":
        return "{} 年专业科目还需 {} 学时（登记期限无从核对）".format(year, h(hundredths_of(action["hours"])))
    return "{} 年专业科目已无法补".format(year)


def summary_line(result):
    """2022–2026：3 年达标，2023 年公需必修课可在 2026-12-31 前补学补考，2024 年专业科目已无法补。"""
    years = [item["year"] for item in result["years"]]
    passed = len([item for item in result["years"] if item["passed"]])
    failed = len(result["years"]) - passed
    standing = len([item for item in result["years"] if not item["notice_on_file"]])
    parts = ["{} 年达标".format(passed)]
    if failed:
        parts.append("{} 年未达标".format(failed))
    if standing:
        parts.append("其中 {} 年按常设规则核对（通知未收录，公需必修课未核对）".format(standing))
    for item in result["years"]:
        for action in item["actions"]:
            parts.append(action_phrase(item["year"], action))
    return "{}：{}".format(_years_text(years), "，".join(parts))


ACTION_LABELS = {"can": "还可以", "cannot": "已无法补", "unknown": "无从核对", "none-on-file": "没有收录的安排"}
"""How the report names what can be done about a shortfall (record.py's action statuses)."""


def render_record_text(result):
    """The whole record as a plain-text Chinese report (what `python -m calculator record` prints)."""
    lines = [
        "继续教育学时多年记录（截至 {}）".format(result["as_of"]),
        result["summary"],
        "依据的{}".format(version_text(result["rules_version"])),
    ]
    for item in result["years"]:
        inputs = item["inputs"]
        lines.append("")
        lines.append(
            "{} {} 年度（依据 {}）：公需必修 {} + 公需选修 {} + 专业科目 {} = 总学时 {}".format(
                "[{}]".format(item["verdict"]),
                item["year"],
                item["basis"],
                h(hundredths_of(inputs["public_required"])),
                h(hundredths_of(inputs["public_elective"])),
                h(hundredths_of(inputs["professional"])),
                h(hundredths_of(item["total"])),
            )
        )
        for rule in item["rules"]:
            mark = "✓" if rule["passed"] is True else ("✗" if rule["passed"] is False else "–")
            source = "（{}）".format(rule["source"]) if rule["source"] else ""
            lines.append("  {} {}：{}{}".format(mark, rule["title"], rule["message"], source))
        for action in item["actions"]:
            label = ACTION_LABELS[action["status"]]
            lines.append("  → {}：{}".format(label, action["message"]))
        for deadline in item["open_deadlines"]:
            lines.append(
                "  期限：{}（{}）{}：{}（{}）".format(
                    deadline["date"], deadline["printed"], deadline["who"], deadline["description"], deadline["source"]
                )
            )
        for item_consequence in item["consequences"]:
            lines.append("  ! {}（{}）".format(item_consequence["text"], item_consequence["source"]))
    if result["notes"]:
        lines.append("")
        lines.append("说明：")
        for note in result["notes"]:
            lines.append("- " + note["message"])
    return "\n".join(lines) + "\n"
