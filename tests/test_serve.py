"""Live preview: ``mkdocs serve`` regenerates on save and survives bad saves."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Server

BRIEF = "2022-10-13-erdogan-meets-putin-in-astana"
TITLE = "Erdogan meets Putin in Astana as the Kremlin expects a Turkish offer to mediate"


def test_saving_yaml_refreshes_the_page_and_bad_saves_keep_the_last_good_site(
    server: tuple[Server, Path],
) -> None:
    srv, content = server
    page = f"briefs/{BRIEF}/"
    assert TITLE in srv.get(page)
    brief = content / "briefs" / f"{BRIEF}.yaml"
    good = brief.read_text("utf-8")

    # 1. A valid save: the served page shows the new title.
    brief.write_text(good.replace(TITLE, "Erdogan and Putin meet in Astana"), "utf-8")
    srv.wait_for(lambda: "Erdogan and Putin meet in Astana" in srv.get(page))

    # 2. An invalid save: clickable errors in the log, the last good page still served.
    brief.write_text(good.replace("status: developing", "status: unsure"), "utf-8")
    srv.wait_for(lambda: f"briefs/{BRIEF}.yaml:6:9: error: status:" in "".join(srv.log))
    srv.wait_for(lambda: "broken briefs show their last good version" in "".join(srv.log))
    assert "Erdogan and Putin meet in Astana" in srv.get(page)
    assert "Traceback" not in "".join(srv.log)

    # 3. Fixed again: back in business.
    brief.write_text(good, "utf-8")
    srv.wait_for(lambda: TITLE in srv.get(page))
    assert srv.process.poll() is None

    # MkDocs' alarming --dirty warning is replaced by one explanation of our own.
    log = "".join(srv.log)
    assert "A 'dirty' build is being performed" not in log
    assert log.count("the preview rebuilds only the pages whose Markdown changed") == 1
