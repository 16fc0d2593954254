"""Rules, deadlines, make-up window, system address and contacts proposed from the clauses' text, each with its clause.

Every proposal is found by a pattern over one sentence of one clause; what no pattern finds is left TODO
for the editor (nothing is carried over from last year). The editor confirms each proposal.
"""

from __future__ import annotations

import re
from typing import Any

from generator.data.import_notice.labels import numeral_value
from generator.data.import_notice.structure import Clause
from generator.data.todo import TODO

SENTENCE = re.compile(r"[^。；;]+[。；;]?")
CHINESE_NUMBER = "[一二三四五六七八九十]+"
PHONE = re.compile(r"(0[0-9]{2,3}[-—][0-9]{6,8}|1[3-9][0-9]{9})")
EMAIL = re.compile(r"[A-Za-z0-9._-]+@[A-Za-z0-9.-]+\.[a-z]{2,}")
URL = re.compile(r"https?://[^\s）)<>，,。]+")
DATE = re.compile(r"(?:([0-9]{4})年)?([0-9]{1,2})月([0-9]{1,2})日(前|之前|以前)?")


def sentences(clause: Clause) -> list[str]:
    """The clause's sentences (split after 。 and ；), heading excluded."""
    found: list[str] = []
    for paragraph in clause.paragraphs:
        found.extend(part for part in SENTENCE.findall(paragraph) if part.strip())
    return found


def _first(clauses: list[Clause], pattern: re.Pattern[str]) -> tuple[re.Match[str], str, Clause] | None:
    for clause in clauses:
        for sentence in sentences(clause):
            match = pattern.search(sentence)
            if match:
                return match, sentence, clause
    return None


def todo(what: str) -> str:
    """A TODO value for a fact the text does not state."""
    return f"{TODO}：原文没有找到{what}，按原文填写"


TOTAL = re.compile(r"每(?:人每)?年[^，。；,]*?不[少低]于([0-9]{1,6})学时")
SHARE = re.compile(
    rf"(?:其中)?专业科目[^，。；,]*?不[少低]于总学时的(?:({CHINESE_NUMBER})分之({CHINESE_NUMBER})|(\d{{1,6}})/(\d{{1,6}})|(\d{{1,6}})%)"
)
TOPICS = re.compile(r"学习主题[^《。]*((?:《[^》]+》[和、及与]?)+)")
REQUIRED_HOURS = re.compile(
    r"[^，。；]*必修课[^，。；]*，可获得(\d{1,6})个?学时。?|必修课(?:程)?学时(?:为|计|共)(\d{1,6})个?学时"
)
PARTS = re.compile(
    r"其中([\u4e00-\u9fff]{2,8}?)计([0-9]{1,6})个?学时，(?:([\u4e00-\u9fff]{2,8}?)计([0-9]{1,6})个?学时，)?共计([0-9]{1,6})个?学时[。]?"
)
ELECTIVE = re.compile(r"围绕(.+?)等领域[^。]*选修课[^。]*。")
ELECTIVE_HOURS = re.compile(r"选修课程?后，可获得([0-9]{1,6})个?学时。")
ELECTIVE_ANY = re.compile(r"选修课")
ATTEMPTS = re.compile(r"(?:常规考|考试共|共设|可考)(\d{1,6})次")
PASS_MARK = re.compile(r"(?<!\d)(\d{2,3})分(?:及格|合格|以上)|合格(?:分数线|线|标准)为(\d{2,3})分")
CARRY = re.compile(r"结转|跨年登记")
PUBLIC_TOTAL = re.compile(r"完成全部公需科目[^。]*?(?<!\d)(\d{1,6})个?学时")
MAKEUP = re.compile(r"([0-9]{4})年至([0-9]{4})年未完成[^。]*。")


def propose_rules(clauses: list[Clause], annex_clauses: list[Clause]) -> dict[str, Any]:
    """The `rules` of the data model from the body's clauses (pass mark also from annexes)."""
    rules: dict[str, Any] = {}
    found = _first(clauses, TOTAL)
    rules["total_hours"] = (
        {"minimum": int(found[0].group(1)), "text": found[0].group(0), "source": found[2].id}
        if found
        else {"minimum": todo("每年总学时"), "text": todo("原句"), "source": todo("出处条款")}
    )
    found = _first(clauses, SHARE)
    rules["professional_share"] = (
        {**_fraction(found[0]), "text": found[0].group(0), "source": found[2].id}
        if found
        else {
            "numerator": todo("专业科目比例"),
            "denominator": todo("专业科目比例"),
            "text": todo("原句"),
            "source": todo("出处条款"),
        }
    )
    rules["public_required"] = _public_required(clauses)
    rules["public_elective"] = _public_elective(clauses)
    found = _first(clauses, PUBLIC_TOTAL)
    rules["public_total"] = (
        {"hours": int(found[0].group(1)), "text": found[1].strip(), "source": found[2].id} if found else None
    )
    rules["exam"] = _exam(clauses, annex_clauses)
    found = _first(clauses, CARRY)
    if found:
        rules["carry_over"] = {
            "allowed": not re.search(r"不得|不能|不可|不予", found[1]),
            "text": found[1].strip(),
            "source": found[2].id,
        }
    else:
        rules["carry_over"] = None
    return rules


def _fraction(match: re.Match[str]) -> dict[str, Any]:
    """三分之二, 2/3 or 67% as numerator and denominator (TODO for a numeral that is no number, such as 二三)."""
    if match.group(1):
        numerator, denominator = numeral_value(match.group(2)), numeral_value(match.group(1))
        return {
            "numerator": todo("专业科目比例的分子") if numerator is None else numerator,
            "denominator": todo("专业科目比例的分母") if denominator is None else denominator,
        }
    if match.group(3):
        return {"numerator": int(match.group(3)), "denominator": int(match.group(4))}
    return {"numerator": int(match.group(5)), "denominator": 100}


def _public_required(clauses: list[Clause]) -> dict[str, Any]:
    topics = _first(clauses, TOPICS)
    parts = _first(clauses, PARTS)
    hours = _first(clauses, REQUIRED_HOURS)
    result: dict[str, Any] = {
        "topics": re.findall(r"《[^》]+》", topics[0].group(1)) if topics else [todo("必修课学习主题")],
        "hours": todo("必修课学时"),
        "parts": [],
        "text": todo("规定必修课学时的句子"),
        "source": topics[2].id if topics else todo("出处条款"),
    }
    if parts:
        match = parts[0]
        result["hours"] = int(match.group(5))
        result["parts"] = [{"name": match.group(1), "hours": int(match.group(2))}]
        if match.group(3):
            result["parts"].append({"name": match.group(3), "hours": int(match.group(4))})
        result["text"] = match.group(0)
        result["source"] = parts[2].id
    elif hours:
        result["hours"] = int(hours[0].group(1) or hours[0].group(2))
        result["text"] = hours[0].group(0)
        result["source"] = hours[2].id
    return result


def _public_elective(clauses: list[Clause]) -> dict[str, Any]:
    found = _first(clauses, ELECTIVE)
    if found:
        areas = [area for area in re.split(r"[、和及与]", found[0].group(1)) if area]
        text = found[1].strip()
        hours: int | None = None
        following = sentences(found[2])
        index = following.index(found[1])
        if index + 1 < len(following):
            more = ELECTIVE_HOURS.search(following[index + 1])
            if more:
                hours = int(more.group(1))
                text += following[index + 1].strip()
        return {"hours": hours, "areas": areas, "text": text, "source": found[2].id}
    found = _first(clauses, ELECTIVE_ANY)
    if found:
        return {"hours": None, "areas": [], "text": found[1].strip(), "source": found[2].id}
    return {"hours": None, "areas": [], "text": todo("选修课的句子"), "source": todo("出处条款")}


def _exam(clauses: list[Clause], annex_clauses: list[Clause]) -> dict[str, Any]:
    found = _first(clauses, ATTEMPTS)
    mark = _first(clauses + annex_clauses, PASS_MARK)
    return {
        "attempts": int(found[0].group(1)) if found else todo("考试次数"),
        "pass_mark": int(mark[0].group(1) or mark[0].group(2)) if mark else None,
        "pass_mark_source": mark[2].id if mark else None,
        "text": found[1].strip() if found else todo("考试次数的句子"),
        "source": found[2].id if found else todo("出处条款"),
    }


def propose_makeup(clauses: list[Clause]) -> dict[str, Any] | None:
    found = _first(clauses, MAKEUP)
    if not found:
        return None
    return {
        "from_year": int(found[0].group(1)),
        "to_year": int(found[0].group(2)),
        "counts_for": "own-year",
        "text": found[0].group(0),
        "source": found[2].id,
    }


def propose_system_url(clauses: list[Clause]) -> dict[str, Any]:
    found = _first(clauses, URL)
    if not found:
        return {"url": todo("信息管理系统网址"), "source": todo("出处条款")}
    return {"url": found[0].group(0), "source": found[2].id}


AUDIENCES = (
    ("试点单位", "pilot-unit"),
    ("人力资源社会保障局", "city-bureau"),
    ("人力资源社会保障部门", "city-bureau"),
    ("培训机构", "training-institution"),
    ("基地", "base"),
    ("单位", "employer"),
    ("技术人员", "person"),
)
SUBJECT = re.compile(r"^(.{2,30}?)(?:应当|应|要|须|需|，|,)?于(?=[0-9])")
CLAUSE_SUBJECT = re.compile(r"^(.{2,30}?)(?:应当|应|要|须)")


def audience_of(who: str) -> str | None:
    """The data model's audience for a named party (person, employer, …), None when it names none."""
    for word, audience in AUDIENCES:
        if word in who:
            return audience
    return None


def propose_deadlines(clauses: list[Clause], year: int) -> list[dict[str, Any]]:
    """Every dated deadline in the body: what, who, date (a date without a year is in the notice's year), clause."""
    deadlines: list[dict[str, Any]] = []
    for clause in clauses:
        clause_sentences = sentences(clause)
        who_before: str | None = None
        for sentence in clause_sentences:
            for match in DATE.finditer(sentence):
                if not match.group(4):
                    continue
                found = _deadline(sentence, match, clause, clause_sentences, year, who_before)
                who_before = found[0]["who"]
                deadlines.extend(found)
    return deadlines


def _who(sentence: str, end: int) -> str | None:
    """The nearest comma-separated part before the date that names who must act, cut before 应/要."""
    segments = re.split(r"[，,]", sentence[:end])
    for segment in reversed(segments):
        who = re.sub(r"^\d{1,2}\s*[.．]\s*", "", re.split(r"应当|应于|应|要|须|于(?=[0-9])", segment)[0].strip())
        if audience_of(who) is not None and len(who) <= 150:
            return who
    return None


def _deadline(
    sentence: str,
    match: re.Match[str],
    clause: Clause,
    clause_sentences: list[str],
    year: int,
    who_before: str | None,
) -> list[dict[str, Any]]:
    after = sentence[match.end() :].lstrip("，,")
    description = re.split(r"[，,。；;]", after)[0]
    who = _who(sentence, match.start())
    if who is None:
        first = CLAUSE_SUBJECT.match(clause_sentences[0]) if clause_sentences else None
        if sentence.startswith("于") and who_before:
            who = who_before
        elif first and audience_of(first.group(1)):
            who = first.group(1)
            description = sentence.rstrip("。；;")
        else:
            who = todo("责任主体")
            description = sentence.rstrip("。；;")
    printed = match.group(0)
    day = f"{int(match.group(1) or year):04d}-{int(match.group(2)):02d}-{int(match.group(3)):02d}"
    audience = audience_of(who) or todo(
        "面向谁（person、employer、city-bureau、training-institution、base、pilot-unit）"
    )
    base = {
        "id": "",
        "description": description,
        "who": who,
        "audience": audience,
        "date": day,
        "printed": printed,
        "source": clause.id,
    }
    if "及其所在单位" in who and "和单位" in description:
        own, _, employer = description.partition("和")
        person = dict(base, description=own, who=who.split("及")[0], audience="person")
        review = dict(base, description=employer, who="所在单位", audience="employer")
        return [person, review]
    return [base]


def assign_deadline_ids(deadlines: list[dict[str, Any]], previous: list[dict[str, Any]]) -> None:
    """Each deadline takes the id of last year's deadline for the same audience it resembles most, else a new id."""
    taken: set[str] = set()
    for deadline in deadlines:
        best, score = None, 0.0
        for old in previous:
            if old["audience"] != deadline["audience"] or old["id"] in taken:
                continue
            similarity = _similarity(old["description"], deadline["description"])
            if similarity > score:
                best, score = old["id"], similarity
        same_audience = [
            old["id"] for old in previous if old["audience"] == deadline["audience"] and old["id"] not in taken
        ]
        if best is not None and score >= 0.3:
            deadline["id"] = best
        elif len(same_audience) == 1:
            deadline["id"] = same_audience[0]
        else:
            count = 1
            audience = deadline["audience"] if not str(deadline["audience"]).startswith(TODO) else "deadline"
            while f"{audience}-{count}" in taken:
                count += 1
            deadline["id"] = f"{audience}-{count}"
        taken.add(deadline["id"])


def _similarity(first: str, second: str) -> float:
    """Share of character pairs in common (Dice on bigrams)."""
    pairs_a = {first[i : i + 2] for i in range(len(first) - 1)}
    pairs_b = {second[i : i + 2] for i in range(len(second) - 1)}
    if not pairs_a or not pairs_b:
        return 0.0
    return 2 * len(pairs_a & pairs_b) / (len(pairs_a) + len(pairs_b))


CONTACT_HEADING = re.compile(r"联系|咨询|培训服务")


def propose_contacts(clauses: list[Clause]) -> list[dict[str, Any]]:
    """Contacts from the clause headed 联系… (and its sub-clauses): a line without ： names a contact, the lines after it give its phone, e-mail and hours."""
    contacts: list[dict[str, Any]] = []
    parents = [
        clause.id
        for clause in clauses
        if clause.heading and CONTACT_HEADING.search(clause.heading) and "、" not in clause.id
    ]
    for clause in clauses:
        if not any(clause.id == parent or clause.id.startswith(parent + "、") for parent in parents):
            continue
        for paragraph in ([clause.heading] if clause.heading and clause.id not in parents else []) + clause.paragraphs:
            provided = re.search(r"由(.{4,30}?)提供", paragraph)
            if ("：" not in paragraph and ":" not in paragraph) or provided:
                name = provided.group(1) if provided else paragraph
                person = None
                if not provided and "，" in name:
                    name, person = name.split("，", 1)
                contacts.append(_contact(name, person, clause.id))
                continue
            if not contacts:
                contacts.append(_contact(todo("联系部门名称"), None, clause.id))
            contact = contacts[-1]
            for field in re.split(r"[，,；;]", paragraph):
                parts = re.split(r"[：:]", field, maxsplit=1)
                label, value = re.sub(r"\s", "", parts[0]), "".join(parts[1:])
                if "联系人" in label and value:
                    contact["person"] = value.strip()
                elif "时间" in label and value:
                    contact["hours"] = paragraph.split("：", 1)[-1].rstrip("。")
                    contact["hours_source"] = contact["hours_source"] or clause.id
                    break
            phones = [phone for phone in PHONE.findall(paragraph) if phone not in contact["phones"]]
            if phones:
                contact["phones"].extend(phones)
                contact["phones_source"] = contact["phones_source"] or clause.id
            email = EMAIL.search(paragraph)
            if email:
                contact["email"] = email.group(0)
                contact["email_source"] = clause.id
    return contacts


def _contact(name: str, person: str | None, source: str) -> dict[str, Any]:
    """A contact named in clause `source`; its phones, e-mail and hours each cite the clause that prints them."""
    return {
        "name": name,
        "person": person,
        "phones": [],
        "email": None,
        "hours": None,
        "source": source,
        "phones_source": None,
        "email_source": None,
        "hours_source": None,
    }
