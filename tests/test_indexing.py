"""The search index of a one-off build is made while MkDocs builds the pages
(:mod:`generator.indexing`): it must be the very index the finished site gives."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from generator import search
from generator.indexing import PageIndexer


def bundle(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_build_indexes_exactly_what_its_finished_site_gives(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    made_while_building = bundle(copy / search.BUNDLE)
    search.build_index(copy)  # from the finished site, after the build
    assert bundle(copy / search.BUNDLE) == made_while_building


PAGE = (
    '<html lang="en"><body><article class="x" data-pagefind-body><h1>{}</h1></article>'
    "</body></html>"
)


def pages_of(site: Path, names: list[str]) -> list[str]:
    rels = [f"briefs/{name}/index.html" for name in names]
    for rel, name in zip(rels, names, strict=True):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(PAGE.format(f"Old {name}"), "utf-8")
    return rels


def test_pages_built_and_kept_are_indexed_in_the_finished_sites_order(tmp_path: Path) -> None:
    site = tmp_path / "site"
    rels = pages_of(site, ["a-b", "a", "c", "b"])  # "a-b" sorts after "a" as a path
    built = {rels[0], rels[2]}
    indexer = PageIndexer(site, [(rel, rel in built) for rel in rels])
    indexer.start()
    for rel in sorted(built, reverse=True):  # MkDocs' order is its own
        html = PAGE.format(f"New {rel}")
        (site / rel).write_text(html, "utf-8")
        indexer.built(rel, html)
    indexer.finish()
    streamed = bundle(site / search.BUNDLE)
    search.build_index(site)
    assert bundle(site / search.BUNDLE) == streamed


def test_a_page_rebuilt_after_it_was_read_makes_the_index_from_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    (rel,) = pages_of(site, ["a"])
    indexer = PageIndexer(site, [(rel, False)])  # expected to be kept as it is...
    indexer.start()
    while rel not in indexer._read:  # ...and read already
        time.sleep(0.01)
    (site / rel).write_text(PAGE.format("Rebuilt"), "utf-8")
    indexer.built(rel, PAGE.format("Rebuilt"))  # ...but MkDocs built it after all
    calls: list[Path] = []
    real = search.build_index
    monkeypatch.setattr(search, "build_index", lambda s: calls.append(s) or real(s))
    indexer.finish()
    assert calls == [site.resolve()]


def test_a_failed_build_stops_pagefind_and_writes_nothing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    rels = pages_of(site, ["a", "b"])
    indexer = PageIndexer(site, [(rel, True) for rel in rels])  # never built: the build fails
    indexer.start()
    stopped = threading.Thread(target=indexer.abandon)
    stopped.start()
    stopped.join(timeout=30)
    assert not stopped.is_alive()
    assert not (site / search.BUNDLE).exists()


def test_a_page_the_build_did_not_make_is_read_from_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    rels = pages_of(site, ["a", "b"])
    indexer = PageIndexer(site, [(rel, True) for rel in rels])
    indexer.start()
    indexer.built(rels[1], (site / rels[1]).read_text("utf-8"))
    indexer.finish()  # the build ended without making "a": it is read from the site
    streamed = bundle(site / search.BUNDLE)
    search.build_index(site)
    assert bundle(site / search.BUNDLE) == streamed
