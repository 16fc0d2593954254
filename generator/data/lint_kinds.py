"""The kinds of lint finding, their names for editors, and the finding itself (a Problem with a kind and keys)."""

from __future__ import annotations

from generator.data.problems import WARNING, Problem
from generator.data.yaml_source import Path_, SourceDocument

LINT_KINDS = {
    "area-code": "区号与所在城市不符",
    "phones-differ": "同一单位在各名录中的电话不同",
    "mobile-in-office-list": "电话栏中的手机号",
    "phone-format": "电话的连接号或标点不规范",
    "email-format": "电子邮箱带标点或格式不规范",
    "deadline-before-signing": "期限早于落款日期",
    "sign-date-year": "落款日期与文号年份不符",
    "sign-date-before-cited": "落款日期早于所引文件",
    "cited-title": "所引文件的标题与该文件自身标题不同",
    "printed-name": "名录印的名称不是已知名称",
}
"""Every kind of lint finding (the ids a discrepancy's `lints` may name), with its name on the data-quality page."""


class LintFinding(Problem):
    """A lint's finding: where, what, its kind, and the values (`keys`) a discrepancy recording it must name."""

    def __init__(self, path: object, line: int, column: int, message: str, kind: str, keys: tuple[str, ...]) -> None:
        super().__init__(path, line, column, message, WARNING)  # type: ignore[arg-type]
        self.kind = kind
        self.keys = keys
        self.recorded_in: str | None = None
        """'data/<file>：<subject>' of the discrepancy that records it, once matched."""


def finding(kind: str, keys: tuple[str, ...], source: SourceDocument, where: Path_, message: str) -> LintFinding:
    """A finding of `kind` at `where` in `source`."""
    assert kind in LINT_KINDS, kind
    line, column = source.position(where)
    return LintFinding(source.path, line, column, message, kind, keys)
