"""A synthetic corpus: N valid briefs of realistic size and shape, the same for the same seed.

The benchmark needs content that exercises every part of the generator the
way real briefs do, at any size: every section filled (about 6 KB of YAML a
brief), ~200 actors and ~20 stories shared across briefs, later briefs
answering earlier briefs' questions (each question at most once, never one of
a later brief), ``related`` links, and every source cited, so that
``newsbrief validate`` reports nothing at all.  Real briefs cannot be
multiplied for this: ids, dates and cross-references would collide.

Usage::

    python -m bench.corpus OUT_DIR --n 1000 [--seed 7]

Determinism: everything comes from one :class:`random.Random` seeded with
``seed``, and the YAML is written with a fixed key order, so the same ``n`` and
``seed`` give byte-identical files.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from generator.fields import slugify

try:  # the C emitter is ~10x faster: 10,000 briefs in seconds rather than a minute
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

DEFAULT_SEED = 7
START = date(2015, 1, 5)
BRIEFS_PER_DAY = 2.5

# --- vocabulary ------------------------------------------------------------------------------

COUNTRIES = [
    ("russia", "Russia", "Russian"),
    ("united-states", "United States", "US"),
    ("ukraine", "Ukraine", "Ukrainian"),
    ("turkey", "Turkey", "Turkish"),
    ("china", "China", "Chinese"),
    ("india", "India", "Indian"),
    ("germany", "Germany", "German"),
    ("france", "France", "French"),
    ("united-kingdom", "United Kingdom", "British"),
    ("japan", "Japan", "Japanese"),
    ("brazil", "Brazil", "Brazilian"),
    ("south-africa", "South Africa", "South African"),
    ("indonesia", "Indonesia", "Indonesian"),
    ("saudi-arabia", "Saudi Arabia", "Saudi"),
    ("iran", "Iran", "Iranian"),
    ("israel", "Israel", "Israeli"),
    ("egypt", "Egypt", "Egyptian"),
    ("nigeria", "Nigeria", "Nigerian"),
    ("kenya", "Kenya", "Kenyan"),
    ("ethiopia", "Ethiopia", "Ethiopian"),
    ("mexico", "Mexico", "Mexican"),
    ("canada", "Canada", "Canadian"),
    ("argentina", "Argentina", "Argentine"),
    ("poland", "Poland", "Polish"),
    ("italy", "Italy", "Italian"),
    ("spain", "Spain", "Spanish"),
    ("south-korea", "South Korea", "South Korean"),
    ("north-korea", "North Korea", "North Korean"),
    ("pakistan", "Pakistan", "Pakistani"),
    ("australia", "Australia", "Australian"),
    ("qatar", "Qatar", "Qatari"),
    ("kazakhstan", "Kazakhstan", "Kazakh"),
    ("belarus", "Belarus", "Belarusian"),
    ("moldova", "Moldova", "Moldovan"),
    ("georgia", "Georgia", "Georgian"),
    ("armenia", "Armenia", "Armenian"),
    ("azerbaijan", "Azerbaijan", "Azerbaijani"),
    ("serbia", "Serbia", "Serbian"),
    ("hungary", "Hungary", "Hungarian"),
    ("vietnam", "Vietnam", "Vietnamese"),
]
ORGANISATIONS = [
    ("united-nations", "United Nations"),
    ("european-union", "European Union"),
    ("nato", "NATO"),
    ("g20", "G20"),
    ("g7", "G7"),
    ("african-union", "African Union"),
    ("opec", "OPEC"),
    ("imf", "International Monetary Fund"),
    ("world-bank", "World Bank"),
    ("iaea", "International Atomic Energy Agency"),
    ("who", "World Health Organization"),
    ("wto", "World Trade Organization"),
    ("asean", "ASEAN"),
    ("osce", "OSCE"),
    ("icrc", "International Committee of the Red Cross"),
    ("unhcr", "UN Refugee Agency"),
    ("wfp", "World Food Programme"),
    ("brics", "BRICS"),
    ("arab-league", "Arab League"),
    ("council-of-europe", "Council of Europe"),
]
FIRST_NAMES = [
    "Anna",
    "Boris",
    "Carlos",
    "Daria",
    "Elena",
    "Farid",
    "Grace",
    "Hiroshi",
    "Ines",
    "Jonas",
    "Karim",
    "Lena",
    "Mikhail",
    "Nadia",
    "Olga",
    "Pavel",
    "Rania",
    "Samuel",
    "Tomasz",
    "Ursula",
    "Viktor",
    "Wei",
    "Yusuf",
    "Zofia",
    "Amir",
    "Beatriz",
    "Chen",
    "Dmitri",
    "Emeka",
    "Fatima",
    "Gustavo",
    "Hana",
    "Ivan",
    "Julia",
    "Kofi",
    "Layla",
    "Marco",
    "Nikolai",
    "Oksana",
    "Priya",
]
LAST_NAMES = [
    "Petrov",
    "Novak",
    "Silva",
    "Kowalski",
    "Haddad",
    "Okafor",
    "Tanaka",
    "Schmidt",
    "Moreau",
    "Rossi",
    "Yilmaz",
    "Ivanova",
    "Mensah",
    "Kaplan",
    "Duarte",
    "Lindqvist",
    "Horvath",
    "Nakamura",
    "Barzani",
    "Quispe",
    "Adeyemi",
    "Sokolov",
    "Weber",
    "Fontaine",
    "Marchetti",
    "Demir",
    "Kovalenko",
    "Osei",
    "Takahashi",
    "Romero",
    "Abbasi",
    "Lebedev",
    "Nowak",
    "Khalil",
    "Andersen",
    "Varga",
    "Castillo",
    "Popescu",
    "Mwangi",
    "Zhou",
]
PERSON_ROLES = [
    "President of {c}",
    "Prime Minister of {c}",
    "Foreign Minister of {c}",
    "Defence Minister of {c}",
    "Finance Minister of {c}",
    "Energy Minister of {c}",
    "Spokesperson for the {a} foreign ministry",
    "{a} ambassador to the United Nations",
    "National security adviser of {c}",
    "Trade Minister of {c}",
]
ORG_ROLES = ["Secretary-General of the {o}", "Spokesperson for the {o}", "Envoy of the {o}"]
THEMES = [
    ("grain-corridor", "grain exports through the Black Sea", ["agriculture", "shipping"]),
    ("gas-prices", "the price cap on gas", ["energy", "sanctions"]),
    ("peace-talks", "talks on ending the war", ["diplomacy", "security"]),
    ("nuclear-plant", "the safety of a nuclear power plant", ["nuclear", "security"]),
    ("debt-relief", "debt relief for poorer countries", ["finance", "development"]),
    ("climate-finance", "climate finance", ["climate", "finance"]),
    ("chip-exports", "export controls on advanced chips", ["technology", "trade"]),
    ("migration-pact", "a pact on migration", ["migration", "human-rights"]),
    ("election-dispute", "a disputed election", ["elections", "democracy"]),
    ("arms-deliveries", "arms deliveries", ["defence", "security"]),
    ("sanctions-evasion", "the evasion of sanctions", ["sanctions", "finance"]),
    ("ceasefire", "a ceasefire along the front line", ["security", "diplomacy"]),
    ("prisoner-exchange", "a prisoner exchange", ["diplomacy", "human-rights"]),
    ("oil-output", "cuts to oil output", ["energy", "trade"]),
    ("vaccine-supply", "the supply of vaccines", ["health", "development"]),
    ("cyber-attacks", "attacks on government networks", ["cyber", "security"]),
    ("shipping-lanes", "attacks on shipping lanes", ["shipping", "security"]),
    ("aid-access", "humanitarian access", ["aid", "human-rights"]),
    ("trade-tariffs", "new tariffs on steel", ["trade", "economy"]),
    ("border-dispute", "a border dispute", ["security", "diplomacy"]),
]
EXTRA_TAGS = [
    "diplomacy",
    "economy",
    "security",
    "energy",
    "trade",
    "united-nations",
    "europe",
    "asia",
    "africa",
]
PUBLISHERS = [
    ("reuters", "Reuters", "reuters.com"),
    ("ap", "Associated Press", "apnews.com"),
    ("afp", "AFP", "afp.com"),
    ("bbc", "BBC News", "bbc.co.uk"),
    ("guardian", "The Guardian", "theguardian.com"),
    ("ft", "Financial Times", "ft.com"),
    ("aljazeera", "Al Jazeera", "aljazeera.com"),
    ("dw", "Deutsche Welle", "dw.com"),
    ("nhk", "NHK World", "nhk.or.jp"),
    ("kyiv-independent", "The Kyiv Independent", "kyivindependent.com"),
    ("tass", "TASS", "tass.com"),
    ("anadolu", "Anadolu Agency", "aa.com.tr"),
]
VERBS = [
    "says",
    "warns",
    "insists",
    "signals",
    "denies",
    "confirms",
    "rejects",
    "proposes",
]
CLAIMS = [
    "{c} has kept every commitment it made on {t}.",
    "Talks on {t} failed because {c} walked away from them.",
    "{c} is secretly preparing to abandon the agreement on {t}.",
    "The latest figures show that {t} is working as intended.",
    "{c} has received no formal proposal on {t}.",
]
STATUSES = ["disputed", "unverified", "confirmed", "false"]
QUESTIONS = [
    ("deadline", "Will {c} meet the deadline it set itself on {t}?"),
    ("next-round", "When will the next round of talks on {t} take place?"),
    ("mediator", "Will {o} agree to mediate on {t}?"),
    ("verification", "Who will verify that {c} keeps its word on {t}?"),
    ("parliament", "Will the parliament of {c} approve the deal on {t}?"),
    ("costs", "Who pays for {t} if the agreement collapses?"),
    ("sanctions", "Will new sanctions follow if {c} does not move on {t}?"),
]


# --- the registries --------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    affiliation: str


@dataclass(frozen=True)
class StoryPlan:
    id: str
    title: str
    topic: str
    tags: list[str]
    countries: list[tuple[str, str, str]]
    organisation: tuple[str, str]
    people: list[Person]


@dataclass
class World:
    """The registries, plus what briefs need to write about them."""

    actors: list[dict[str, Any]]
    stories: list[StoryPlan]
    names: dict[str, str]
    people: list[Person] = field(default_factory=list)


def make_world(rng: random.Random) -> World:
    """~200 actors (40 governments, 20 organisations, 140 people) and 20 stories."""
    actors: list[dict[str, Any]] = []
    names: dict[str, str] = {}
    for cid, name, _ in COUNTRIES:
        actors.append(
            {"id": cid, "name": name, "kind": "government", "role": f"Government of {name}"}
        )
        names[cid] = name
    for oid, name in ORGANISATIONS:
        actors.append({"id": oid, "name": name, "kind": "organisation"})
        names[oid] = name
    people = _people(rng, actors, names)
    stories = [_story(rng, i, people) for i in range(len(THEMES))]
    return World(actors, stories, names, people)


def _people(
    rng: random.Random, actors: list[dict[str, Any]], names: dict[str, str]
) -> list[Person]:
    pairs = [(f, last) for f in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(pairs)
    people: list[Person] = []
    for i, (first, last) in enumerate(pairs[:140]):
        name = f"{first} {last}"
        if i < 110:
            cid, cname, adj = COUNTRIES[i % len(COUNTRIES)]
            role = rng.choice(PERSON_ROLES).format(c=cname, a=adj)
            affiliation = cid
        else:
            oid, oname = ORGANISATIONS[i % len(ORGANISATIONS)]
            role = rng.choice(ORG_ROLES).format(o=oname)
            affiliation = oid
        person = Person(slugify(name), name, affiliation)
        entry: dict[str, Any] = {
            "id": person.id,
            "name": name,
            "kind": "person",
            "role": role,
            "affiliation": affiliation,
            "roles": [
                {
                    "title": role,
                    "affiliation": affiliation,
                    "start": f"{2010 + i % 12}-{1 + i % 12:02d}",
                }
            ],
        }
        if i % 3 == 0:
            entry["wikidata"] = f"Q{100000 + i * 7919}"
        actors.append(entry)
        names[person.id] = name
        people.append(person)
    return people


def _story(rng: random.Random, i: int, people: list[Person]) -> StoryPlan:
    sid, topic, tags = THEMES[i]
    countries = rng.sample(COUNTRIES, 3)
    organisation = ORGANISATIONS[i % len(ORGANISATIONS)]
    ids = {c[0] for c in countries} | {organisation[0]}
    cast = [p for p in people if p.affiliation in ids]
    cast += rng.sample([p for p in people if p not in cast], max(0, 8 - len(cast)))
    title = f"{countries[0][1]}, {countries[1][1]} and {topic}"
    return StoryPlan(sid, title, topic, tags, countries, organisation, cast)


def stories_yaml(world: World) -> dict[str, Any]:
    return {
        "stories": [
            {
                "id": s.id,
                "title": s.title[0].upper() + s.title[1:],
                "summary": (
                    f"{s.countries[0][1]} and {s.countries[1][1]} disagree over {s.topic}, and "
                    f"{s.countries[2][1]} and the {s.organisation[1]} are drawn in. These briefs "
                    "follow the positions each side takes, the claims they dispute and the "
                    "questions that remain open, in the order events unfolded."
                ),
            }
            for s in world.stories
        ]
    }


# --- briefs ----------------------------------------------------------------------------------


@dataclass
class Ledger:
    """Questions asked so far, so later briefs can answer each one exactly once."""

    open: dict[str, list[tuple[str, str, date]]] = field(default_factory=dict)
    history: dict[str, list[tuple[str, date]]] = field(default_factory=dict)
    used_ids: set[str] = field(default_factory=set)

    def take(self, story: str, before: date, k: int) -> list[tuple[str, str, date]]:
        """Up to ``k`` open questions of ``story`` asked before ``before``, oldest first."""
        pool = self.open.setdefault(story, [])
        ready = [q for q in pool if q[2] < before][:k]
        for q in ready:
            pool.remove(q)
        return ready


class BriefWriter:
    """Writes brief number ``i`` (chronological) as a plain dict in the file's key order."""

    def __init__(self, rng: random.Random, world: World, ledger: Ledger) -> None:
        self.rng, self.world, self.ledger = rng, world, ledger

    def brief(self, i: int) -> dict[str, Any]:
        rng = self.rng
        story = self.world.stories[rng.randrange(len(self.world.stories))]
        published = START + timedelta(days=int(i / BRIEFS_PER_DAY))
        cast = rng.sample(story.people, 5)
        lead = cast[0]
        country = rng.choice(story.countries)
        title = f"{lead.name} {rng.choice(VERBS)} {country[1]} will act on {story.topic}"
        brief_id = self._unique_id(f"{published.isoformat()}-{slugify(title)}"[:72].rstrip("-"))
        sources = self._sources(rng, brief_id, published)
        src = [s["id"] for s in sources]
        govs = [c[0] for c in story.countries[:2]]
        involved = [p.id for p in cast] + govs + [story.organisation[0]]
        ctx = {"c": country[1], "t": story.topic, "o": story.organisation[1]}
        data: dict[str, Any] = {
            "id": brief_id,
            "title": title,
            "dek": (
                f"The {country[2]} position on {story.topic} hardens as {cast[1].name} and "
                f"{cast[2].name} trade accusations; the {story.organisation[1]} urges restraint."
            ),
            "published": published.isoformat(),
            "updated": (published + timedelta(days=1)).isoformat(),
            "status": rng.choice(["developing", "settled"]),
            "story": story.id,
            "tags": sorted({*story.tags, rng.choice(EXTRA_TAGS)}),
            "summary": self._summary(rng, lead, cast, country, story, published),
            "why_it_matters": (
                f"What {country[1]} decides on {story.topic} sets the terms for its neighbours, "
                f"and the [{story.organisation[1]}](https://example.org/{story.organisation[0]}) "
                "has said it cannot act without a clear mandate. A misstep now would be hard to "
                "undo before the next round of negotiations."
            ),
            "sources": sources,
            "actors": [{"actor": a, "role": self._role(rng, a, story)} for a in involved],
            "matters": [
                {
                    "id": "intentions",
                    "question": f"What does {country[1]} intend on {story.topic}?",
                },
                {
                    "id": "terms",
                    "question": f"On what terms could a deal on {story.topic} be reached?",
                },
                {"id": "mediation", "question": f"Can the {story.organisation[1]} mediate?"},
            ],
            "positions": self._positions(rng, cast, story, src),
            "claims": self._claims(rng, cast, ctx, src),
            "open_questions": self._questions(rng, brief_id, story, ctx, published),
            "answers": self._answers(rng, story, published, src),
            "timeline": self._timeline(rng, lead, story, published, src),
            "related": self._related(rng, story.id, published),
            "updates": [
                {
                    "date": (published + timedelta(days=1)).isoformat(),
                    "change": f"Adds the reaction of {cast[3].name} and corrects a date "
                    "in the timeline.",
                    "correction": i % 5 == 0,
                }
                | (
                    {"was": "The timeline gave the wrong date.", "now": "It gives the right one."}
                    if i % 5 == 0
                    else {}
                )
            ],
        }
        if not data["answers"]:
            del data["answers"]
        if not data["related"]:
            del data["related"]
        self.ledger.history.setdefault(story.id, []).append((brief_id, published))
        return data

    def _unique_id(self, base: str) -> str:
        candidate, k = base, 2
        while candidate in self.ledger.used_ids:
            candidate, k = f"{base}-{k}", k + 1
        self.ledger.used_ids.add(candidate)
        return candidate

    def _sources(self, rng: random.Random, brief_id: str, published: date) -> list[dict[str, Any]]:
        return [
            {
                "id": sid,
                "publisher": name,
                "title": f"{name}: {brief_id[11:60].replace('-', ' ').capitalize()}",
                "url": f"https://www.{domain}/world/{brief_id[11:]}",
                "published": published.isoformat(),
            }
            for sid, name, domain in rng.sample(PUBLISHERS, 3)
        ]

    def _summary(
        self,
        rng: random.Random,
        lead: Person,
        cast: Sequence[Person],
        country: tuple[str, str, str],
        story: StoryPlan,
        published: date,
    ) -> str:
        day = f"{published.day} {published.strftime('%B')}"
        return (
            f"{lead.name} said on {day} that {country[1]} was prepared to act on {story.topic} "
            f"but would not accept terms set by others. {cast[1].name} called the statement "
            f"*posturing* and said talks could only resume once earlier commitments were kept. "
            f"{cast[2].name} said the {story.organisation[1]} had offered to host a meeting "
            f"within weeks, while {cast[3].name} warned that time was running out in "
            f"{rng.choice(story.countries)[1]}."
        )

    def _role(self, rng: random.Random, actor: str, story: StoryPlan) -> str:
        name = self.world.names[actor]
        return rng.choice(
            [
                f"Sets out where {name} stands on {story.topic} and what it would take to move.",
                f"Responds to the latest proposal on {story.topic}, "
                "and disputes the figures given.",
                f"Named by other parties as essential to any agreement on {story.topic}.",
                f"Hosts or backs the talks on {story.topic}, according to officials.",
            ]
        )

    def _positions(
        self, rng: random.Random, cast: Sequence[Person], story: StoryPlan, src: list[str]
    ) -> list[dict[str, Any]]:
        positions = []
        for k, (matter, who) in enumerate(
            [
                ("intentions", 0),
                ("intentions", 1),
                ("terms", 0),
                ("terms", 2),
                ("mediation", 3),
                ("mediation", 4),
            ]
        ):
            person = cast[who]
            pos: dict[str, Any] = {
                "actor": person.id,
                "matter": matter,
                "short": rng.choice(
                    ["Open to talks", "Rejects the terms", "Wants guarantees", "Backs mediation"]
                ),
                "stance": (
                    f"{person.name} says any agreement on {story.topic} must be verifiable and "
                    f"must not reward {rng.choice(['those', 'anyone'])} who broke earlier promises."
                ),
            }
            if k % 2 == 0:
                pos["quotes"] = [
                    {
                        "text": f"We are ready to talk about {story.topic}, but not at any price",
                        "source": src[k % len(src)],
                    }
                ]
            else:
                pos["source"] = src[k % len(src)]
            positions.append(pos)
        return positions

    def _claims(
        self, rng: random.Random, cast: Sequence[Person], ctx: dict[str, str], src: list[str]
    ) -> list[dict[str, Any]]:
        return [
            {
                "id": f"claim-{k + 1}",
                "claim": rng.choice(CLAIMS).format(**ctx),
                "by": cast[k].id,
                "source": src[k],
                "status": rng.choice(STATUSES),
                "disputes": [
                    {
                        "actor": cast[k + 1].id,
                        "response": "Calls the claim misleading and says the record "
                        "shows the opposite.",
                        "source": src[(k + 1) % len(src)],
                    }
                ],
            }
            for k in range(2)
        ]

    def _questions(
        self,
        rng: random.Random,
        brief_id: str,
        story: StoryPlan,
        ctx: dict[str, str],
        published: date,
    ) -> list[dict[str, Any]]:
        chosen = rng.sample(QUESTIONS, 3)
        for qid, _ in chosen:
            self.ledger.open.setdefault(story.id, []).append((brief_id, qid, published))
        return [
            {
                "id": qid,
                "question": text.format(**ctx),
                "why": (
                    f"The answer decides whether talks on {ctx['t']} can go ahead at all, and "
                    f"whether {ctx['c']} can be held to what it has promised."
                ),
            }
            for qid, text in chosen
        ]

    def _answers(
        self, rng: random.Random, story: StoryPlan, published: date, src: list[str]
    ) -> list[dict[str, Any]]:
        return [
            {
                "question": f"{brief_id}#{qid}",
                "status": "answered" if k == 0 else rng.choice(["answered", "superseded"]),
                "answer": (
                    f"Officials confirmed on {published.isoformat()} that the matter was settled "
                    f"for now; the {story.organisation[1]} said it would review it."
                ),
                "source": src[k % len(src)],
            }
            for k, (brief_id, qid, _) in enumerate(self.ledger.take(story.id, published, 2))
        ]

    def _timeline(
        self, rng: random.Random, lead: Person, story: StoryPlan, published: date, src: list[str]
    ) -> list[dict[str, Any]]:
        events = []
        for k in range(5):
            when = published - timedelta(days=(5 - k) * rng.randint(3, 40))
            text = when.isoformat() if k else when.isoformat()[:7]
            event: dict[str, Any] = {
                "date": text,
                "event": f"{lead.name if k % 2 else 'Negotiators'} {rng.choice(VERBS)} "
                f"a new step on {story.topic}.",
            }
            if k % 2 == 0:
                event["source"] = src[k % len(src)]
            else:
                event["background"] = True
            events.append(event)
        events.append(
            {
                "date": published.isoformat(),
                "event": f"{lead.name} speaks on {story.topic}.",
                "source": src[2],
            }
        )
        return events

    def _related(self, rng: random.Random, story: str, published: date) -> list[str]:
        earlier = [b for b, day in self.ledger.history.get(story, [])[-6:] if day <= published]
        return rng.sample(earlier, min(2, len(earlier)))


# --- writing ---------------------------------------------------------------------------------


def dump(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )


def write_corpus(folder: Path, n: int, seed: int = DEFAULT_SEED) -> Path:
    """Write ``actors.yaml``, ``stories.yaml`` and ``n`` briefs under ``folder``; return it.

    Briefs left in ``folder/briefs`` by an earlier, larger run are removed, so
    the folder always holds exactly this corpus.
    """
    rng = random.Random(seed)
    world = make_world(rng)
    briefs_dir = folder / "briefs"
    briefs_dir.mkdir(parents=True, exist_ok=True)
    for old in briefs_dir.glob("*.yaml"):
        old.unlink()
    (folder / "actors.yaml").write_text(dump({"actors": world.actors}), "utf-8")
    (folder / "stories.yaml").write_text(dump(stories_yaml(world)), "utf-8")
    writer = BriefWriter(rng, world, Ledger())
    for i in range(n):
        data = writer.brief(i)
        (briefs_dir / f"{data['id']}.yaml").write_text(dump(data), "utf-8")
    return folder


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic, valid newsbrief corpus.")
    parser.add_argument(
        "out", type=Path, help="content folder to write (briefs/ inside is replaced)"
    )
    parser.add_argument("--n", type=int, default=1000, help="number of briefs (default 1000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    args = parser.parse_args(argv)
    write_corpus(args.out, args.n, args.seed)
    print(f"wrote {args.n} briefs to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
