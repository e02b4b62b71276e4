"""Quote fidelity: every quote is proved against the text its source printed.

Editors may keep the text they quoted from (the article, or an excerpt that
holds the quoted passages) in ``content/texts/<brief-id>/<source-id>.txt``.
It is never published; it is only read here.  Each quote that cites a source
with a stored text must then appear in it word for word, allowing only for
what typesetting changes: white space, the style of quote marks, apostrophes
and dashes, and an ellipsis (``…`` or ``...``) where the editor left words out.
A quote with an ``original`` passes if either the translation or the original
is what the source printed.  A mismatch is reported at the quote with the
closest passage of the source, so a one-word slip shows at a glance.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Problem, Severity, did_you_mean, display_path
from .load import TEXTS_DIR, read_file
from .model import Brief, Corpus, Quote
from .references import Checker
from .salvage import Typed

_TYPESET = str.maketrans(
    {
        **dict.fromkeys("“”„‟«»「」『』″", '"'),
        **dict.fromkeys("‘’‚‛‹›′`´", "'"),
        **dict.fromkeys("‐‑‒–—―−", "-"),
    }
)
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.\.\.|…)\s*\]|\.\.\.|…)\s*")


def normalize(text: str) -> str:
    """Text as typesetting leaves it: quote marks, apostrophes and dashes of one style,
    every run of white space one space."""
    return " ".join(text.translate(_TYPESET).split())


def fragments(quote: str) -> list[str]:
    """The runs of words a quote claims, in order: an ellipsis marks words left out."""
    return [part for part in _ELLIPSIS.split(normalize(quote)) if part]


def appears_in(quote: str, text: str) -> bool:
    """Whether every fragment of ``quote`` is in ``text`` (normalized), in order."""
    start = 0
    for part in fragments(quote):
        found = text.find(part, start)
        if found < 0:
            return False
        start = found + len(part)
    return True


def closest_passage(quote: str, text: str) -> str:
    """The run of words in ``text`` most like ``quote``, as long as the quote."""
    words, wanted = text.split(), normalize(quote)
    size = max(1, len(wanted.split()))
    best, best_ratio = "", -1.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    for i in range(max(1, len(words) - size + 1)):
        candidate = " ".join(words[i : i + size])
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best.strip("\"'")


def coverage(corpus: Corpus, texts: dict[tuple[str, str], Path]) -> tuple[int, int]:
    """How many quotes cite a source with a stored text (and so are proved), of all."""
    proved = total = 0
    for brief in corpus.briefs:
        for position in brief.positions:
            for quote in position.quotes:
                total += 1
                proved += (brief.id, quote.source) in texts
    return proved, total


@dataclass
class StoredText:
    """One source's stored text, read and normalized once per run."""

    path: Path
    text: str


def check_quotes(
    briefs: list[Typed[Brief]], texts: dict[tuple[str, str], Path], check: Checker
) -> None:
    """Prove every quote whose source has a stored text; flag texts that match nothing."""
    by_brief = {typed.value.id: typed for typed in briefs if "id" not in typed.unsure}
    for gone in _READ.keys() - set(texts.values()):
        del _READ[gone]
    for (brief_id, source_id), path in sorted(texts.items()):
        typed = by_brief.get(brief_id)
        sources = {s.id for s in typed.value.sources} if typed else set()
        if typed is None or source_id not in sources:
            if typed is None:
                what, hint = f"there is no brief '{brief_id}'", did_you_mean(brief_id, by_brief)
            else:
                what = f"brief '{brief_id}' has no source '{source_id}'"
                hint = did_you_mean(source_id, sources)
            message = (
                f"{what}; a stored text belongs in {TEXTS_DIR}/<brief-id>/<source-id>.txt{hint}"
            )
            check.problems.append(Problem(display_path(path), 1, 1, Severity.WARNING, "", message))
            continue
        stored = _read(path, check)
        if stored is not None:
            _check_brief(typed, source_id, stored, check)


_READ: dict[Path, tuple[tuple[int, int], StoredText]] = {}
"""Stored texts already read and normalized in this process, by their size and time:
``mkdocs serve`` checks quotes on every save, and texts rarely change."""


def _read(path: Path, check: Checker) -> StoredText | None:
    try:
        info = path.lstat()
        stamp = (info.st_size, info.st_mtime_ns)
    except OSError:
        stamp = None
    cached = _READ.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    raw = read_file(path)
    if isinstance(raw, Problem):
        check.problems.append(raw)
        return None
    try:
        stored = StoredText(path, normalize(raw.decode("utf-8-sig")))
    except UnicodeDecodeError:
        message = "file is not UTF-8; save it as UTF-8"
        check.problems.append(Problem(display_path(path), 1, 1, Severity.ERROR, "", message))
        return None
    if stamp is not None:
        _READ[path] = (stamp, stored)
    return stored


def _check_brief(typed: Typed[Brief], source_id: str, stored: StoredText, check: Checker) -> None:
    for i, position in enumerate(typed.value.positions):
        for j, quote in enumerate(position.quotes):
            if quote.source != source_id or _printed(quote, stored.text):
                continue
            passage = closest_passage(quote.text, stored.text)
            check.error(
                typed.doc,
                ("positions", i, "quotes", j, "text"),
                f"not found word for word in {display_path(stored.path)}; "
                f"closest passage: “{passage}”",
            )


def _printed(quote: Quote, text: str) -> bool:
    return appears_in(quote.text, text) or (
        quote.original is not None and appears_in(quote.original, text)
    )
