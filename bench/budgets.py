"""The performance budgets (issue #7) and how each is read from the results.

Each budget names the figure it is judged on (a median from the same run as its baselines), its
limit, and whether the figure must stay at most (`<=`) or at least (`>=`) the limit. A budget whose
figure was not measured in this run (e.g. `--only`, or Chromium missing) is reported as not measured.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

FREEZE_MS = 100
"""During a batch, no main-thread task may be longer than this (issue #22; half the "good" bound of Interaction to Next
Paint, 200 ms)."""

LINEAR_SLACK = 1.25
"""Build time is linear when the marginal cost of a page at the largest size is at most this times that at the smallest step."""


@dataclass(frozen=True)
class Budget:
    id: str
    title: str
    unit: str
    limit: float
    comparison: str
    read: Callable[[dict[str, Any]], Any]
    """From the benchmarks' results: (value, figure) — the judged number and its median/min/max/runs — or None."""


def _get(results: dict[str, Any], *keys: str) -> Any:
    value: Any = results
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _median(figure: Any) -> tuple[float, dict[str, Any]] | None:
    if not isinstance(figure, dict) or "median" not in figure:
        return None
    return float(figure["median"]), figure


def _ratio(results: dict[str, Any], name: str) -> tuple[float, dict[str, Any]] | None:
    value = _get(results, "startup", "ratios", name)
    return None if value is None else (float(value), {"median": value})


def _megabytes(figure: Any) -> tuple[float, dict[str, Any]] | None:
    if not isinstance(figure, dict) or "median" not in figure:
        return None
    scaled = {key: (value / 1e6 if key in ("median", "min", "max") else value) for key, value in figure.items()}
    scaled.pop("values", None)
    return scaled["median"], scaled


def _verdict_ms(results: dict[str, Any]) -> tuple[float, dict[str, Any]] | None:
    figure = _get(results, "startup", "cold", "calculator", "verdict_ms")
    return _median(figure)


def _phone_return_visit(results: dict[str, Any]) -> tuple[float, dict[str, Any]] | None:
    phone = _get(results, "startup", "phone") or {}
    if "warm_over_cold" not in phone:
        return None
    return float(phone["warm_over_cold"]), {
        "median": phone["warm_over_cold"],
        "cold_ms": phone["cold"]["verdict_ms"].get("median"),
        "warm_ms": phone["warm"]["verdict_ms"].get("median"),
    }


def _build_ratio(results: dict[str, Any]) -> tuple[float, dict[str, Any]] | None:
    sizes = _get(results, "build", "sizes") or []
    ratios = [(entry["ratio"], entry["size"]) for entry in sizes if "ratio" in entry]
    if not ratios:
        return None
    worst, size = max(ratios)
    return worst, {"median": worst, "at": size, "all": {name: round(ratio, 3) for ratio, name in ratios}}


def _linearity(results: dict[str, Any]) -> tuple[float, dict[str, Any]] | None:
    series = _get(results, "build", "linearity") or {}
    values = [(item["last_over_first"], name) for name, item in series.items() if "last_over_first" in item]
    if not values:
        return None
    worst, name = max(values)
    return worst, {"median": worst, "series": name, "steps": series[name]["steps"]}


SEARCH_BUDGET_SIZES = ("shipped data", "organisations ×100")
"""The sizes issue #17's search budgets name (the shipped data and 100× the organisations); others are reported."""


def _search_worst(results: dict[str, Any], key: str, scale: float) -> tuple[float, dict[str, Any]] | None:
    """The first query over the sizes of SEARCH_BUDGET_SIZES: the worst median (ms, or bytes scaled to KB)."""
    sizes = _get(results, "build", "sizes") or []
    found = [
        (entry["search_index"]["first_query"][key]["median"] / scale, entry["size"])
        for entry in sizes
        if entry.get("size") in SEARCH_BUDGET_SIZES
        and (_get(entry, "search_index", "first_query", key) or {}).get("runs")
    ]
    if not found:
        return None
    worst, size = max(found)
    return worst, {"median": worst, "at": size, "all": {name: round(value, 1) for value, name in found}}


def _freeze(results: dict[str, Any]) -> tuple[float, dict[str, Any]] | None:
    return _median(_get(results, "latency", "browser_batch", "longest_task_ms"))


BUDGETS = (
    Budget("startup-verdict", "计算器页面冷启动：导航到首个结论", "ms", 500, "<=", _verdict_ms),
    Budget(
        "startup-vs-bare-micropython",
        "冷启动首个结论 ÷ 空白 MicroPython 页面就绪",
        "×",
        1.3,
        "<=",
        lambda results: _ratio(results, "cold_calculator_verdict_over_bare_micropython_ready"),
    ),
    Budget(
        "startup-return-visit-local",
        "再次访问 ÷ 首次访问（本机服务器，两次都在刚启动的浏览器中；不慢于首次访问）",
        "×",
        1,
        "<=",
        lambda results: _ratio(results, "warm_calculator_verdict_over_first"),
    ),
    Budget("startup-return-visit-phone", "再次访问 ÷ 首次访问（手机网络）", "×", 0.8, "<=", _phone_return_visit),
    Budget(
        "startup-vs-pyodide",
        "同一核对在 Pyodide 上的首个结论 ÷ 计算器页面",
        "×",
        15,
        ">=",
        lambda results: _ratio(results, "cold_pyodide_calculator_verdict_over_calculator_verdict"),
    ),
    Budget(
        "transfer-plain",
        "冷加载传输量（普通静态服务器，含主题）",
        "MB",
        1.5,
        "<=",
        lambda results: _megabytes(_get(results, "transfer", "plain", "page_bytes")),
    ),
    Budget(
        "check-browser",
        "浏览器中一次核对",
        "ms",
        5,
        "<=",
        lambda results: _median(_get(results, "latency", "browser_check", "api_ms")),
    ),
    Budget(
        "batch-browser",
        "浏览器中批量核对 10,000 行",
        "s",
        0.5,
        "<=",
        lambda results: _median(_get(results, "latency", "browser_batch", "seconds")),
    ),
    Budget("batch-browser-freeze", "批量核对时页面最长任务（不卡顿）", "ms", FREEZE_MS, "<=", _freeze),
    Budget(
        "batch-cpython",
        "CPython 批量核对 100,000 行",
        "s",
        2,
        "<=",
        lambda results: _median(_get(results, "latency", "cpython_batch", "seconds")),
    ),
    Budget(
        "search-first-results",
        "搜索：新打开的页面上输入后到首个结果（本网站规模和 100 倍单位中较差的）",
        "ms",
        200,
        "<=",
        lambda results: _search_worst(results, "ms", 1),
    ),
    Budget(
        "search-first-bytes",
        "搜索：第一次查询的传输量（普通静态服务器，本网站规模和 100 倍单位中较差的）",
        "KB",
        150,
        "<=",
        lambda results: _search_worst(results, "bytes", 1000),
    ),
    Budget("build-overhead", "生成器耗时 ÷ 同页数的裸 MkDocs（最差的规模）", "×", 1.2, "<=", _build_ratio),
    Budget(
        "build-linear",
        "生成耗时随数据线性增长（末段 ÷ 首段每页边际耗时）",
        "×",
        LINEAR_SLACK,
        "<=",
        _linearity,
    ),
)


def evaluate(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Every budget with its measured figure and pass (True/False) or None when not measured."""
    out = []
    for budget in BUDGETS:
        read = budget.read(results)
        entry: dict[str, Any] = {
            "id": budget.id,
            "title": budget.title,
            "unit": budget.unit,
            "limit": budget.limit,
            "comparison": budget.comparison,
        }
        if read is None:
            entry.update({"measured": None, "pass": None})
        else:
            value, figure = read
            entry["measured"] = round(value, 4)
            entry["figure"] = figure
            entry["pass"] = value <= budget.limit if budget.comparison == "<=" else value >= budget.limit
        out.append(entry)
    return out
