"""Loads and validates the YAML in data/, compiles the calculator's rules and renders the site's pages."""
