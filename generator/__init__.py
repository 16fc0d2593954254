"""Loads and validates the YAML in data/, compiles the calculator's rules and renders the site's pages."""

from pathlib import Path

BUILD_FOLDER = Path(__file__).resolve().parent.parent / ".build"
"""Files builds need but do not publish (the jieba user dictionary, Jinja's compiled templates); gitignored."""
