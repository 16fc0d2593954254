"""MicroPython has no typing module: the names calculator/batch.py imports, as plain stand-ins (browser only)."""

Any = object
