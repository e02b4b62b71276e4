"""``make serve`` is exact: under ``mkdocs serve --dirty`` a renamed or deleted brief
disappears from the preview (its old address is gone, and so is its search entry), and
the search index always covers every page, not only the ones a rebuild touched."""

from __future__ import annotations

import json
import urllib.error
from pathlib import Path

from generator import search
from tests.conftest import Server

OLD = "2022-11-10-putin-to-skip-g20-summit-in-bali"  # no other brief refers to it
NEW = "2022-11-10-putin-will-skip-the-g20-summit-in-bali"


def status(srv: Server, path: str) -> int:
    try:
        srv.get(path)
    except urllib.error.HTTPError as error:
        return error.code
    return 200


def indexed_pages(srv: Server) -> int:
    """Pages in the preview's index; -1 in the instant its new index is swapped in."""
    try:
        entry = json.loads(srv.get("pagefind/pagefind-entry.json"))
    except urllib.error.HTTPError:
        return -1
    return int(entry["languages"]["en"]["page_count"])


def worth_finding(docs: Path) -> int:
    """How many generated pages the index must hold (see generator/search.py)."""
    return sum(1 for md in docs.rglob("*.md") if search.page_kind(md.relative_to(docs).as_posix()))


def test_renamed_and_deleted_briefs_leave_the_preview_and_its_search(
    server: tuple[Server, Path],
    tmp_path: Path,
) -> None:
    srv, content = server
    docs = tmp_path / "docs"  # where the server fixture generates to
    assert status(srv, f"briefs/{OLD}/") == 200
    srv.wait_for(lambda: status(srv, "pagefind/pagefind-entry.json") == 200)  # background
    pages = indexed_pages(srv)
    assert pages == worth_finding(docs)

    # Renamed: the old address is gone, the new one is served, the index has as many pages.
    old = content / "briefs" / f"{OLD}.yaml"
    text = old.read_text("utf-8").replace(f"id: {OLD}", f"id: {NEW}")
    (content / "briefs" / f"{NEW}.yaml").write_text(text, "utf-8")
    old.unlink()
    srv.wait_for(lambda: status(srv, f"briefs/{NEW}/") == 200)
    srv.wait_for(lambda: status(srv, f"briefs/{OLD}/") == 404)
    srv.wait_for(lambda: indexed_pages(srv) == pages)
    assert status(srv, f"data/briefs/{OLD}.json") == 404

    # Deleted: gone from the preview and from the index.
    (content / "briefs" / f"{NEW}.yaml").unlink()
    srv.wait_for(lambda: status(srv, f"briefs/{NEW}/") == 404)
    srv.wait_for(lambda: indexed_pages(srv) == worth_finding(docs) < pages)
    assert "Traceback" not in "".join(srv.log)
