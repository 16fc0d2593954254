"""Command line: `python -m calculator check | hours | batch` (CPython only; exit 2 with one Chinese line on bad input)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from calculator.batch import check_table, decode, write_csv
from calculator.check import check_person
from calculator.dates import parse_date, parse_year
from calculator.errors import InputError
from calculator.explain import render_text
from calculator.ruleset import load_rules
from calculator.training_hours import training_hours_from_rules

RULES_PATH = Path(__file__).resolve().parent / "rules.json"

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2

OUTPUT_ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")


class UsageError(InputError):
    """A command line argparse would reject, reworded in Chinese."""


_ARGPARSE_MESSAGES = (
    ("unrecognized arguments: ", "无法识别的参数："),
    ("the following arguments are required: ", "缺少参数："),
    ("expected one argument", "后面需要一个值"),
    ("invalid choice: ", "无效的选择："),
    ("ambiguous option: ", "有歧义的参数："),
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        for english, chinese in _ARGPARSE_MESSAGES:
            message = message.replace(english, chinese)
        message = message.replace("argument ", "参数 ").replace("(choose from ", "（可选：").rstrip(")")
        raise UsageError("命令行有误：{}（用 python -m calculator --help 查看用法）".format(message))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m calculator",
        description="广西专业技术人员继续教育学时核对：按年度通知核对学时、计算培训学时、批量核对",
    )
    commands = parser.add_subparsers(dest="command", metavar="{check,hours,batch}")

    check = commands.add_parser("check", help="核对一个人一个年度的学时", description="核对一个人一个年度的学时")
    check.add_argument("--year", help="年度，如 2026")
    check.add_argument("--public-required", help="公需科目必修课学时，如 20")
    check.add_argument("--public-elective", default="0", help="公需科目选修课学时（默认 0）")
    check.add_argument("--professional", help="专业科目学时，如 70")
    check.add_argument("--as-of", help="查询日期，如 2026-11-22 或 today：显示各期限是否已过")
    check.add_argument("--json", action="store_true", help="输出一个 JSON 对象（UTF-8）")
    check.add_argument("--rules", help=argparse.SUPPRESS)

    hours = commands.add_parser(
        "hours",
        help="按培训起止日期计算学时（每半天 4 学时）",
        description="按培训起止日期计算学时：信息管理系统按每半天 4 学时计算，起止日期都算在内",
    )
    hours.add_argument("--start", help="开始日期，如 2026-05-12")
    hours.add_argument("--end", help="结束日期，如 2026-05-14")
    hours.add_argument("--start-half", default="am", help="开始日从上午（am，默认）还是下午（pm）开始")
    hours.add_argument("--end-half", default="pm", help="结束日到上午（am）还是下午（pm，默认）结束")
    hours.add_argument("--verbose", "-v", action="store_true", help="同时说明计算过程和依据")
    hours.add_argument("--json", action="store_true", help="输出一个 JSON 对象（UTF-8）")
    hours.add_argument("--rules", help=argparse.SUPPRESS)

    batch = commands.add_parser(
        "batch",
        help="批量核对 CSV 表格中每个人的学时",
        description="批量核对：读取 CSV（表头 name,public_required,public_elective,professional 或 "
        "姓名,公需必修,公需选修,专业科目；UTF-8、带 BOM 的 UTF-8 或 GB18030），把结果以 CSV 写到标准输出",
    )
    batch.add_argument("file", nargs="?", help="CSV 文件；写 - 表示从标准输入读取")
    batch.add_argument("--year", help="年度，如 2026（表格中有“年度”列时，该列的值优先）")
    batch.add_argument("--as-of", help="查询日期，如 2026-11-22 或 today")
    batch.add_argument(
        "--output-encoding",
        default="utf-8",
        help="输出编码：utf-8（默认）、utf-8-sig（Excel 直接打开不乱码）或 gb18030",
    )
    batch.add_argument("--rules", help=argparse.SUPPRESS)
    return parser


def read_rules(path: str | None) -> dict[str, Any]:
    rules_path = Path(path) if path else RULES_PATH
    try:
        text = rules_path.read_text(encoding="utf-8")
    except OSError:
        raise InputError("读不到规则文件 {}".format(rules_path)) from None
    except UnicodeDecodeError:
        raise InputError("规则文件 {} 不是 UTF-8 文本".format(rules_path)) from None
    return load_rules(text)


def as_of_date(value: str | None) -> date | None:
    if value is None:
        return None
    if value.strip().lower() in ("today", "今天"):
        return date.today()
    return parse_date(value, "查询日期（--as-of）", "as_of")


def _require(value: str | None, option: str, what: str) -> str:
    if value is None:
        raise UsageError("缺少 {}：{}".format(option, what))
    return value


def write_json(value: Any) -> None:
    """JSON is always written as UTF-8 bytes, whatever the console's encoding."""
    sys.stdout.flush()
    sys.stdout.buffer.write((json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8"))
    sys.stdout.buffer.flush()


def command_check(arguments: argparse.Namespace) -> int:
    rules = read_rules(arguments.rules)
    year = _require(arguments.year, "--year", "年度，如 --year 2026")
    public_required = _require(arguments.public_required, "--public-required", "公需科目必修课学时，没有就写 0")
    professional = _require(arguments.professional, "--professional", "专业科目学时，没有就写 0")
    result = check_person(
        rules, year, public_required, arguments.public_elective, professional, as_of_date(arguments.as_of)
    )
    if arguments.json:
        write_json(result)
    else:
        sys.stdout.write(render_text(result))
    return EXIT_OK


def command_hours(arguments: argparse.Namespace) -> int:
    rules = read_rules(arguments.rules)
    start = _require(arguments.start, "--start", "培训开始日期，如 --start 2026-05-12")
    end = _require(arguments.end, "--end", "培训结束日期，如 --end 2026-05-14")
    result = training_hours_from_rules(rules, start, end, arguments.start_half, arguments.end_half)
    if arguments.json:
        write_json(result)
    elif arguments.verbose:
        sys.stdout.write(
            "{}\n{} 至 {}，共 {} 个半天，每半天 {} 学时（依据 {}）\n".format(
                result["hours"],
                result["start_text"],
                result["end_text"],
                result["half_days"],
                result["hours_per_half_day"],
                result["source"],
            )
        )
    else:
        sys.stdout.write("{}\n".format(result["hours"]))
    return EXIT_OK


def command_batch(arguments: argparse.Namespace) -> int:
    rules = read_rules(arguments.rules)
    if arguments.file is None:
        raise UsageError("缺少 CSV 文件名，如 python -m calculator batch staff.csv --year 2026")
    encoding = arguments.output_encoding.lower().replace("_", "-")
    if encoding not in OUTPUT_ENCODINGS:
        raise UsageError("--output-encoding 只能是 {}".format("、".join(OUTPUT_ENCODINGS)))
    year = None if arguments.year is None else parse_year(arguments.year)
    as_of = as_of_date(arguments.as_of)
    if arguments.file == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = Path(arguments.file).read_bytes()
        except OSError as error:
            raise InputError("读不到文件 {}：{}".format(arguments.file, error.strerror or error)) from None
    rows, counts = check_table(rules, decode(data), year, as_of)
    text = write_csv(rows)
    try:
        payload = text.encode(encoding)
    except UnicodeEncodeError:
        raise InputError("结果中有 {} 无法表示的字符：请改用 --output-encoding utf-8".format(encoding)) from None
    sys.stdout.flush()
    sys.stdout.buffer.write(payload)
    sys.stdout.buffer.flush()
    print(
        "共 {} 行：达标 {}，未达标 {}，有错误 {}".format(
            counts["passed"] + counts["failed"] + counts["error"], counts["passed"], counts["failed"], counts["error"]
        ),
        file=sys.stderr,
    )
    return EXIT_OK


COMMANDS = {"check": command_check, "hours": command_hours, "batch": command_batch}


def attach_dash_values(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """`--professional -inf` → `--professional=-inf`, so a value starting with "-" reaches the hours parser.

    argparse takes "-5" as a value but "-inf" or "-5学时" as an unknown option; joining them gives
    every such value the calculator's own, clearer message.
    """
    takes_value: set[str] = set()
    known: set[str] = set()
    parsers = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            parsers.extend(action.choices.values())
    for each in parsers:
        for action in each._actions:
            known.update(action.option_strings)
            if action.option_strings and action.nargs is None and action.const is None:
                takes_value.update(action.option_strings)
    out: list[str] = []
    index = 0
    while index < len(argv):
        token = argv[index]
        following = argv[index + 1] if index + 1 < len(argv) else None
        if token in takes_value and following is not None and following.startswith("-") and following not in known:
            out.append("{}={}".format(token, following))
            index += 2
        else:
            out.append(token)
            index += 1
    return out


def main(argv: list[str] | None = None) -> int:
    """Run one command; bad input → one Chinese line on stderr and exit 2, never a traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    parser = build_parser()
    try:
        arguments = parser.parse_args(attach_dash_values(parser, sys.argv[1:] if argv is None else argv))
        if arguments.command is None:
            parser.print_help()
            return EXIT_BAD_INPUT
        return COMMANDS[arguments.command](arguments)
    except InputError as error:
        print("错误：{}".format(error.message), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug, not bad input: one line, unless debugging
        if os.environ.get("CALCULATOR_DEBUG"):
            raise
        print("内部错误（请报告）：{}: {}".format(type(error).__name__, error), file=sys.stderr)
        return EXIT_INTERNAL
