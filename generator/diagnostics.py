"""Problems found in content, reported the way editors' terminals make clickable.

Every stage that inspects content reports through :class:`Problem` instead of
raising, so that one run shows an editor *all* that is wrong, sorted by file
and line, and no traceback ever reaches them.
"""

from __future__ import annotations

import difflib
import os
import re
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
        """One line, whatever the file name or message holds: a line break in either
        could otherwise forge a second problem, or a workflow command in CI logs."""
        where = f"{self.field}: " if self.field else ""
        text = f"{self.file}:{self.line}:{self.col}: {self.severity}: {where}{self.message}"
        return printable(text)

    def github_annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command (shows on the PR)."""
        where = f"{self.field}: " if self.field else ""
        return workflow_command(
            str(self.severity),
            printable(f"{where}{self.message}"),
            file=printable(self.file),
            line=str(self.line),
            col=str(self.col),
            title="newsbrief",
        )


def workflow_command(command: str, message: str, **properties: str) -> str:
    """``::command key=value,…::message``, escaped as GitHub documents it.

    Data escapes ``%``, CR and LF; property values also ``:`` and ``,``, which
    would otherwise end the value (a file named ``a,line=1`` or ``x::warning``).
    Without this, a file name holding a line break injects workflow commands.
    """
    props = ",".join(f"{key}={_escape_property(value)}" for key, value in properties.items())
    return f"::{command}{' ' + props if props else ''}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """``text`` with control characters and undecodable bytes shown as escapes.

    A file name is bytes: one that is not UTF-8 arrives as surrogate escapes,
    which would crash ``print``; control characters would break the line.
    """
    if text.isprintable():
        return text
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


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
    """A path relative to the working directory when possible (shorter, clickable),
    printable whatever bytes its name holds (see :func:`printable`)."""
    try:
        shown = str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # elsewhere, or a link loop on the way
        shown = os.fspath(path)
    return printable(shown)
