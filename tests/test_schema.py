"""The committed JSON Schemas: in step with the model, and useful to editors' tools."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from generator.parse import parse
from generator.schema import SCHEMA_DIR, stale_schemas
from tests.conftest import CONTENT, REPO

# Cases that need more than one file (references, answers, file names) or that
# cannot even be parsed are the validator's job; every other case is the schema's too.
NOT_EXPRESSIBLE = {
    "alias-bomb",
    "answer-unknown-brief",
    "answered-twice",
    "duplicate-key",
    "duplicate-source-id",
    "empty-file",
    "filename-mismatch",
    "impossible-date",
    "not-utf8",
    "position-without-source",
    "python-tag",
    "tab-indent",
    "unknown-actor",
    "unknown-matter",
    "unknown-question",
    "unknown-related",
    "unknown-source",
    "unknown-story",
    "yaml-syntax",
    "bidi-override",
    "rich-text-javascript-link",
    "bad-timeline-date",
    # rules between fields, files or briefs (generator/record.py)
    "2022-10-13-id-date-differs",
    "changed-without-earlier-position",
    "correction-without-was-and-now",
    "duplicate-position",
    "one-utterance-two-speakers",
    "timeline-without-source",
    "translated-quote-without-language",
    "image-missing-file",  # a file on disk
    "settles-wrongly",
    "settles-a-later-claim",
    # not YAML at all: the schema never sees them
    "yaml-colon-in-value",
    "yaml-indented-less",
    "yaml-quote-then-words",
    "yaml-unclosed-quote",
}


def validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMA_DIR / name).read_text("utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_committed_schemas_match_the_model() -> None:
    assert stale_schemas() == [], "run `newsbrief schema` and commit the result"


def test_shipped_content_passes_the_schemas() -> None:
    brief = validator("brief.schema.json")
    for path in sorted((CONTENT / "briefs").glob("*.yaml")):
        brief.validate(parse(path.read_bytes())[1])
    validator("actors.schema.json").validate(parse((CONTENT / "actors.yaml").read_bytes())[1])
    validator("stories.schema.json").validate(parse((CONTENT / "stories.yaml").read_bytes())[1])


@pytest.mark.parametrize(
    "case",
    sorted(
        p.stem for p in (REPO / "tests" / "invalid").glob("*.yaml") if p.stem not in NOT_EXPRESSIBLE
    ),
)
def test_schema_rejects_the_invalid_cases_it_can_express(case: str) -> None:
    data = parse((REPO / "tests" / "invalid" / f"{case}.yaml").read_bytes())[1]
    assert list(validator("brief.schema.json").iter_errors(data)), case


def test_every_brief_carries_the_schema_modeline() -> None:
    for path in sorted((CONTENT / "briefs").glob("*.yaml")):
        first = path.read_text("utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../generator/schemas/brief.schema.json"
        assert (path.parent / first.split("=", 1)[1]).resolve() == SCHEMA_DIR / "brief.schema.json"


def test_vscode_maps_content_files_to_their_schemas() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text("utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping["generator/schemas/brief.schema.json"] == "content/briefs/*.yaml"
    assert mapping["generator/schemas/actors.schema.json"] == "content/actors.yaml"
    for schema in mapping:
        assert Path(REPO / schema).is_file()
