"""Load every YAML file in `data/`, validate it, and hand the rest of the generator plain dicts.

`load_data(Path("data"))` returns a `Data` or raises `DataError` listing every problem with its
file:line:column. The checks are: YAML syntax and refused features (yaml_source), each file
against its schema (schema.py), then references between files (references.py) and to the source
texts in sources/ (source_texts.py), then that every rule's number and deadline's date is printed in
the clause it cites (rule_numbers.py). A `# 提议：` line left by `import-notice` is refused (todo.py). Lints that only warn live in lints.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.data.grounding import check_grounding
from generator.data.lints import lint_data
from generator.data.model import WHERE_KINDS_LIVE, Data
from generator.data.problems import DataError, Problem
from generator.data.references import check_references
from generator.data.rule_numbers import check_rule_numbers
from generator.data.schema import SCHEMAS
from generator.data.schema_messages import schema_errors
from generator.data.source_texts import check_source_files
from generator.data.todo import proposal_lines, todo_paths
from generator.data.yaml_source import SourceDocument, YamlProblem, read_yaml


def data_files(data_dir: Path) -> list[Path]:
    """Every YAML file under the data folder, in a stable order."""
    return sorted(path for path in data_dir.rglob("*") if path.suffix in (".yaml", ".yml") and path.is_file())


def read_and_check_file(path: Path, data_dir: Path) -> tuple[SourceDocument | None, list[Problem]]:
    """Parse one file and check it against the schema of its `kind`."""
    try:
        document = read_yaml(path)
    except YamlProblem as problem:
        return None, [Problem(path, problem.line, problem.column, problem.message)]
    problems: list[Problem] = []
    data = document.data
    if not isinstance(data, dict) or "kind" not in data:
        problems.append(Problem(path, 1, 1, f"文件第一层要有 kind 字段，说明文件类型：{'、'.join(SCHEMAS)}"))
        return None, problems
    kind = data["kind"]
    if kind not in SCHEMAS:
        line, column = document.position(("kind",))
        problems.append(Problem(path, line, column, f"未知的文件类型 kind: {kind}，应为：{'、'.join(SCHEMAS)}"))
        return None, problems
    relative = path.relative_to(data_dir).as_posix()
    expected = WHERE_KINDS_LIVE[kind].removeprefix("data/")
    if not _lives_where_expected(relative, expected):
        problems.append(Problem(path, 1, 1, f"kind: {kind} 的文件应放在 {WHERE_KINDS_LIVE[kind]}"))
    for line, what in proposal_lines(path.read_text(encoding="utf-8", errors="replace")):
        problems.append(Problem(path, line, 1, f"导入时提议的值，还没有确认：{what}"))
    todos = todo_paths(data)
    for where, value in todos:
        line, column = document.position(where)
        problems.append(Problem(path, line, column, f"待核对：{value}。按新通知核对后填入正确的值（去掉 TODO）"))
    for where, at_key, message in schema_errors(SCHEMAS[kind], data, len(document.positions)):
        if any(where[: len(todo)] == todo for todo, _ in todos):
            continue  # already reported as a TODO
        line, column = document.position(where, key=at_key)
        problems.append(Problem(path, line, column, message))
    if kind == "notice" and isinstance(data.get("year"), int) and path.stem != str(data["year"]):
        line, column = document.position(("year",))
        problems.append(
            Problem(
                path, line, column, f"年度 {data['year']} 与文件名 {path.name} 不一致：文件应命名为 {data['year']}.yaml"
            )
        )
    return document, problems


def _lives_where_expected(relative: str, expected: str) -> bool:
    if "<" not in expected:
        return relative == expected
    folder = expected.split("<")[0]
    return relative.startswith(folder) and "/" not in relative[len(folder) :]


def validate_data(data_dir: Path) -> tuple[Data | None, list[Problem]]:
    """Check everything; return the data (None when there are errors) and all problems found."""
    problems: list[Problem] = []
    data = Data()
    files = data_files(data_dir)
    if not files:
        problems.append(Problem(data_dir, 1, 1, "数据文件夹里没有 YAML 文件"))
    for path in files:
        document, file_problems = read_and_check_file(path, data_dir)
        problems.extend(file_problems)
        if document is None or file_problems:
            continue
        relative = path.relative_to(data_dir).as_posix()
        data.sources[relative] = document
        content = document.data
        kind = content["kind"]
        if kind == "notice":
            if content["year"] in data.notices:
                problems.append(
                    Problem(path, *document.position(("year",)), f"年度 {content['year']} 已在另一个文件中")
                )
            data.notices[content["year"]] = content
        elif kind == "plan":
            data.plans[path.stem] = content
        elif kind == "organisations":
            data.organisations = _organisations_by_id(document, problems)
        elif kind == "standing-rules":
            data.standing_rules = content
        elif kind == "faq":
            data.faq = content
        elif kind == "guide":
            data.guides[path.stem] = content
        else:
            data.directories[path.stem] = content
    if any(problem.is_error for problem in problems):
        return None, problems
    for kind, place in (("organisations", "organisations.yaml"), ("standing-rules", "standing-rules.yaml")):
        if f"{place}" not in data.sources:
            problems.append(Problem(data_dir / place, 1, 1, f"缺少 {WHERE_KINDS_LIVE[kind]}"))
    if not data.notices:
        problems.append(Problem(data_dir / "notices", 1, 1, "没有任何年度通知（data/notices/<年度>.yaml）"))
    if any(problem.is_error for problem in problems):
        return None, problems
    problems.extend(check_references(data))
    problems.extend(check_source_files(data))
    if any(problem.is_error for problem in problems):
        return None, problems
    problems.extend(check_rule_numbers(data))
    problems.extend(check_grounding(data))
    if any(problem.is_error for problem in problems):
        return None, problems
    findings = lint_data(data)
    problems.extend(findings)
    if any(problem.is_error for problem in findings):
        return None, problems
    data.warnings = findings
    return data, problems


def _organisations_by_id(document: SourceDocument, problems: list[Problem]) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = {}
    names: dict[str, str] = {}
    for index, organisation in enumerate(document.data["organisations"]):
        if organisation["id"] in result:
            problems.append(
                Problem(
                    document.path,
                    *document.position(("organisations", index, "id")),
                    f"单位标识 {organisation['id']} 重复",
                )
            )
        for name in [organisation["name"], *organisation["aliases"]]:
            if name in names and names[name] != organisation["id"]:
                problems.append(
                    Problem(
                        document.path,
                        *document.position(("organisations", index, "name")),
                        f"名称「{name}」同时属于 {names[name]} 和 {organisation['id']}：同一单位只登记一次",
                    )
                )
            names[name] = organisation["id"]
        result[organisation["id"]] = organisation
    return result


def load_data(data_dir: Path) -> Data:
    """The validated data; raises DataError (with every problem) when anything is wrong."""
    data, problems = validate_data(data_dir)
    if data is None:
        raise DataError(problems)
    return data
