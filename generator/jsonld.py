"""schema.org JSON-LD for brief pages: what search engines and fact-check tools read.

A brief page carries one ``@graph``: a ``NewsArticle`` (headline, dates, the
sources as ``citation``, the actors as ``about``/``mentions``, each person with
the title held on the brief's date), and its claims.  Search engines read a
``ClaimReview`` as the publisher's own fact-check, so only a claim the newsroom
gives a verdict on (``verdict``, or a later brief's ``settles``) is one; any
other claim, however disputed by others, is a plain ``Claim``.  The graph is
built here from the validated model, so the page's metadata can never disagree
with the brief's content.

Node ids are relative to the page: JSON-LD resolves them against the address of
the document they are in, so ``#article`` is ``<brief url>#article`` (not the brief's
long address again in every id), and ``#claim-<id>`` is the claim's heading on the
page.  A node that another node of the graph refers to is written once, with an
``@id``, and referred to as ``{"@id": …}``: a claim's author and the source it
appeared in are the article's ``about``/``mentions`` actor and ``citation`` of the
same brief.  ``#source-2`` is the brief's second source, whose entry on the page has
that id; ``#actor-<id>`` the actor as the brief names it.  ``url`` stays absolute.
A ``ClaimReview`` keeps its claim whole (its author may carry another title, its
source be another brief's), as fact-check readers expect it.

:func:`script_json` makes the JSON safe to place inside a
``<script type="application/ld+json">`` element: text from YAML can never
close the element or start markup.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .images import DEFAULT_SHARE_IMAGE, DEFAULT_SHARE_SIZE
from .model import Actor, Author, Brief, Claim, Source, Verdict, title_in

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
    claims = [_claim(brief, claim, corpus, site, url) for claim in brief.claims]
    return {
        "@context": SCHEMA_ORG,
        "@graph": [
            article(brief, corpus, site, url, _referred(claims)),
            *claims,
            *(_settled(brief, ref, verdict, corpus, site, url) for ref, verdict in _settles(brief)),
        ],
    }


def _settles(brief: Brief) -> list[tuple[str, Verdict]]:
    return [(s.claim, s.verdict) for s in brief.settles]


def _claim(brief: Brief, claim: Claim, corpus: Corpus, site: SiteInfo, url: str) -> Node:
    if claim.verdict is None:
        return {"@id": f"#claim-{claim.id}", **claim_node(brief, claim, corpus, refer=True)}
    return claim_review(brief, claim, claim.verdict, corpus, site, url, f"claim-{claim.id}")


def _settled(
    brief: Brief, ref: str, verdict: Verdict, corpus: Corpus, site: SiteInfo, url: str
) -> Node:
    """The review of an earlier brief's claim that ``brief`` settles."""
    target_id, claim_id = ref.split("#", 1)
    target = next(b for b in corpus.briefs if b.id == target_id)
    claim = next(c for c in target.claims if c.id == claim_id)
    return claim_review(
        brief, claim, verdict, corpus, site, url, f"settled-{target_id}-{claim_id}", target
    )


def _referred(nodes: list[Node]) -> set[str]:
    """The ``@id`` of every node that ``nodes`` refer to (``{"@id": …}`` values)."""
    return {
        value["@id"]
        for node in nodes
        for value in node.values()
        if isinstance(value, dict) and value.keys() == {"@id"}
    }


def article(
    brief: Brief, corpus: Corpus, site: SiteInfo, url: str, referred: set[str] | None = None
) -> Node:
    """The ``NewsArticle``: the brief itself.  Its actors and citations that ``referred``
    names carry their ``@id``, for the claims that refer to them."""
    referred = referred or set()
    about = [ref.actor for ref in brief.actors]
    mentioned = [a for a in _referenced_actors(brief) if a not in about]

    def actor(actor_id: str) -> Node:
        node = actor_node(corpus.actors[actor_id], _title(brief, actor_id, corpus))
        return _with_id(actor_ref(actor_id), node, referred)

    def cited(number: int, source: Source) -> Node:
        return _with_id(source_ref(number), citation(source), referred)

    node: Node = {
        "@type": "NewsArticle",
        "@id": "#article",
        "url": url,
        "mainEntityOfPage": url,
        "headline": brief.title,
        "description": brief.dek,
        "datePublished": brief.published.isoformat(),
        "dateModified": brief.modified.isoformat(),
        "inLanguage": "en",
        "isAccessibleForFree": True,
        "author": [person(a) for a in brief.authors] if brief.authors else publisher(site),
        "publisher": publisher(site),
        "citation": [cited(n, source) for n, source in enumerate(brief.sources, 1)],
        "about": [actor(a) for a in about],
    }
    node["image"] = image_nodes(brief, corpus, site)
    if mentioned:
        node["mentions"] = [actor(a) for a in mentioned]
    if brief.tags:
        node["keywords"] = list(brief.tags)
    if brief.story:
        node["isPartOf"] = {
            "@type": "CreativeWorkSeries",
            "name": corpus.stories[brief.story].title,
            "url": site.page_url(f"stories/{brief.story}.md"),
        }
    return node


def image_nodes(brief: Brief, corpus: Corpus, site: SiteInfo) -> list[Node]:
    """The article's image (search engines require one): its lead image, else the site's
    share image; absolute addresses, with their sizes."""
    picture = corpus.images.get(brief.id)
    if picture is None or brief.image is None:
        width, height = DEFAULT_SHARE_SIZE
        return [_image(site.file_url(DEFAULT_SHARE_IMAGE), width, height)]
    node = _image(site.file_url(picture.path), picture.width, picture.height)
    return [node | {"caption": brief.image.caption, "creditText": brief.image.credit}]


def _image(url: str, width: int, height: int) -> Node:
    return {"@type": "ImageObject", "url": url, "width": width, "height": height}


RATING_VALUES = {"true": 5, "mostly-true": 4, "misleading": 2, "mostly-false": 2, "false": 1}
"""Ratings on schema.org's 1 (false) to 5 (true) scale; 'unproven' has no place on it."""


def claim_node(brief: Brief, claim: Claim, corpus: Corpus, refer: bool = False) -> Node:
    """A ``Claim``: what was claimed, by whom, where it appeared.  No verdict.  With
    ``refer``, its author and appearance are references to the article's nodes."""
    number, source = _source(brief, claim.source)
    node: Node = {"@type": "Claim", "text": claim.claim}
    if refer:
        node["author"] = {"@id": actor_ref(claim.by)}
        node["appearance"] = {"@id": source_ref(number)}
    else:
        node["author"] = actor_node(corpus.actors[claim.by], _title(brief, claim.by, corpus))
        node["appearance"] = citation(source)
    if source.published:
        node["datePublished"] = source.published.isoformat()
    return node


def claim_review(
    brief: Brief,
    claim: Claim,
    verdict: Verdict,
    corpus: Corpus,
    site: SiteInfo,
    url: str,
    anchor: str,
    claimed_in: Brief | None = None,
) -> Node:
    """A ``ClaimReview``: our verdict on a claim (of ``claimed_in``, or of ``brief``)."""
    rating: Node = {
        "@type": "Rating",
        "alternateName": verdict.rating.replace("-", " ").capitalize(),
    }
    if verdict.rating in RATING_VALUES:
        rating |= {"ratingValue": RATING_VALUES[verdict.rating], "bestRating": 5, "worstRating": 1}
    return {
        "@type": "ClaimReview",
        "@id": f"#{anchor}",
        "url": f"{url}#{anchor}",
        "claimReviewed": claim.claim,
        "datePublished": brief.modified.isoformat(),
        "author": publisher(site),
        "itemReviewed": claim_node(claimed_in or brief, claim, corpus),
        "reviewRating": rating,
        "isPartOf": {"@id": "#article"},
    }


def person(author: Author) -> Node:
    """A byline as a schema.org ``Person``."""
    node: Node = {"@type": "Person", "name": author.name}
    if author.url:
        node["url"] = author.url
    return node


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


def actor_node(actor: Actor, title: str | None) -> Node:
    """A person as ``Person``; a government or organisation as ``Organization``; with
    ``title``, the role held at the time the page speaks of."""
    node: Node = {
        "@type": "Person" if actor.kind == "person" else "Organization",
        "name": actor.name,
    }
    if title:
        node["jobTitle" if actor.kind == "person" else "description"] = title
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


def _title(brief: Brief, actor_id: str, corpus: Corpus) -> str | None:
    return title_in(brief, corpus.actors[actor_id])


def _source(brief: Brief, source_id: str) -> tuple[int, Source]:
    """The source and its number on the page (``#source-<number>``)."""
    return next((n, s) for n, s in enumerate(brief.sources, 1) if s.id == source_id)


def source_ref(number: int) -> str:
    """The ``@id`` of a brief's source: the id of its entry on the page."""
    return f"#source-{number}"


def actor_ref(actor_id: str) -> str:
    """The ``@id`` of an actor as a brief names it (with the title held on its date)."""
    return f"#actor-{actor_id}"


def _with_id(node_id: str, node: Node, referred: set[str]) -> Node:
    return {"@id": node_id, **node} if node_id in referred else node
