"""Compile the yearly notices and the standing rules in data/ into calculator/rules.json.

`python -m generator.rules` writes the file (`--check` only compares, for CI). The JSON holds
per year only what the calculator needs — rules with their hours, share, quoted text, clause and
ready-made citation, the person's and the employer's deadlines, the make-up window and the stated
consequences — plus the standing rules for years whose notice is not on file, and, per rule, the
FAQ answers and guides to read when it fails (`help`, from data/faq.yaml and data/guides/). Keys are
sorted and the formatting fixed, so compiling the same data always gives the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from generator.data.load import load_data
from generator.data.model import Data
from generator.data.problems import DataError
from generator.links.help_links import help_links
from generator.paths import DATA_DIR, RULES_FILE

RULES_PATH = RULES_FILE

FORMAT = 2
"""Bumped when the layout of rules.json changes in a way calculator/ruleset.py must know about (2: `version`)."""

CALCULATOR_AUDIENCES = ("person", "employer")
"""Deadlines for these audiences are the calculator's business; the others (bases, cities …) are not."""

CALCULATOR_DEADLINES = ("public-required", "professional-registration", "employer-review")

_YEAR_IN_NUMBER = re.compile(r"〔([0-9]{4})〕")


class CompileError(Exception):
    """The data cannot be compiled into rules the calculator can trust (message in Chinese)."""


def document_label(document: dict[str, Any]) -> str:
    """How a notice is cited: its number, or — when none was printed — its title (issuer dropped) and date."""
    if document.get("number"):
        return str(document["number"])
    title = str(document["title"])
    for issuer in document.get("issuers", []):
        if title.startswith(issuer) and len(title) > len(issuer):
            title = title[len(issuer) :]
            break
    return f"《{title}》（{document['date_printed']}）"


def citation(label: str, clause: str | None) -> str:
    """A notice's label and a clause number, as shown to people: 桂人社函〔2026〕196号 一、（二）2."""
    return f"{label} {clause}" if clause else label


def _sourced(item: dict[str, Any], label: str, keys: tuple[str, ...]) -> dict[str, Any]:
    out = {key: item[key] for key in keys}
    if "text" in item:
        out["text"] = item["text"]
    out["source"] = item["source"]
    out["citation"] = citation(label, item["source"])
    return out


def compile_notice(notice: dict[str, Any]) -> dict[str, Any]:
    """One year's notice reduced to what the calculator reads."""
    year = notice["year"]
    document = notice["document"]
    label = document_label(document)
    rules = notice["rules"]
    required = rules["public_required"]
    parts = [{"name": part["name"], "hours": part["hours"]} for part in required["parts"]]
    if parts and sum(part["hours"] for part in parts) != required["hours"]:
        raise CompileError(f"{year} 年必修课各部分学时之和不等于 {required['hours']}：{parts}")
    share = rules["professional_share"]
    if not 0 < share["numerator"] < share["denominator"]:
        raise CompileError(f"{year} 年专业科目比例 {share['numerator']}/{share['denominator']} 应是小于 1 的分数")
    total = rules["public_total"]
    elective_hours = rules["public_elective"]["hours"]
    if total is not None and elective_hours is not None and total["hours"] != required["hours"] + elective_hours:
        raise CompileError(
            f"{year} 年公需科目合计 {total['hours']} 学时不等于必修课 {required['hours']} + 选修课 {elective_hours} 学时"
        )
    exam = rules["exam"]
    carry_over = rules["carry_over"]
    deadlines = []
    seen: set[str] = set()
    for deadline in notice["deadlines"]:
        if deadline["audience"] not in CALCULATOR_AUDIENCES:
            continue
        if deadline["id"] in seen:
            raise CompileError(f"{year} 年通知的期限标识 {deadline['id']} 重复")
        seen.add(deadline["id"])
        deadlines.append(_sourced(deadline, label, ("id", "description", "who", "audience", "date", "printed")))
    deadlines.sort(key=lambda item: (item["date"], CALCULATOR_AUDIENCES.index(item["audience"]), item["id"]))
    makeup = notice["makeup"]
    if makeup is not None and not makeup["from_year"] <= makeup["to_year"] < year:
        raise CompileError(f"{year} 年的补学补考年度 {makeup['from_year']}–{makeup['to_year']} 应早于 {year} 年")
    return {
        "year": year,
        "document": {
            "number": document["number"],
            "title": document["title"],
            "date": document["date"],
            "date_printed": document["date_printed"],
            "label": label,
        },
        "system_url": {
            "url": notice["system_url"]["url"],
            "source": notice["system_url"]["source"],
            "citation": citation(label, notice["system_url"]["source"]),
        },
        "rules": {
            "total_minimum": _sourced(rules["total_hours"], label, ("minimum",)),
            "professional_share": _sourced(share, label, ("numerator", "denominator")),
            "public_required": _sourced(required, label, ("hours", "topics")) | {"parts": parts},
            "public_elective": _sourced(rules["public_elective"], label, ("hours", "areas")),
            "public_total": None if total is None else _sourced(total, label, ("hours",)),
            "exam": _sourced(exam, label, ("attempts", "pass_mark"))
            | {
                "pass_mark_source": exam["pass_mark_source"],
                "pass_mark_citation": citation(label, exam["pass_mark_source"]) if exam["pass_mark_source"] else None,
            },
            "carry_over": None if carry_over is None else _sourced(carry_over, label, ("allowed",)),
        },
        "deadlines": deadlines,
        "makeup": None
        if makeup is None
        else _sourced(makeup, label, ("from_year", "to_year", "counts_for")) | {"year": year},
        "consequences": [_sourced(item, label, ("id",)) for item in notice["consequences"]],
        "contacts": [compile_contact(contact, label) for contact in notice["contacts"]],
    }


def compile_contact(contact: dict[str, Any], label: str) -> dict[str, Any]:
    """A contact with a citation for each of its fields: name, phones, e-mail and hours may be in different clauses."""
    out = _sourced(contact, label, ("name", "person", "phones", "email", "hours"))
    for field in ("phones", "email", "hours"):
        cited = contact[f"{field}_source"]
        out[f"{field}_citation"] = citation(label, cited) if cited else None
    return out


def compile_standing_rules(standing: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    """The standing rules (桂人社规〔2019〕4号): the year they date from, 90 hours, 2/3, hours per half-day."""
    match = _YEAR_IN_NUMBER.search(standing["document"])
    if match is None:
        raise CompileError(f"常设规则的文号 {standing['document']} 中找不到年份")
    numerator = standing["professional_share_numerator"]
    denominator = standing["professional_share_denominator"]
    if not 0 < numerator < denominator:
        raise CompileError(f"常设规则的专业科目比例 {numerator}/{denominator} 应是小于 1 的分数")
    return {
        "document": standing["document"],
        "title": standing["title"],
        "year": int(match.group(1)),
        "minimum_total_hours": standing["minimum_total_hours"],
        "professional_share": {"numerator": numerator, "denominator": denominator},
        "hours_per_half_day": standing["hours_per_half_day"],
        "cited_by": [
            {
                "document": item["document"],
                "source": item["source"],
                "text": item["text"],
                "citation": citation(labels.get(item["document"], item["document"]), item["source"]),
            }
            for item in standing["cited_by"]
        ],
    }


Guidance = tuple[dict[str, Any], dict[str, dict[str, Any]]]
"""The FAQ (faq.yaml's content) and the guides (by file name): where the calculator's help links come from."""


def compile_from(notices: dict[int, dict[str, Any]], standing: dict[str, Any], guidance: Guidance) -> dict[str, Any]:
    """The rules.json content from already loaded notices (by year), standing rules, and the FAQ and guides."""
    if not notices:
        raise CompileError("没有任何年度通知：data/notices/ 是空的")
    years = {str(year): compile_notice(notice) for year, notice in sorted(notices.items())}
    labels = {
        str(notice["document"]["number"]): document_label(notice["document"])
        for notice in notices.values()
        if notice["document"]["number"]
    }
    standing_rules = compile_standing_rules(standing, labels)
    if standing_rules["year"] > min(notices):
        raise CompileError(f"常设规则（{standing_rules['year']} 年）晚于最早的通知（{min(notices)} 年）")
    faq, guides = guidance
    return {
        "format": FORMAT,
        # The old name of `python -m generator.rules` (still working): rules.json's version id covers this text.
        "generated_by": "python -m generator.rules（由 data/ 生成，请勿手工修改）",
        "help": help_links(faq, guides),
        "standing_rules": standing_rules,
        "years": years,
    }


def compile_rules(data_dir: Path = DATA_DIR) -> dict[str, Any]:
    """Load data/ with the strict loader (every file validated) and compile the calculator's rules."""
    return compile_data(load_data(Path(data_dir)))


def compile_data(data: Data) -> dict[str, Any]:
    """The calculator's rules from data already loaded and validated (`python -m generator build` has it)."""
    if not data.standing_rules:
        raise CompileError("缺少 data/standing-rules.yaml")
    return compile_from(data.notices, data.standing_rules, (data.faq, data.guides))


def content_id(rules: dict[str, Any]) -> str:
    """The rules' version id: the first 12 hex digits of the SHA-256 of their serialisation without `version`."""
    content = {key: value for key, value in rules.items() if key != "version"}
    return hashlib.sha256(dumps(content).encode("utf-8")).hexdigest()[:12]


def compile_date() -> str:
    """Today (UTC), or the day of SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date().isoformat()
    return date.today().isoformat()


def with_version(rules: dict[str, Any], previous_text: str | None = None) -> dict[str, Any]:
    """rules with `version`: {"id": content_id, "date": the day rules with this id were first compiled}.

    The date is kept from previous_text (the rules.json on disk) when its id is the same, so compiling
    unchanged data gives the same bytes; a change of any rule gives a new id and today's date.
    """
    identifier = content_id(rules)
    day = compile_date()
    if previous_text:
        try:
            previous = json.loads(previous_text).get("version") or {}
        except (ValueError, AttributeError):
            previous = {}
        if isinstance(previous, dict) and previous.get("id") == identifier and isinstance(previous.get("date"), str):
            day = previous["date"]
    return {**rules, "version": {"id": identifier, "date": day}}


def read_previous(path: Path) -> str | None:
    """The text of an existing rules.json, or None."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def dumps(rules: dict[str, Any]) -> str:
    """The one serialisation of rules.json: UTF-8 text, sorted keys, one-space indent, final newline."""
    return json.dumps(rules, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator.rules", description="把 data/ 中的通知和常设规则编译成计算器使用的 rules.json"
    )
    parser.add_argument("--data", default=str(DATA_DIR), help="数据文件夹（默认 data/）")
    parser.add_argument("--output", default=str(RULES_PATH), help="输出文件（默认 calculator/rules.json）")
    parser.add_argument("--check", action="store_true", help="只检查输出文件是否与数据一致，不写文件")
    arguments = parser.parse_args(argv)
    output = Path(arguments.output)
    current = read_previous(output)
    try:
        text = dumps(with_version(compile_rules(Path(arguments.data)), current))
    except (CompileError, DataError) as error:
        print(f"无法编译计算器规则：{error}", file=sys.stderr)
        return 1
    if arguments.check:
        if current != text:
            print(f"{output} 与 data/ 不一致：请运行 python -m generator.rules", file=sys.stderr)
            return 1
        print(f"{output} 与 data/ 一致")
        return 0
    output.write_text(text, encoding="utf-8", newline="\n")
    print(f"已写入 {output}（{len(text.encode('utf-8'))} 字节）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
