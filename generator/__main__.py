"""Command line of the generator: `python -m generator validate | schemas | new-year YEAR | import-notice FILE --year YEAR | build | preview`."""

from __future__ import annotations

import signal
import sys


def _interrupted_while_starting(signum: int, frame: object) -> None:
    """Ctrl+C while the modules load (the first ~0.4 s): one line, not the traceback of whatever was being imported."""
    print("已中断：还没有开始检查或生成，什么也没有改变。", file=sys.stderr)
    sys.exit(130)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, _interrupted_while_starting)

import argparse  # noqa: E402
from pathlib import Path  # noqa: E402

from calculator.chinese_argparse import ChineseArgumentParser  # noqa: E402
from generator import paths  # noqa: E402
from generator.data.load import validate_data  # noqa: E402
from generator.data.schema_files import write_schema_files  # noqa: E402

ROOT = paths.PROJECT_DIR
NEEDS_PROJECT = ("validate", "new-year", "import-notice", "build", "preview")
"""Commands that read the project folder's data/ (and build its site): refused, in one line, without one."""


def command_validate(arguments: argparse.Namespace) -> int:
    data_dir = Path(arguments.data)
    data, problems = validate_data(data_dir)
    root = Path.cwd()
    for problem in problems:
        print(problem.format(root), file=sys.stderr if problem.is_error else sys.stdout)
    errors = sum(problem.is_error for problem in problems)
    warnings = len(problems) - errors
    if data is None:
        print(f"数据有 {errors} 个错误、{warnings} 条提醒：请按上面的提示修改后再发布。", file=sys.stderr)
        return 1
    print(
        f"数据检查通过：{len(data.notices)} 个年度通知、{len(data.organisations)} 个单位、"
        f"{len(data.directories)} 份名录；{warnings} 条提醒（不影响发布）。"
    )
    return 0


def command_schemas(arguments: argparse.Namespace) -> int:
    for path in write_schema_files():
        print(path.relative_to(paths.CHECKOUT_DIR))
    return 0


def command_new_year(arguments: argparse.Namespace) -> int:
    from generator.data.new_year import new_year
    from generator.data.problems import DataError

    data_dir = Path(arguments.data)
    try:
        path, checklist = new_year(data_dir, arguments.year)
    except DataError as error:
        print(f"现有数据有错误，请先修正：\n{error}", file=sys.stderr)
        return 1
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 2
    print(f"已生成 {path}。以 TODO 开头的值都要按新通知核对、填写：")
    for line in checklist:
        print(f"  - {line}")
    print("填好后运行 python -m generator validate 检查；有名录的，复制上一年的名录文件并改年度（见编辑指南）。")
    return 0


def command_import_notice(arguments: argparse.Namespace) -> int:
    from generator.data.import_notice.draft import import_notice
    from generator.data.import_notice.text_input import ImportProblem

    try:
        result = import_notice(
            Path(arguments.file), arguments.year, Path(arguments.data), paths.SOURCES_DIR, force=arguments.force
        )
    except ImportProblem as problem:
        print(str(problem), file=sys.stderr)
        return 2
    print(result.report)
    for path in result.written:
        print(f"已写出草稿 {path}")
    print(f"报告也写在 {result.report_path}。")
    print(
        f"还有 {result.open_items} 处要核对：逐条确认“# 提议：”并删去那一行、填好 TODO，"
        "然后运行 python -m generator validate 检查，python -m generator preview 预览。"
    )
    return 0


def command_build(arguments: argparse.Namespace) -> int:
    from generator.site.build import build_site

    return build_site(Path(arguments.site_dir), Path(arguments.data), strict=arguments.strict)


def command_preview(arguments: argparse.Namespace) -> int:
    from generator.site.build import preview

    return preview(Path(arguments.data), arguments.address)


def main(argv: list[str] | None = None) -> int:
    parser = ChineseArgumentParser(prog="python -m generator", description="数据检查与网站生成")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="{validate,schemas,new-year,import-notice,build,preview}"
    )
    validate = commands.add_parser("validate", help="检查 data/ 中的全部数据")
    validate.add_argument("--data", default=str(ROOT / "data"), help="数据文件夹（默认 data/）")
    validate.set_defaults(run=command_validate)
    schemas = commands.add_parser("schemas", help="重新生成 generator/schemas/ 中的 JSON Schema")
    schemas.set_defaults(run=command_schemas)
    year = commands.add_parser("new-year", help="以最新一年的通知为底稿新建一个年度")
    year.add_argument("year", type=int, help="新年度，如 2027")
    year.add_argument("--data", default=str(ROOT / "data"), help="数据文件夹（默认 data/）")
    year.set_defaults(run=command_new_year)
    imported = commands.add_parser(
        "import-notice", help="从新一年通知的原文文本生成草稿（规则和期限标为“提议”，待编辑确认）"
    )
    imported.add_argument(
        "file", help="通知的纯文本文件（UTF-8、GB18030 或带 BOM 的 UTF-16 都能读；放进 sources/ 的原文要存为 UTF-8）"
    )
    imported.add_argument("--year", type=int, required=True, help="通知适用的年度，如 2027")
    imported.add_argument("--data", default=str(ROOT / "data"), help="数据文件夹（默认 data/）")
    imported.add_argument("--force", action="store_true", help="该年度的通知或名录已存在时仍然覆盖")
    imported.set_defaults(run=command_import_notice)
    build = commands.add_parser("build", help="检查数据并生成网站（失败时保留原来的网站）")
    build.add_argument("--site-dir", default=str(ROOT / "site"), help="网站输出文件夹（默认 site/）")
    build.add_argument("--data", default=str(ROOT / "data"), help="数据文件夹（默认 data/）")
    build.add_argument(
        "--no-strict",
        dest="strict",
        action="store_false",
        help="MkDocs 的警告不中止生成（只用于基准测试等用合成数据的场合；发布时不要用）",
    )
    build.set_defaults(run=command_build)
    preview = commands.add_parser("preview", help="边改边看：mkdocs serve，数据或页面改动后自动刷新")
    preview.add_argument("--address", default="127.0.0.1:8000", help="地址和端口（默认 127.0.0.1:8000）")
    preview.add_argument("--data", default=str(ROOT / "data"), help="数据文件夹（默认 data/）")
    preview.set_defaults(run=command_preview)
    arguments = parser.parse_args(argv)
    if arguments.command in NEEDS_PROJECT and paths.PROJECT_FOUND is None:
        print(paths.NO_PROJECT_MESSAGE, file=sys.stderr)
        return 2
    if getattr(arguments, "data", None) is not None and (why := not_a_data_folder(Path(arguments.data))) is not None:
        print(why, file=sys.stderr)
        return 2
    return int(arguments.run(arguments))


def not_a_data_folder(path: Path) -> str | None:
    """Why --data names no data folder, in one Chinese line; None for a folder."""
    if path.is_dir():
        return None
    if path.exists():
        return f"--data {path} 不是文件夹：--data 要给出数据文件夹（如 data），而不是一个文件"
    return f"--data {path}：没有这个文件夹：--data 要给出数据文件夹（如 data）"


def run() -> int:
    """main() with Ctrl+C as Python's KeyboardInterrupt again (the build says what it kept); one that reaches here,
    from a step that says nothing of its own, is one line."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return main()
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(run())
