"""The ``newsbrief`` command (also ``python -m generator``): a thin adapter over the pipeline.

Exit codes: 0 success, 1 invalid content, 2 bad usage, 3 the run could not
complete: the output cannot be written (a full disk, a read-only mount, no
permission, a link or a hand-written file in the way), a content folder is a
link out of the project, or an internal error.
Problems print as ``file:line:col: error: field: message`` (clickable in
editors' terminals) and, under GitHub Actions, also as annotations.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from . import pipeline
from .diagnostics import Problem, printable, workflow_command
from .load import TEXTS_DIR, ContentFolderError
from .settings import CONFIG_FILE, Settings, SettingsError, read_settings
from .site import DEFAULT_SITE_NAME, DEFAULT_SITE_URL
from .write import OutputError

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except SettingsError as exc:
        print(f"newsbrief: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except (OutputError, ContentFolderError) as exc:
        return _cannot(str(exc))
    except OSError as exc:  # one the write stage did not expect: still the machine's, not ours
        where = f"{printable(os.fsdecode(exc.filename))}: " if exc.filename else ""
        return _cannot(f"{where}{exc.strerror or exc}")
    except Exception as exc:  # the last line of defence: never a traceback for an editor
        if os.environ.get("NEWSBRIEF_DEBUG"):
            traceback.print_exc()
        print(
            f"newsbrief: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in newsbrief, not in your content; set NEWSBRIEF_DEBUG=1 for details.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _cannot(message: str) -> int:
    """A failure the person running newsbrief can fix: one line, and an annotation in CI."""
    print(f"newsbrief: {printable(message)}", file=sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        print(workflow_command("error", printable(message), title="newsbrief"))
    return EXIT_INTERNAL


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsbrief", description="Validate news briefs and generate their Markdown site."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser(
        "build",
        help="validate content and generate the Markdown pages, with mkdocs.yml's settings",
    )
    _content_option(build)
    build.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="where to write the Markdown (default: mkdocs.yml's docs_dir)",
    )
    build.add_argument(
        "--site-url",
        type=_site_url,
        default=None,
        metavar="URL",
        help="the address the site is published at, for feeds and metadata "
        f"(default: mkdocs.yml's site_url, which reads $SITE_URL; else {DEFAULT_SITE_URL})",
    )
    build.add_argument(
        "--site-name",
        default=None,
        metavar="NAME",
        help=f"the site's name in feeds and metadata (default: mkdocs.yml's site_name, "
        f"else {DEFAULT_SITE_NAME})",
    )
    build.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    build.set_defaults(run=_build)

    validate = commands.add_parser("validate", help="check every brief and registry; write nothing")
    _content_option(validate)
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors (for CI)")
    validate.set_defaults(run=_validate)

    new = commands.add_parser("new", help="start a new brief from a commented template")
    new.add_argument("title", help="the brief's headline")
    new.add_argument(
        "--date",
        type=_iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="publication date (default: today)",
    )
    new.add_argument("--story", default=None, help="id of the story the brief belongs to")
    new.add_argument(
        "--id",
        default=None,
        help="the brief's id; the date is put in front if it is not there "
        "(default: made from the title)",
    )
    _content_option(new)
    new.set_defaults(run=_new)

    migrate = commands.add_parser(
        "migrate", help="bring briefs written for an older format up to date, in place"
    )
    _content_option(migrate)
    migrate.add_argument(
        "--check", action="store_true", help="change nothing; fail if any brief needs migrating"
    )
    migrate.set_defaults(run=_migrate)

    schema = commands.add_parser("schema", help="write the JSON Schemas editors autocomplete from")
    schema.add_argument(
        "--check", action="store_true", help="fail if the committed schemas are stale"
    )
    schema.set_defaults(run=_schema)
    return parser


def _content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"the content folder (default: mkdocs.yml's extra.newsbrief.content, "
        f"else {pipeline.DEFAULT_CONTENT})",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=CONFIG_FILE,
        metavar="FILE",
        help=f"the MkDocs configuration to read settings from (default: {CONFIG_FILE})",
    )


def _settings(args: argparse.Namespace) -> Settings:
    """mkdocs.yml's settings, each overridden by its command-line flag when given."""
    found = read_settings(args.config)
    site = found.site
    if getattr(args, "site_url", None) or getattr(args, "site_name", None):
        site = replace(site, url=args.site_url or site.url, name=args.site_name or site.name)
    return Settings(site, args.content or found.content, getattr(args, "out", None) or found.docs)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2022-10-11") from None


def _site_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a web address like https://example.org/")
    return text


def report(problems: Sequence[Problem]) -> None:
    """Print problems for people and, under GitHub Actions, for the pull request."""
    for problem in problems:
        print(problem, file=sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            print(problem.github_annotation())
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if problems:
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)


def _build(args: argparse.Namespace) -> int:
    settings = _settings(args)
    result = pipeline.generate(settings.content, settings.docs, settings.site)
    report(result.problems)
    if result.report is None:
        print("nothing written: fix the errors above first", file=sys.stderr)
        return EXIT_INVALID
    if not args.quiet:
        print(f"{printable(str(settings.docs))}: {result.report}")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    result = pipeline.check(_settings(args).content)
    report(result.problems)
    if result.errors or (args.strict and result.problems):
        if not result.errors:
            print("warnings are errors with --strict", file=sys.stderr)
        return EXIT_INVALID
    print("content is valid")
    if result.quotes_proved and result.quotes_proved[1]:
        proved, total = result.quotes_proved
        print(
            f"{proved} of {total} quotes proved word for word against stored source texts"
            + ("" if proved == total else f" (store texts under content/{TEXTS_DIR}/ for the rest)")
        )
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, near_duplicates, new_brief

    content = _settings(args).content
    try:
        path = new_brief(content, args.title, args.date or date.today(), args.story, args.id)
    except ScaffoldError as exc:
        print(f"newsbrief new: {exc}", file=sys.stderr)
        return EXIT_INVALID
    for other in near_duplicates(content, path.stem):
        print(
            f"newsbrief new: warning: {other}.yaml, of the same day, looks like the same "
            "story; if it is, delete the new file and update that brief instead",
            file=sys.stderr,
        )
    print(path)
    return EXIT_OK


def _migrate(args: argparse.Namespace) -> int:
    from .migrate import migrate_content

    changes = migrate_content(_settings(args).content, write=not args.check)
    for line in changes:
        print(line)
    if args.check:
        if changes:
            print(f"{len(changes)} change(s) needed: run 'newsbrief migrate'", file=sys.stderr)
        return EXIT_INVALID if changes else EXIT_OK
    print(f"{len(changes)} change(s) made" if changes else "every brief is up to date")
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from .schema import SCHEMA_DIR, stale_schemas, write_schemas

    if args.check:
        stale = stale_schemas()
        for name in stale:
            print(f"{SCHEMA_DIR / name}: out of date; run 'newsbrief schema'", file=sys.stderr)
        return EXIT_INVALID if stale else EXIT_OK
    for path in write_schemas():
        print(path)
    return EXIT_OK
