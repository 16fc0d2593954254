"""Shared paths and fixtures for the tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.site_fixtures import built_site, site_port  # noqa: F401  (session fixtures shared with tests/browser)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SOURCES = ROOT / "sources"
"""The source texts of the notices (sources/README.md); the data names them as paths relative to ROOT."""


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target
