"""Pages at the addresses of renamed briefs, which lead to their new address.

A brief lists the ids it had before (``former_ids``); links to the old address,
in feeds readers already fetched or on other sites, keep working.  Each is a
small HTML file copied into the site unchanged (an instant refresh, a canonical
link for search engines, and a plain link), so it works with any engine that
copies files, and with no script.
"""

from __future__ import annotations

import functools
import posixpath

import jinja2

from .memo import Output
from .model import Corpus
from .site import SiteInfo, brief_path


def redirect_path(old_id: str) -> str:
    """Where the page at a former brief address goes, relative to the docs folder."""
    return f"{posixpath.splitext(brief_path(old_id))[0]}/index.html"


def redirect_jobs(corpus: Corpus, site: SiteInfo) -> list[tuple[str, Output]]:
    template = _environment().get_template("redirect.html.j2")
    return [
        (
            redirect_path(old),
            template.render(
                title=brief.title, url=site.brief_url(brief.id), relative=f"../{brief.id}/"
            ),
        )
        for brief in corpus.briefs
        for old in brief.former_ids
    ]


@functools.cache
def _environment() -> jinja2.Environment:
    """HTML, so escaped (the Markdown templates' environment is not: see templating)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
