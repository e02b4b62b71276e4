"""Lighthouse (12.x, pinned by tests/validator/package-lock.json) on the built site, as a
phone on a slow network sees it: accessibility 100 and performance at least 95.

The site is served gzip-compressed, as GitHub Pages serves it: uncompressed, Material's
138 KB stylesheet alone costs a phone on a throttled network a second.  Lighthouse runs
Debian's Chromium.  Without Node.js or Lighthouse the test is skipped on a developer's
machine; under CI it fails instead.
"""

from __future__ import annotations

import functools
import gzip
import io
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

from .conftest import CHROMIUM, CHROMIUM_ARGS, PAGES

LIGHTHOUSE = REPO / "tests" / "validator" / "node_modules" / "lighthouse" / "cli" / "index.js"


class _Gzipped(SimpleHTTPRequestHandler):
    """Files compressed on the way out, when the browser accepts it (as GitHub Pages does)."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        data = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


@contextmanager
def gzip_served(root: Path) -> Iterator[str]:
    handler = functools.partial(_Gzipped, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def _node() -> str:
    node = shutil.which("node")
    if node and LIGHTHOUSE.is_file() and CHROMIUM.exists():
        return node
    message = "Lighthouse needs Node.js, Chromium and npm ci --prefix tests/validator (.ci/run)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    with gzip_served(site) as url:
        yield url


@pytest.mark.parametrize("name", ["home", "brief"])
def test_lighthouse_mobile(served: str, name: str, tmp_path: Path) -> None:
    node = _node()
    report = tmp_path / "report.json"
    command = [node, str(LIGHTHOUSE), served + PAGES[name], "--quiet"]
    command += ["--only-categories=accessibility,performance", "--output=json"]
    command += [f"--output-path={report}", f"--chrome-flags={' '.join(CHROMIUM_ARGS)}"]
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-2000:]
    categories = json.loads(report.read_text("utf-8"))["categories"]
    scores = {key: category["score"] for key, category in categories.items()}
    assert scores["accessibility"] == 1, scores
    assert scores["performance"] >= 0.95, scores
