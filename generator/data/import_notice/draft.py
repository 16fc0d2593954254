"""Assemble the draft notice and directories from a parsed text and write them, each proposal marked for the editor."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from generator.data.import_notice.directories import Matcher, base_rows, phone_changes, table_kind, training_rows
from generator.data.import_notice.proposals import (
    assign_deadline_ids,
    propose_contacts,
    propose_deadlines,
    propose_makeup,
    propose_rules,
    propose_system_url,
    sentences,
)
from generator.data.import_notice.report import directory_changes, format_report, notice_changes
from generator.data.import_notice.structure import ParsedNotice, listed_annexes, parse_notice
from generator.data.import_notice.text_input import ImportProblem, read_notice_text
from generator.data.load import load_data
from generator.data.model import Data
from generator.data.problems import DataError
from generator.data.source_texts import not_utf8
from generator.data.todo import PROPOSAL_MARK, TODO

CONSEQUENCE_IDS = (
    ("优秀", "annual-review"),
    ("专家称号", "expert-title"),
    ("上一级", "professional-title"),
    ("职称", "professional-title"),
    ("考核评价", "evaluation-and-appointment"),
    ("注册", "qualification-registration"),
    ("合格证书", "certificate-complete"),
)


def dump(value: Any, indent: int = 0) -> str:
    """`value` as block YAML, every line indented by `indent` spaces."""
    text = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100000, default_flow_style=False)
    return "".join(" " * indent + line + "\n" for line in text.splitlines())


def mark(what: str, indent: int = 0) -> str:
    """The comment line marking a proposal, which validation refuses until the editor deletes it."""
    return " " * indent + f"{PROPOSAL_MARK}{what}：按原文核对（改正）后删去这一行\n"


def propose_consequences(parsed: ParsedNotice) -> list[dict[str, Any]]:
    """Sentences of the clause headed 结果使用/结果应用 (and its sub-clauses) that say what follows from the hours."""
    found: list[dict[str, Any]] = []
    parents = [c.id for c in parsed.clauses if c.heading and re.search(r"结果(使用|应用)", c.heading)]
    taken: set[str] = set()
    for clause in parsed.clauses:
        if not any(
            clause.id == parent or clause.id.startswith(parent + "、") or clause.id.startswith(parent + "（")
            for parent in parents
        ):
            continue
        for sentence in sentences(clause):
            for word, consequence_id in CONSEQUENCE_IDS:
                if word in sentence and consequence_id not in taken:
                    taken.add(consequence_id)
                    found.append({"id": consequence_id, "text": sentence.strip(), "source": clause.id})
                    break
    return found


def build_notice(parsed: ParsedNotice, year: int, source_file: str, previous: dict[str, Any] | None) -> dict[str, Any]:
    """The notice in the data model's shape (facts not found are TODO)."""
    annex_clauses = [clause for annex in parsed.annexes for clause in annex.clauses]
    deadlines = propose_deadlines(parsed.clauses, year)
    assign_deadline_ids(deadlines, previous["deadlines"] if previous else [])
    annexes = []
    by_number = {annex.number: annex for annex in parsed.annexes}
    for number, title in listed_annexes(parsed):
        annex = by_number.get(number)
        kind = table_kind(annex) if annex else None
        content = "clauses" if annex and annex.clauses else "directory" if kind else "not-in-sources"
        annexes.append(
            {
                "number": number,
                "title": title,
                "content": content,
                "directory": f"{kind}-{year}" if kind and content == "directory" else None,
            }
        )
    return {
        "kind": "notice",
        "year": year,
        "document": {
            "number": parsed.number,
            "title": parsed.title,
            "issuers": parsed.issuers,
            "date_printed": parsed.date_printed,
            "date": parsed.date,
            "date_kind": "签发",
            "publication": parsed.publication,
            "source_files": [source_file],
            "addressees": parsed.addressees,
            "preamble": parsed.preamble,
            "annex_list": parsed.annex_list,
        },
        "system_url": propose_system_url(parsed.clauses),
        "rules": propose_rules(parsed.clauses, annex_clauses),
        "deadlines": deadlines,
        "makeup": propose_makeup(parsed.clauses),
        "consequences": propose_consequences(parsed),
        "contacts": propose_contacts(parsed.clauses),
        "annexes": annexes,
        "clauses": [clause.as_data() for clause in parsed.clauses] + [clause.as_data() for clause in annex_clauses],
        "discrepancies": [],
    }


def notice_yaml(notice: dict[str, Any], source: str) -> str:
    """The draft's YAML: a marker line above every proposal, naming its clause."""
    out = ["# yaml-language-server: $schema=../../generator/schemas/notice.schema.json\n"]
    out.append(
        f"# 由 python -m generator import-notice 从 {source} 导入的草稿。以“{PROPOSAL_MARK.strip('# ')}”开头的注释是导入时提议的值：\n"
    )
    out.append(
        "# 逐条按原文核对（改正），然后删去那一行注释；以 TODO 开头的值原文没有找到，要按原文填写。检查会拒绝没有确认的草稿。\n"
    )
    out.append(dump({"kind": "notice", "year": notice["year"]}))
    out.append("\n" + mark("落款日期是签发还是印发（date_kind）"))
    out.append(dump({"document": notice["document"]}))
    url = notice["system_url"]
    out.append("\n" + mark(f"信息管理系统网址（{url['source']}）"))
    out.append(dump({"system_url": url}))
    out.append("\nrules:\n")
    for key, value in notice["rules"].items():
        where = value.get("source") if isinstance(value, dict) else None
        out.append(mark(f"rules.{key}（出处 {where}）" if where else f"rules.{key}（原文没有找到，写 null）", 2))
        out.append(dump({key: value}, 2))
    out.append("\ndeadlines:\n" if notice["deadlines"] else "\ndeadlines: []\n")
    for deadline in notice["deadlines"]:
        out.append(mark(f"期限 {deadline['printed']}（出处 {deadline['source']}）", 2))
        out.append(dump([deadline], 2))
    makeup = notice["makeup"]
    out.append("\n" + mark(f"补学补考（出处 {makeup['source']}）" if makeup else "补学补考（原文没有找到，写 null）"))
    out.append(dump({"makeup": makeup}))
    out.append("\n" + mark("结果使用（每句的 id 和出处；原文还有的后果照抄补上）"))
    out.append(dump({"consequences": notice["consequences"]}))
    out.append("\n" + mark("联系方式（名称、联系人、电话、邮箱、服务时间）"))
    out.append(dump({"contacts": notice["contacts"]}))
    out.append("\n" + dump({"annexes": notice["annexes"]}))
    out.append("\n" + dump({"clauses": notice["clauses"], "discrepancies": []}))
    return "".join(out)


def directory_yaml(kind: str, body: dict[str, Any], source: str) -> str:
    """A draft directory file, its rows marked as one proposal."""
    header = f"# yaml-language-server: $schema=../../generator/schemas/{kind}.schema.json\n"
    header += f"# 由 python -m generator import-notice 从 {source} 的附件导入的草稿。\n"
    lines = dump(body).splitlines(keepends=True)
    at = next(index for index, line in enumerate(lines) if line.startswith("entries:"))
    lines.insert(at, mark("名录各行（单位、电话、批次；单位的匹配见导入报告）"))
    return header + "".join(lines)


class ImportResult:
    """What an import wrote and its report."""

    def __init__(self, written: list[Path], report: str, report_path: Path, open_items: int) -> None:
        self.written = written
        self.report = report
        self.report_path = report_path
        self.open_items = open_items


def import_notice(text_file: Path, year: int, data_dir: Path, sources_dir: Path, force: bool = False) -> ImportResult:
    """Read `text_file`, write data/notices/<year>.yaml (and draft directories) and the report beside it."""
    if not 2000 <= year <= 2100:
        raise ImportProblem(f"年度 {year} 不在 2000—2100 之间。")
    target = data_dir / "notices" / f"{year}.yaml"
    if target.exists() and not force:
        raise ImportProblem(f"{year} 年的通知已经存在（{target}）：要用导入的草稿替换它，加 --force。")
    parsed = parse_notice(read_notice_text(text_file))
    data = _existing_data(data_dir, [target], force)
    earlier = [notice_year for notice_year in data.notices if notice_year < year]
    previous = data.notices[max(earlier)] if earlier else None
    try:
        source_file = "sources/" + text_file.resolve().relative_to(sources_dir.resolve()).as_posix()
    except ValueError:
        source_file = f"{TODO}：把原文文本放进 sources/（见 sources/README.md）后写上它的路径"
    notice = build_notice(parsed, year, source_file, previous)
    written = [target]
    matcher = Matcher(data.organisations)
    decisions: list[str] = []
    changes = notice_changes(notice, previous)
    directory_texts: dict[Path, str] = {}
    for annex in parsed.annexes:
        kind = table_kind(annex)
        if kind is None or annex.clauses:
            continue
        rows = (training_rows if kind == "training-institutions" else base_rows)(annex, matcher, parsed.landed)
        source = {
            "document": parsed.number or f"{TODO}：文号",
            "annex": annex.number,
            "clause": None,
            "title": annex.title,
        }
        if kind == "training-institutions":
            body: dict[str, Any] = {"kind": kind, "year": year, "source": source, "entries": rows, "discrepancies": []}
        else:
            footnote = next((p for p in annex.other if p.text.startswith("备注")), None)
            if footnote is not None:
                parsed.landed.update(footnote.lines)
            body = {
                "kind": kind,
                "source": source,
                "footnote": footnote.text if footnote else None,
                "entries": rows,
                "discrepancies": [],
            }
        label = f"附件{annex.number}（{annex.title}）"
        old = _previous_directory(data.directories, kind, year)
        changes += directory_changes(rows, old, label)
        decisions += phone_changes(rows, old or [], label)
        path = data_dir / "directories" / f"{kind}-{year}.yaml"
        if path.exists() and not force:
            raise ImportProblem(f"名录 {path} 已经存在：要替换它，加 --force。")
        directory_texts[path] = directory_yaml(kind, body, text_file.name)
    if not source_file.startswith(TODO) and (why := not_utf8(text_file)) is not None:
        decisions.insert(0, f"原文文本 {source_file} {why}：检查和网站只读 UTF-8 的原文")
    decisions = matcher.notes + decisions
    target.parent.mkdir(parents=True, exist_ok=True)
    draft = notice_yaml(notice, text_file.name)
    target.write_text(draft, encoding="utf-8")
    for path, text in directory_texts.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    proposals = [
        line.strip()[len(PROPOSAL_MARK) :] for line in draft.splitlines() if line.strip().startswith(PROPOSAL_MARK)
    ]
    todos = sum(1 for line in draft.splitlines() if f"{TODO}：" in line)
    report = format_report(
        f"{year} 年通知的导入报告（{text_file.name}）",
        changes,
        decisions,
        proposals,
        parsed.unlanded(),
        parsed.numbering,
    )
    report_path = data_dir.parent / ".build" / "import-reports" / f"{year}.md"
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(report, encoding="utf-8")
    return ImportResult(written, report, report_path, len(proposals) + todos)


def _existing_data(data_dir: Path, replaced: list[Path], force: bool) -> Data:
    """The data on file; with --force, a draft being replaced may still hold proposals: then the files are read as they are."""
    try:
        return load_data(data_dir)
    except DataError as error:
        if not force:
            raise ImportProblem("现有数据有错误，请先修正（python -m generator validate）后再导入。") from error
    data = Data()
    try:
        for path in sorted(data_dir.rglob("*.yaml")):
            if path in replaced or (path.parent.name == "directories" and path.stem.endswith(replaced[0].stem)):
                continue
            content = yaml.safe_load(path.read_text(encoding="utf-8"))
            kind = content.get("kind") if isinstance(content, dict) else None
            if kind == "notice":
                data.notices[content["year"]] = content
            elif kind == "organisations":
                data.organisations = {item["id"]: item for item in content["organisations"]}
            elif kind in ("bases", "training-institutions", "pilot-units"):
                data.directories[path.stem] = content
    except (yaml.YAMLError, KeyError, TypeError, OSError) as error:
        raise ImportProblem(
            f"现有数据读不出来（{error.__class__.__name__}），请先运行 python -m generator validate 修正。"
        ) from error
    return data


def _previous_directory(directories: dict[str, dict[str, Any]], kind: str, year: int) -> list[dict[str, Any]] | None:
    """Entries of the latest directory of this kind before `year` (by the year in its file name)."""
    found: list[tuple[int, str]] = []
    for name, directory in directories.items():
        if directory.get("kind") != kind:
            continue
        match = re.search(r"-([0-9]{4})$", name)
        if match and int(match.group(1)) < year:
            found.append((int(match.group(1)), name))
    return directories[max(found)[1]]["entries"] if found else None
