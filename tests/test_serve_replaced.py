"""``mkdocs serve`` keeps rebuilding on save after content/ is deleted and made again."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from tests.conftest import copy_content, serving
from tests.test_serve import BRIEF, TITLE

EDITED = "Erdogan hosts nobody, a title saved after the restore"  # in no page before
POLL = 0.5  # MkDocs' polling interval: its watcher notices a deleted folder within one


def test_saves_rebuild_after_the_content_folder_is_replaced(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    backup = shutil.copytree(content, tmp_path / "backup")
    with serving(content, tmp_path / "docs") as srv:
        page = f"briefs/{BRIEF}/"
        assert TITLE in srv.get(page)

        shutil.rmtree(content)  # as a `git checkout` of another branch, or `rm -r` by mistake
        time.sleep(4 * POLL)  # a polling watcher: give it several polls to see the folder gone
        shutil.copytree(backup, content)
        srv.wait_for(lambda: "watching the content folder again" in "".join(srv.log))

        brief = content / "briefs" / f"{BRIEF}.yaml"
        edited = brief.read_text("utf-8").replace(TITLE, EDITED)
        brief.write_text(edited, "utf-8")
        srv.wait_for(lambda: EDITED in srv.get(page))
        assert "Traceback" not in "".join(srv.log)
