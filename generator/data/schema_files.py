"""Write the JSON Schemas (generated from schema.py) that editors' VS Code uses while typing."""

from __future__ import annotations

import json
from pathlib import Path

from generator.data.schema import SCHEMAS
from generator.paths import SCHEMAS_DIR

SCHEMA_DIR = SCHEMAS_DIR


def schema_file_texts() -> dict[str, str]:
    """File name → JSON text, deterministic."""
    return {
        f"{kind}.schema.json": json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        for kind, schema in sorted(SCHEMAS.items())
    }


def write_schema_files(target: Path = SCHEMA_DIR) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_file_texts().items():
        path = target / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
