"""Loads and validates the YAML in data/, compiles the calculator's rules and renders the site's pages.

Rooms, each importing only from those before it: paths, data, links, rules, browser, site, then the
command line (__main__.py). tests/test_architecture.py keeps it so.
"""
