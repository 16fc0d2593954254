"""The README's command-line and library examples run as written."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

SECTION = (ROOT / "README.md").read_text(encoding="utf-8").split("## 命令行计算器", 1)[1].split("\n## ", 1)[0]


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", SECTION, re.DOTALL)


def test_every_calculator_command_in_the_readme_runs_and_exits_0(tmp_path: Path) -> None:
    commands = [line.split("#")[0].split(">")[0].strip() for line in blocks("sh")[0].splitlines() if line.strip()]
    assert len(commands) == 6
    for command in commands:
        words = shlex.split(command)
        assert words[:3] == ["python", "-m", "calculator"]
        output = None
        if words[3] == "batch":
            words[4] = str(ROOT / "site_config" / "calculator" / "example.csv")
            if "--output" in words:
                output = tmp_path / words[words.index("--output") + 1]
                words[words.index("--output") + 1] = str(output)
        if words[3] == "record":
            words[4] = str(ROOT / "site_config" / "calculator" / "record-example.csv")
        done = subprocess.run([sys.executable, *words[1:]], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
        assert done.returncode == 0, (command, done.stderr)
        if output is not None:
            assert output.read_bytes().startswith(b"PK\x03\x04")  # an .xlsx
        else:
            assert done.stdout.strip()


def test_the_library_example_in_the_readme_runs() -> None:
    (code,) = blocks("python")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("True {'id': ")
