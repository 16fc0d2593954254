"""`python -m generator import-notice FILE --year YEAR`: a draft notice (and directories) from a notice's published text."""
