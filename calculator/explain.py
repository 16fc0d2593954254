"""The calculator's Chinese wording: rule messages, warnings, consequences, next steps and the text report."""

from calculator.hours import format_hours, hundredths_of

_CHINESE_NUMBERS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

UNMET_CONSEQUENCES = ("annual-review", "professional-title", "evaluation-and-appointment", "qualification-registration")
"""Consequence ids that bite when the year's requirements are not met."""

CERTIFICATES = ("certificate-public", "certificate-complete")
REGISTRATION_NOTES = ("registration-truth", "registration-quality")

HELP_KINDS = {"faq": "常见问题", "guide": "操作指南"}
"""How the text report names a help link by its kind (参见：常见问题「…」 /faq/#total-hours)."""

HELP_SHOWN = {"faq": 3, "guide": 1}
"""How many help links of each kind the text report prints under a rule (the JSON has them all)."""


def fraction_text(numerator, denominator):
    """2, 3 → 三分之二 (as the notices write it); numbers above ten fall back to 2/3."""
    if 0 < numerator <= 10 and 0 < denominator <= 10:
        return _CHINESE_NUMBERS[denominator] + "分之" + _CHINESE_NUMBERS[numerator]
    return "{}/{}".format(numerator, denominator)


def h(hundredths):
    """Hours for people: 6110 → 61.1."""
    return format_hours(hundredths)


def total_message(total, minimum, shortfall):
    if shortfall <= 0:
        return "总学时 {}，达到 {} 学时".format(h(total), h(minimum))
    return "总学时 {}，不足 {} 学时：还差 {} 学时（公需、专业科目的学时都计入总学时）".format(
        h(total), h(minimum), h(shortfall)
    )


def share_message(professional, total, numerator, denominator, shortfall):
    fraction = fraction_text(numerator, denominator)
    least = -(-numerator * total // denominator)
    if shortfall == 0:
        return "专业科目 {} 学时，达到总学时 {} 的{}（至少 {} 学时）".format(
            h(professional), h(total), fraction, h(least)
        )
    if shortfall is None:
        return "专业科目 {} 学时，不足总学时 {} 的{}，且无法只靠增加专业科目补足".format(
            h(professional), h(total), fraction
        )
    return (
        "专业科目 {} 学时，不足总学时 {} 的{}（至少 {} 学时）：还需 {} 学时专业科目"
        "（增加的专业科目也计入总学时，已按增加后的总学时计算）"
    ).format(h(professional), h(total), fraction, h(least), h(shortfall))


def public_required_message(entered, hours, parts):
    if entered >= hours:
        return "公需科目必修课已完成（{} 学时）".format(h(hours))
    if entered == 0:
        detail = ""
        if parts:
            detail = "（" + " + ".join("{} {} 学时".format(part["name"], part["hours"]) for part in parts) + "）"
        return "公需科目必修课尚未取得学时：还差 {} 学时{}".format(h(hours), detail)
    done = 0
    for index in range(len(parts)):
        done += parts[index]["hours"] * 100
        if done == entered:
            finished = "、".join(part["name"] for part in parts[: index + 1])
            missing = "、".join("{}（{} 学时）".format(part["name"], part["hours"]) for part in parts[index + 1 :])
            return "公需科目必修课已有 {} 学时（{}已计入），还差 {} 学时：还需完成{}".format(
                h(entered), finished, h(hours - entered), missing
            )
    return "公需科目必修课已有 {} 学时，还差 {} 学时".format(h(entered), h(hours - entered))


def public_required_unknown_message(year):
    return "{} 年度的通知未收录，不知道当年必修课的学时，这一项无法核对（不计入结论）".format(year)


def notice_missing_message(applicable):
    standing = applicable["standing"]
    share = applicable["professional_share"]
    return (
        "{} 年度的通知未收录：按常设规则 {} 核对（每年不少于 {} 学时，专业科目不少于总学时的{}）；"
        "当年公需科目必修课的学时和各项期限无从核对，请以当年通知和信息管理系统的记录为准"
    ).format(
        applicable["year"],
        standing["document"],
        h(applicable["total_minimum"]["hundredths"]),
        fraction_text(share["numerator"], share["denominator"]),
    )


STANDING_ONLY_VERDICT = "按常设规则核对（未收录年度通知，必修课未核对）"
"""The headline when every checkable rule is met but the year's notice, hence its required course, is missing."""


def verdict_text(passed, notice_on_file):
    """The headline of a result: 达标, 未达标, or, without the year's notice, never a plain 达标."""
    if not passed:
        return "未达标"
    return "达标" if notice_on_file else STANDING_ONLY_VERDICT


STANDING_ONLY_CELL = "达标（常设规则，必修课未核对）"
"""STANDING_ONLY_VERDICT short enough for a table's 结论 cell (the batch's, calculator/table.py)."""


def verdict_cell(passed, notice_on_file):
    """verdict_text for a table cell: 达标, 未达标, or STANDING_ONLY_CELL (never a plain 达标 without the notice)."""
    if not passed:
        return "未达标"
    return "达标" if notice_on_file else STANDING_ONLY_CELL


def elective_above_message(year, elective, course):
    return "公需选修填了 {} 学时，超过 {} 年通知所说完成全部选修课可获得的 {} 学时（{}）：请核对；仍按填写的学时计算".format(
        h(elective), year, course["hours"], course["citation"]
    )


def _rule(rules, rule_id):
    for rule in rules:
        if rule["id"] == rule_id:
            return rule
    return None


def consequences(items, rules, passed):
    """The notice's stated consequences, each marked with whether it applies to this result.

    `kind` is unmet (applies when the year's requirements are not met), certificate (applies when
    that certificate can be printed), registration (advice on registering hours) or other.
    """
    public = _rule(rules, "public-required")
    out = []
    for item in items:
        kind = "other"
        applies = None
        if item["id"] in UNMET_CONSEQUENCES:
            kind = "unmet"
            applies = not passed
        elif item["id"] == "certificate-public":
            kind = "certificate"
            applies = None if public is None else public["passed"]
        elif item["id"] == "certificate-complete":
            kind = "certificate"
            applies = passed
        elif item["id"] in REGISTRATION_NOTES:
            kind = "registration"
        out.append(
            {"id": item["id"], "kind": kind, "applies": applies, "text": item["text"], "source": item["citation"]}
        )
    return out


def certificate_name(text, fallback):
    """The first 《…证书》 named in a clause, e.g. 《专业技术人员继续教育合格证书》; else `fallback`."""
    start = text.find("《")
    while start >= 0:
        end = text.find("》", start)
        if end < 0:
            break
        name = text[start : end + 1]
        if "证书" in name:
            return name
        start = text.find("《", end)
    return fallback


def find_by_id(items, item_id):
    """The item of `items` (rules, deadlines of a check's result) whose id is item_id, or None."""
    for item in items:
        if item["id"] == item_id:
            return item
    return None


def _open(deadline):
    """A deadline that is still ahead (or whose status is unknown because no as-of date was given)."""
    return deadline is not None and not deadline.get("passed", False)


def step(step_id, message, sources=None):
    """A next step: its message and the citations it rests on; with none it is the site's own advice (本站说明)."""
    cited = unique([source for source in (sources or []) if source])
    return {"id": step_id, "message": message, "sources": cited, "own": not cited}


def exam_text(exam):
    """The exam rule as the notice words it, with the pass mark when a clause states one."""
    text = exam["text"]
    if exam.get("pass_mark") is not None:
        text += "考试成绩 {} 分以上（含 {} 分）视为通过（{}）".format(
            exam["pass_mark"], exam["pass_mark"], exam.get("pass_mark_citation") or exam["citation"]
        )
    return text


def next_steps(result, applicable):
    """What to do next, in plain Chinese, most urgent first: a list of {"id", "message", "sources", "own"}."""
    steps = []
    year = result["year"]
    url = result["system_url"]
    deadlines = result["deadlines"]
    required_rule = _rule(result["rules"], "public-required")
    required_gap = hundredths_of(result["to_pass"]["public_required"])
    professional_gap = result["to_pass"]["professional"]
    professional_gap = None if professional_gap is None else hundredths_of(professional_gap)
    total = hundredths_of(result["total"])
    professional = hundredths_of(result["inputs"]["professional"])

    if not result["notice_on_file"]:
        steps.append(
            step(
                "check-notice",
                "{} 年度的通知未收录，以上按常设规则 {} 核对；当年公需科目必修课是否完成，请在信息管理系统（{}）中查看".format(
                    year, applicable["standing"]["document"], url
                ),
            )
        )

    if required_rule["passed"] is False or required_rule["passed"] is None:
        deadline = find_by_id(deadlines, "public-required")
        if required_rule["passed"] is False and (deadline is None or _open(deadline)):
            course = applicable["public_required"]
            when = "在 {} 前".format(deadline["date"]) if deadline is not None else ""
            message = "{}登录信息管理系统（{}）学完 {} 年公需科目必修课{}并通过考试：还差 {} 学时".format(
                when, url, year, "".join(course["topics"]), h(required_gap)
            )
            exam = applicable["exam"]
            sources = [deadline["source"] if deadline is not None else None, course["citation"]]
            if exam is not None:
                message += "。{}".format(exam_text(exam))
                sources.append(exam["citation"])
            steps.append(step("take-public-required", message, sources))
        else:
            windows = [window for window in result["makeup_for_this_year"] if window.get("status") != "closed"]
            prefix = ""
            if required_rule["passed"] is None:
                prefix = "如果 {} 年公需科目必修课没有完成：".format(year)
            elif deadline is not None:
                prefix = "{} 年公需科目必修课的期限（{}）已过：".format(year, deadline["date"])
            open_now = [window for window in windows if window.get("status") == "open"]
            if open_now:
                window = open_now[0]
                steps.append(
                    step(
                        "makeup-public-required",
                        "{}现在（{} 年度内）可以补学补考，完成学习并通过考试后计入 {} 年度".format(
                            prefix, window["year"], year
                        ),
                        [window["source"]],
                    )
                )
            elif windows:
                where = "、".join("{} 年度（{}）".format(window["year"], window["source"]) for window in windows)
                steps.append(
                    step(
                        "makeup-public-required",
                        "{}已收录的通知中，{}可以补学补考 {} 年未完成的公需科目，完成学习并通过考试后计入 {} 年度".format(
                            prefix, where, year, year
                        ),
                        [window["source"] for window in windows],
                    )
                )
            elif required_rule["passed"] is False:
                steps.append(
                    step(
                        "no-makeup",
                        "{}已收录的通知中没有补学补考 {} 年公需科目的安排，请留意之后年度的通知".format(prefix, year),
                    )
                )

    registration = find_by_id(deadlines, "professional-registration")
    if professional_gap is None:
        steps.append(step("add-professional", "只增加专业科目学时无法满足专业科目比例要求，请核对填写的学时"))
    elif professional_gap > 0:
        total_after = total + required_gap + professional_gap
        basis = ""
        if required_gap > 0:
            basis = "（已把公需必修还差的 {} 学时算进总学时）".format(h(required_gap))
        steps.append(
            step(
                "add-professional",
                "还需 {} 学时专业科目{}：达到后总学时 {}，其中专业科目 {}，总学时和专业科目比例两项要求都满足".format(
                    h(professional_gap), basis, h(total_after), h(professional + professional_gap)
                ),
            )
        )
    needs_professional = professional_gap is not None and professional_gap > 0
    if registration is not None and (needs_professional or (professional > 0 and _open(registration))):
        if _open(registration):
            steps.append(
                step(
                    "register-professional",
                    "在 {} 前登录信息管理系统登记 {} 年的专业科目学时并提交所在单位审验（公需科目学时自动计入，无需登记）".format(
                        registration["date"], year
                    ),
                    [registration["source"], applicable["system_url"].get("citation")],
                )
            )
        else:
            message = "{} 年专业科目学时的登记期限（{}）已过".format(year, registration["date"])
            sources = [registration["source"]]
            carry_over = applicable["carry_over"]
            if carry_over is not None:
                message += "；{}".format(carry_over["text"])
                sources.append(carry_over["citation"])
            steps.append(step("registration-closed", message, sources))
    review = find_by_id(deadlines, "employer-review")
    if review is not None and _open(review) and (professional > 0 or needs_professional):
        steps.append(
            step(
                "employer-review",
                "提醒{}在 {} 前完成专业科目学时的审验".format(review["who"], review["date"]),
                [review["source"]],
            )
        )
    for item in result["consequences"]:
        if item["kind"] != "certificate" or not item["applies"]:
            continue
        if item["id"] == "certificate-public":
            steps.append(
                step(
                    "print-certificate-public",
                    "公需科目必修课已完成，可在信息管理系统打印{}".format(certificate_name(item["text"], "证书")),
                    [item["source"]],
                )
            )
        else:
            steps.append(
                step(
                    "print-certificate-complete",
                    "单位审验通过后，可在信息管理系统打印{}".format(certificate_name(item["text"], "继续教育合格证书")),
                    [item["source"]],
                )
            )
    if result["passed"] and not steps:
        steps.append(step("done", "{} 年度的学时要求都已满足".format(year)))
    return steps


def step_text(item):
    """A next step as the text report prints it: the message, then its citations or 本站说明."""
    basis = "本站说明" if item["own"] else "依据 " + "；".join(unique(item["sources"]))
    return "{}（{}）".format(item["message"], basis)


def unique(values):
    """The values without repeats, in their order (no dict order on MicroPython)."""
    out = []
    for value in values:
        if value not in out:
            out.append(value)
    return out


def _mark(passed):
    if passed is None:
        return "[未核对]"
    return "[达标]" if passed else "[未达标]"


def help_lines(links):
    """A rule's help links as report lines: the first answers and guide, then how many more there are."""
    lines = []
    shown = {kind: 0 for kind in HELP_SHOWN}
    hidden = 0
    for link in links:
        kind = link["kind"]
        count = shown.get(kind, 0)
        if count < HELP_SHOWN.get(kind, 0):
            shown[kind] = count + 1
            lines.append("    参见：{}「{}」 /{}".format(HELP_KINDS.get(kind, "本站"), link["title"], link["url"]))
        else:
            hidden += 1
    if hidden:
        lines.append("    另有 {} 条相关的问答和指南：/faq/、/guides/".format(hidden))
    return lines


def _deadline_line(deadline):
    line = "{}（{}）{}：{}".format(deadline["date"], deadline["printed"], deadline["who"], deadline["description"])
    if "passed" in deadline:
        if deadline["passed"]:
            line += " —— 已过期"
        elif deadline["days_left"] == 0:
            line += " —— 今天截止"
        else:
            line += " —— 还有 {} 天".format(deadline["days_left"])
    return line + "（{}）".format(deadline["source"])


def version_text(version):
    """规则版本 3f2a9c1b04de（2026-12-02 编译）: how a verdict names the rules it used."""
    return "规则版本 {}（{} 编译）".format(version["id"], version["date"])


def render_text(result):
    """The whole result as a plain-text Chinese report (what `python -m calculator check` prints)."""
    inputs = result["inputs"]
    lines = [
        "{} 年度继续教育学时核对（依据 {}）".format(result["year"], result["basis"]),
        "填写：公需必修 {} + 公需选修 {} + 专业科目 {} = 总学时 {}".format(
            h(hundredths_of(inputs["public_required"])),
            h(hundredths_of(inputs["public_elective"])),
            h(hundredths_of(inputs["professional"])),
            h(hundredths_of(result["total"])),
        ),
        "结论：{}".format(result["verdict"]),
        "依据的{}".format(version_text(result["rules_version"])),
        "",
        "各项要求：",
    ]
    for rule in result["rules"]:
        source = "（{}）".format(rule["source"]) if rule["source"] else ""
        lines.append("{} {}：{}{}".format(_mark(rule["passed"]), rule["title"], rule["message"], source))
        lines.extend(help_lines(rule.get("help") or []))
    if result["warnings"]:
        lines.append("")
        lines.append("提醒：")
        for warning in result["warnings"]:
            lines.append("- " + warning["message"])
    lines.append("")
    lines.append("下一步：")
    for index in range(len(result["next_steps"])):
        lines.append("{}. {}".format(index + 1, step_text(result["next_steps"][index])))
    if result["deadlines"]:
        lines.append("")
        if result["as_of"]:
            lines.append("期限（截至 {}）：".format(result["as_of"]))
        else:
            lines.append("期限（给出查询日期可显示是否已过期）：")
        for deadline in result["deadlines"]:
            lines.append("- " + _deadline_line(deadline))
    if result["makeup"] is not None:
        makeup = result["makeup"]
        lines.append("")
        lines.append("本年度的补学补考安排（往年未完成的公需科目）：")
        lines.append("- {}（{}）".format(makeup["text"], makeup["source"]))
    unmet = [item for item in result["consequences"] if item["kind"] == "unmet"]
    if unmet and not result["passed"]:
        lines.append("")
        lines.append("未完成的后果（通知原文）：")
        for item in unmet:
            lines.append("- {}（{}）".format(item["text"], item["source"]))
    if result.get("contacts") and not result["passed"]:
        lines.append("")
        lines.append("咨询（通知所列联系方式）：")
        for contact in result["contacts"]:
            lines.append("- " + contact_text(contact))
    return "\n".join(lines) + "\n"


def contact_text(contact):
    """信息管理系统人工咨询服务：电话 0771-966111（…六、（二））；…: every part cited to its own clause."""
    parts = []
    if contact["phones"]:
        parts.append("电话 {}（{}）".format("、".join(contact["phones"]), contact["phones_source"]))
    if contact["email"]:
        parts.append("邮箱 {}（{}）".format(contact["email"], contact["email_source"]))
    if contact["hours"]:
        parts.append("{}（{}）".format(contact["hours"], contact["hours_source"]))
    return "{}：{}".format(contact["name"], "；".join(parts))


def hours_report(result):
    """The text printed by `python -m calculator hours`: the hours, and how they were counted."""
    return "{} 学时（{} 至 {}，共 {} 个半天，每半天 {} 学时；依据 {}）\n".format(
        result["hours"],
        result["start_text"],
        result["end_text"],
        result["half_days"],
        result["hours_per_half_day"],
        result["source"],
    )
