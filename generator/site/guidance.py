"""The FAQ and the guides as the site's pages show them: question groups, guide order, audiences.

Pure functions of the `faq` and `guide` data (data/faq.yaml, data/guides/*.yaml). Their URLs and the
calculator's help links are in links/help_links.py; the guide file names a guide may not take
(RESERVED_GUIDE_NAMES) in data/references.py, which checks them.
"""

from __future__ import annotations

from typing import Any

FAQ_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "requirements",
        "学时要求",
        ("total-hours", "public-required-hours", "public-elective-hours", "carry-over", "who-must-attend"),
    ),
    (
        "public-course",
        "公需科目：学习、考试和补学",
        ("exam-attempts", "makeup-earlier-years", "public-hours-registration", "certificates", "system-address"),
    ),
    (
        "registration",
        "专业科目：登记和审核",
        (
            "registration-deadline",
            "training-across-years",
            "paper-hours",
            "digital-engineer-training",
            "industry-systems",
            "registration-rejected",
            "wrong-unit",
            "registration-truth",
        ),
    ),
    ("consequences", "结果使用和咨询", ("annual-review", "makeup-before-title-application", "contacts")),
)
"""How the FAQ page groups the questions: (anchor, heading, question ids). Presentation only: a question
not listed here is shown under OTHER_GROUP; within a group the questions keep faq.yaml's order."""

OTHER_GROUP = ("other", "其他问题")

TRUTHFUL_QUESTION = "registration-truth"
"""The question whose answers and cited clauses make the page on registering truthfully."""

AUDIENCES = {"person": "专业技术人员", "employer": "单位管理员"}


def grouped_questions(faq: dict[str, Any]) -> list[dict[str, Any]]:
    """The questions by group, in page order: [{"id", "title", "questions"}], empty groups left out."""
    questions = faq.get("questions", [])
    placed = {question_id for _, _, ids in FAQ_GROUPS for question_id in ids}
    groups = []
    for anchor, title, ids in FAQ_GROUPS:
        members = [question for question in questions if question["id"] in ids]
        if members:
            groups.append({"id": anchor, "title": title, "questions": members})
    others = [question for question in questions if question["id"] not in placed]
    if others:
        groups.append({"id": OTHER_GROUP[0], "title": OTHER_GROUP[1], "questions": others})
    return groups


def guide_order(guides: dict[str, dict[str, Any]]) -> list[str]:
    """Guide names in reading order: the person's guides first, then by annex, then by name."""
    audiences = list(AUDIENCES)

    def key(stem: str) -> tuple[int, int, str]:
        guide = guides[stem]
        audience = audiences.index(guide["audience"]) if guide["audience"] in audiences else len(audiences)
        return audience, guide["annex"] if guide["annex"] is not None else 999, stem

    return sorted(guides, key=key)
