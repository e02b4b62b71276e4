"""Quote fidelity: quotes are proved word for word against stored source texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.fidelity import appears_in, closest_passage, normalize
from generator.validate import validate_content
from tests.conftest import copy_content

FIRST = "2022-10-11-lavrov-says-russia-open-to-talks"
PRICE = "We see this as posturing. We do not see this as a constructive"


def test_typesetting_differences_are_not_mismatches() -> None:
    text = normalize("He said: “It’s   over — for now,”\nand left.")
    assert appears_in("It's over - for now", text)
    assert appears_in("It’s over – for now", text)
    assert not appears_in("Its over - for now", text)


def test_an_ellipsis_stands_for_words_left_out_in_order() -> None:
    text = normalize("We are ready, as we have always said, to talk to anyone.")
    assert appears_in("We are ready… to talk to anyone", text)
    assert appears_in("We are ready ... to talk", text)
    assert appears_in("We are ready [...] to anyone", text)
    assert not appears_in("to talk to anyone … We are ready", text)


def test_the_closest_passage_shows_the_slip() -> None:
    text = normalize("Price said: We see this as posturing. We do not see this as real.")
    assert closest_passage("We saw this as posturing.", text) == "We see this as posturing."


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return copy_content(tmp_path)


def test_the_shipped_quotes_match_the_stored_reuters_text(content: Path) -> None:
    assert (content / "texts" / FIRST / "reuters.txt").is_file()
    corpus, problems = validate_content(content)
    assert corpus is not None and problems == []


def test_a_one_word_slip_is_an_error_at_the_quote_with_the_closest_passage(
    content: Path,
) -> None:
    brief = content / "briefs" / f"{FIRST}.yaml"
    text = brief.read_text("utf-8")
    assert PRICE in text
    brief.write_text(text.replace(PRICE, PRICE.replace("We see", "We saw")), "utf-8")
    line = next(n for n, s in enumerate(text.splitlines(), 1) if PRICE in s)
    corpus, problems = validate_content(content)
    assert corpus is None
    (problem,) = problems
    assert (problem.file, problem.line) == (f"content/briefs/{FIRST}.yaml", line)
    assert problem.field.endswith(".text")
    assert problem.message.startswith(
        f"not found word for word in content/texts/{FIRST}/reuters.txt; "
        "closest passage: “We see this as posturing. We do not see"
    )


def test_a_text_for_no_known_source_is_flagged(content: Path) -> None:
    (content / "texts" / FIRST / "reuter.txt").write_text("words", "utf-8")
    (content / "texts" / "no-such-brief").mkdir()
    (content / "texts" / "no-such-brief" / "wire.txt").write_text("words", "utf-8")
    _, problems = validate_content(content)
    messages = sorted(p.message for p in problems)
    assert messages == [
        f"brief '{FIRST}' has no source 'reuter'; a stored text belongs in "
        "texts/<brief-id>/<source-id>.txt; did you mean 'reuters'?",
        "there is no brief 'no-such-brief'; a stored text belongs in "
        "texts/<brief-id>/<source-id>.txt",
    ]
    assert {p.severity for p in problems} == {"warning"}


def test_validate_says_how_many_quotes_are_proved(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.cli import main

    assert main(["validate", "--content", str(content)]) == 0
    assert "6 of 7 quotes proved word for word against stored source texts" in (
        capsys.readouterr().out
    )
    (content / "texts" / FIRST / "reuters.txt").unlink()
    assert main(["validate", "--content", str(content)]) == 0
    assert "2 of 7 quotes proved" in capsys.readouterr().out


def test_a_stored_text_edited_between_runs_is_read_again(content: Path) -> None:
    """Texts are remembered between runs (mkdocs serve), but never past an edit."""
    corpus, _ = validate_content(content)
    assert corpus is not None
    text = content / "texts" / FIRST / "reuters.txt"
    text.write_text(text.read_text("utf-8").replace("We see this", "We saw this"), "utf-8")
    corpus, problems = validate_content(content)
    assert corpus is None
    assert [p.message.split(";")[0] for p in problems] == [
        f"not found word for word in content/texts/{FIRST}/reuters.txt"
    ]
