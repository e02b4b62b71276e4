"""Pagefind, given the pages one by one in a fixed order, so the same site gives the same index.

Pagefind's command line indexes a folder in the order the file system lists it,
and the index depends on that order: the same pages, written in another order
(by an incremental build, or on another disk), gave other index files.  So the
pages are sent in sorted order to Pagefind's service mode (``pagefind
--service``, what its own Python and Node.js packages drive), which indexes
them in the order received.  Its Python package waits a tenth of a second for
each answer; here requests and answers flow at once, over the binary's stdin
and stdout.

The protocol: each message is base64-encoded JSON followed by a comma; a request
is ``{"message_id": n, "payload": {"type": …}}`` and its answer carries the same id.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from typing import IO, Any


class PagefindError(RuntimeError):
    """Pagefind refused a request, or stopped."""


Document = tuple[str, str]
"""A page to index: its address (``/briefs/x/``) and its HTML."""


def index_pages(documents: Iterable[Document]) -> dict[str, bytes]:
    """Index ``documents``, in the order given; returns the files of the search bundle,
    by path.  The documents are read as they are sent.

    The files come back in the answer rather than written by Pagefind: its service
    answers "written" before it has finished writing, and ends when its input does.
    """
    command = [sys.executable, "-m", "pagefind", "--service"]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE) as service:
        requests, answers = service.stdin, service.stdout
        assert requests is not None and answers is not None
        replies = _messages(answers)
        _send(requests, 0, {"type": "NewIndex", "config": None})
        index_id = _expect(replies, "NewIndex")["index_id"]
        failed: list[BaseException] = []
        feeder = threading.Thread(
            target=_feed, args=(requests, index_id, documents, failed), daemon=True
        )
        feeder.start()  # while the answers are read here: neither pipe ever fills up
        try:
            while (answer := _expect(replies, "IndexedFile", "GetFiles"))["type"] != "GetFiles":
                pass
        except PagefindError:
            feeder.join()
            if failed:  # Pagefind stopped because the feeder could not go on: say why
                raise PagefindError(f"could not index the site: {failed[0]}") from None
            raise
        feeder.join()
        requests.close()
    return {file["path"]: base64.b64decode(file["content"]) for file in answer["files"]}


def _feed(
    requests: IO[bytes],
    index_id: int,
    documents: Iterable[Document],
    failed: list[BaseException],
) -> None:
    """Send every document, then ask for the files of the index."""
    try:
        number = 0
        for number, (url, html) in enumerate(documents, start=1):
            add = {"type": "AddFile", "index_id": index_id, "file_path": None, "url": url}
            _send(requests, number, {**add, "file_contents": html})
        _send(requests, number + 1, {"type": "GetFiles", "index_id": index_id})
    except (OSError, ValueError) as error:  # a page that cannot be read, or Pagefind gone
        failed.append(error)
        requests.close()  # Pagefind ends, and the reader stops waiting


def _send(requests: IO[bytes], message_id: int, payload: dict[str, Any]) -> None:
    message = json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")
    requests.write(base64.b64encode(message) + b",")
    requests.flush()


def _messages(answers: IO[bytes]) -> Iterator[dict[str, Any]]:
    """Pagefind's answers, one at a time, until it stops."""
    parts: list[bytes] = []  # of the message being read (the last one is tens of MB)
    while chunk := answers.read1(1 << 16):  # type: ignore[attr-defined]
        *complete, rest = chunk.split(b",")
        for piece in complete:
            parts.append(piece)
            yield json.loads(base64.b64decode(b"".join(parts)))
            parts = []
        parts.append(rest)


def _expect(replies: Iterator[dict[str, Any]], *kinds: str) -> dict[str, Any]:
    reply = next(replies, None)
    if reply is None:
        raise PagefindError("pagefind stopped before it answered")
    payload: dict[str, Any] = reply["payload"]
    if payload.get("type") not in kinds:
        raise PagefindError(f"pagefind answered {payload.get('type')}: {payload.get('message')}")
    return payload
