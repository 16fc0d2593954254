"""The import report: what changed against the previous year's notice, and every input line that landed nowhere."""

from __future__ import annotations

from typing import Any


def _share(rules: dict[str, Any]) -> str:
    share = rules["professional_share"]
    return f"{share['numerator']}/{share['denominator']}"


def notice_changes(new: dict[str, Any], old: dict[str, Any] | None) -> list[str]:
    """Rules, deadlines, required course, make-up window and system address that differ from `old`."""
    if old is None:
        return ["没有更早的通知可比较。"]
    lines: list[str] = []
    year = old["year"]

    def compare(label: str, before: Any, after: Any) -> None:
        if before != after:
            lines.append(f"{label}：{year} 年 {before} → 本年 {after}")

    rules, old_rules = new["rules"], old["rules"]
    compare("每年总学时", old_rules["total_hours"]["minimum"], rules["total_hours"]["minimum"])
    compare("专业科目比例", _share(old_rules), _share(rules))
    compare(
        "必修课主题", "、".join(old_rules["public_required"]["topics"]), "、".join(rules["public_required"]["topics"])
    )
    compare("必修课学时", old_rules["public_required"]["hours"], rules["public_required"]["hours"])
    compare("选修课学时", old_rules["public_elective"]["hours"], rules["public_elective"]["hours"])
    compare("必修课考试次数", old_rules["exam"]["attempts"], rules["exam"]["attempts"])
    compare("考试合格分数线", old_rules["exam"]["pass_mark"], rules["exam"]["pass_mark"])
    window = lambda notice: (  # noqa: E731
        f"{notice['makeup']['from_year']}—{notice['makeup']['to_year']} 年" if notice.get("makeup") else "无"
    )
    compare("补学补考", window(old), window(new))
    compare("信息管理系统网址", old["system_url"]["url"], new["system_url"]["url"])
    old_deadlines = {deadline["id"]: deadline for deadline in old["deadlines"]}
    new_ids = set()
    for deadline in new["deadlines"]:
        new_ids.add(deadline["id"])
        before = old_deadlines.get(deadline["id"])
        if before is None:
            lines.append(
                f"新期限 {deadline['id']}：{deadline['who']} {deadline['printed']} {deadline['description']}（{deadline['source']}）"
            )
        elif (
            str(before["date"])[5:] != str(deadline["date"])[5:]
            or int(str(deadline["date"])[:4]) - int(str(before["date"])[:4]) != new["year"] - year
        ):
            lines.append(
                f"期限 {deadline['id']} 的日期：{year} 年 {before['date']} → 本年 {deadline['date']}（{deadline['source']}）"
            )
    for deadline_id in old_deadlines:
        if deadline_id not in new_ids:
            lines.append(f"{year} 年的期限 {deadline_id} 本年没有：{old_deadlines[deadline_id]['description']}")
    return lines


def directory_changes(new: list[dict[str, Any]], old: list[dict[str, Any]] | None, label: str) -> list[str]:
    """Institutions added to and removed from a directory against last year's."""
    if old is None:
        return [f"{label}：没有上一年的同类名录可比较。"]
    before = {entry["organisation"]: entry["name"] for entry in old}
    after = {entry["organisation"]: entry["name"] for entry in new if not str(entry["organisation"]).startswith("TODO")}
    undecided = " ".join(str(entry["organisation"]) for entry in new if str(entry["organisation"]).startswith("TODO"))
    lines = [f"{label} 新增：{after[key]}" for key in after if key not in before]
    lines += [f"{label} 去掉：{before[key]}" for key in before if key not in after and key not in undecided]
    return lines


def format_report(
    title: str,
    changes: list[str],
    decisions: list[str],
    proposals: list[str],
    unlanded: list[tuple[int, str]],
    numbering: list[str] | None = None,
) -> str:
    """The report as Markdown: the same text is printed in the terminal."""
    parts = [f"# {title}", ""]
    if numbering:
        parts += ["## 原文的条款编号要核对的地方", ""]
        parts += [f"- {line}" for line in numbering] + [""]
    parts += ["## 与上一年通知相比的变化", ""]
    parts += [f"- {line}" for line in changes] or ["- 没有变化。"]
    parts += ["", "## 要编辑决定的单位和电话", ""]
    parts += [f"- {line}" for line in decisions] or ["- 没有。"]
    parts += ["", "## 要确认的提议（每条都写明出处条款）", ""]
    parts += [f"- {line}" for line in proposals] or ["- 没有。"]
    parts += ["", "## 没有进入草稿的原文行（逐行核对：需要的抄进草稿，不需要的忽略）", ""]
    parts += [f"- 第 {number} 行：{text.strip()}" for number, text in unlanded] or ["- 全部原文都已进入草稿。"]
    return "\n".join(parts) + "\n"
