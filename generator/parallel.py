"""Spread pure, independent work over every core, where that is safe and worth it.

Parsing a thousand files, rendering a thousand pages and dumping a thousand
JSON files are each a thousand independent calls.  Forked workers inherit
everything the parent built (the corpus, the compiled templates) for free,
copy on write, so only numbers go out and results come back: plain data from
the parser, encoded bytes from the renderers.  Forking is only safe from a
single-threaded process, so ``mkdocs serve`` (which runs a server thread)
works in-process; there the caches make most work vanish.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")
X = TypeVar("X")

#: Below this many items, starting workers costs more than it saves.
MIN_ITEMS = 200
_task: Callable[[int], Any] | None = None
_in_worker = False


def in_worker() -> bool:
    """Whether this is a forked worker: what it returns crosses a pipe, pickled."""
    return _in_worker


def _start_worker() -> None:
    global _in_worker
    _in_worker = True


def workers() -> int:
    """Cores this process may use; ``NEWSBRIEF_JOBS`` overrides (1: no workers)."""
    configured = os.environ.get("NEWSBRIEF_JOBS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def can_fork() -> bool:
    return (
        workers() > 1
        and threading.active_count() == 1
        and "fork" in multiprocessing.get_all_start_methods()
    )


def ordered_map(task: Callable[[int], T], count: int) -> Iterator[T]:
    """``task(0)``, ``task(1)``, … in order: on every core when it pays, else right here."""
    if count < MIN_ITEMS or not can_fork():
        yield from (task(i) for i in range(count))
        return
    global _task
    _task = task  # inherited by the forked workers; only indexes cross the pipe
    try:
        with multiprocessing.get_context("fork").Pool(workers(), _start_worker) as pool:
            yield from pool.imap(_run, range(count), chunksize=16)
    finally:
        _task = None


@dataclass(frozen=True)
class Job:
    """Something still to be made, by :func:`made_in_order`: of the same type as the
    items that are ready."""

    make: Callable[[], Any]
    made: Callable[[Any], None] | None = None
    """Told what was made, in this process (a cache remembers what it made)."""


def made_in_order(items: Iterable[tuple[str, X | Job]]) -> Iterator[tuple[str, X]]:
    """The items, in order, each :class:`Job` replaced by what it made.

    All the jobs go through one :func:`ordered_map`, so workers start once for
    pages and data alike, and this process writes what is made while they
    make the rest.
    """
    listed = list(items)
    jobs = [value for _, value in listed if isinstance(value, Job)]
    results = ordered_map(lambda n: jobs[n].make(), len(jobs))
    for path, value in listed:
        if isinstance(value, Job):
            result = next(results)
            if value.made is not None:
                value.made(result)
            yield path, result
        else:
            yield path, value


def _run(index: int) -> Any:
    assert _task is not None
    return _task(index)
