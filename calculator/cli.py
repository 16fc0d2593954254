"""Command line: `python -m calculator check | hours | batch | record` (CPython only; exit 2 with one Chinese line on bad input)."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
from datetime import date
from typing import IO, Any, NoReturn

from calculator.check import check_person
from calculator.chinese_argparse import ChineseArgumentParser
from calculator.csv_files import (
    OUTPUT_ENCODINGS,
    encoded_csv,
    encoding_start,
    read_rows,
    reason,
    stream_lines,
)
from calculator.dates import parse_date, parse_year
from calculator.errors import InputError
from calculator.explain import render_text, version_text
from calculator.explain_record import render_record_text
from calculator.people import SHEET_TITLE as SUMMARY_SHEET
from calculator.people import People, limit_message
from calculator.record import check_record
from calculator.record_file import HEADER_EXAMPLE, located, read_record
from calculator.ruleset import load_rules, standing_years, years_on_file
from calculator.table import COLUMN_LIMIT, FIELD_LIMIT, OLD_EXCEL, FileError, check_rows, sheet_note
from calculator.text import shown
from calculator.training_hours import training_hours_from_rules

RULES_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rules.json")
RULES_LIMIT_BYTES = 16 * 1024 * 1024
"""A rules file larger than this is refused unread (the real one is about 60 KB)."""

WRITE_ROWS = 2000
"""The batch writes its result this many rows at a time: memory stays flat whatever the file's length."""

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2


class UsageError(InputError):
    """A command line argparse would reject, reworded in Chinese."""


class OutputError(InputError):
    """The result cannot be written (a full disk, a closed file): one Chinese line, exit 2."""


class OutputClosed(Exception):
    """Whoever reads the output has gone (a closed pipe: `| head`): nothing more to say, exit quietly."""


class _Parser(ChineseArgumentParser):
    def fail(self, message: str) -> NoReturn:
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m calculator",
        description="广西专业技术人员继续教育学时核对：按年度通知核对学时、计算培训学时、批量核对、核对多年记录",
    )
    commands = parser.add_subparsers(dest="command", metavar="{check,hours,batch,record}")

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

    batch_command = commands.add_parser(
        "batch",
        help="批量核对 CSV 表格中每个人的学时",
        description="批量核对：读取 CSV（表头 姓名,公需必修,公需选修,专业科目 或 "
        "name,public_required,public_elective,professional；UTF-8（可带 BOM）、带 BOM 的 UTF-16 或 GB18030）"
        "或 Excel 工作簿（.xlsx，读当前工作表；学时格子空着算 0），边读边把结果以 CSV 写到标准输出"
        "（或用 --output 写成 .xlsx 或 CSV 文件；行数不限，顺序与输入相同；列名是中文，结论为 达标/未达标，"
        "每人一句“还差什么”），最后在标准错误输出一行汇总。"
        "上限：每格 {} 个字符，每行 {} 列；超过上限、引号没有配对或编码无法识别时停止并说明是第几行（退出码 2，"
        "已写出的结果不完整）。结果中以 = + - @ 等开头、电子表格会当作公式的格子前加一个单引号（'）。".format(
            FIELD_LIMIT, COLUMN_LIMIT
        ),
    )
    batch_command.add_argument("file", nargs="?", help="CSV 或 Excel（.xlsx）文件；写 - 表示从标准输入读取")
    batch_command.add_argument("--year", help="年度，如 2026（表格中有“年度”列时，该列的值优先）")
    batch_command.add_argument("--as-of", help="查询日期，如 2026-11-22 或 today")
    batch_command.add_argument(
        "--output-encoding",
        default="utf-8",
        help="CSV 结果的编码：utf-8（默认）、utf-8-sig（Excel 直接打开不乱码）或 gb18030",
    )
    batch_command.add_argument(
        "--output",
        help="把结果写到这个文件（写完才出现，不会留下半个文件）：以 .xlsx 结尾时写成 Excel 工作簿，否则写成 CSV",
    )
    batch_command.add_argument(
        "--format",
        help="结果的格式：csv（中文表头，默认）、xlsx（Excel 工作簿，需要 --output）或 csv-en"
        "（给程序读：英文列名 passed,total…，结论为 true/false，提醒为编号）",
    )
    batch_command.add_argument(
        "--summary",
        help="表格有“年度”列、有人占几行（几个年度）时，把每人的多年汇总写成这个 CSV 文件"
        "（结果是 .xlsx 时，汇总总在其中的“多年汇总”工作表；结果是 CSV 文件而不给 --summary 时，"
        "写在结果旁边，文件名加“-多年汇总”）",
    )
    batch_command.add_argument("--rules", help=argparse.SUPPRESS)

    record = commands.add_parser(
        "record",
        help="核对一个人几个年度的记录：哪些年度未达标，哪些还能补、到哪天为止",
        description="核对一个人几个年度的记录：每个年度按当年的通知核对（没有收录通知的年度按常设规则，并说明），"
        "列出每个未达标年度还能做什么、到哪天为止（已收录通知的补学补考安排、尚未截止的登记和审验期限），"
        "以及哪些已无法补、为什么，每一条都注明依据的条款。CSV 文件每个年度一行，表头 {}"
        "（与 batch 相同的各种写法，另加“年度”列；公需选修可留空）；编码同 batch；也可以是 Excel 工作簿（.xlsx，读当前工作表）。"
        "通知没有写明职称申报要看哪几个年度：请自己选择要核对的年度。".format(HEADER_EXAMPLE),
    )
    record.add_argument("file", nargs="?", help="CSV 或 Excel（.xlsx）文件；写 - 表示从标准输入读取")
    record.add_argument("--as-of", help="查询日期，如 2026-06-01（默认今天）：按这一天判断哪些还能补")
    record.add_argument("--json", action="store_true", help="输出一个 JSON 对象（UTF-8）")
    record.add_argument("--rules", help=argparse.SUPPRESS)
    return parser


def read_rules(path: str | None) -> dict[str, Any]:
    """The rules: the shipped rules.json, or a file given with --rules (checked, and tried on every year)."""
    rules_path = path if path else RULES_PATH
    name = shown(rules_path, 60)
    try:
        with open(rules_path, "rb") as handle:
            data = handle.read(RULES_LIMIT_BYTES + 1)
    except (OSError, ValueError) as error:  # ValueError: a path with a NUL character
        raise InputError("读不到规则文件 {}：{}".format(name, reason(error))) from None
    if len(data) > RULES_LIMIT_BYTES:
        raise InputError("规则文件 {} 太大（超过 {} MB），不是规则文件".format(name, RULES_LIMIT_BYTES >> 20))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("规则文件 {} 不是 UTF-8 文本".format(name)) from None
    try:
        rules: dict[str, Any] = load_rules(text)
    except InputError as error:  # "规则文件……": said of this file
        raise InputError(error.message.replace("规则文件", "规则文件 {} ".format(name), 1)) from None
    if path:
        _try_rules(rules, name)
    return rules


def _try_rules(rules: dict[str, Any], name: str) -> None:
    """Run every command on every year of rules given with --rules: rules that load_rules lets through but
    that cannot answer (a value of the wrong kind deep inside) are refused here, naming the file."""
    try:
        for year in years_on_file(rules) + standing_years(rules):
            for elective in ("0", "8000"):
                result = check_person(rules, year, "0", elective, "70", date(year, 6, 1))
                render_text(result)
            entry = {"year": year, "public_required": "0", "public_elective": "0", "professional": "10"}
            for as_of in (date(year, 6, 1), date(year + 2, 6, 1)):
                render_record_text(check_record(rules, [entry], as_of))
        training_hours_from_rules(rules, "2026-05-12", "2026-05-14")
    except (InputError, LookupError, TypeError, ValueError, AttributeError, ArithmeticError, RecursionError) as error:
        if isinstance(error, InputError):
            detail = error.message
        elif isinstance(error, KeyError):
            detail = "缺少“{}”".format(shown(str(error.args[0]) if error.args else "", 40))
        else:
            detail = "有的值不是应有的类型（{}: {}）".format(type(error).__name__, shown(str(error), 60))
        raise InputError(
            "规则文件 {} 的内容不对，无法用来核对：{}：请重新运行 python -m generator.rules".format(
                name, shown(detail, 120)
            )
        ) from None


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


def write_bytes(data: bytes) -> None:
    """Bytes to standard output; a closed pipe is OutputClosed, any other failure (a full disk) OutputError."""
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise OutputClosed from None
    except (OSError, ValueError) as error:  # ValueError: the stream was closed
        raise OutputError("无法写出结果：{}".format(reason(error))) from None


def write_text(text: str) -> None:
    write_bytes(text.encode(sys.stdout.encoding or "utf-8", "replace"))


def write_json(value: Any) -> None:
    """JSON is always written as UTF-8 bytes, whatever the console's encoding."""
    write_bytes((json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8"))


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
        write_text(render_text(result))
    return EXIT_OK


def command_hours(arguments: argparse.Namespace) -> int:
    rules = read_rules(arguments.rules)
    start = _require(arguments.start, "--start", "培训开始日期，如 --start 2026-05-12")
    end = _require(arguments.end, "--end", "培训结束日期，如 --end 2026-05-14")
    result = training_hours_from_rules(rules, start, end, arguments.start_half, arguments.end_half)
    if arguments.json:
        write_json(result)
    elif arguments.verbose:
        write_text(
            "{}\n{} 至 {}，共 {} 个半天，每半天 {} 学时（依据 {}）\n依据的{}\n".format(
                result["hours"],
                result["start_text"],
                result["end_text"],
                result["half_days"],
                result["hours_per_half_day"],
                result["source"],
                version_text(result["rules_version"]),
            )
        )
    else:
        write_text("{}\n".format(result["hours"]))
    return EXIT_OK


def _open_input(name: str) -> IO[bytes]:
    if name == "-":
        stdin = sys.stdin
        if stdin is None:
            raise InputError("读不到标准输入（已关闭）")
        return stdin.buffer
    try:
        return open(name, "rb")
    except (OSError, ValueError) as error:  # ValueError: a name with a NUL character
        raise InputError("读不到文件 {}：{}".format(shown(name, 60), reason(error))) from None


FORMATS = ("csv", "xlsx", "csv-en")
ZIP_START = b"PK\x03\x04"
"""An .xlsx is a zip file (so is a WPS file saved as .xlsx, whatever its old name)."""
OLE_START = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""An Excel 97-2003 .xls (BIFF), or an .xlsx with a password: an OLE compound file, which the batch cannot read."""


def _xlsx_files() -> Any:
    """calculator.xlsx_files, imported when a workbook is read or written (the rest needs only the standard library)."""
    try:
        from calculator import xlsx_files
    except ImportError:
        raise InputError(
            "读写 Excel 工作簿（.xlsx）需要 openpyxl：请运行 pip install openpyxl（或 pip install . 安装本项目）"
        ) from None
    return xlsx_files


def _format(arguments: argparse.Namespace) -> str:
    """csv, xlsx or csv-en: as given, else xlsx for an --output ending in .xlsx, else csv."""
    output = arguments.output
    if arguments.format is None:
        return "xlsx" if output and output.lower().endswith(".xlsx") else "csv"
    chosen = arguments.format.lower()
    if chosen not in FORMATS:
        raise UsageError("--format 只能是 {}".format("、".join(FORMATS)))
    if chosen == "xlsx" and not output:
        raise UsageError("结果写成 Excel 工作簿需要文件名：如 --output 结果.xlsx")
    return chosen


def _input_rows(stream: IO[bytes], about: dict[str, Any]) -> Any:
    """(line, cells) of a CSV file or an .xlsx workbook (told apart by their first bytes), lazily; an .xls refused."""
    peek = getattr(stream, "peek", None)
    head = peek(8)[:8] if peek is not None else b""
    if head.startswith(OLE_START):
        raise FileError(OLD_EXCEL)
    if head.startswith(ZIP_START):
        source: IO[bytes] = stream
        if not stream.seekable():
            source = io.BytesIO(stream.read())
        return _xlsx_files().read_rows(source, about)
    return read_rows(stream_lines(stream))


def _rows_of(
    stream: IO[bytes],
    rules: dict[str, Any],
    year: Any,
    as_of: Any,
    counts: dict[str, int],
    english: bool,
    about: dict[str, Any],
    people: People,
) -> Any:
    """The result rows of a CSV file or an .xlsx workbook (_input_rows), lazily."""
    return check_rows(rules, _input_rows(stream, about), year, as_of, counts, english=english, people=people)


def command_batch(arguments: argparse.Namespace) -> int:
    rules = read_rules(arguments.rules)
    if arguments.file is None:
        raise UsageError("缺少名单文件名（CSV 或 .xlsx），如 python -m calculator batch staff.xlsx --year 2026")
    encoding = arguments.output_encoding.lower().replace("_", "-")
    if encoding not in OUTPUT_ENCODINGS:
        raise UsageError("--output-encoding 只能是 {}".format("、".join(OUTPUT_ENCODINGS)))
    if arguments.output == "-":  # as for the input: standard output
        arguments.output = None
    chosen = _format(arguments)
    _check_output_paths(arguments, chosen)
    year = None if arguments.year is None else parse_year(arguments.year)
    as_of = as_of_date(arguments.as_of)
    counts = {"passed": 0, "failed": 0, "error": 0}
    about: dict[str, Any] = {}
    people = People()
    english = chosen == "csv-en"
    summary: list[list[str]] = []

    def summary_sheets() -> list[tuple[str, list[list[str]]]]:
        summary.extend(people.summary_rows(rules, as_of or date.today(), english))
        return [(SUMMARY_SHEET, summary)] if summary else []

    stream = _open_input(arguments.file)
    try:
        rows = _rows_of(stream, rules, year, as_of, counts, english, about, people)
        if arguments.output:
            _write_file(rows, arguments.output, chosen, encoding, summary_sheets)
        else:
            write_bytes(encoding_start(encoding))
            chunk: list[list[str]] = []
            for row in rows:
                chunk.append(row)
                if len(chunk) == WRITE_ROWS:
                    _write_rows(chunk, encoding)
                    chunk = []
            _write_rows(chunk, encoding)
    finally:
        if stream is not getattr(sys.stdin, "buffer", None):
            stream.close()
    if not arguments.output or chosen != "xlsx":
        summary_sheets()
    summary_note = _write_summary(summary, arguments, chosen, encoding, people.over)
    sheet = ""
    if about.get("sheets", 0) > 1:
        sheet = "（{}）".format(sheet_note(about["sheets"], about["sheet"], "核对"))
    _say(
        "共 {} 行：达标 {}，未达标 {}，有错误 {}{}".format(
            counts["passed"] + counts["failed"] + counts["error"],
            counts["passed"],
            counts["failed"],
            counts["error"],
            sheet,
        )
    )
    if summary_note:
        _say(summary_note)
    return EXIT_OK


def _summary_path(arguments: argparse.Namespace, chosen: str) -> str | None:
    """Where the 多年汇总 goes as a file: --summary, else beside a CSV result (its name + “-多年汇总”), else nowhere."""
    summary: str | None = arguments.summary
    if summary is None and arguments.output and chosen != "xlsx":
        summary = os.path.splitext(arguments.output)[0] + "-多年汇总.csv"
    return summary


def _check_output_paths(arguments: argparse.Namespace, chosen: str) -> None:
    """Before anything is read: each file the batch will write can be written as a new regular file, none of them is
    another (the result, the 多年汇总, the staff list), and an --output name does not say another format."""
    output = arguments.output
    extension = os.path.splitext(output or "")[1].lower()
    if arguments.format is not None and extension in (".xlsx", ".csv") and (extension == ".xlsx") != (chosen == "xlsx"):
        raise UsageError(
            "--format {} 与文件名 {} 不符：写成 Excel 工作簿用 .xlsx 结尾（或 --format xlsx），"
            "写成 CSV 用 .csv 结尾".format(arguments.format, shown(output or "", 60))
        )
    summary = _summary_path(arguments, chosen)
    beside = "" if arguments.summary is not None else "（写在结果旁边，可用 --summary 另指定）"
    written = [(path, what) for path, what in ((output, "结果文件"), (summary, "多年汇总文件" + beside)) if path]
    for path, what in written:
        _check_writable(path, what)
    named = list(written)
    if arguments.file != "-":
        named.append((arguments.file, "名单文件"))
    for index, (path, what) in enumerate(named):
        for other, other_what in named[index + 1 :]:
            if _same_file(path, other):
                raise UsageError(
                    "{}与{}是同一个文件 {}：写出时会覆盖它，请另起一个文件名".format(what, other_what, shown(path, 60))
                )


def _check_writable(path: str, what: str) -> None:
    """A file the batch writes replaces a regular file or nothing: never a folder, a device, a pipe (and never through
    a link: the file it points to is replaced); its folder must exist."""
    real = os.path.realpath(path)
    if not os.path.isdir(os.path.dirname(real) or "."):
        folder = os.path.dirname(path) or "."
        raise UsageError("无法写出{} {}：文件夹 {} 不存在".format(what, shown(path, 60), shown(folder, 60)))
    if os.path.lexists(real) and not os.path.isfile(real):
        kind = "文件夹" if os.path.isdir(real) else "设备、管道或其他特殊文件"
        raise UsageError(
            "无法写出{} {}：它是{}，不是普通文件；请换一个文件名（不加 --output 时结果写到标准输出，可用 > 重定向）".format(
                what, shown(path, 60), kind
            )
        )


def _same_file(first: str, second: str) -> bool:
    """Whether two names are one file (the same path after links, or one file under two names)."""
    if os.path.normcase(os.path.realpath(first)) == os.path.normcase(os.path.realpath(second)):
        return True
    try:
        return os.path.samefile(first, second)
    except (OSError, ValueError):
        return False


def _write_summary(
    summary: list[list[str]], arguments: argparse.Namespace, chosen: str, encoding: str, over: bool
) -> str:
    """The 多年汇总 written where README says (--summary, else beside a CSV result); what stderr says of it (`over`:
    the list was too long for a summary, which then says so in its one row)."""
    if not summary:
        return ""
    people = len(summary) - 1
    path = _summary_path(arguments, chosen)
    if over:
        if path is not None:
            _write_file(iter(summary), path, "csv", encoding)
        return limit_message()
    if path is None:
        if chosen == "xlsx":
            return "{} 人有几个年度：每人的多年汇总在结果的“{}”工作表".format(people, SUMMARY_SHEET)
        return "{} 人有几个年度：加 --summary 多年汇总.csv 可把每人的多年汇总另存为文件".format(people)
    _write_file(iter(summary), path, "csv", encoding)
    return "{} 人有几个年度：每人的多年汇总写在 {}".format(people, shown(path, 60))


def _write_file(rows: Any, path: str, chosen: str, encoding: str, more: Any = None) -> None:
    """The result into a file, written beside it first and renamed over it once complete (over the file a link
    points to, not over the link)."""
    real = os.path.realpath(path)
    folder, name = os.path.split(real)
    temporary = os.path.join(folder, ".{}.{}.tmp".format(name, os.getpid()))
    try:
        if chosen == "xlsx":
            _xlsx_files().write_xlsx(rows, temporary, more)
        else:
            with open(temporary, "wb") as handle:
                handle.write(encoding_start(encoding))
                chunk: list[list[str]] = []
                for row in rows:
                    chunk.append(row)
                    if len(chunk) == WRITE_ROWS:
                        handle.write(encoded_csv(chunk, encoding))
                        chunk = []
                if chunk:
                    handle.write(encoded_csv(chunk, encoding))
        os.replace(temporary, real)
    except InputError:
        raise
    except (OSError, ValueError) as error:
        raise OutputError("无法写出结果文件 {}：{}".format(shown(path, 60), reason(error))) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _write_rows(rows: list[list[str]], encoding: str) -> None:
    if rows:
        write_bytes(encoded_csv(rows, encoding))


def command_record(arguments: argparse.Namespace) -> int:
    rules = read_rules(arguments.rules)
    if arguments.file is None:
        raise UsageError("缺少 CSV 或 .xlsx 文件名，如 python -m calculator record 记录.csv --as-of 2026-06-01")
    as_of = as_of_date(arguments.as_of) or date.today()
    stream = _open_input(arguments.file)
    about: dict[str, Any] = {}
    try:
        years, starts = read_record(_input_rows(stream, about))
    finally:
        if stream is not getattr(sys.stdin, "buffer", None):
            stream.close()
    try:
        result = check_record(rules, years, as_of)
    except InputError as error:
        raise located(error, starts) from None
    if arguments.json:
        write_json(result)
    else:
        write_text(render_record_text(result))
    if about.get("sheets", 0) > 1:  # as the batch says it: the other sheets were not read
        _say(sheet_note(about["sheets"], about["sheet"], "读"))
    return EXIT_OK


COMMANDS = {"check": command_check, "hours": command_hours, "batch": command_batch, "record": command_record}


def _options(parser: argparse.ArgumentParser) -> tuple[set[str], set[str]]:
    """(every option of every command, those that take a value)."""
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
    return known, takes_value


def refuse_repeated_options(parser: argparse.ArgumentParser, argv: list[str]) -> None:
    """An option with a value given twice (--year 2026 --year 2025) is refused: argparse would keep the last silently."""
    _known, takes_value = _options(parser)
    seen: dict[str, list[str]] = {}
    index = 0
    while index < len(argv) and argv[index] != "--":
        name, equals, value = argv[index].partition("=")
        if name in takes_value:
            if not equals and index + 1 < len(argv):
                index += 1
                value = argv[index]
            seen.setdefault(name, []).append(value)
            if len(seen[name]) > 1:
                values = "、".join(shown(each, 20) for each in seen[name])
                raise UsageError("{} 给了 {} 次（{}）：每个选项只给一次".format(name, len(seen[name]), values))
        index += 1


def attach_dash_values(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """`--professional -inf` → `--professional=-inf`, so a value starting with "-" reaches the hours parser.

    argparse takes "-5" as a value but "-inf" or "-5学时" as an unknown option; joining them gives
    every such value the calculator's own, clearer message.
    """
    known, takes_value = _options(parser)
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


def _say(line: str) -> None:
    """One line on standard error (nothing if it is closed)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        print(line, file=sys.stderr, flush=True)


def _one_line(message: str) -> str:
    """A message as printed: control characters as spaces, and at most a few hundred characters (a value quoted
    in it is cut by the code that quotes it; this is the last guard)."""
    return shown(message, 400)


def _discard_output() -> None:
    """Point standard output at /dev/null, so that what is still buffered can be flushed at exit without an error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (tests), or already gone
        pass


def main(argv: list[str] | None = None) -> int:
    """Run one command; bad input → one Chinese line on stderr and exit 2, never a traceback.

    A closed pipe on standard output (`| head`) ends the run quietly with exit 0; a failed write (a full
    disk) is bad input: one line, exit 2.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    parser = build_parser()
    try:
        if sys.stdout is None:
            raise OutputError("无法写出结果：标准输出已关闭")
        argv = attach_dash_values(parser, sys.argv[1:] if argv is None else argv)
        refuse_repeated_options(parser, argv)
        try:
            arguments = parser.parse_args(argv)
        except SystemExit as done:  # --help, printed: a failure to write it shows below, as any output's
            write_bytes(b"")
            return done.code if isinstance(done.code, int) else EXIT_OK
        if arguments.command is None:
            parser.print_help()
            code = EXIT_BAD_INPUT
        else:
            code = COMMANDS[arguments.command](arguments)
        write_bytes(b"")  # flushes: a failure to write shows now, not at exit
        return code
    except OutputClosed:
        _discard_output()
        return EXIT_OK
    except InputError as error:
        if isinstance(error, OutputError):
            _discard_output()
        _say("错误：{}".format(_one_line(error.message)))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug, not bad input: one line, unless debugging
        if os.environ.get("CALCULATOR_DEBUG"):
            raise
        _say("内部错误（请报告）：{}: {}".format(type(error).__name__, _one_line(str(error))))
        return EXIT_INTERNAL
