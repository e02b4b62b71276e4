"""Problems found in content, reported the way editors' terminals make clickable.

Every stage that inspects content reports through :class:`Problem` instead of
raising, so that one run shows an editor *all* that is wrong, sorted by file
and line, and no traceback ever reaches them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

#: A location inside a YAML document: mapping keys and sequence indexes.
FieldPath = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file."""

    file: str
    line: int
    col: int
    severity: Severity
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {where}{self.message}"

    def github_annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command (shows on the PR)."""
        message = str(self).split(": ", 2)[-1]
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return (
            f"::{self.severity} file={self.file},line={self.line},col={self.col},"
            f"title=newsbrief::{message}"
        )


def format_field(path: FieldPath) -> str:
    """Render a field path as editors write it: ``positions[2].quotes[0].source``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``; did you mean 'x'?`` suffix when a close match exists, else ``""``."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{matches[0]}'?" if matches else ""


def suggest(word: str, choices: Iterable[str], *, listed: int = 5) -> str:
    """``; did you mean 'x'?`` when a close match exists, else the first few choices
    (``; known: a, b, c and 4 more``), else ``""``: never a dead end."""
    options = sorted(choices)
    close = did_you_mean(word, options)
    if close or not options:
        return close
    more = f" and {len(options) - listed} more" if len(options) > listed else ""
    return f"; known: {', '.join(options[:listed])}{more}"


def display_path(path: Path) -> str:
    """A path relative to the working directory when possible (shorter, clickable)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
