"""``newsbrief migrate``: a brief written for content model v1 becomes valid v2, in place,
with the editor's comments and layout kept, and a second run changes nothing."""

from __future__ import annotations

from pathlib import Path

from generator.cli import main
from generator.validate import validate_content
from tests.conftest import copy_content

V1 = """\
# yaml-language-server: $schema=../../generator/schemas/brief.schema.json
id: 2022-10-20-a-v1-brief
title: A brief written before content model v2
dek: Its timeline has unsourced rows.  # a comment that must survive
published: 2022-10-20
status: developing
summary: Something happened.
why_it_matters: It matters.
sources:
  - id: wire
    publisher: Reuters (via Prothom Alo)
    url: https://example.com/story
actors:
  - actor: sergei-lavrov
    role: Speaks.
matters:
  - id: offer
    question: Is the offer genuine?
positions:
  - actor: sergei-lavrov
    matter: offer
    stance: Open to talks.
    quotes:
      - text: "“We are open to talks,”"
        source: wire
timeline:
  - date: 2022-02-24
    event: >-
      Russia begins its full-scale invasion
      of Ukraine.
  # the next row was sourced in v1 already
  - date: 2022-10-20
    event: Lavrov speaks.
    source: wire
  - date: 2022-10
    event: Talks stall."""

V2 = """\
# yaml-language-server: $schema=../../generator/schemas/brief.schema.json
id: 2022-10-20-a-v1-brief
title: A brief written before content model v2
dek: Its timeline has unsourced rows.  # a comment that must survive
published: 2022-10-20
status: developing
summary: Something happened.
why_it_matters: It matters.
sources:
  - id: wire
    publisher: Reuters
    url: https://example.com/story
    via: Prothom Alo
actors:
  - actor: sergei-lavrov
    role: Speaks.
matters:
  - id: offer
    question: Is the offer genuine?
positions:
  - actor: sergei-lavrov
    matter: offer
    stance: Open to talks.
    quotes:
      - text: We are open to talks,
        source: wire
timeline:
  - date: 2022-02-24
    event: >-
      Russia begins its full-scale invasion
      of Ukraine.
    background: true
  # the next row was sourced in v1 already
  - date: 2022-10-20
    event: Lavrov speaks.
    source: wire
  - date: 2022-10
    event: Talks stall.
    background: true
"""


def test_a_v1_brief_is_migrated_in_place_and_then_valid(tmp_path: Path, capsys: object) -> None:
    content = copy_content(tmp_path)
    brief = content / "briefs" / "2022-10-20-a-v1-brief.yaml"
    brief.write_text(V1, "utf-8")
    corpus, problems = validate_content(content)
    assert corpus is None and len(problems) == 3

    assert main(["migrate", "--check", "--content", str(content)]) == 1
    assert brief.read_text("utf-8") == V1  # --check changes nothing
    assert main(["migrate", "--content", str(content)]) == 0
    assert brief.read_text("utf-8") == V2
    corpus, problems = validate_content(content)
    assert corpus is not None and problems == []

    assert main(["migrate", "--check", "--content", str(content)]) == 0
    assert brief.read_text("utf-8") == V2


def test_the_shipped_briefs_need_no_migration(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    assert main(["migrate", "--check", "--content", str(content)]) == 0
