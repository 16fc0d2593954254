"""Synthetic data for the build benchmark: a full copy of data/ with more organisations and more years.

`write_synthetic_data(target, organisations=10, years=30)` writes a data folder that passes
`python -m generator validate --data target`:

- organisations ×N: every organisation gets N-1 copies (id `<id>-s<k>`, names and aliases with
  ` 副本<k>` appended, so every name stays unique), and every directory row that names an
  organisation (bases, training institutions, pilot units and their tasks) gets the same copies;
- notices ×M: the three notices on file are copied to other years (after the newest one, up to 2099: the schema accepts 2100, but its deadlines would fall in 2101)
  until there are M times as many; a copy moves every date, the make-up years and the year by the
  same number of years (the printed date too) and gets a unique document number (〔year〕<9000+n>号),
  so every notice's label is unique, numbered or not; it records, as a discrepancy, that it keeps the
  original's wording (so the lints' findings in it are recorded, as in the original). The standing rules'
  number is moved to 〔2000〕 so that the standing rules still date from before the earliest notice.

Everything else (plans, FAQ, guides, standing rules' content) is copied unchanged. The YAML is
written without anchors or aliases (the strict loader refuses them).
"""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from generator.data.load import data_files
from generator.data.yaml_source import read_yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIRST_YEAR, LAST_YEAR = 2000, 2099
"""The years copies of notices get: those the schema accepts (2000–2100), but for 2100, whose deadlines fall in 2101,
a date the calculator does not read (calculator/dates.py: 2000–2100; the build then stops, naming it)."""

_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_NUMBER = re.compile(r"〔[0-9]{4}〕[0-9]+号$")


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """libyaml's emitter when there is one (the 1000× files are large), never writing anchors or aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(value: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(text, encoding="utf-8")


def _read(path: Path) -> dict[str, Any]:
    data = read_yaml(path).data
    assert isinstance(data, dict), path
    return data


def shift_date(text: str, years: int) -> str:
    """An ISO date moved by whole years (29 February becomes the 28th in a year that has none)."""
    match = _DATE.match(text)
    assert match, text
    year, month, day = int(match.group(1)) + years, match.group(2), match.group(3)
    if (month, day) == ("02", "29") and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        day = "28"
    return f"{year:04d}-{month}-{day}"


def _shift_dates(value: Any, years: int) -> Any:
    """Every ISO date string inside a value moved by `years` (dates are the only strings of that shape)."""
    if isinstance(value, dict):
        return {key: _shift_dates(item, years) for key, item in value.items()}
    if isinstance(value, list):
        return [_shift_dates(item, years) for item in value]
    if isinstance(value, str) and _DATE.match(value):
        return shift_date(value, years)
    return value


def copied_notice(notice: dict[str, Any], year: int, serial: int) -> dict[str, Any]:
    """The notice moved to `year`: dates and make-up years shifted alike, a unique document number."""
    shift = year - int(notice["year"])
    moved: dict[str, Any] = _shift_dates(copy.deepcopy(notice), shift)
    moved["year"] = year
    document = moved["document"]
    if document.get("number"):
        document["number"] = _NUMBER.sub(f"〔{year}〕{9000 + serial}号", document["number"])
    moved = _shift_printed_years(moved, shift)  # the clauses, rule texts and deadlines print the years the copy moves
    document = moved["document"]
    if "source_files" in document:  # written beside the data folder by write_synthetic_sources
        document["source_files"] = [synthetic_source_name(name, year) for name in document["source_files"]]
    label = document.get("number") or f"{year}年通知"
    cited = document.get("source_files", [])[:1] or [clause["id"] for clause in moved.get("clauses", [])][:1]
    if cited:
        moved.setdefault("discrepancies", []).append(
            {  # a copy keeps the original's wording, so the lints find in it what they find in the original
                "subject": "合成数据",
                "description": f"{label}（落款 {document['date_printed']}）是合成数据，照抄原文，"
                "原文中的不一致（如所引 桂人社发〔2022〕15号 的标题）一并照抄。",
                "sources": cited,
                "lints": ["sign-date-year", "cited-title"],
            }
        )
    makeup = moved.get("makeup")
    if makeup is not None:
        makeup["from_year"] = max(FIRST_YEAR, makeup["from_year"] + shift)
        if makeup["from_year"] != notice["makeup"]["from_year"] + shift:
            moved["makeup"] = None  # the clause would print a year the schema refuses
        makeup["to_year"] = makeup["to_year"] + shift
        if not makeup["from_year"] <= makeup["to_year"] < year:
            moved["makeup"] = None
    return moved


def shift_printed(text: str, years: int) -> str:
    """A text with every year it prints (2026年) moved by `years`."""
    return re.sub(r"[0-9]{4}(?=\s*年)", lambda match: str(int(match.group(0)) + years), text)


def _shift_printed_years(value: Any, years: int) -> Any:
    if isinstance(value, dict):
        return {key: _shift_printed_years(item, years) for key, item in value.items()}
    if isinstance(value, list):
        return [_shift_printed_years(item, years) for item in value]
    return shift_printed(value, years) if isinstance(value, str) else value


def synthetic_source_name(name: str, year: int) -> str:
    """The source text of a copy moved to `year`: sources/synthetic-<year>-<original file>, beside the data folder."""
    return f"sources/synthetic-{year}-{name.removeprefix('sources/')}"


def write_synthetic_sources(target: Path, template: dict[str, Any], year: int) -> None:
    """The copy's source texts beside the data folder (generator/data/source_texts.source_path): the template's texts
    with every year moved as in the copy, so that validation finds the copy's words in them."""
    shift = year - int(template["year"])
    (target.parent / "sources").mkdir(exist_ok=True)
    for name in template["document"].get("source_files", []):
        text = (ROOT / name).read_text(encoding="utf-8")
        (target.parent / synthetic_source_name(name, year)).write_text(shift_printed(text, shift), encoding="utf-8")


def notice_years(originals: list[int], factor: int) -> list[int]:
    """The years of the copies: factor × len(originals) notices in all, all after the newest original.

    Never before it: a copy keeps the original's text, whose citations of documents signed up to the original's
    year would come before the copy's own signing (the data lint sign-date-before-cited refuses that).
    """
    wanted = len(originals) * factor - len(originals)
    free = [year for year in range(LAST_YEAR, max(originals), -1)]
    if wanted > len(free):
        raise ValueError(
            f"{factor}× the notices needs {wanted} more years; only {len(free)} fit in {max(originals) + 1}–{LAST_YEAR}"
        )
    return sorted(free[:wanted])


def _organisation_copy(organisation: dict[str, Any], k: int) -> dict[str, Any]:
    twin = copy.deepcopy(organisation)
    twin["id"] = f"{organisation['id']}-s{k}"
    twin["name"] = f"{organisation['name']} 副本{k}"
    twin["aliases"] = [f"{alias} 副本{k}" for alias in organisation["aliases"]]
    return twin


def _row_copy(row: dict[str, Any], k: int) -> dict[str, Any]:
    twin = dict(row)
    twin["organisation"] = f"{row['organisation']}-s{k}"
    twin["name"] = f"{row['name']} 副本{k}"
    return twin


def scaled_directory(directory: dict[str, Any], factor: int) -> dict[str, Any]:
    """Every row naming an organisation followed by its factor-1 copies naming the copied organisations."""
    scaled = copy.deepcopy(directory)
    for list_name in ("entries", "units"):
        if list_name in scaled:
            scaled[list_name] = [
                twin for row in directory[list_name] for twin in [row, *(_row_copy(row, k) for k in range(1, factor))]
            ]
    for task in scaled.get("tasks", []):
        task["organisations"] = [
            twin for name in task["organisations"] for twin in [name, *(f"{name}-s{k}" for k in range(1, factor))]
        ]
    return scaled


def write_synthetic_data(target: Path, organisations: int = 1, years: int = 1, source: Path = DATA) -> dict[str, int]:
    """Write the scaled copy of `source` into `target` (created; must not exist). Returns what it holds."""
    if organisations < 1 or years < 1:
        raise ValueError("factors are whole numbers ≥ 1")
    target = Path(target)
    shutil.copytree(source, target)
    counts = {"organisations": 0, "directory_rows": 0, "notices": 0}
    for path in data_files(target):
        document = _read(path)
        kind = document["kind"]
        if kind == "organisations" and organisations > 1:
            originals = document["organisations"]
            document["organisations"] = [
                *originals,
                *(_organisation_copy(item, k) for k in range(1, organisations) for item in originals),
            ]
            _dump(document, path)
        elif kind in ("bases", "training-institutions", "pilot-units") and organisations > 1:
            document = scaled_directory(document, organisations)
            _dump(document, path)
        elif kind == "standing-rules" and years > 1:
            document["document"] = re.sub(r"〔[0-9]{4}〕", f"〔{FIRST_YEAR}〕", document["document"])
            _dump(document, path)
        if kind == "organisations":
            counts["organisations"] = len(document["organisations"])
        elif kind in ("bases", "training-institutions"):
            counts["directory_rows"] += len(document["entries"])
        elif kind == "pilot-units":
            counts["directory_rows"] += len(document["units"])
    notices = {int(path.stem): _read(path) for path in sorted((target / "notices").glob("*.yaml"))}
    if years > 1:
        templates = [notices[year] for year in sorted(notices)]
        for serial, year in enumerate(notice_years(sorted(notices), years)):
            template = templates[serial % len(templates)]
            write_synthetic_sources(target, template, year)
            _dump(copied_notice(template, year, serial), target / "notices" / f"{year}.yaml")
    counts["notices"] = len(list((target / "notices").glob("*.yaml")))
    return counts


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.synthetic_data", description=__doc__.split("\n")[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--organisations", type=int, default=10)
    parser.add_argument("--years", type=int, default=1)
    arguments = parser.parse_args(argv)
    print(write_synthetic_data(arguments.target, arguments.organisations, arguments.years))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
