"""The built site, shared by the HTML tests and the browser tests: built once per test session.

Registered in tests/conftest.py. `built_site` builds with site_url matching the port the browser
tests serve it on (instant navigation needs that); `build_site_into` builds again, e.g. from a
modified copy of the data.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def build_site_into(target: Path, site_url: str, data_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` into target; the data from data_dir when given."""
    environment = {**os.environ, "GX_SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    if data_dir is not None:
        environment["GX_DATA_DIR"] = str(data_dir)
    else:
        environment.pop("GX_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="session")
def site_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, site_port: int) -> Path:
    """The whole site built from the shipped data, with site_url matching the test server."""
    target = tmp_path_factory.mktemp("site") / "site"
    result = build_site_into(target, f"http://127.0.0.1:{site_port}/")
    assert result.returncode == 0, result.stdout + result.stderr
    return target
