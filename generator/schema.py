"""JSON Schemas for editors' autocompletion, generated from the content model.

The model validates; the schema is derived from it and committed under
``generator/schemas`` so editors' YAML tooling finds it offline.  A test (and
``newsbrief schema --check``) fails when the committed files drift.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import ActorRegistry, Brief, StoryRegistry, json_schema

SCHEMA_DIR = Path(__file__).parent / "schemas"
SCHEMAS: dict[str, type[Any]] = {
    "brief.schema.json": Brief,
    "actors.schema.json": ActorRegistry,
    "stories.schema.json": StoryRegistry,
}


def schema_for(model: type[Any]) -> dict[str, Any]:
    schema = json_schema(model)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_text(model: type[Any]) -> str:
    return json.dumps(schema_for(model), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schemas() -> list[Path]:
    SCHEMA_DIR.mkdir(exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = SCHEMA_DIR / name
        path.write_text(schema_text(model), "utf-8")
        written.append(path)
    return written


def stale_schemas() -> list[str]:
    """Names of committed schema files that differ from the model."""
    stale = []
    for name, model in SCHEMAS.items():
        path = SCHEMA_DIR / name
        if not path.is_file() or path.read_text("utf-8") != schema_text(model):
            stale.append(name)
    return stale
