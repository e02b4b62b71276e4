"""Live preview: ``mkdocs serve`` regenerates on save and survives bad saves."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import copy_content, run_mkdocs_command

BRIEF = "2022-10-13-erdogan-meets-putin-in-astana"
TITLE = "Erdogan meets Putin in Astana as the Kremlin expects a Turkish offer to mediate"


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str
    log: list[str] = field(default_factory=list)

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=5) as response:
            return str(response.read().decode("utf-8"))

    def wait_for(self, condition: Callable[[], bool], timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            assert self.process.poll() is None, "".join(self.log)
            time.sleep(0.1)
        raise AssertionError("timed out; server log:\n" + "".join(self.log))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    content = copy_content(tmp_path)
    port = free_port()
    process = run_mkdocs_command(
        "serve",
        "--dirty",
        "--dev-addr",
        f"127.0.0.1:{port}",
        content=content,
        docs=tmp_path / "docs",
    )
    srv = Server(process, f"http://127.0.0.1:{port}/")
    reader = threading.Thread(
        target=lambda: srv.log.extend(iter(process.stderr.readline, "")),  # type: ignore[union-attr]
        daemon=True,
    )
    reader.start()
    try:
        srv.wait_for(lambda: "Serving on" in "".join(srv.log), timeout=60)
        yield srv, content
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


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
    srv.wait_for(lambda: "still serving the last good version" in "".join(srv.log))
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
