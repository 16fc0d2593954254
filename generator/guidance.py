"""The FAQ and the guides as the rest of the generator uses them: groups, page URLs and the calculator's help links.

Pure functions of the `faq` and `guide` data (data/faq.yaml, data/guides/*.yaml), so that both the
site (pages_guidance.py, pages_home.py) and the calculator's rules (compile_rules.py) link a rule of
the calculator to the same answers and guides.
"""

from __future__ import annotations

from typing import Any

from generator import urls

RULE_IDS = ("total-minimum", "professional-share", "public-required")
"""The calculator's rules, as faq.yaml names them in `rules`."""

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

RESERVED_GUIDE_NAMES = ("index", "registering-truthfully")
"""Guide file names that would collide with generated pages under guides/."""

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


def question_url(question_id: str) -> str:
    """A question's URL relative to the site root: 'faq/#total-hours'."""
    return f"{urls.page_url(urls.FAQ)}#{question_id}"


def guide_url(stem: str) -> str:
    """A guide's URL relative to the site root: 'guides/public-course/'."""
    return urls.page_url(urls.guide(stem))


def help_links(faq: dict[str, Any], guides: dict[str, dict[str, Any]]) -> dict[str, list[dict[str, str]]]:
    """For each calculator rule, where to read more when it fails: the questions naming it, then their guides.

    {"public-required": [{"kind": "faq", "title": "<question>", "url": "faq/#public-required-hours"}, …,
    {"kind": "guide", "title": "<guide title>", "url": "guides/public-course/"}]}; questions in faq.yaml's
    order, guides in the order the questions name them, each once. URLs are relative to the site root.
    """
    result: dict[str, list[dict[str, str]]] = {}
    for rule_id in RULE_IDS:
        questions = [question for question in faq.get("questions", []) if rule_id in question["rules"]]
        links = [
            {"kind": "faq", "title": question["question"], "url": question_url(question["id"])}
            for question in questions
        ]
        seen: set[str] = set()
        for question in questions:
            for stem in question["guides"]:
                if stem in guides and stem not in seen:
                    seen.add(stem)
                    links.append({"kind": "guide", "title": guides[stem]["title"], "url": guide_url(stem)})
        result[rule_id] = links
    return result
