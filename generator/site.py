"""Where, and under what name, the site is published: the one thing every stage
that writes absolute addresses (feeds, JSON-LD, the data index) needs to know."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
DEFAULT_SITE_NAME = "News briefs"


@dataclass(frozen=True)
class SiteInfo:
    """Where, and under what name, the site is published.

    Markdown pages link relatively, but feeds, JSON-LD and the data index are
    read away from the site, so they need absolute addresses: this is the one
    place that turns a docs path into one.
    """

    url: str = DEFAULT_SITE_URL
    name: str = DEFAULT_SITE_NAME
    description: str = ""

    def __post_init__(self) -> None:
        if not self.url.endswith("/"):  # a base URL without its slash drops its last segment
            object.__setattr__(self, "url", self.url + "/")

    def page_url(self, docs_path: str) -> str:
        """The address MkDocs publishes a Markdown page at (directory URLs)."""
        stem = docs_path.removesuffix(".md")
        if stem == "index" or stem.endswith("/index"):
            stem = stem.removesuffix("index")
        else:
            stem += "/"
        return self.url + stem

    def brief_url(self, brief_id: str) -> str:
        return self.page_url(brief_path(brief_id))

    def file_url(self, path: str) -> str:
        """The address of a file copied unchanged into the site (a feed, a JSON file)."""
        return self.url + path


def brief_path(brief_id: str) -> str:
    """Where a brief's Markdown page goes, relative to the docs folder."""
    return f"briefs/{brief_id}.md"
