"""MkDocs run inside `python -m generator build` (step 4): as `mkdocs build` would run it, from the project folder.

The hooks get the data validated just before (data/validated.py); MkDocs' messages show on the terminal
as its command line shows them.
"""

from __future__ import annotations

import logging
import os
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.data import validated
from generator.data.model import Data
from generator.paths import PROJECT_DIR
from generator.site.publish import pause_at

ROOT = PROJECT_DIR

STALE_RULES_WARNING = "calculator/rules.json 与 data/ 不一致"
"""How the hooks' warning about an outdated rules.json begins (generator/browser/calculator_assets.py compiled_rules)."""


def mkdocs_environment(data_dir: Path) -> dict[str, str]:
    return {**os.environ, **mkdocs_variables(data_dir)}


def mkdocs_variables(data_dir: Path) -> dict[str, str]:
    """The environment variables MkDocs runs with: the hooks read the data folder from GX_DATA_DIR."""
    return {"NO_MKDOCS_2_WARNING": "1", "GX_DATA_DIR": str(data_dir.resolve())}


@contextmanager
def mkdocs_process(data_dir: Path) -> Iterator[None]:
    """Run MkDocs in this process as `mkdocs build` would run: from the repository, with its variables."""
    variables = mkdocs_variables(data_dir)
    saved = {name: os.environ.get(name) for name in variables}
    cwd = Path.cwd()
    os.environ.update(variables)
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(cwd)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _pause_when_mkdocs_starts(record: logging.LogRecord) -> bool:
    if record.getMessage().startswith("Building documentation to directory"):
        pause_at("mkdocs")
    return True


def _not_the_stale_rules_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith(STALE_RULES_WARNING)


@contextmanager
def mkdocs_logging(publishing_rules: bool = False) -> Iterator[None]:
    """MkDocs' messages on the terminal as its command line shows them (INFO and up, repeats shown once).

    publishing_rules: the build publishes calculator/rules.json with the site, so the hooks' warning
    that the file on disk is older than data/ is not a problem (and must not fail a strict build).
    """
    from mkdocs.__main__ import ColorFormatter
    from mkdocs.commands import build
    from mkdocs.utils import DuplicateFilter

    logger = logging.getLogger("mkdocs")
    calculator_log = logging.getLogger("mkdocs.hooks.gx.calculator")
    saved = (logger.level, logger.propagate)
    handler = logging.StreamHandler()
    handler.setFormatter(ColorFormatter())
    handler.addFilter(_pause_when_mkdocs_starts)
    duplicates = DuplicateFilter()
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.addHandler(handler)
    build.log.addFilter(duplicates)
    if publishing_rules:
        calculator_log.addFilter(_not_the_stale_rules_warning)
    try:
        yield
    finally:
        calculator_log.removeFilter(_not_the_stale_rules_warning)
        build.log.removeFilter(duplicates)
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def mkdocs_build(
    config_file: Path, site_dir: Path, data_dir: Path, data: Data, strict: bool = True, publishing_rules: bool = False
) -> int:
    """`mkdocs build --strict` (or --no-strict) in this process, the hooks given the data validated just before; 0 or 1.

    What the command would print on a failure is printed here too (MkDocs' own message, or the
    traceback of an unexpected error); the caller leaves the previous site in place. An OSError
    (a full disk, a folder that cannot be written) is raised for the caller to say in one line.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with mkdocs_process(data_dir), mkdocs_logging(publishing_rules):
        validated.hand_over(data_dir, data)
        try:
            config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=strict)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        except MkDocsException as error:
            error.show()
            return 1
        except OSError:
            raise
        except Exception:
            traceback.print_exc()
            return 1
        finally:
            validated.take(data_dir)
    return 0
