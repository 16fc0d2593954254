"""The source texts of the notices and plans, kept verbatim in sources/ of the repository.

Each notice and plan names its texts in `document.source_files` (paths such as
'sources/2026-task-plan_gui-ren-she-han-2026-196.txt'); a discrepancy may name them in its
`sources`. `check_source_files` makes sure every such file exists (the schema only checks the form of the
path). A path 'sources/<file>' is looked for beside the data folder first (a copy of data/ kept with
a sources/ folder of its own, e.g. with a new year's text not yet in the repository), else in the
repository: a modified copy of data/ elsewhere still refers to the repository's texts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from generator.data.model import Data
from generator.data.problems import Problem
from generator.data.yaml_source import Path_, SourceDocument
from generator.paths import PROJECT_DIR

ROOT = PROJECT_DIR
FOLDER = "sources"


def _problem(source: SourceDocument, where: Path_, message: str) -> Problem:
    line, column = source.position(where)
    return Problem(source.path, line, column, message)


def source_path(name: str, data_folder: Path | None = None, root: Path = ROOT) -> Path:
    """The file of the source text `name` ('sources/<file>'): beside the data folder when there, else in the
    repository (`root`)."""
    if data_folder is not None and data_folder.resolve().parent != ROOT.resolve():  # a copy of data/ elsewhere
        beside = data_folder.resolve().parent / name
        if beside.is_file():
            return beside
    return root / name


def _exists(name: str, root: Path, data_folder: Path | None = None) -> bool:
    parts = name.split("/")
    return len(parts) == 2 and parts[0] == FOLDER and source_path(name, data_folder, root).is_file()


def not_utf8(path: Path) -> str | None:
    """Why a source text cannot be published as it is, in Chinese with what to do (the site and the checks read the
    texts as UTF-8); None for a UTF-8 text."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            guess = ""
        else:
            guess = "（像是 GB18030）"
        return (
            f"第 {line} 行不是 UTF-8 文本{guess}：原文文本要存为 UTF-8，请用记事本另存为“UTF-8”，"
            f"或运行 iconv -f gb18030 -t utf-8 {path.name} > 新文件.txt 后换上"
        )
    return None


def check_source_files(data: Data, root: Path = ROOT) -> list[Problem]:
    """A problem for every source text named in the data that is not a file of sources/ in `root`."""
    problems: list[Problem] = []
    for source in data.sources.values():
        problems.extend(_check_file(source, root, data.folder))
    return problems


def _check_file(source: SourceDocument, root: Path, data_folder: Path | None) -> Iterator[Problem]:
    content = source.data
    if content["kind"] in ("notice", "plan"):
        seen: set[str] = set()
        for index, name in enumerate(content["document"]["source_files"]):
            where = ("document", "source_files", index)
            if name in seen:
                yield _problem(source, where, f"原文文本 {name} 列了两次：每个文本只列一次")
            seen.add(name)
            if not _exists(name, root, data_folder):
                yield _problem(
                    source,
                    where,
                    f"原文文本 {name} 不存在：请把原文逐字放进仓库的 {FOLDER}/ 文件夹（见 {FOLDER}/README.md），或核对文件名",
                )
            elif (why := not_utf8(source_path(name, data_folder, root))) is not None:
                yield _problem(source, where, f"原文文本 {name} {why}")
    for index, discrepancy in enumerate(content.get("discrepancies", [])):
        for position, name in enumerate(discrepancy["sources"]):
            if (name.endswith(".txt") or name.startswith(f"{FOLDER}/")) and not _exists(name, root, data_folder):
                yield _problem(
                    source,
                    ("discrepancies", index, "sources", position),
                    f"原文文本 {name} 不存在：写 {FOLDER}/ 中的文件路径（如 {FOLDER}/2026-task-plan_gui-ren-she-han-2026-196.txt），"
                    "或核对文件名",
                )
