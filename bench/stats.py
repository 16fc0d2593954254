"""Summaries of repeated measurements: median, min, max and the number of runs."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any


def summary(values: Sequence[float], digits: int = 4) -> dict[str, Any]:
    """{"median", "min", "max", "runs", "values"}; an empty sequence gives runs 0 and no figures."""
    if not values:
        return {"runs": 0}
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
        "runs": len(values),
        "values": [round(value, digits) for value in values],
    }
