"""Excel workbooks in the batch: the command line reads and writes .xlsx (openpyxl), the browser's xlsx.js (under Node
here) reads the same cells and writes the same workbook; .xls, formulas without a saved value and oversized rows are
refused in one Chinese line."""

from __future__ import annotations

import base64
import datetime
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from calculator import xlsx_files
from calculator.table import FORMULA_WITHOUT_VALUE, MERGED_CELLS, NOT_XLSX, OLD_EXCEL
from generator.browser.calculator_script import xlsx_module
from tests.conftest import ROOT
from tests.test_calculator_cli import cli

HEADER = ["姓名", "公需必修", "公需选修", "专业科目", "入职日期", "备注"]


def staff_workbook(path: Path, rows: list[list[Any]], header: list[str] = HEADER) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "名单"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def cells(path: Path) -> list[list[tuple[Any, str]]]:
    sheet = load_workbook(path).active
    assert sheet is not None
    return [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]


@pytest.fixture(scope="module")
def node_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Runs the browser's xlsx.js (bundled with fflate, as the site ships it) under Node: read(bytes) and write(rows)."""
    folder = tmp_path_factory.mktemp("xlsx_js")
    (folder / "xlsx.mjs").write_text(xlsx_module(), encoding="utf-8")
    runner = folder / "run.mjs"
    runner.write_text(
        'import { readFileSync } from "node:fs";\n'
        'import { numberText, readXlsx, writeXlsx } from "./xlsx.mjs";\n'
        'const request = JSON.parse(readFileSync(0, "utf-8"));\n'
        "let answer;\n"
        "const read = (bytes) => {\n"
        '  try { return readXlsx(new Uint8Array(Buffer.from(bytes, "base64"))); }\n'
        "  catch (error) { return { error: error.message }; }\n"
        "};\n"
        "try {\n"
        '  if (request.op === "read") answer = read(request.bytes);\n'
        '  else if (request.op === "reads") answer = request.files.map(read);\n'
        '  else if (request.op === "numbers") answer = request.values.map(numberText);\n'
        '  else answer = { bytes: Buffer.from(writeXlsx(request.rows, request.numbers)).toString("base64") };\n'
        "} catch (error) { answer = { error: error.message }; }\n"
        "process.stdout.write(JSON.stringify(answer));\n",
        encoding="utf-8",
    )

    def run(request: dict[str, Any]) -> dict[str, Any]:
        done = subprocess.run(
            ["node", str(runner)], input=json.dumps(request), capture_output=True, text=True, check=True
        )
        result: dict[str, Any] = json.loads(done.stdout)
        return result

    return run


def python_rows(path: Path) -> list[tuple[int, list[str]]]:
    with path.open("rb") as handle:
        return list(xlsx_files.read_rows(handle))


# ---- the command line --------------------------------------------------------------------------------


def test_an_xlsx_in_gives_an_xlsx_out_with_chinese_headers_numbers_a_frozen_bold_header_and_text_never_formulas(
    tmp_path: Path,
) -> None:
    source = staff_workbook(
        tmp_path / "staff.xlsx",
        [
            ["张三", 20, None, 70, datetime.date(2020, 5, 1), "=HYPERLINK(1)"],
            ["李四", 20, 0, 50.5, None, "@x"],
            ["王五", "abc", 0, 60],
        ],
    )
    # An input cell that is text starting with = (not a formula) stays text.
    workbook = load_workbook(source)
    sheet = workbook.active
    assert sheet is not None
    sheet["F2"].data_type = "s"
    workbook.save(source)
    result = tmp_path / "result.xlsx"
    completed = cli("batch", str(source), "--year", "2026", "--output", str(result))
    assert completed.returncode == 0, completed.stderr.decode("utf-8")
    assert "共 3 行：达标 1，未达标 1，有错误 1" in completed.stderr.decode("utf-8")
    table = cells(result)
    assert [value for value, _ in table[0]] == [
        *HEADER,
        *("结论", "还差什么", "错误", "总学时", "公需必修还差", "总学时还差", "专业比例还差", "还需专业科目"),
        *("提醒", "依据条款", "规则版本"),
    ]
    assert table[1][:9] == [
        ("张三", "s"),
        (20, "n"),
        (None, "n"),
        (70, "n"),
        ("2020-05-01", "s"),
        ("=HYPERLINK(1)", "s"),  # text, not a formula, and no ' in front (that is the CSV's guard)
        ("达标", "s"),
        ("无", "s"),
        (None, "n"),
    ]
    assert table[2][3] == (50.5, "n") and table[2][6:8] == [
        ("未达标", "s"),
        ("还差总学时 19.5 学时（其中专业科目至少 9.5 学时）", "s"),
    ]
    assert table[3][6] == ("未核对", "s") and table[3][8][0].startswith("公需必修：“abc”不是学时数")
    assert table[1][-1][0].endswith("）") and table[1][-2][0].startswith("桂人社函〔2026〕196号")
    sheet = load_workbook(result).active
    assert sheet is not None
    assert sheet.title == "核对结果" and sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:Q4"
    assert all(cell.font.b for cell in sheet[1])
    assert not any(cell.font.b for cell in sheet[2])
    assert 6 <= sheet.column_dimensions["A"].width <= 50 and sheet.column_dimensions["H"].width == 50


def test_csv_in_xlsx_out_and_xlsx_in_csv_on_standard_output(tmp_path: Path) -> None:
    csv_path = tmp_path / "staff.csv"
    csv_path.write_text("姓名,公需必修,公需选修,专业科目\n张三,20,,70\n李四,20,0,50\n", encoding="utf-8")
    result = tmp_path / "result.xlsx"
    assert cli("batch", str(csv_path), "--year", "2026", "--output", str(result)).returncode == 0
    from_csv = cells(result)
    assert from_csv[1][:5] == [("张三", "s"), (20, "n"), (None, "n"), (70, "n"), ("达标", "s")]
    on_stdout = cli("batch", str(result), "--year", "2026")
    assert on_stdout.returncode == 0
    lines = on_stdout.stdout.decode("utf-8").splitlines()
    assert lines[0].startswith("姓名,公需必修,公需选修,专业科目,结论,还差什么,错误,")
    assert lines[0].count("规则版本") == 1  # the previous result's columns are replaced, not repeated
    assert lines[1].startswith("张三,20,,70,达标,无,,90,")
    again = cli("batch", "-", "--year", "2026", stdin=result.read_bytes())
    assert again.stdout == on_stdout.stdout


def test_a_blank_hours_cell_is_zero_in_a_workbook_as_in_the_form(tmp_path: Path) -> None:
    source = staff_workbook(tmp_path / "staff.xlsx", [["张三", 20, None, 70], ["李四", None, None, None]])
    rows = cli("batch", str(source), "--year", "2026").stdout.decode("utf-8").splitlines()
    assert rows[1].startswith("张三,20,,70,,,达标,无,,90,")
    assert rows[2].startswith("李四,,,,,,未达标,还差公需必修课 20 学时（学完并通过考试）、总学时 70 学时")


def test_a_formula_is_read_as_its_saved_value_and_one_without_is_refused_naming_its_cell(tmp_path: Path) -> None:
    source = staff_workbook(tmp_path / "staff.xlsx", [["张三", 20, 0, "=60+10"]])
    for output in ([], ["--output", str(tmp_path / "result.xlsx")]):
        completed = cli("batch", str(source), "--year", "2026", *output)
        assert completed.returncode == 2
        assert completed.stderr.decode("utf-8").strip() == "错误：" + FORMULA_WITHOUT_VALUE.format(2, "D2")
    assert not (tmp_path / "result.xlsx").exists() and list(tmp_path.iterdir()) == [source]  # no half a result
    # The same formula with the value Excel saved for it: read as that value.
    text = (tmp_path / "saved.xlsx").as_posix()
    _with_saved_value(source, Path(text), "D2", "70")
    completed = cli("batch", text, "--year", "2026")
    assert completed.returncode == 0, completed.stderr.decode("utf-8")
    assert completed.stdout.decode("utf-8").splitlines()[1].startswith("张三,20,0,70,,,达标")


def _with_saved_value(source: Path, target: Path, cell: str, value: str) -> None:
    """The workbook with <v>value</v> after the formula of `cell` (what Excel saves; openpyxl writes none)."""
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                start = text.index(f'<c r="{cell}"')
                end = text.index("</c>", start)
                cell_xml = text[start:end]
                fixed = cell_xml.split("<v")[0] + f"<v>{value}</v>"
                data = (text[:start] + fixed + text[end:]).encode("utf-8")
            new.writestr(item, data)


def test_an_old_xls_and_a_broken_xlsx_are_refused_in_one_chinese_line(tmp_path: Path) -> None:
    old = tmp_path / "staff.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    completed = cli("batch", str(old), "--year", "2026")
    assert completed.returncode == 2 and completed.stderr.decode("utf-8").strip() == "错误：" + OLD_EXCEL
    broken = tmp_path / "staff.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    completed = cli("batch", str(broken), "--year", "2026")
    assert completed.returncode == 2
    assert completed.stderr.decode("utf-8").strip() == "错误：" + NOT_XLSX.format("不是完整的 .xlsx 文件")
    assert b"Traceback" not in completed.stderr


def test_the_limits_hold_in_a_workbook_with_the_sheets_row_numbers(tmp_path: Path) -> None:
    wide = staff_workbook(tmp_path / "wide.xlsx", [["张三", 20, 0, 70, *(["x"] * 200)]])
    completed = cli("batch", str(wide), "--year", "2026")
    assert completed.returncode == 2
    assert "第 2 行有 204 列，超过了每行 200 列的上限：名单应在工作表的前 200 列之内" in completed.stderr.decode(
        "utf-8"
    )
    source = staff_workbook(tmp_path / "long.xlsx", [["张三", 20, 0, 70, None, "长" * 1001], [], ["李四", 20, 0, 70]])
    lines = cli("batch", str(source), "--year", "2026").stdout.decode("utf-8").splitlines()
    assert "第 2 行“备注”列有 1,001 个字符，超过了每格 1,000 个字符的上限" in lines[1]
    assert lines[2].startswith("李四,20,0,70,,,达标")  # row 4 of the sheet, after an empty row


def swollen(path: Path, part: str, before: bytes, insert: bytes) -> Path:
    """A copy of a workbook with `insert` put into one of its parts before `before`: a small file that unpacks large."""
    import zipfile

    with (
        zipfile.ZipFile(path) as source,
        zipfile.ZipFile(path.with_name("swollen.xlsx"), "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            out.writestr(item, data.replace(before, insert + before, 1) if item.filename == part else data)
    return path.with_name("swollen.xlsx")


@pytest.mark.parametrize(
    ("insert", "message"),
    [
        (b'<row r="9"><c r="A9" t="inlineStr"><is><t>' + b"a" * (3 << 20) + b"</t></is></c></row>", "超过 1 MB"),
        (b'<row r="9">' + b'<c r="A9"><v>1</v></c>' * 30_000 + b"</row>", "第 3 行列出了超过 20,000 个格子"),
    ],
)
def test_a_workbook_that_unpacks_to_a_huge_cell_or_row_is_refused_before_it_is_built(
    tmp_path: Path, insert: bytes, message: str
) -> None:
    # A few hundred KB that unpack to a 3 MB text or a 30,000-cell row: the parser would hold them (or 200 MB) whole.
    bomb = swollen(
        staff_workbook(tmp_path / "staff.xlsx", [["张三", 20, 0, 70]]),
        "xl/worksheets/sheet1.xml",
        b"</sheetData>",
        insert,
    )
    assert bomb.stat().st_size < 200_000
    completed = cli("batch", str(bomb), "--year", "2026")
    assert completed.returncode == 2
    line = completed.stderr.decode("utf-8").strip()
    assert line.startswith("错误：") and message in line and "\n" not in line, line


def test_shared_strings_that_unpack_to_a_huge_text_are_refused(tmp_path: Path) -> None:
    # (openpyxl writes its texts inline: the part is added, as Excel's own files have it.)
    import zipfile

    source = staff_workbook(tmp_path / "staff.xlsx", [["张三", 20, 0, 70]])
    with zipfile.ZipFile(source, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<sst><si><t>" + b"a" * (3 << 20) + b"</t></si></sst>")
    completed = cli("batch", str(source), "--year", "2026")
    assert completed.returncode == 2 and "超过 1 MB" in completed.stderr.decode("utf-8")


def test_xlsx_needs_an_output_file_and_formats_are_checked(tmp_path: Path) -> None:
    source = staff_workbook(tmp_path / "staff.xlsx", [["张三", 20, 0, 70]])
    completed = cli("batch", str(source), "--year", "2026", "--format", "xlsx")
    assert completed.returncode == 2 and "--output" in completed.stderr.decode("utf-8")
    completed = cli("batch", str(source), "--year", "2026", "--format", "json")
    assert completed.returncode == 2 and "--format 只能是" in completed.stderr.decode("utf-8")
    machine = cli("batch", str(source), "--year", "2026", "--format", "csv-en").stdout.decode("utf-8")
    assert machine.splitlines()[0].endswith("passed,missing,error,total,public_required_shortfall,"
                                            "total_minimum_shortfall,professional_share_shortfall,add_professional,"
                                            "warnings,basis,rules_version")  # fmt: skip
    assert machine.splitlines()[1].startswith("张三,20,0,70,,,true,无,,90,")


# ---- the browser's reader and writer, against the command line's ----------------------------------------


def test_the_browsers_reader_gives_every_cell_the_command_lines_text(tmp_path: Path, node_xlsx: Any) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([*HEADER, "时间", "真假"])
    sheet.append(["张三", 20, None, 61.1, datetime.date(2020, 5, 1), "a & <b>", datetime.time(8, 30), True])
    sheet.append(["李四", 0.1 + 0.2, 1e16, 123456789012345678, datetime.datetime(2021, 1, 2, 3, 4, 5), "  空格 ", None])
    sheet.append([])
    sheet.append(["王五", "20", "", -3.5, datetime.date(1900, 1, 1), "第一行\n第二行", 0.5, False])
    sheet["J6"] = "远处的格子"
    workbook.create_sheet("第二张")
    path = tmp_path / "mixed.xlsx"
    workbook.save(path)
    expected = python_rows(path)
    read = node_xlsx({"op": "read", "bytes": base64.b64encode(path.read_bytes()).decode("ascii")})
    assert list(zip(read["numbers"], read["rows"], strict=True)) == [(number, row) for number, row in expected]
    assert read["sheet"] == "Sheet" and read["sheets"] == 2
    assert expected[2][1][:4] == ["李四", "0.3", "1e+16", "1.23456789012346e+17"]


def test_a_number_shown_as_a_percent_is_read_as_shown_by_both_readers(tmp_path: Path, node_xlsx: Any) -> None:
    # Excel shows 0.7 in a 0% format as 70%: read as 0.7 it would be checked as 0.7 hours without a word.
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(["甲", 20, 0, 0.7])
    sheet["D2"].number_format = "0%"
    sheet.append(["乙", 20, 0, 0.705])
    sheet["D3"].number_format = '0.0"分"%'
    sheet.append(["丙", 20, 0, 70])
    sheet["D4"].number_format = '0"%"'  # a quoted % is text, not a percent format
    path = tmp_path / "percent.xlsx"
    workbook.save(path)
    expected = python_rows(path)
    assert [row[3] for _, row in expected[1:]] == ["70%", "70.5%", "70"]
    read = node_xlsx({"op": "read", "bytes": base64.b64encode(path.read_bytes()).decode("ascii")})
    assert list(zip(read["numbers"], read["rows"], strict=True)) == [(number, row) for number, row in expected]
    lines = cli("batch", str(path), "--year", "2026").stdout.decode("utf-8").splitlines()
    assert "专业科目：“70%”不是学时数" in lines[1]


def test_the_browsers_reader_refuses_what_the_command_line_refuses(tmp_path: Path, node_xlsx: Any) -> None:
    formula = staff_workbook(tmp_path / "formula.xlsx", [["张三", 20, 0, "=60+10"]])
    answer = node_xlsx({"op": "read", "bytes": base64.b64encode(formula.read_bytes()).decode("ascii")})
    assert answer == {"error": FORMULA_WITHOUT_VALUE.format(2, "D2")}
    answer = node_xlsx({"op": "read", "bytes": base64.b64encode(b"PK\x03\x04" + b"\0" * 100).decode("ascii")})
    assert answer == {"error": NOT_XLSX.format("不是完整的 .xlsx 文件")}


def test_the_browsers_messages_are_the_command_lines_word_for_word() -> None:
    worker = (ROOT / "site_config" / "calculator" / "worker.js").read_text(encoding="utf-8")
    module = (ROOT / "site_config" / "calculator" / "xlsx.js").read_text(encoding="utf-8")

    def joined(source: str, name: str) -> str:
        start = source.index(f"{name} =")
        statement = source[start : source.index(";", start)]
        return "".join(part[1:-1] for part in __import__("re").findall(r'"[^"]*"', statement))

    assert joined(worker, "const OLD_EXCEL") == OLD_EXCEL
    assert joined(module, "const NOT_XLSX") == NOT_XLSX
    assert joined(module, "const FORMULA_WITHOUT_VALUE") == FORMULA_WITHOUT_VALUE
    assert joined(module, "const MERGED_CELLS") == MERGED_CELLS
    assert joined(module, "const STRICT_XLSX") == xlsx_files.STRICT_XLSX


def test_the_browsers_workbook_has_the_command_lines_cells_widths_and_header(tmp_path: Path, node_xlsx: Any) -> None:
    source = staff_workbook(
        tmp_path / "staff.xlsx",
        [["张三", 20, None, 70, None, "+x"], ["李四", 20, 0, 50.5, None, "a&b<c>"], ["王五", "abc", 0, 60]],
    )
    cli_result = tmp_path / "cli.xlsx"
    assert cli("batch", str(source), "--year", "2026", "--output", str(cli_result)).returncode == 0
    rows = [[str(value) if value is not None else "" for value, _ in row] for row in cells(cli_result)]
    rows = [[cell[:-2] if cell.endswith(".0") else cell for cell in row] for row in rows]
    from calculator.table import number_columns

    made = node_xlsx({"op": "write", "rows": rows, "numbers": number_columns(rows[0])})
    browser_result = tmp_path / "browser.xlsx"
    browser_result.write_bytes(base64.b64decode(made["bytes"]))
    assert cells(browser_result) == cells(cli_result)
    a, b = load_workbook(browser_result).active, load_workbook(cli_result).active
    assert a is not None and b is not None
    assert (a.title, a.freeze_panes, a.auto_filter.ref) == (b.title, b.freeze_panes, b.auto_filter.ref)
    assert [cell.font.b for cell in a[1]] == [cell.font.b for cell in b[1]]
    assert {k: v.width for k, v in a.column_dimensions.items()} == {k: v.width for k, v in b.column_dimensions.items()}


def test_cells_merged_below_the_header_are_refused_by_both_readers_naming_the_range(
    tmp_path: Path, node_xlsx: Any
) -> None:
    """A name merged over two rows, or hours over two: every cell but the first read as empty, i.e. a row without
    its name and 0 hours, without a word. A merge in the header row (备注 over two columns) changes no data row."""
    path = tmp_path / "merged.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["姓名", "公需必修", "公需选修", "专业科目", "备注"])
    sheet.append(["张三", 20, 0, 70])
    sheet.append([None, 20, 0, 70])
    sheet.merge_cells("E1:F1")
    sheet.merge_cells("A2:A3")
    workbook.save(path)
    ref = "A2:A3"
    completed = cli("batch", str(path), "--year", "2026")
    assert completed.returncode == 2 and completed.stdout == b""
    assert completed.stderr.decode("utf-8").strip() == "错误：" + MERGED_CELLS.format(ref)
    answer = node_xlsx({"op": "read", "bytes": base64.b64encode(path.read_bytes()).decode("ascii")})
    assert answer == {"error": MERGED_CELLS.format(ref)}
    record = cli("record", str(path))
    assert record.returncode == 2 and MERGED_CELLS.format(ref) in record.stderr.decode("utf-8")

    only_header = staff_workbook(tmp_path / "header.xlsx", [["张三", 20, 0, 70]])
    book = load_workbook(only_header)
    first = book.active
    assert first is not None
    first.merge_cells("E1:F1")
    book.save(only_header)
    assert cli("batch", str(only_header), "--year", "2026").returncode == 0
    assert "error" not in node_xlsx({"op": "read", "bytes": base64.b64encode(only_header.read_bytes()).decode("ascii")})


def edited(path: Path, name: str, change: Any) -> Path:
    """A copy of a workbook with each part's bytes (and name) passed through change(part name, bytes) → (name, bytes)."""
    import zipfile

    target = path.with_name(f"{name}.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            part, data = change(item.filename, source.read(item.filename))
            out.writestr(part, data)
    return target


def both_read(path: Path, node_xlsx: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """What the command line's batch and the browser's reader make of a workbook: {"rows"} or {"error"}."""
    completed = cli("batch", str(path), "--year", "2026")
    assert b"Traceback" not in completed.stderr and "内部错误" not in completed.stderr.decode("utf-8")
    if completed.returncode == 2:
        command_line: dict[str, Any] = {"error": completed.stderr.decode("utf-8").strip().removeprefix("错误：")}
    else:
        assert completed.returncode == 0 and completed.stderr.decode("utf-8").count("\n") == 1  # the summary alone
        command_line = {"rows": [row for _, row in python_rows(path)]}
    read = node_xlsx({"op": "read", "bytes": base64.b64encode(path.read_bytes()).decode("ascii")})
    browser = {"error": read["error"]} if "error" in read else {"rows": read["rows"]}
    return command_line, browser


def shared(path: Path) -> Path:
    """A copy of an openpyxl workbook (which writes each text in its cell) with the texts in xl/sharedStrings.xml, as
    Excel and WPS write them."""
    import re as regex

    strings: list[bytes] = []

    def to_shared(match: regex.Match[bytes]) -> bytes:
        strings.append(match.group(2))
        return match.group(1) + b' t="s"><v>' + str(len(strings) - 1).encode() + b"</v></c>"

    def change(name: str, data: bytes) -> tuple[str, bytes]:
        if name == "xl/worksheets/sheet1.xml":
            data = regex.sub(
                rb'(<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")?) t="inlineStr"><is><t>(.*?)</t></is></c>', to_shared, data
            )
        elif name == "xl/_rels/workbook.xml.rels":
            data = data.replace(
                b"</Relationships>",
                b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"'
                b' Target="sharedStrings.xml" Id="rId99" /></Relationships>',
            )
        elif name == "[Content_Types].xml":
            data = data.replace(
                b"</Types>",
                b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                b'spreadsheetml.sharedStrings+xml"/></Types>',
            )
        return name, data

    copy = edited(path, "shared", change)
    items = b"".join(b"<si><t>" + text + b"</t></si>" for text in strings)
    import zipfile

    with zipfile.ZipFile(copy, "a") as archive:
        archive.writestr(
            "xl/sharedStrings.xml",
            b'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
            b' count="%d" uniqueCount="%d">' % (len(strings), len(strings)) + items + b"</sst>",
        )
    return copy


def _replace(part: str, old: bytes, new: bytes) -> Any:
    return lambda name, data: (name, data.replace(old, new, 1) if name == part else data)


@pytest.mark.parametrize(
    "change",
    [
        _replace("xl/sharedStrings.xml", "张三".encode(), "张&nbsp;三".encode()),
        _replace("xl/sharedStrings.xml", "张三".encode(), "张&#0;三".encode()),
        _replace("xl/sharedStrings.xml", "张三".encode(), "张 & 三".encode()),
        lambda name, data: (name, data[: len(data) // 2] if name == "xl/worksheets/sheet1.xml" else data),
        lambda name, data: (name, data[: len(data) - 20] if name == "xl/sharedStrings.xml" else data),
    ],
    ids=["undefined entity", "invalid character reference", "bare ampersand", "sheet cut short", "strings cut short"],
)
def test_a_workbook_whose_xml_is_malformed_is_refused_alike_never_an_internal_error(
    tmp_path: Path, node_xlsx: Any, change: Any
) -> None:
    """openpyxl's parser raised ParseError, which the command line reported as 内部错误 with an English message; the
    browser read 张&nbsp;三 as it stands."""
    source = shared(staff_workbook(tmp_path / "staff.xlsx", [["张三", 20, 0, 70], ["李四", 20, 0, 70]]))
    assert both_read(source, node_xlsx)[1]["rows"][1][0] == "张三"  # the texts are shared strings now
    command_line, browser = both_read(edited(source, "broken", change), node_xlsx)
    assert command_line == browser == {"error": NOT_XLSX.format("格式不对")}


def test_parts_named_otherwise_are_found_by_the_workbooks_relationships(tmp_path: Path, node_xlsx: Any) -> None:
    """Some programs name the shared strings SharedStrings.xml: openpyxl follows the relationship, the browser read
    xl/sharedStrings.xml only and called the workbook empty."""
    source = shared(staff_workbook(tmp_path / "staff.xlsx", [["张三", 20, 0, 70]]))

    def rename(name: str, data: bytes) -> tuple[str, bytes]:
        data = data.replace(b"sharedStrings.xml", b"SharedStrings.xml").replace(b"styles.xml", b"Styles1.xml")
        return name.replace("sharedStrings.xml", "SharedStrings.xml").replace("styles.xml", "Styles1.xml"), data

    command_line, browser = both_read(edited(source, "renamed", rename), node_xlsx)
    assert command_line == browser
    assert browser["rows"][1][:4] == ["张三", "20", "0", "70"]


def test_a_merge_and_a_formula_without_value_get_the_same_first_message_from_both(
    tmp_path: Path, node_xlsx: Any
) -> None:
    """The command line says the merge as soon as the header is read; the browser said the later formula first."""
    path = tmp_path / "both.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["姓名", "公需必修", "公需选修", "专业科目"])
    sheet.append(["张三", 20, 0, 70])
    sheet.append([None, 20, 0, 70])
    sheet.append(["李四", "=B2", 0, 70])
    sheet.merge_cells("A2:A3")
    workbook.save(path)
    command_line, browser = both_read(path, node_xlsx)
    assert command_line == browser == {"error": MERGED_CELLS.format("A2:A3")}


def test_minus_zero_reads_as_0_in_both_readers(tmp_path: Path, node_xlsx: Any) -> None:
    source = staff_workbook(tmp_path / "staff.xlsx", [["张三", 20, 0, 70]])
    changed = edited(source, "minus", _replace("xl/worksheets/sheet1.xml", b"<v>0</v>", b"<v>-0.0</v>"))
    command_line, browser = both_read(changed, node_xlsx)
    assert command_line == browser and browser["rows"][1][:4] == ["张三", "20", "0", "70"]


def test_text_that_looks_like_an_error_value_is_written_as_text(tmp_path: Path) -> None:
    """openpyxl writes #N/A, #REF! … given as text as error cells: the browser's workbook has them as text."""
    source = tmp_path / "staff.csv"
    source.write_text(
        "身份证号,姓名,公需必修,公需选修,专业科目\n#N/A,张三,20,0,70\n#REF!,李四,20,0,70\n", encoding="utf-8"
    )
    output = tmp_path / "out.xlsx"
    assert cli("batch", str(source), "--year", "2026", "--output", str(output)).returncode == 0
    sheet = load_workbook(output).active
    assert sheet is not None
    assert [(cell.value, cell.data_type) for cell in sheet["A"][1:]] == [("#N/A", "s"), ("#REF!", "s")]


def test_openpyxls_english_warnings_never_reach_the_person(tmp_path: Path) -> None:
    """A workbook whose styles have no <cellStyles> (written by some programs): openpyxl warned in English with its
    own file path on standard error."""
    import re as regex

    source = staff_workbook(tmp_path / "staff.xlsx", [["张三", 20, 0, 70]])
    changed = edited(
        source,
        "styles",
        lambda name, data: (
            name,
            regex.sub(rb"<cellStyles.*?</cellStyles>", b"", data, flags=regex.S) if name == "xl/styles.xml" else data,
        ),
    )
    completed = cli("batch", str(changed), "--year", "2026")
    assert completed.returncode == 0
    assert completed.stderr.decode("utf-8").strip().startswith("共 1 行")


# ---- workbooks written by hand: what other programs write, read alike by both readers ------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PLAIN_STYLES = f'<styleSheet xmlns="{MAIN}"><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>'


def raw_workbook(
    path: Path,
    sheets: list[str],
    workbook: str = "<bookViews><workbookView/></bookViews>",
    styles: str = PLAIN_STYLES,
    strings: str | None = None,
    ns: str = MAIN,
    rns: str = RELATIONS,
    declare_strings: bool = True,
    more: dict[str, str] | None = None,
) -> Path:
    """An .xlsx from XML written by hand: each sheet's <sheetData> body, the workbook's elements before <sheets>, the
    styles and the shared strings' <sst> body (as Excel, WPS or another program may write them); `declare_strings`:
    whether [Content_Types].xml declares the shared strings; `more`: further parts, by name."""
    import zipfile

    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    kinds = ["worksheet"] * len(sheets) + ["styles"] + (["sharedStrings"] if strings is not None else [])
    targets = [f"worksheets/sheet{i + 1}.xml" for i in range(len(sheets))] + ["styles.xml", "sharedStrings.xml"]
    relations = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{rns}/{kind}" Target="{targets[i]}"/>' for i, kind in enumerate(kinds)
    )
    content = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{content}.sheet.main+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="{content}.worksheet+xml"/>'
            for i in range(len(sheets))
        )
        + f'<Override PartName="/xl/styles.xml" ContentType="{content}.styles+xml"/>'
        + (
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{content}.sharedStrings+xml"/>'
            if strings and declare_strings
            else ""
        )
        + "</Types>",
        "_rels/.rels": f'<Relationships xmlns="{package}">'
        f'<Relationship Id="rId1" Type="{rns}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{ns}" xmlns:r="{rns}">{workbook}<sheets>'
        + "".join(f'<sheet name="S{i + 1}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i in range(len(sheets)))
        + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{package}">{relations}</Relationships>',
        "xl/styles.xml": styles.replace(MAIN, ns),
        **{
            f"xl/worksheets/sheet{i + 1}.xml": f'<worksheet xmlns="{ns}"><sheetData>{body}</sheetData></worksheet>'
            for i, body in enumerate(sheets)
        },
    }
    if strings is not None:
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{ns}">{strings}</sst>'
    parts.update(more or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>\n' + text)
    return path


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


STAFF_HEADER = (
    '<row r="1">'
    + "".join(
        inline(f"{column}1", name)
        for column, name in zip("ABCDE", ["姓名", "年度", "公需必修", "公需选修", "专业科目"], strict=True)
    )
    + "</row>"
)


def person(row: int, name: str, professional: str, more: str = "") -> str:
    """A row for `name` (2026, 20, 0) whose 专业科目 cell E is `professional` (a whole <c>, or the text of its <v>)."""
    e = professional if professional.startswith("<c") else f'<c r="E{row}"><v>{professional}</v></c>'
    return (
        f'<row r="{row}">{inline(f"A{row}", name)}<c r="B{row}"><v>2026</v></c><c r="C{row}"><v>20</v></c>'
        f'<c r="D{row}"><v>0</v></c>{e}{more}</row>'
    )


def each_read(paths: list[Path], node_xlsx: Any) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(command line's reader, browser's reader) for each workbook: {"rows"} or {"error"}, read in this process and
    in one Node run (both_read runs the command line itself, which is slower)."""
    from calculator.table import FileError

    answers = node_xlsx(
        {"op": "reads", "files": [base64.b64encode(path.read_bytes()).decode("ascii") for path in paths]}
    )
    pairs = []
    for path, answer in zip(paths, answers, strict=True):
        try:
            command_line: dict[str, Any] = {"rows": [row for _, row in python_rows(path)]}
        except FileError as error:
            command_line = {"error": str(error)}
        pairs.append((command_line, {"error": answer["error"]} if "error" in answer else {"rows": answer["rows"]}))
    return pairs


def test_the_first_window_of_a_workbook_decides_its_sheet_as_openpyxl_reads_it(tmp_path: Path, node_xlsx: Any) -> None:
    """Two windows (Excel: 视图 › 新建窗口): the first shows S1 (Excel leaves out activeTab="0"), the second S2. The
    browser took the first window that names a tab, S2: another list, other verdicts."""
    lists = [STAFF_HEADER + person(2, "甲", "70"), STAFF_HEADER + person(2, "乙", "10")]
    views = {
        "second window": ('<bookViews><workbookView/><workbookView activeTab="1"/></bookViews>', "甲"),
        "first names S2": ('<bookViews><workbookView activeTab="1"/><workbookView/></bookViews>', "乙"),
        "from the end": ('<bookViews><workbookView activeTab="-1"/></bookViews>', "乙"),  # Python's list[-1]
        "no such tab": ('<bookViews><workbookView activeTab="7"/></bookViews>', "甲"),
        "full-width": ('<bookViews><workbookView activeTab=" １"/></bookViews>', "乙"),  # int(" １") == 1
    }
    paths = [raw_workbook(tmp_path / f"{name}.xlsx", lists, workbook=view) for name, (view, _) in views.items()]
    for (command_line, browser), (_, name) in zip(each_read(paths, node_xlsx), views.values(), strict=True):
        assert command_line == browser and browser["rows"][1][0] == name
    broken = raw_workbook(tmp_path / "x.xlsx", lists, workbook='<bookViews><workbookView activeTab="x"/></bookViews>')
    command_line, browser = both_read(broken, node_xlsx)
    assert command_line == browser == {"error": NOT_XLSX.format("格式不对")}


def test_comments_and_cdata_sections_are_read_as_an_xml_parser_reads_them(tmp_path: Path, node_xlsx: Any) -> None:
    """Well-formed XML the browser read as text: <![CDATA[甲]]> as a name, 7<!-- x -->0 as NaN, and a commented-out
    row as a second person (幽灵) the command line never saw."""
    ghost = '<!-- <row r="2">' + inline("A2", "幽灵") + '<c r="E2"><v>70</v></c></row> -->'
    cdata = person(3, "<![CDATA[甲 &amp; <乙>]]>", '<c r="E3" t="inlineStr"><is><t><![CDATA[70]]></t></is></c>')
    commented = person(4, "丙<!-- 注 -->", "7<!-- note -->0<?pi x?>")
    shared_cell = '<row r="5"><c r="A5" t="s"><v>0</v></c><c r="B5"><v>2026</v></c><c r="E5"><v>70</v></c></row>'
    path = raw_workbook(
        tmp_path / "xml.xlsx",
        [STAFF_HEADER + ghost + cdata + commented + shared_cell],
        workbook='<!-- <bookViews><workbookView activeTab="1"/></bookViews> --><workbookPr/>',
        strings="<si><t><![CDATA[丁]]></t><!-- <t>戊</t> --></si>",
    )
    command_line, browser = both_read(path, node_xlsx)
    assert command_line == browser
    assert browser["rows"][1:] == [
        ["甲 &amp; <乙>", "2026", "20", "0", "70"],  # a CDATA section is taken literally, never unescaped
        ["丙", "2026", "20", "0", "70"],
        ["丁", "2026", "", "", "70"],
    ]
    bad = raw_workbook(tmp_path / "bad.xlsx", [STAFF_HEADER + "<!-- a -- b -->" + person(2, "甲", "70")])
    command_line, browser = both_read(bad, node_xlsx)
    assert command_line == browser == {"error": NOT_XLSX.format("格式不对")}


NUMBER_TEXTS = [
    *("70", "７０", "٧٠", "7_0", " 70 ", "\u300070\u2005", "+70", "-0", "0070", "70.", ".5", "7_0.5_0", "1E1", "1e-3"),
    *("1e400", "-1e400", "1" + "0" * 400, "123456789012345678", "0.1", "1.5e308", "2e-320"),
    *("0x46", " ", "inf", "nan", "Infinity", "7__0", "_70", "70_", "1e", "7.0.0", "７０．５", "1_.5", "+-1", "0b1"),
]


def test_numbers_are_read_as_pythons_int_and_float_read_them(tmp_path: Path, node_xlsx: Any) -> None:
    """openpyxl casts <v> with int() or float(): ７０ and 7_0 are 70, 0x46 and a lone space stop the file (the browser
    read them as 70 and 0 hours: Number()), 1e400 is inf. A huge whole number (400 digits) or one in a percent format
    reads as inf on both sides (the command line stopped with 内部错误: OverflowError)."""
    styles = (
        f'<styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="9"/></cellXfs></styleSheet>'
    )
    paths = []
    for index, text in enumerate(NUMBER_TEXTS):
        percent = f'<c r="F2" s="1"><v>{text}</v></c>'
        rows = STAFF_HEADER + person(2, "甲", text, more=percent)
        paths.append(raw_workbook(tmp_path / f"n{index}.xlsx", [rows], styles=styles))
    read = each_read(paths, node_xlsx)
    for text, (command_line, browser) in zip(NUMBER_TEXTS, read, strict=True):
        assert command_line == browser, text
    texts = {
        text: browser.get("rows", [[], [None] * 6])[1][4:]
        for text, (_, browser) in zip(NUMBER_TEXTS, read, strict=True)
    }
    assert texts["７０"] == texts["7_0"] == texts[" 70 "] == ["70", "7000%"]
    assert texts["1e400"] == ["inf", "inf%"] and texts["1" + "0" * 400] == ["inf", "inf%"]
    assert texts["0x46"] == texts[" "] == texts["inf"] == [None, None]  # refused
    refused = raw_workbook(tmp_path / "refused.xlsx", [STAFF_HEADER + person(2, "甲", "0x46")])
    huge = raw_workbook(tmp_path / "huge.xlsx", [STAFF_HEADER + person(2, "甲", "1" + "0" * 400)])
    for path in refused, huge:
        command_line, browser = both_read(path, node_xlsx)  # the command line itself: no 内部错误
        assert command_line == browser
    assert browser["rows"][1][4] == "inf"


@pytest.mark.parametrize(
    ("cell", "read"),
    [
        ('<c r="A2" t="s"><v>5</v></c>', None),  # no such shared string: the browser read an empty name
        ('<c r="A2" t="s"><v>0.0</v></c>', None),
        ('<c r="A2" t="s"><v>-1</v></c>', "乙"),  # Python's list[-1]
        ('<c r="A2" t="s"><v> ０ </v></c>', "甲"),
        ('<c r="A2" t="b"><v>x</v></c>', None),  # bool(int("x"))
        ('<c r="A2" t="b"><v>2</v></c>', "TRUE"),
    ],
)
def test_shared_strings_and_booleans_are_looked_up_as_openpyxl_does(
    tmp_path: Path, node_xlsx: Any, cell: str, read: str | None
) -> None:
    row = '<row r="2">' + cell + '<c r="B2"><v>2026</v></c><c r="C2"><v>20</v></c><c r="D2"><v>0</v></c></row>'
    path = raw_workbook(tmp_path / "s.xlsx", [STAFF_HEADER + row], strings="<si><t>甲</t></si><si><t>乙</t></si>")
    ((command_line, browser),) = each_read([path], node_xlsx)
    assert command_line == browser
    assert browser == ({"error": NOT_XLSX.format("格式不对")} if read is None else {"rows": browser["rows"]})
    if read is not None:
        assert browser["rows"][1][0] == read


def test_a_style_with_an_undefined_number_format_is_read_as_general_by_both(tmp_path: Path, node_xlsx: Any) -> None:
    """openpyxl loads a style whose numFmtId styles.xml does not define; the command line's percent check then
    stopped `batch` and `record` with 内部错误: IndexError."""
    styles = (
        f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="0%"/></numFmts>'
        '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="200"/><xf numFmtId="164"/></cellXfs></styleSheet>'
    )
    rows = STAFF_HEADER + person(2, "甲", '<c r="E2" s="1"><v>70</v></c>', more='<c r="F2" s="2"><v>0.5</v></c>')
    path = raw_workbook(tmp_path / "formats.xlsx", [rows], styles=styles)
    command_line, browser = both_read(path, node_xlsx)
    assert command_line == browser and browser["rows"][1] == ["甲", "2026", "20", "0", "70", "50%"]
    record = cli("record", str(path), "--as-of", "2026-06-01")
    assert b"Traceback" not in record.stderr and "内部错误" not in record.stderr.decode("utf-8")


DURATIONS = ["-0.51", "0.0000173611111111111", "1.5", "-1.5", "0.5/86400", "2.5/86400", "-2.5/86400", "46000"]
DURATIONS += ["0.0000057870370370370", "1e-9", "-1e-9", "1e9", "-1e9", "1e400", "1.49951/86400", "0.50049/86400"]


@pytest.mark.parametrize("date1904", [None, "TRUE", "FALSE", "false", "1", "0", "F", ""])
def test_copied_date_and_duration_cells_read_the_same_on_both_sides(
    tmp_path: Path, node_xlsx: Any, date1904: str | None
) -> None:
    """Cells only copied into the result must read alike too: date1904="TRUE" (openpyxl's Bool: only false, f, 0 and
    the empty text are false) moved the page's dates four years, and durations ([h]:mm:ss) were -13:-15:-24 for
    -0.51 days (JavaScript's %) and 0:00:01 for 1.5 s (openpyxl rounds to the millisecond, then half to even)."""
    styles = (
        f'<styleSheet xmlns="{MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="[h]:mm:ss"/>'
        '<numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></numFmts>'
        '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>'
    )
    values = [
        repr(float(a) / float(b)) if "/" in text else text for text in DURATIONS for a, _, b in [text.partition("/")]
    ]
    more = "".join(f'<c r="{get_column_letter(6 + i)}2" s="1"><v>{v}</v></c>' for i, v in enumerate(values))
    more += "".join(
        f'<c r="{get_column_letter(6 + len(values) + i)}2" s="2"><v>{v}</v></c>' for i, v in enumerate(values)
    )
    workbook = "<workbookPr/>" if date1904 is None else f'<workbookPr date1904="{date1904}"/>'
    path = raw_workbook(tmp_path / "dates.xlsx", [STAFF_HEADER + person(2, "甲", "70", more)], workbook, styles)
    ((command_line, browser),) = each_read([path], node_xlsx)
    assert command_line == browser
    assert browser["rows"][1][5:7] == ["-13:45:36", "0:00:02"]


def test_an_empty_header_cell_is_a_blank_cell_in_both_workbooks(tmp_path: Path, node_xlsx: Any) -> None:
    """The command line wrote an empty header cell as an inline string with no text, the page as no cell at all."""
    source = tmp_path / "staff.csv"
    source.write_text("姓名,,公需必修,公需选修,专业科目,,\n张,x,20,0,70\n", encoding="utf-8")
    cli_result = tmp_path / "cli.xlsx"
    assert cli("batch", str(source), "--year", "2026", "--output", str(cli_result)).returncode == 0
    assert cells(cli_result)[0][1] == (None, "n")
    rows = [[str(value) if value is not None else "" for value, _ in row] for row in cells(cli_result)]
    rows = [[cell[:-2] if cell.endswith(".0") else cell for cell in row] for row in rows]
    from calculator.table import number_columns

    made = node_xlsx({"op": "write", "rows": rows, "numbers": number_columns(rows[0])})
    browser_result = tmp_path / "browser.xlsx"
    browser_result.write_bytes(base64.b64decode(made["bytes"]))
    assert cells(browser_result) == cells(cli_result)


def test_a_strict_open_xml_workbook_or_one_in_another_namespace_is_refused_alike(
    tmp_path: Path, node_xlsx: Any
) -> None:
    """Excel's 另存为 "Strict Open XML 电子表格": openpyxl finds no sheet in it and the command line said
    工作簿中没有工作表 (there is one), while the page read it; with an unknown namespace the command line said
    文件是空的 and the page read every row."""
    rows = [STAFF_HEADER + person(2, "甲", "70")]
    strict = raw_workbook(
        tmp_path / "strict.xlsx",
        rows,
        ns="http://purl.oclc.org/ooxml/spreadsheetml/main",
        rns="http://purl.oclc.org/ooxml/officeDocument/relationships",
    )
    command_line, browser = both_read(strict, node_xlsx)
    assert command_line == browser == {"error": xlsx_files.STRICT_XLSX}
    record = cli("record", str(strict), "--as-of", "2026-06-01")
    assert record.returncode == 2 and xlsx_files.STRICT_XLSX in record.stderr.decode("utf-8")
    command_line, browser = both_read(raw_workbook(tmp_path / "urn.xlsx", rows, ns="urn:x"), node_xlsx)
    assert command_line == browser == {"error": NOT_XLSX.format("格式不对")}
    # Only the sheet or the shared strings in another namespace: openpyxl reads nothing in them, nor does the page.
    path = edited(
        raw_workbook(tmp_path / "s.xlsx", rows), "sheet_ns", _replace("xl/worksheets/sheet1.xml", MAIN.encode(), b"x")
    )
    assert each_read([path], node_xlsx)[0] == ({"rows": []},) * 2
    named = raw_workbook(
        tmp_path / "n.xlsx",
        [STAFF_HEADER + person(2, "甲", '<c r="E2" t="s"><v>0</v></c>')],
        strings="<si><t>70</t></si>",
    )
    named = edited(named, "strings_ns", _replace("xl/sharedStrings.xml", MAIN.encode(), b"x"))
    assert each_read([named], node_xlsx)[0] == ({"error": NOT_XLSX.format("格式不对")},) * 2


def test_a_greater_than_sign_inside_an_attribute_value_does_not_end_the_tag(tmp_path: Path, node_xlsx: Any) -> None:
    """x=">" is well-formed XML: the page ended the tag there, lost t="s" and read shared string 1 as 1 hour. (openpyxl
    refuses attributes it does not know in the workbook, styles, relationships and content types, but not ones in
    another namespace.)"""
    styles = f'<styleSheet xmlns="{MAIN}" xmlns:o="urn:o"><cellXfs count="2"><xf numFmtId="0"/><xf o:x=">" numFmtId="9"/></cellXfs></styleSheet>'
    rows = STAFF_HEADER + person(
        2, "甲", '<c r="E2" x=">" t="s"><v>1</v></c>', more='<c x="a>b" r="F2" s="1"><v>0.5</v></c>'
    )
    path = raw_workbook(
        tmp_path / "source.xlsx",
        [rows, STAFF_HEADER + person(2, "乙", "10")],
        workbook="<bookViews><workbookView xmlns:o='urn:o' o:x='>' activeTab=\"0\"/></bookViews>",
        styles=styles,
        strings='<si xmlns:o="urn:o" o:x=">"><t>甲</t></si><si><t x="->">70</t></si>',
    )
    path = edited(
        path, "gt", _replace("xl/_rels/workbook.xml.rels", b"<Relationship ", b'<Relationship xmlns:o="urn:o" o:x=">" ')
    )
    path = edited(path, "gt2", _replace("[Content_Types].xml", b"<Override ", b'<Override xmlns:o="urn:o" o:x=">" '))
    ((command_line, browser),) = each_read([path], node_xlsx)
    assert command_line == browser and browser["rows"][1] == ["甲", "2026", "20", "0", "70", "50%"]


def test_elements_of_another_namespace_are_read_as_openpyxl_reads_them(tmp_path: Path, node_xlsx: Any) -> None:
    """openpyxl reads rows, values, formulas and inline strings of the main namespace only (the page read a row in
    urn:x as a ghost person), but a row's every child as a cell and a string's <t> by its local name."""
    ghost = '<o:row xmlns:o="urn:x" r="2">' + inline("A2", "幽灵") + '<c r="E2"><v>70</v></c></o:row>'
    foreign_v = '<c r="E3"><o:v xmlns:o="urn:x">5</o:v><v>70</v></c>'
    foreign_t = '<c r="A3" t="inlineStr"><is><t xmlns="urn:x">甲</t></is></c>'
    row3 = (
        f'<row r="3">{foreign_t}<c r="B3"><v>2026</v></c><c r="C3"><v>20</v></c><c r="D3"><v>0</v></c>{foreign_v}</row>'
    )
    prefixed = (
        '<m:row xmlns:m="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="4">'
        '<m:c r="A4" t="s"><m:v>0</m:v></m:c><o:c xmlns:o="urn:x" r="B4"><o:v>9</o:v></o:c></m:row>'
    )
    foreign_is = (
        '<row r="5"><c r="A5" t="inlineStr"><o:is xmlns:o="urn:x"><t>戊</t></o:is></c><c r="B5"><v>1</v></c></row>'
    )
    path = raw_workbook(
        tmp_path / "ns.xlsx",
        [STAFF_HEADER + ghost + row3 + prefixed + foreign_is],
        strings='<si><o:t xmlns:o="urn:x">丙</o:t></si><o:si xmlns:o="urn:x"><t>丁</t></o:si>',
    )
    ((command_line, browser),) = each_read([path], node_xlsx)
    assert command_line == browser
    assert browser["rows"][1:] == [["甲", "2026", "20", "0", "70"], ["丙"], ["", "1"]]


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("strings not declared", {"declare_strings": False}),
        ("strings not declared nor related", {"declare_strings": False, "rns": RELATIONS + "/none"}),
        ("control character", {"strings": "<si><t>甲\x01</t></si>"}),
        ("doctype", {"sheet": '<!DOCTYPE worksheet [<!ENTITY h "70">]>'}),
        ("doctype in an unread part", {"more": {"docProps/app.xml": '<!DOCTYPE x [<!ENTITY h "70">]><x>&h;</x>'}}),
    ],
)
def test_what_one_side_refuses_the_other_refuses_too(
    tmp_path: Path, node_xlsx: Any, name: str, change: dict[str, Any]
) -> None:
    """Shared strings [Content_Types].xml does not declare: openpyxl does not read them (the page found them by their
    name). A raw U+0001: openpyxl's parser refuses it (the page read it). A DOCTYPE: the command line's parser expanded
    &h; to 70 (the page refused it); now refused on both sides, in any part."""
    rows = STAFF_HEADER + person(2, '<c r="A2" t="s"><v>0</v></c>', "&h;" if "sheet" in change else "70")
    rows = rows.replace(inline("A2", '<c r="A2" t="s"><v>0</v></c>'), '<c r="A2" t="s"><v>0</v></c>')
    options = {key: value for key, value in change.items() if key != "sheet"}
    options.setdefault("strings", "<si><t>甲</t></si>")
    if "rns" in options:
        options["rns"] = RELATIONS  # the relationship kinds are then misnamed below
    path = raw_workbook(tmp_path / "x.xlsx", [rows], **options)
    if "sheet" in change:
        path = edited(path, "d", _replace("xl/worksheets/sheet1.xml", b"?>\n", b"?>\n" + change["sheet"].encode()))
    if "rns" in change:
        path = edited(path, "r", _replace("xl/_rels/workbook.xml.rels", b"/sharedStrings", b"/none"))
    command_line, browser = both_read(path, node_xlsx)
    assert command_line == browser == {"error": NOT_XLSX.format("格式不对")}, name


def test_numbers_are_written_as_pythons_15g_on_both_sides(node_xlsx: Any) -> None:
    """Python's "%.15g" rounds a double's exact value, an exact half to even (1234567890123445 is
    1.23456789012344e+15, 100000000000000.5 is 100000000000000); the page took halves up."""
    import random
    import struct

    rng = random.Random(20261207)
    values = [1234567890123445.0, 100000000000000.5, 0.5, 2.5e-5, 1e-5, 1e-4, 0.0001, 5e-324, 2.2250738585072014e-308]
    values += [1.7976931348623157e308, 123456789012345.5, 999999999999999.5, 9999999999999995.0, 0.1, 1 / 3]
    values += [10.0**k for k in range(-320, 309)] + [5 * 10.0**k for k in range(-300, 300)]
    values += [float(n) + 0.5 for n in range(10**14, 10**14 + 50)] + [float(10**15 + 2 * n + 1) for n in range(50)]
    values += [float(10**16 + 10 * n + 5) for n in range(50)]
    values += [rng.randrange(1, 10**15) * 10.0 ** rng.randrange(-20, 20) + 0.5 for _ in range(500)]
    while len(values) < 6000:
        value = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
        if value == value and abs(value) != float("inf"):
            values.append(value)
    values += [-value for value in values[:300]]
    browser = node_xlsx({"op": "numbers", "values": values})
    assert browser == [xlsx_files.number_text(value) for value in values]
