"""Where the calculator sends a person to read more when a rule fails: the FAQ answers and guides naming it.

Pure functions of the `faq` and `guide` data (data/faq.yaml, data/guides/*.yaml) and of urls.py, so
that both the site (site/pages_home.py) and the calculator's rules (rules/compile_rules.py) link a rule
of the calculator to the same answers and guides.
"""

from __future__ import annotations

from typing import Any

from generator.links import urls

RULE_IDS = ("total-minimum", "professional-share", "public-required")
"""The calculator's rules, as faq.yaml names them in `rules`."""


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
