"""The checkers the browser tests apply to every page, kept apart so that each one is also
tested against a deliberately broken page (``test_checkers.py``): a checker that cannot fail
proves nothing."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, Response, Route

_AXE = Axe()
_JS = Path(__file__).with_name("js")


def _script(name: str) -> str:
    """One of the page functions in js/ (evaluated in the page by Playwright)."""
    return (_JS / f"{name}.js").read_text(encoding="utf-8")


#: The whole axe-core rule set, plus WCAG 2.2's target size (off by default in axe 4.12).
AXE_ALL = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
AXE_TARGET_SIZE = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "rule", "values": ["target-size"]},
}

#: A brief page's budget: everything it transfers, gzip-compressed (search loads nothing
#: until it is used, so nothing is excluded).
TRANSFER_BUDGET = 80 * 1024
#: Where Pagefind's bundle lives (generator/search.py): the search UI fetches it lazily.
SEARCH_BUNDLE = "/pagefind/"


def is_search(url: str) -> bool:
    """True for a request of the search bundle (Pagefind's script, index and fragments)."""
    return urlsplit(url).path.find(SEARCH_BUNDLE) >= 0


# --- accessibility ------------------------------------------------------------------------


def axe_violations(page: Page, options: dict[str, object] | None = None) -> list[str]:
    """axe-core's violations on the page, one readable line each (empty when it passes)."""
    response = _AXE.run(page, options=options or AXE_ALL).response
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(map(str, node["target"])) for node in v["nodes"][:5])
        for v in response["violations"]
    ]


_STRUCTURE = _script("structure")


def structure_problems(page: Page) -> list[str]:
    """Landmarks, heading order, the skip link and table headers, checked directly."""
    return list(page.evaluate(_STRUCTURE))


_FOCUS_RING = _script("focus_ring")


def focus_problems(page: Page, presses: int = 12) -> list[str]:
    """Tab through the first ``presses`` stops: each must show a focus ring."""
    problems = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        state = page.evaluate(_FOCUS_RING)
        if state and not state["shown"]:
            page.wait_for_timeout(400)  # Material fades the skip link in
            state = page.evaluate(_FOCUS_RING)
        if state is None:
            problems.append("Tab moved focus nowhere")
        elif not (state["ring"] and state["shown"]):
            problems.append(f"no visible focus on {state['what']!r}")
    return problems


# --- privacy and weight -------------------------------------------------------------------


def is_local(url: str) -> bool:
    """True for requests that stay on this machine's 127.0.0.1 (or never touch a network)."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return parts.hostname == "127.0.0.1"


@dataclass
class RequestLog:
    """Every request a browser context makes; requests leaving 127.0.0.1 are recorded and
    aborted (the machine is offline: they would only hang)."""

    requests: list[str] = field(default_factory=list)
    bodies: dict[str, bytes] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)

    @classmethod
    def attach(cls, context: BrowserContext) -> RequestLog:
        log = cls()
        context.on("request", lambda request: log.requests.append(request.url))
        context.on("response", log._keep_body)
        context.route("**/*", log._route)
        return log

    def _route(self, route: Route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def _keep_body(self, response: Response) -> None:
        self.statuses[response.url] = response.status
        try:
            self.bodies[response.url] = response.body()
        except Exception:  # redirects and aborted requests have no body
            self.bodies.setdefault(response.url, b"")

    def failed(self) -> list[str]:
        return [f"{status} {url}" for url, status in self.statuses.items() if status >= 400]

    def outside(self) -> list[str]:
        return [url for url in self.requests if not is_local(url)]


def compressed_sizes(bodies: dict[str, bytes]) -> dict[str, int]:
    """What each response weighs gzip-compressed (http.server does not compress)."""
    return {url: len(gzip.compress(body)) for url, body in bodies.items()}


def transfer_size(bodies: dict[str, bytes], exclude: Iterable[str] = ()) -> int:
    """Compressed bytes of every response, except those whose URL ends with ``exclude``."""
    skipped = tuple(exclude)
    return sum(
        size
        for url, size in compressed_sizes(bodies).items()
        if not urlsplit(url).path.endswith(skipped)
    )


# --- mobile -------------------------------------------------------------------------------

_OVERFLOW = _script("overflow")


def horizontal_overflow(page: Page) -> list[str]:
    """Everything wider than the viewport, or scrolling sideways inside it."""
    return list(page.evaluate(_OVERFLOW))


# --- print --------------------------------------------------------------------------------

_PRINT = _script("print")


def print_problems(page: Page) -> list[str]:
    """What is wrong with the page on paper (the page is switched to print media)."""
    page.emulate_media(media="print")
    try:
        return list(page.evaluate(_PRINT))
    finally:
        page.emulate_media(media="screen")


_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def pdf_pages(pdf: bytes) -> int:
    """The number of pages in a PDF printed by Chromium (one /Type /Page object each)."""
    return len(_PAGE_OBJECT.findall(pdf))
