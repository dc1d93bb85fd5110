"""Resolve a name a user types to exactly one entity of the graph.

A name may be an abbreviation (``IZA``), a Dutch or English preferred label
(``Integraal Zorgakkoord``, ``Healthy and Active Living Agreement``), an alternative label,
the slug of the IRI (``tg-ouderen``), a full IRI (with or without ``<>``) or a prefixed
IRI (``zid:iza``). Matching ignores case, accents, repeated spaces and the kind of
apostrophe or dash. Candidates are tried in tiers (IRI; abbreviation or preferred label;
alternative label; the usual name of a source document; IRI slug), and the first tier with
a match decides: one entity is the
answer, several are an :class:`~zorgakkoorden.errors.AmbiguousNameError` that lists them,
none anywhere is an :class:`~zorgakkoorden.errors.UnknownNameError` that lists the closest
names (``difflib``).

A source document also answers to the names people use for it (see
:func:`source_document_names`): its publisher and kind of document ("Vilans factsheet",
"SWN themapagina"), its kind and date ("Kamerbrief 16 maart 2023") and its parliamentary
number ("Kamerstuk 31765-725", "kst-31765-725").
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from ..errors import AmbiguousNameError, UnknownNameError
from ..store import graph_version
from .engines import store_for, subject_objects

_TRANSLATE = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "–": "-", "—": "-", "‐": "-", "\u00a0": " "})
_SPACES = re.compile(r"\s+")
_IRI_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://|urn:", re.IGNORECASE)
_PREFIXED = re.compile(r"([A-Za-z][A-Za-z0-9_\-]*)?:([^\s]*)\Z")
MAX_SUGGESTIONS = 5

# words that name a kind of document, looked for in a source document's names and description
KIND_WORDS = (
    "factsheet", "kamerbrief", "brief", "ledenbrief", "themapagina", "nieuwsbericht", "artikel",
    "interview", "verslag", "magazine", "letter", "article",
)
MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
             "oktober", "november", "december")
MONTHS_EN = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
             "october", "november", "december")
_KAMERSTUK = re.compile(r"kamerstuk\s+(\d[\d ]*\d|\d)\s*,?\s*(?:nr|no)\.?\s*(\d+)")
_KST_URL = re.compile(r"/kst-(\d+)-(\d+)\.html", re.IGNORECASE)
_TOKEN = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    """The form names are compared in: no accents, case-folded, one space, plain apostrophes and dashes."""
    text = unicodedata.normalize("NFKD", str(text).translate(_TRANSLATE))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text.casefold()).strip()


@dataclass(frozen=True)
class Entity:
    """What the index knows about one entity (for matching and for messages)."""

    iri: object
    label_nl: str
    label_en: str
    abbreviations: tuple[str, ...]
    kind: str

    def describe(self, curie: str) -> str:
        """``IZA: Integraal Zorgakkoord (accord, zid:iza)``, for lists of matches."""
        head = f"{self.abbreviations[0]}: " if self.abbreviations else ""
        label = self.label_nl or self.label_en or curie
        kind = f"{self.kind}, " if self.kind else ""
        return f"{head}{label} ({kind}{curie})"


def expand_iri(name: str, namespaces: dict[str, str]) -> str | None:
    """The IRI a name spells, if it spells one: ``<...>``, ``https://...``, ``urn:...`` or a
    prefixed name (``zid:iza``) of one of ``namespaces`` (prefix -> namespace IRI)."""
    text = name.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    if _IRI_LIKE.match(text):
        return text
    m = _PREFIXED.match(text)
    if m and " " not in text:
        prefix = m.group(1) or ""
        if prefix in namespaces:
            return str(namespaces[prefix]) + m.group(2)
    return None


def well_formed_iri(iri: str) -> bool:
    """Whether an IRI can be written in SPARQL as ``<...>`` (an absolute IRI, no forbidden characters)."""
    from .binding import _IRI_SCHEME, _IRIREF_BODY

    return bool(_IRI_SCHEME.match(iri) and _IRIREF_BODY.match(iri))


class _Iri(str):
    """An IRI spelt by the user, not yet checked (kept as text so a malformed one makes no URIRef)."""


class NameIndex:
    """Every labelled entity of a graph by its normalised names, in tiers.

    Args:
        graph: an rdflib graph (memory or Oxigraph store).
    """

    TIERS = ("abbreviation or label", "alternative label", "usual name of a source document", "IRI slug")

    def __init__(self, graph):
        from rdflib import Literal, URIRef
        from rdflib.namespace import RDF, RDFS, SKOS

        from ..namespaces import ZK

        self.graph = graph
        self._tiers: list[dict[str, set]] = [defaultdict(set) for _ in self.TIERS]
        labels: dict = defaultdict(dict)
        abbreviations: dict = defaultdict(list)
        for s, o in subject_objects(graph, SKOS.prefLabel):
            if isinstance(s, URIRef) and isinstance(o, Literal):
                labels[s].setdefault(o.language or "", str(o))
                self._tiers[0][normalise(o)].add(s)
        for s, o in subject_objects(graph, ZK.abbreviation):
            if isinstance(s, URIRef) and s in labels:
                abbreviations[s].append(str(o))
                self._tiers[0][normalise(o)].add(s)
        for s, o in subject_objects(graph, SKOS.altLabel):
            if isinstance(s, URIRef) and s in labels:
                self._tiers[1][normalise(o)].add(s)
        class_labels: dict = {}
        self.entities: dict = {}
        types: dict = defaultdict(list)
        for s, t in subject_objects(graph, RDF.type):  # one pass: on Oxigraph far cheaper than a lookup per entity
            if isinstance(t, URIRef) and s in labels:
                types[s].append(t)
        for doc, names in source_document_names(graph, labels, abbreviations, types).items():
            for key in names:
                self._tiers[2][key].add(doc)
        for s, by_lang in labels.items():
            slug = re.split(r"[/#]", str(s).rstrip("/#"))[-1]
            if slug:
                self._tiers[3][normalise(slug)].add(s)
            kinds = sorted(types.get(s, ()))
            kind = ""
            if kinds:
                if kinds[0] not in class_labels:
                    names = {
                        lit.language: str(lit) for lit in graph.objects(kinds[0], RDFS.label) if isinstance(lit, Literal)
                    }
                    class_labels[kinds[0]] = names.get("en") or names.get(None) or self.curie(kinds[0])
                kind = class_labels[kinds[0]]
            self.entities[s] = Entity(
                iri=s,
                label_nl=by_lang.get("nl") or by_lang.get("") or next(iter(by_lang.values()), ""),
                label_en=by_lang.get("en", ""),
                abbreviations=tuple(sorted(abbreviations.get(s, []))),
                kind=kind,
            )
        self._keys = sorted({key for tier in self._tiers for key in tier})

    def curie(self, iri) -> str:
        """``zid:iza`` for an IRI in one of our namespaces, else ``<iri>``."""
        from ..namespaces import PREFIXES

        text = str(iri)
        best = ""
        for prefix, ns in PREFIXES.items():
            if text.startswith(str(ns)) and len(str(ns)) > len(best):
                best = str(ns)
                found = prefix
        if best and re.fullmatch(r"[A-Za-z0-9_\-.]*", text[len(best):]):
            return f"{found}:{text[len(best):]}"
        return f"<{text}>"

    def _describe(self, iris) -> list[str]:
        return [self.entities[i].describe(self.curie(i)) if i in self.entities else self.curie(i) for i in iris]

    def _expand_iri(self, name: str):
        """The IRI a name spells, if it spells one: ``<...>``, ``https://...``, ``urn:...`` or ``zid:iza``."""
        from ..prefixes import PREFIX_IRIS

        namespaces = dict(PREFIX_IRIS)
        if _PREFIXED.match(name.strip()):
            for p, ns in self.graph.namespaces():
                namespaces.setdefault(p, str(ns))
        found = expand_iri(name, namespaces)
        return _Iri(found) if found is not None else None

    def closest(self, name: str, n: int = MAX_SUGGESTIONS) -> list:
        """The entities whose names come closest to ``name`` (difflib ratio, then substring)."""
        key = normalise(name)
        found: list = []

        def add(iris) -> None:
            for iri in sorted(iris, key=str):
                if iri not in found:
                    found.append(iri)

        for candidate in difflib.get_close_matches(key, self._keys, n=n * 2, cutoff=0.6):
            for tier in self._tiers:
                add(tier.get(candidate, ()))
        if len(found) < n and len(key) >= 3:
            for candidate in self._keys:
                if key in candidate or (len(candidate) >= 3 and candidate in key):
                    for tier in self._tiers:
                        add(tier.get(candidate, ()))
                if len(found) >= n * 2:
                    break
        return found[:n]

    def resolve(self, name: str):
        """The one entity ``name`` names.

        Args:
            name: an abbreviation, label, alternative label, IRI slug, IRI or prefixed IRI.

        Raises:
            UnknownNameError: nothing has that name (the message lists the closest names).
            AmbiguousNameError: several entities have it (the message lists them).
        """
        from rdflib import URIRef

        if not isinstance(name, str) or not name.strip():
            raise UnknownNameError(str(name), "an empty name names no entity")
        iri = self._expand_iri(name)
        if iri is not None:
            well_formed = well_formed_iri(str(iri))
            if well_formed and (URIRef(iri) in self.entities or (URIRef(iri), None, None) in self.graph):
                return URIRef(iri)
            slug = re.split(r"[/#:]", name.strip().strip("<>").rstrip("/#"))[-1]
            return self._unknown(name, slug or name)
        key = normalise(name)
        for tier_name, tier in zip(self.TIERS, self._tiers):
            matches = tier.get(key)
            if not matches:
                continue
            if len(matches) == 1:
                return next(iter(matches))
            listed = sorted(matches, key=str)
            described = "; ".join(self._describe(listed))
            raise AmbiguousNameError(
                name,
                f"{name!r} is the {tier_name} of {len(listed)} entities: {described}. "
                f"Give the IRI of the one you mean (for example {self.curie(listed[0])}).",
                [str(i) for i in listed],
            )
        return self._unknown(name, name)

    def _unknown(self, name: str, lookup: str):
        close = self.closest(lookup)
        hint = f" Closest: {'; '.join(self._describe(close))}." if close else ""
        raise UnknownNameError(
            name,
            f"no entity has the name, abbreviation or IRI {name!r}.{hint}",
            [str(i) for i in close],
        )


def _date_names(day) -> list[str]:
    """``16 maart 2023``, ``16 march 2023``, ``2023-03-16``, ``16-03-2023`` for a date literal."""
    from datetime import date

    value = day.toPython() if hasattr(day, "toPython") else day
    if not isinstance(value, date):
        return []
    return [
        f"{value.day} {MONTHS_NL[value.month - 1]} {value.year}",
        f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}",
        value.isoformat(),
        f"{value.day:02d}-{value.month:02d}-{value.year}",
    ]


def source_document_names(graph, labels: dict, abbreviations: dict, types: dict) -> dict:
    """The usual names of each source document, normalised: publisher and kind, kind and date, number.

    Args:
        graph: the rdflib graph.
        labels: entity to its preferred labels by language (as :class:`NameIndex` reads them).
        abbreviations: entity to its abbreviations.
        types: entity to its classes.

    Returns:
        source document IRI to a set of normalised names.
    """
    from urllib.parse import urlsplit

    from rdflib import Literal
    from rdflib.namespace import DCTERMS, SKOS

    from ..namespaces import SCHEMA, ZK

    kinds = {ZK.SourceDocument, ZK.Publication}
    found: dict = {}
    for doc, classes in types.items():
        if not kinds & set(classes):
            continue
        texts = [normalise(t) for t in labels.get(doc, {}).values()]
        texts += [normalise(o) for o in graph.objects(doc, SKOS.altLabel) if isinstance(o, Literal)]
        words = set()
        for text in texts + [normalise(o) for o in graph.objects(doc, DCTERMS.description) if isinstance(o, Literal)]:
            words.update(_TOKEN.findall(text))
        kind_words = [w for w in KIND_WORDS if w in words]
        publishers: set[str] = set()
        for publisher in graph.objects(doc, ZK.publishedBy):
            publishers.update(normalise(t) for t in labels.get(publisher, {}).values())
            publishers.update(normalise(a) for a in abbreviations.get(publisher, []))
        urls = [str(u) for u in graph.objects(doc, SCHEMA.url)]
        for url in urls:
            host = urlsplit(url).hostname or ""
            parts = [p for p in host.split(".") if p not in ("www", "zoek", "magazines")]
            if len(parts) >= 2:
                publishers.add(normalise(parts[-2]))
        names: set[str] = set()
        for kind in kind_words:
            for publisher in publishers:
                names.update({f"{publisher} {kind}", f"{kind} {publisher}"})
            for day in graph.objects(doc, ZK.publicationDate):
                names.update(f"{kind} {text}" for text in _date_names(day))
        numbers = set()
        for text in texts:
            numbers.update((m.group(1).replace(" ", ""), m.group(2)) for m in _KAMERSTUK.finditer(text))
        for url in urls:
            numbers.update((m.group(1), m.group(2)) for m in _KST_URL.finditer(url))
        for dossier, number in numbers:
            names.update({
                f"kamerstuk {dossier}-{number}", f"kamerstuk {dossier} nr {number}", f"kamerstuk {dossier} nr. {number}",
                f"kamerstuk {dossier}, nr. {number}", f"kst-{dossier}-{number}", f"kst {dossier}-{number}",
                f"{dossier}-{number}",
            })
        if names:
            found[doc] = {normalise(n) for n in names}
    return found


def name_index(kg) -> NameIndex:
    """The name index of a knowledge graph, built once per graph version (see :func:`.catalogue.graph_version`).

    Args:
        kg: a KnowledgeGraph (or anything with a ``graph`` attribute holding an rdflib graph).
    """
    version = graph_version(kg)
    cached = getattr(kg, "_name_index", None)
    if cached is not None and cached[0] == version:
        return cached[1]
    index = NameIndex(store_for(kg).reader())
    try:
        kg._name_index = (version, index)
    except AttributeError:  # pragma: no cover - objects without a __dict__
        pass
    return index


def resolve(kg, name: str):
    """The IRI of the one entity ``name`` names in ``kg`` (see the module docstring).

    Args:
        kg: a KnowledgeGraph.
        name: an abbreviation, label, alternative label, IRI slug, IRI or prefixed IRI.
    """
    return name_index(kg).resolve(name)
