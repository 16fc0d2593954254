"""MicroPython has no __future__ module: this empty stand-in lets `from __future__ import annotations` import.

MicroPython never evaluates annotations, so nothing else is needed. Only loaded in the browser (see
generator/calculator_assets.py); CPython uses its own __future__.
"""

annotations = None
