"""schema.org JSON-LD for brief pages: what search engines and fact-check tools read.

A brief page carries one ``@graph``: a ``NewsArticle`` (headline, dates, the
sources as ``citation``, the actors as ``about``/``mentions``) and a
``ClaimReview`` for each claim, whose ``reviewRating`` states where the claim
stands.  The graph is built here from the validated model, so the page's
metadata can never disagree with the brief's content.

:func:`script_json` makes the JSON safe to place inside a
``<script type="application/ld+json">`` element: text from YAML can never
close the element or start markup.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .model import Actor, Brief, Claim, Source

if TYPE_CHECKING:
    from .model import Corpus
    from .site import SiteInfo

Node = dict[str, Any]

SCHEMA_ORG = "https://schema.org"
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",  # line separators: JSON allows them raw, YAML and old JS do not
    "\u2029": "\\u2029",
}

_SCRIPT_TABLE = str.maketrans(_SCRIPT_ESCAPES)  # one C pass instead of a generator per character


def script_json(data: object) -> str:
    """Compact JSON in which ``<``, ``>``, ``&`` only ever appear as ``\\u`` escapes.

    Those characters can only occur inside JSON strings, where the escape means
    the same character, so the data is unchanged while ``</script>`` or
    ``<!--`` can no longer appear in the element.
    """
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_TABLE)


def brief_graph(brief: Brief, corpus: Corpus, site: SiteInfo) -> Node:
    """The JSON-LD document of one brief page."""
    url = site.brief_url(brief.id)
    return {
        "@context": SCHEMA_ORG,
        "@graph": [
            article(brief, corpus, site, url),
            *(claim_review(brief, claim, corpus, site, url) for claim in brief.claims),
        ],
    }


def article(brief: Brief, corpus: Corpus, site: SiteInfo, url: str) -> Node:
    """The ``NewsArticle``: the brief itself."""
    about = [ref.actor for ref in brief.actors]
    mentioned = [a for a in _referenced_actors(brief) if a not in about]
    node: Node = {
        "@type": "NewsArticle",
        "@id": f"{url}#article",
        "url": url,
        "mainEntityOfPage": url,
        "headline": brief.title,
        "description": brief.dek,
        "datePublished": brief.published.isoformat(),
        "dateModified": brief.modified.isoformat(),
        "inLanguage": "en",
        "isAccessibleForFree": True,
        "author": publisher(site),
        "publisher": publisher(site),
        "citation": [citation(source) for source in brief.sources],
        "about": [actor_node(corpus.actors[a]) for a in about],
    }
    if mentioned:
        node["mentions"] = [actor_node(corpus.actors[a]) for a in mentioned]
    if brief.tags:
        node["keywords"] = list(brief.tags)
    if brief.story:
        node["isPartOf"] = {
            "@type": "CreativeWorkSeries",
            "name": corpus.stories[brief.story].title,
            "url": site.page_url(f"stories/{brief.story}.md"),
        }
    return node


def claim_review(brief: Brief, claim: Claim, corpus: Corpus, site: SiteInfo, url: str) -> Node:
    """A ``ClaimReview``: the claim, who made it, where it appeared, and its status."""
    source = _source(brief, claim.source)
    return {
        "@type": "ClaimReview",
        "@id": f"{url}#claim-{claim.id}",
        "url": f"{url}#claim-{claim.id}",
        "claimReviewed": claim.claim,
        "datePublished": brief.modified.isoformat(),
        "author": publisher(site),
        "itemReviewed": {
            "@type": "Claim",
            "author": actor_node(corpus.actors[claim.by]),
            "appearance": citation(source),
            **({"datePublished": source.published.isoformat()} if source.published else {}),
        },
        "reviewRating": {"@type": "Rating", "alternateName": claim.status.capitalize()},
        "isPartOf": {"@id": f"{url}#article"},
    }


def publisher(site: SiteInfo) -> Node:
    return {"@type": "Organization", "name": site.name, "url": site.url}


def citation(source: Source) -> Node:
    node: Node = {
        "@type": "CreativeWork",
        "url": source.url,
        "name": source.title or source.publisher,
        "publisher": {"@type": "Organization", "name": source.publisher},
    }
    if source.published:
        node["datePublished"] = source.published.isoformat()
    return node


def actor_node(actor: Actor) -> Node:
    """A person as ``Person``; a government or organisation as ``Organization``."""
    node: Node = {
        "@type": "Person" if actor.kind == "person" else "Organization",
        "name": actor.name,
    }
    if actor.role:
        node["jobTitle" if actor.kind == "person" else "description"] = actor.role
    if actor.wikidata:
        node["sameAs"] = f"https://www.wikidata.org/wiki/{actor.wikidata}"
    return node


def _referenced_actors(brief: Brief) -> list[str]:
    """Every actor the brief refers to, in order of first reference, each once."""
    refs = [
        *(p.actor for p in brief.positions),
        *(c.by for c in brief.claims),
        *(d.actor for c in brief.claims for d in c.disputes),
    ]
    return list(dict.fromkeys(refs))


def _source(brief: Brief, source_id: str) -> Source:
    return next(s for s in brief.sources if s.id == source_id)
