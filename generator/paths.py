"""Where things are: the project folder (the one holding mkdocs.yml) and the folders found from it.

The project folder is, in this order: the folder named by the environment variable GX_PROJECT_DIR
(it must hold mkdocs.yml); else the current folder, if it holds mkdocs.yml; else the source checkout
this package was imported from, if it holds mkdocs.yml. data/, content/, site_config/, sources/,
site/, .build/ and the command line's calculator/rules.json are found from it. The generator's own
files (templates, JSON Schemas) are package data, found from the package itself.

Imported by every part of the generator and importing none of them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

PROJECT_VARIABLE = "GX_PROJECT_DIR"
PROJECT_MARKER = "mkdocs.yml"

PACKAGE_DIR = Path(__file__).resolve().parent
"""The generator package: its own files (schemas/, site/templates/) are found from here."""
CHECKOUT_DIR = PACKAGE_DIR.parent
"""The folder the package was imported from: the project folder when the package runs from a source checkout."""

NO_PROJECT_MESSAGE = f"找不到项目文件夹（含 {PROJECT_MARKER} 的文件夹）：请在项目文件夹中运行，或设置环境变量 {PROJECT_VARIABLE} 指向它。"


def find_project_dir(environ: Mapping[str, str] = os.environ, cwd: Path | None = None) -> Path | None:
    """The project folder (see the module's docstring), resolved; None when there is none."""
    named = environ.get(PROJECT_VARIABLE, "").strip()
    if named:
        folder = Path(named).expanduser().resolve()
        return folder if (folder / PROJECT_MARKER).is_file() else None
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, CHECKOUT_DIR):
        if (folder / PROJECT_MARKER).is_file():
            return folder
    return None


PROJECT_FOUND = find_project_dir()
"""The project folder, or None when there is none (the command line then says what to do)."""
PROJECT_DIR = PROJECT_FOUND if PROJECT_FOUND is not None else CHECKOUT_DIR
"""The project folder; without one, the checkout (where nothing will be found: check PROJECT_FOUND first)."""

MKDOCS_CONFIG = PROJECT_DIR / PROJECT_MARKER
DATA_DIR = PROJECT_DIR / "data"
CONTENT_DIR = PROJECT_DIR / "content"
SITE_CONFIG_DIR = PROJECT_DIR / "site_config"
SOURCES_DIR = PROJECT_DIR / "sources"
SITE_DIR = PROJECT_DIR / "site"
CALCULATOR_DIR = PROJECT_DIR / "calculator"
"""The calculator package of a source checkout: compiled into the browser's calculator, and its rules.json."""
RULES_FILE = CALCULATOR_DIR / "rules.json"
"""The command line calculator's rules: published by a build only when the file is there (a source checkout)."""
BUILD_FOLDER = PROJECT_DIR / ".build"
"""Files builds need but do not publish (Jinja's compiled templates, the calculator script's bundle); gitignored."""

SCHEMAS_DIR = PACKAGE_DIR / "schemas"
"""The JSON Schemas written from data/schema.py, for editors' VS Code (data files point here) and the site."""
