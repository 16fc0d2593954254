"""Lints on phones and e-mails: mobiles where office numbers are listed, odd separators, trailing punctuation."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.data.lint_kinds import LintFinding, finding
from generator.data.model import Data
from generator.data.yaml_source import SourceDocument

MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
OFFICE = re.compile(r"^0[0-9]{2,3}-[0-9]{6,8}$")
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
EMAIL_WITH_MARK = re.compile(r"([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}[。，；、,;.:：]+)\s*$")
"""An e-mail address at the end of a paragraph with punctuation after it ('…：gxpx365@126.com。')."""


def phone_fields(data: Data) -> Iterator[tuple[SourceDocument, tuple[str | int, ...], str]]:
    """(source, where, phone) for every phone in the directories and in the notices' contacts."""
    for source in data.sources.values():
        document = source.data
        if document["kind"] in ("bases", "training-institutions"):
            for index, row in enumerate(document["entries"]):
                if row.get("phone"):
                    yield source, ("entries", index, "phone"), row["phone"]
        elif document["kind"] == "notice":
            for index, contact in enumerate(document["contacts"]):
                for position, phone in enumerate(contact["phones"]):
                    yield source, ("contacts", index, "phones", position), phone


def contact_findings(data: Data) -> Iterator[LintFinding]:
    """Mobile numbers in office-number lists, phones not written 0xxx-xxxxxxx, e-mails with punctuation."""
    for source, where, phone in phone_fields(data):
        if MOBILE.match(phone):
            yield finding(
                "mobile-in-office-list", (phone,), source, where, f"电话栏列的是办公电话，这里却是手机号 {phone}"
            )
        elif not OFFICE.match(phone):
            message = f"电话 {phone} 不是“区号-号码”的写法（连接号应为半角 -，不带标点）"
            yield finding("phone-format", (phone,), source, where, message)
    for source in data.sources.values():
        document = source.data
        if document["kind"] != "notice":
            continue
        for index, contact in enumerate(document["contacts"]):
            email = contact["email"]
            if email and not EMAIL.match(email):
                yield finding(
                    "email-format", (email,), source, ("contacts", index, "email"), f"电子邮箱 {email} 的写法不规范"
                )
        for index, clause in enumerate(document["clauses"]):
            for position, paragraph in enumerate(clause["paragraphs"]):
                match = EMAIL_WITH_MARK.search(paragraph)
                if match:
                    yield finding(
                        "email-format",
                        (match[1],),
                        source,
                        ("clauses", index, "paragraphs", position),
                        f"{clause['id']} 中的电子邮箱后带标点：「{match[1]}」",
                    )
