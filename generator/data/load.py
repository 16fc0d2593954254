"""Load every YAML file in `data/`, validate it, and hand the rest of the generator plain dicts.

`load_data(Path("data"))` returns a `Data` or raises `DataError` listing every problem with its
file:line:column. The checks are: YAML syntax and refused features (yaml_source), each file
against its schema (schema.py), then references between files (references.py) and to the source
texts in sources/ (source_texts.py), then that every rule's number and deadline's date is printed in
the clause it cites (rule_numbers.py). A `# 提议：` line left by `import-notice` is refused (todo.py). Lints that only warn live in lints.py.
A path named *.yaml that cannot be read as a file (a folder, a link to nothing, a link loop) is an error, as are a link
to a folder and a folder that cannot be opened (whose files would otherwise be skipped): nothing in data/ is left out
silently.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

from generator.data.grounding import check_grounding
from generator.data.lints import lint_data
from generator.data.model import WHERE_KINDS_LIVE, Data
from generator.data.omissions import check_omissions
from generator.data.problems import DataError, Problem
from generator.data.references import check_references
from generator.data.rule_numbers import check_rule_numbers
from generator.data.schema import SCHEMAS
from generator.data.schema_messages import schema_errors
from generator.data.source_texts import check_source_files
from generator.data.todo import proposal_lines, todo_paths
from generator.data.transcribed import check_transcribed
from generator.data.yaml_source import SourceDocument, YamlProblem, read_yaml


def data_entries(data_dir: Path) -> list[Path]:
    """Everything under the data folder named *.yaml or *.yml (in any case), every link to a folder, and every folder
    that cannot be opened (whose files would otherwise be skipped: Path.rglob passes over them), in a stable order.

    Not Emacs's lock files (.#2026.yaml, a link to user@host.pid while the file is being edited).
    """
    found: list[Path] = []

    def unopened(error: OSError) -> None:
        found.append(Path(error.filename))

    for folder, folders, files in os.walk(data_dir, onerror=unopened):
        for name in folders + files:
            path = Path(folder, name)
            if not name.startswith(".#") and (
                path.suffix.lower() in (".yaml", ".yml") or (path.is_symlink() and path.is_dir())
            ):
                found.append(path)
    return sorted(found)


def data_files(data_dir: Path) -> list[Path]:
    """Every YAML file under the data folder, in a stable order."""
    return [path for path in data_entries(data_dir) if path.suffix in (".yaml", ".yml") and path.is_file()]


def not_a_data_file(path: Path) -> str | None:
    """Why `path` cannot be read as a data file, in Chinese with what to do; None for a YAML file."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        return _unreadable(path, error)
    if path.suffix.lower() not in (".yaml", ".yml") and path.is_symlink():  # a link to a folder: not gone into
        return f"是指向文件夹 {os.readlink(path)} 的链接：检查和网站都不读链接里的文件，请把文件夹本身放在这里"
    if path.suffix.lower() not in (".yaml", ".yml"):  # a folder data_entries could not open
        return _unopened_folder(path)
    if path.suffix not in (".yaml", ".yml"):
        return f"的扩展名是大写的 {path.suffix}：检查和网站只读 .yaml 文件，请改名为 {path.stem}.yaml"
    if stat.S_ISDIR(mode):
        return "不是文件而是文件夹：数据文件要是 YAML 文件，请把文件夹改名（不以 .yaml 结尾）或换成文件"
    if not stat.S_ISREG(mode):
        return "不是普通文件（而是管道、设备等）：请换成 YAML 文件"
    return None


def _unopened_folder(path: Path) -> str:
    """Why a folder in data/ could not be opened, in Chinese: its files were not read."""
    try:
        os.scandir(path).close()
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EPERM):
            return "是文件夹，但没有打开它的权限，其中的数据文件都没有读：请修改文件夹的权限（如 chmod a+rx）"
        return f"是文件夹，但无法打开（系统错误 {errno.errorcode.get(error.errno or 0, error.errno)}），其中的数据文件都没有读：请检查这个文件夹"
    return "是文件夹，检查时无法打开（其中的数据文件都没有读）：请重新检查"


def _unreadable(path: Path, error: OSError) -> str:
    """Why reading `path` failed, said in Chinese (the system's own words are English)."""
    if error.errno == errno.ENOENT and path.is_symlink():
        return f"是一个链接，链接指向不存在的文件 {os.readlink(path)}：请改正链接，或换成文件本身"
    if error.errno == errno.ELOOP:
        return "是一个链接，链接循环（几个链接互相指向，最终又指回自己）：请删掉这个链接，换成文件本身"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "没有读取它的权限：请修改文件的权限（如 chmod a+r）"
    if error.errno == errno.ENOENT:
        return "在检查时被删除了：请重新检查"
    return f"无法读取（系统错误 {errno.errorcode.get(error.errno or 0, error.errno)}）：请检查这个文件"


def read_and_check_file(path: Path, data_dir: Path) -> tuple[SourceDocument | None, list[Problem]]:
    """Parse one file and check it against the schema of its `kind`."""
    try:
        document = read_yaml(path)
    except YamlProblem as problem:
        return None, [Problem(path, problem.line, problem.column, problem.message)]
    except OSError as error:
        return None, [Problem(path, 1, 1, f"{path.name} {_unreadable(path, error)}")]
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
    for where, at_key, message in schema_errors(SCHEMAS[kind], data, len(document.positions), document.readings):
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
    data = Data(folder=data_dir)
    entries = data_entries(data_dir)
    if not entries:
        problems.append(Problem(data_dir, 1, 1, "数据文件夹里没有 YAML 文件"))
    for path in entries:
        why = not_a_data_file(path)
        if why is not None:
            problems.append(Problem(path, 1, 1, f"{path.name} {why}"))
            continue
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
    problems.extend(check_transcribed(data))
    problems.extend(check_omissions(data))
    if any(
        problem.is_error for problem in problems
    ):  # a number is compared with quoted words once they are the notice's
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
