"""Generate a realistic synthetic graph of this domain, for the scale benchmarks.

The graph follows docs/modelling.md: every entity has one class, a Dutch and an English
``skos:prefLabel`` and a ``dcterms:source``; every fact between entities is a sourced
``zk:Statement`` (``zk:AccordLink`` between frameworks); the loader derives the plain
triples. It holds every kind of thing the real graph holds, at scale:

- all 342 municipalities and their 65 regions (``zk:Place``, ``zk:partOf``), with each
  municipality also a party (``zk:Organisation``) that signs regional accords;
- hundreds of accords, programmes and agendas (linked to each other and to the real
  IZA, GALA, WOZO and TAZ), with action lines, goals, funding, target groups, dates;
- hundreds of themes in the theme scheme (with ``skos:broader``);
- regional initiatives (practice examples) located in municipalities, with partners,
  themes and the framework they are an example for;
- source documents of every kind.

It is meant to be loaded together with the real graph (it links to ``zid:iza`` and the
other real frameworks, so that the catalogue's example parameters find them).
Deterministic: the same size and seed give the same bytes.

Usage::

    python benchmarks/generate_synthetic.py OUT_DIR [--triples 100000] [--seed 1] [--format nt|turtle]
    python benchmarks/generate_synthetic.py OUT_DIR --sizes 10k,100k,1M
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ZK = "https://w3id.org/zorgakkoorden/def/"
ZID = "https://w3id.org/zorgakkoorden/id/"
ZST = "https://w3id.org/zorgakkoorden/id/statement/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
SCHEMA = "https://schema.org/"

PREFIXES = {"zk": ZK, "zid": ZID, "zst": ZST, "rdf": RDF, "skos": SKOS, "dcterms": DCT, "xsd": XSD, "schema": SCHEMA}

REAL_FRAMEWORKS = ("iza", "gala", "wozo", "taz")
MUNICIPALITIES = 342
REGIONS = 65

_SYLLABLES = (
    "aa", "berg", "bos", "broek", "dam", "dijk", "drecht", "ede", "en", "gouw", "haar", "heem", "hoven", "hout",
    "kerk", "land", "lo", "meer", "mond", "oord", "rijn", "schot", "sloot", "stad", "ter", "veen", "vliet",
    "voort", "wijk", "woude", "zand", "zee", "zwaag", "holt", "rode", "horst", "lier", "nes", "um", "elo",
)
_THEME_WORDS = (
    ("preventie", "prevention"), ("eenzaamheid", "loneliness"), ("mantelzorg", "informal care"),
    ("wonen", "housing"), ("arbeidsmarkt", "labour market"), ("digitale zorg", "digital care"),
    ("gezondheidsachterstanden", "health inequalities"), ("leefstijl", "lifestyle"), ("sport", "sport"),
    ("ggz", "mental health care"), ("ouderen", "older people"), ("jeugd", "youth"), ("schulden", "debt"),
    ("armoede", "poverty"), ("dementie", "dementia"), ("valpreventie", "fall prevention"),
    ("bewegen", "exercise"), ("voeding", "nutrition"), ("welzijn", "wellbeing"), ("wijkteams", "district teams"),
    ("informele zorg", "informal support"), ("zorgtechnologie", "care technology"), ("huisartsenzorg", "GP care"),
    ("acute zorg", "emergency care"), ("regionale samenwerking", "regional cooperation"),
    ("gegevensuitwisseling", "data exchange"), ("opleiden", "training"), ("werkplezier", "job satisfaction"),
)
_FRAMEWORK_KINDS = (("Accord", "akkoord", "accord"), ("Programme", "programma", "programme"), ("Agenda", "agenda", "agenda"))
_LINKS = ("elaborates", "complements", "broadens", "continues", "coherentWith", "connectsTo", "implementedThrough", "overlapsWith")
_ROLES = ("partyTo", "participatesIn", "responsibleFor", "supports", "keyPartyFor")
_KINDS = ("PrimarySource", "OfficialSource", "SecondarySource")


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def iri(base: str, local: str) -> str:
    return f"<{base}{local}>"


def lang(text: str, tag: str) -> str:
    return f'"{_esc(text)}"@{tag}'


def typed(text: str, datatype: str) -> str:
    return f'"{_esc(text)}"^^<{XSD}{datatype}>'


class Writer:
    """Collects triples as N-Triples terms and counts them."""

    def __init__(self) -> None:
        self.triples: list[tuple[str, str, str]] = []
        self._statement_ids: set[str] = set()

    def __len__(self) -> int:
        return len(self.triples)

    def add(self, s: str, p: str, o: str) -> None:
        self.triples.append((s, p, o))

    def entity(self, slug: str, cls: str, nl: str, en: str, source: str, extra_type: str | None = None) -> str:
        node = iri(ZID, slug)
        self.add(node, iri(RDF, "type"), iri(ZK, cls))
        self.add(node, iri(SKOS, "prefLabel"), lang(nl, "nl"))
        self.add(node, iri(SKOS, "prefLabel"), lang(en, "en"))
        self.add(node, iri(DCT, "source"), iri(ZID, source))
        return node

    def statement(
        self, subject: str, prop: str, obj: str, source: str, *, cls: str = "Statement", aspect: tuple[str, str] | None = None
    ) -> None:
        """A sourced statement; ``subject`` and ``obj`` are slugs of zid: things, or a literal term for ``obj``."""
        obj_term = obj if obj.startswith('"') else iri(ZID, obj)
        obj_slug = obj.split("/")[-1].strip('"<>').split('"')[0].replace(" ", "-").lower() if not obj.startswith('"') else "value"
        base = f"{subject}-{prop.lower()}-{obj_slug}"
        name, n = base, 1
        while name in self._statement_ids:
            n += 1
            name = f"{base}-{n}"
        self._statement_ids.add(name)
        st = iri(ZST, name)
        self.add(st, iri(RDF, "type"), iri(ZK, cls))
        self.add(st, iri(RDF, "subject"), iri(ZID, subject))
        self.add(st, iri(RDF, "predicate"), iri(ZK, prop))
        self.add(st, iri(RDF, "object"), obj_term)
        self.add(st, iri(DCT, "source"), iri(ZID, source))
        if aspect is not None:
            self.add(st, iri(ZK, "aspect"), lang(aspect[0], "nl"))
            self.add(st, iri(ZK, "aspect"), lang(aspect[1], "en"))


def _place_name(rng: random.Random) -> str:
    parts = rng.randint(2, 3)
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def _unique_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = _place_name(rng)
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


def generate(target: int, seed: int = 1) -> Writer:
    """Build a synthetic graph of about ``target`` triples (before the loader's derived ones).

    Args:
        target: the number of triples to write (the generator stops at the first
            initiative that reaches it).
        seed: the random seed.
    """
    rng = random.Random(seed)
    out = Writer()
    scale = max(target / 100_000, 0.1)

    # source documents
    n_sources = max(10, int(40 * scale))
    sources = []
    for i in range(n_sources):
        slug = f"source-syn-{i:05d}"
        sources.append(slug)
        node = out.entity(slug, "SourceDocument", f"Synthetisch brondocument {i}", f"Synthetic source document {i}", slug)
        out.add(node, iri(SCHEMA, "url"), typed(f"https://example.org/zorgakkoorden/bron/{i}", "anyURI"))
        out.add(node, iri(ZK, "sourceKind"), iri(ZK, _KINDS[i % 3]))

    def src() -> str:
        return rng.choice(sources)

    # themes (a scheme with a two-level hierarchy)
    n_themes = max(30, int(40 * scale))
    themes = []
    for i in range(n_themes):
        nl, en = _THEME_WORDS[i % len(_THEME_WORDS)]
        slug = f"theme-syn-{i:04d}"
        node = out.entity(slug, "Theme", f"{nl} {i}", f"{en} {i}", src())
        out.add(node, iri(SKOS, "inScheme"), iri(ZID, "themes"))
        if i >= len(_THEME_WORDS):
            out.add(node, iri(SKOS, "broader"), iri(ZID, f"theme-syn-{i % len(_THEME_WORDS):04d}"))
        themes.append(slug)

    # target groups, laws, funding, interventions
    groups = [out.entity(f"tg-syn-{i:03d}", "TargetGroup", f"Doelgroep {i}", f"Target group {i}", src()) and f"tg-syn-{i:03d}" for i in range(max(10, int(20 * scale)))]
    laws = [out.entity(f"law-syn-{i:03d}", "Law", f"Wet {i}", f"Act {i}", src()) and f"law-syn-{i:03d}" for i in range(10)]
    funds = []
    for i in range(max(10, int(30 * scale))):
        slug = f"fin-syn-{i:04d}"
        out.entity(slug, "FundingInstrument", f"Regeling {i}", f"Scheme {i}", src())
        out.statement(slug, "legalBasis", laws[i % len(laws)], src())
        funds.append(slug)
    interventions = []
    for i in range(max(10, int(40 * scale))):
        slug = f"int-syn-{i:04d}"
        out.entity(slug, "Intervention", f"Aanpak {i}", f"Approach {i}", src())
        out.statement(slug, "addressesTheme", rng.choice(themes), src())
        interventions.append(slug)

    # regions and municipalities (places), municipalities also as organisations
    region_names = _unique_names(rng, REGIONS)
    regions = []
    for name in region_names:
        slug = f"place-regio-{_slug(name)}"
        out.entity(slug, "Place", f"Regio {name}", f"{name} region", src())
        regions.append(slug)
    municipality_names = _unique_names(random.Random(seed + 1), MUNICIPALITIES)
    municipalities, councils = [], []
    for i, name in enumerate(municipality_names):
        slug = f"place-{_slug(name)}-{i:03d}"
        out.entity(slug, "Place", name, name, src())
        out.statement(slug, "partOf", regions[i % REGIONS], src())
        council = f"gemeente-{_slug(name)}-{i:03d}"
        out.entity(council, "Organisation", f"Gemeente {name}", f"Municipality of {name}", src())
        out.statement(council, "locatedIn", slug, src())
        municipalities.append(slug)
        councils.append(council)
    groups_of_parties = []
    for i in range(max(10, int(20 * scale))):
        slug = f"party-group-syn-{i:03d}"
        out.entity(slug, "OrganisationGroup", f"Koepel {i}", f"Umbrella body {i}", src())
        groups_of_parties.append(slug)
    parties = councils + groups_of_parties

    # frameworks: national and regional accords, programmes, agendas
    n_frameworks = max(10, int(50 * scale))
    frameworks = []
    for i in range(n_frameworks):
        cls, nl, en = _FRAMEWORK_KINDS[i % 3]
        region = regions[i % REGIONS]
        slug = f"syn-{nl}-{i:04d}"
        node = out.entity(slug, cls, f"{nl.capitalize()} {i} ({region_names[i % REGIONS]})", f"{en.capitalize()} {i} ({region_names[i % REGIONS]})", src())
        out.add(node, iri(ZK, "abbreviation"), f'"SYN{i}"')
        frameworks.append(slug)
        year = 2019 + i % 7
        out.statement(slug, "signingDate", typed(f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}", "date"), src())
        out.statement(slug, "startDate", typed(str(year), "gYear"), src())
        out.statement(slug, "locatedIn", region, src())
        for theme in rng.sample(themes, rng.randint(5, min(25, len(themes)))):
            out.statement(slug, "addressesTheme", theme, src())
        signatories = [groups_of_parties[i % len(groups_of_parties)], *rng.sample(parties, rng.randint(3, 12))]
        for party in dict.fromkeys(signatories):  # ordered, without repeats
            out.statement(slug, "signedBy", party, src())
            out.statement(party, rng.choice(_ROLES), slug, src())
        for group in dict.fromkeys([groups[i % len(groups)], rng.choice(groups)]):
            out.statement(slug, "aimsAtTargetGroup", group, src())
        out.statement(slug, "fundedThrough", rng.choice(funds), src())
        for a in range(rng.randint(2, 5)):
            line = f"actionline-{slug}-{a}"
            out.entity(line, "ActionLine", f"Actielijn {a} van {nl} {i}", f"Action line {a} of {en} {i}", src())
            out.statement(slug, "hasActionLine", line, src())
            out.statement(line, "addressesTheme", rng.choice(themes), src())
        goal = f"goal-{slug}"
        out.entity(goal, "Goal", f"Doel van {nl} {i}", f"Goal of {en} {i}", src())
        out.statement(slug, "hasGoal", goal, src())
        out.statement(goal, "targetYear", typed(str(2026 + i % 15), "gYear"), src())
    # links between frameworks, and to the real ones
    for i, slug in enumerate(frameworks):
        for other in rng.sample(frameworks, min(3, len(frameworks))):
            if other != slug:
                out.statement(slug, rng.choice(_LINKS), other, src(), cls="AccordLink", aspect=("samenhang", "coherence"))
        out.statement(slug, rng.choice(("elaborates", "complements", "implementedThrough")), REAL_FRAMEWORKS[i % 4], src(), cls="AccordLink", aspect=("regionale uitwerking", "regional elaboration"))
    for real in REAL_FRAMEWORKS:
        for theme in rng.sample(themes, min(20, len(themes))):
            out.statement(real, "addressesTheme", theme, src())
        for party in rng.sample(parties, 10):
            out.statement(real, "signedBy", party, src())

    # initiatives (practice examples) until the target is reached
    all_frameworks = frameworks + list(REAL_FRAMEWORKS)
    i = 0
    while len(out) < target:
        town = rng.randrange(MUNICIPALITIES)
        slug = f"pex-syn-{i:06d}"
        name = f"Initiatief {i} in {municipality_names[town]}"
        out.entity(slug, "PracticeExample", name, f"Initiative {i} in {municipality_names[town]}", src())
        out.statement(slug, "locatedIn", municipalities[town], src())
        out.statement(slug, "hasPartner", councils[town], src())
        out.statement(slug, "hasPartner", rng.choice(groups_of_parties), src())
        out.statement(slug, "exampleFor", rng.choice(all_frameworks), src())
        for theme in rng.sample(themes, 2):
            out.statement(slug, "addressesTheme", theme, src())
        out.statement(slug, "worksThroughIntervention", rng.choice(interventions), src())
        i += 1
    return out


def _term(term: str, prefixes: dict[str, str]) -> str:
    if term.startswith("<"):
        value = term[1:-1]
        for prefix, ns in prefixes.items():
            if value.startswith(ns):
                local = value[len(ns):]
                if local and all(ch.isalnum() or ch in "-_" for ch in local) and not local[0] == "-":
                    return f"{prefix}:{local}"
    return term


def lines(writer: Writer, fmt: str) -> Iterator[str]:
    """The graph as text lines: N-Triples, or Turtle as graph/ is written (and as any Turtle
    serializer writes it): our prefixes, one block per subject, its predicates joined by
    ``;`` and the objects of one predicate by ``,``."""
    if fmt == "nt":
        for s, p, o in writer.triples:
            yield f"{s} {p} {o} .\n"
        return
    for prefix, ns in PREFIXES.items():
        yield f"@prefix {prefix}: <{ns}> .\n"
    rdf_type = f"<{RDF}type>"
    subject = predicate = None
    for s, p, o in writer.triples:
        obj = _term(o, PREFIXES)
        if s != subject:
            p_term = "a" if p == rdf_type else _term(p, PREFIXES)
            end = " .\n" if subject is not None else ""
            yield f"{end}\n{_term(s, PREFIXES)} {p_term} {obj}"
        elif p != predicate:
            p_term = "a" if p == rdf_type else _term(p, PREFIXES)
            yield f" ;\n    {p_term} {obj}"
        else:
            yield f" ,\n        {obj}"
        subject, predicate = s, p
    if subject is not None:
        yield " .\n"


def write(out_dir: Path, target: int, seed: int = 1, fmt: str = "turtle") -> Path:
    """Write one synthetic graph file into ``out_dir`` (atomically); returns its path.

    Args:
        out_dir: the folder (made if missing).
        target: about how many triples.
        seed: the random seed.
        fmt: ``turtle`` or ``nt``.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    writer = generate(target, seed)
    suffix = ".ttl" if fmt == "turtle" else ".nt"
    path = out_dir / f"synthetic-{target}-seed{seed}{suffix}"
    handle, tmp = tempfile.mkstemp(dir=out_dir, prefix=".synthetic-", suffix=suffix)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.writelines(lines(writer, fmt))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def parse_size(text: str) -> int:
    """``10k`` -> 10000, ``1M`` -> 1000000, ``2500`` -> 2500."""
    text = text.strip()
    factor = {"k": 1_000, "K": 1_000, "m": 1_000_000, "M": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if factor != 1 else text
    return int(float(number) * factor)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder to write the file(s) into")
    parser.add_argument("--triples", default="100k", help="size, e.g. 10k, 100k, 1M (default 100k)")
    parser.add_argument("--sizes", default=None, help="several sizes at once, e.g. 10k,100k,1M")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=("turtle", "nt"), default="turtle")
    args = parser.parse_args(argv)
    sizes = [parse_size(s) for s in (args.sizes.split(",") if args.sizes else [args.triples])]
    for size in sizes:
        path = write(args.out_dir, size, args.seed, args.format)
        print(f"{path}\t{path.stat().st_size} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
