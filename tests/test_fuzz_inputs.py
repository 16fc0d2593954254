"""Whatever people type or upload ends in a verdict or one clear Chinese error: never a traceback, never a lost row."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator.cli import EXIT_BAD_INPUT, main
from tests.conftest import ROOT

HOSTILE = [
    "",
    " ",
    "９０",
    "90学时",
    "1,000",
    "-1",
    "NaN",
    "Infinity",
    "-inf",
    "1e309",
    "0x10",
    "２０．５",
    "1" * 5000,
    "<script>alert(1)</script>",
    "'; DROP TABLE staff; --",
    "\u0000",
    "\ud800",
    "90\n",
]
TYPED = st.one_of(
    st.sampled_from(HOSTILE), st.text(max_size=30), st.from_regex(r"-?[0-9]{0,6}(\.[0-9]{0,4})?", fullmatch=True)
)


def run_cli(*arguments: str) -> tuple[int, str, str]:
    """Run the command line in this process, with real byte streams behind stdout and stderr."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(arguments))
    out.flush()
    err.flush()
    return code, out.buffer.getvalue().decode("utf-8"), err.buffer.getvalue().decode("utf-8")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    public_required=TYPED,
    public_elective=TYPED,
    professional=TYPED,
    year=st.sampled_from(["2026", "2024", "2027", "二〇二六", ""]),
)
def test_any_typed_value_gives_a_verdict_or_one_clear_error(
    public_required: str, public_elective: str, professional: str, year: str
) -> None:
    code, out, err = run_cli(
        "check",
        "--json",
        f"--year={year}",
        f"--public-required={public_required}",
        f"--public-elective={public_elective}",
        f"--professional={professional}",
    )
    assert code in (0, EXIT_BAD_INPUT), (code, err)
    assert "Traceback" not in err and "内部错误" not in err
    if code == 0:
        assert out.lstrip().startswith("{") and err == ""
    else:
        assert err.startswith("错误：") or err.startswith("usage:") or "error:" in err, err
        assert len(err.strip().splitlines()) <= 3


@settings(max_examples=150, deadline=None)
@given(payload=st.binary(max_size=400))
def test_any_uploaded_bytes_are_checked_or_refused_clearly(payload: bytes) -> None:
    folder = Path(os.environ.get("TMPDIR", "/tmp"))
    path = folder / f"fuzz-{os.getpid()}.csv"
    path.write_bytes(b"name,public_required,public_elective,professional\r\n" + payload)
    try:
        code, _out, err = run_cli("batch", str(path), "--year", "2026")
    finally:
        path.unlink()
    assert code in (0, EXIT_BAD_INPUT), err
    assert "Traceback" not in err and "内部错误" not in err


def test_a_hundred_thousand_rows_come_back_one_for_one(tmp_path: Path) -> None:
    rows = ["姓名,公需必修,公需选修,专业科目,部门"]
    rows += [f"员工{n},20,{n % 11},{40 + n % 45},{'坏' if n % 9973 == 0 else '好'}" for n in range(100_000)]
    rows[500] = "坏行,二十,x,-5,好"
    path = tmp_path / "big.csv"
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("gb18030"))
    result = subprocess.run(
        [sys.executable, "-m", "calculator", "batch", str(path), "--year", "2026"],
        cwd=ROOT,
        capture_output=True,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    lines = result.stdout.decode("utf-8-sig").splitlines()
    assert len(lines) == 100_001
    header = lines[0].split(",")
    assert "部门" in header and "错误" in header
    bad = lines[500].split(",")
    assert bad[0] == "坏行" and bad[header.index("错误")]
    assert all(line.split(",")[header.index("错误")] == "" for line in lines[1:500])


def test_missing_columns_are_named_and_extra_columns_kept(tmp_path: Path) -> None:
    path = tmp_path / "missing.csv"
    path.write_text("姓名,公需必修,专业科目\r\n张三,20,70\r\n", encoding="utf-8")
    code, _, err = run_cli("batch", str(path), "--year", "2026")
    assert code == EXIT_BAD_INPUT and "公需选修" in err
