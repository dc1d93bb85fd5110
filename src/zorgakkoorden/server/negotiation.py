"""Content negotiation for the SPARQL endpoint: which media type answers a request.

The result formats depend on the query form: SELECT and ASK answer in the SPARQL
results formats (JSON, XML, and for SELECT also CSV and TSV), CONSTRUCT and DESCRIBE
answer in an RDF syntax (Turtle, JSON-LD, N-Triples, RDF/XML).
"""

from __future__ import annotations

from dataclasses import dataclass

# Each entry: (media type a client may ask for, format key, media type we answer with).
# The order is our preference when the client accepts several equally.
SELECT_TYPES: tuple[tuple[str, str, str], ...] = (
    ("application/sparql-results+json", "json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "xml", "application/sparql-results+xml"),
    ("text/csv", "csv", "text/csv"),
    ("text/tab-separated-values", "tsv", "text/tab-separated-values"),
    ("application/json", "json", "application/sparql-results+json"),
    ("application/xml", "xml", "application/sparql-results+xml"),
    ("text/xml", "xml", "application/sparql-results+xml"),
)
ASK_TYPES = tuple(entry for entry in SELECT_TYPES if entry[1] in ("json", "xml"))
GRAPH_TYPES: tuple[tuple[str, str, str], ...] = (
    ("text/turtle", "turtle", "text/turtle"),
    ("application/ld+json", "json-ld", "application/ld+json"),
    ("application/n-triples", "nt", "application/n-triples"),
    ("application/rdf+xml", "xml", "application/rdf+xml"),
    ("application/turtle", "turtle", "text/turtle"),
    ("application/x-turtle", "turtle", "text/turtle"),
    ("application/json", "json-ld", "application/ld+json"),
    ("application/x-json+ld", "json-ld", "application/ld+json"),
    ("application/xml", "xml", "application/rdf+xml"),
    ("text/plain", "nt", "application/n-triples"),
)

TYPES_BY_FORM = {"SELECT": SELECT_TYPES, "ASK": ASK_TYPES, "CONSTRUCT": GRAPH_TYPES, "DESCRIBE": GRAPH_TYPES}


@dataclass(frozen=True)
class Choice:
    """The format chosen for an answer.

    Attributes:
        key: the format key (json, xml, csv, tsv for results; turtle, json-ld, nt, xml for graphs).
        media_type: the Content-Type of the answer (without charset).
    """

    key: str
    media_type: str


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their quality, in the order given.

    Args:
        header: the Accept header (None or empty means ``*/*``).
    """
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float]] = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        if "/" not in media:
            media = "*/*" if media == "*" else media + "/*"
        quality = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value.strip())))
                except ValueError:
                    quality = 0.0
        ranges.append((media, quality))
    return ranges


def _quality(offered: str, ranges: list[tuple[str, float]]) -> float:
    """The quality a client gives a media type: the most specific matching range wins."""
    main, _, sub = offered.partition("/")
    best_specificity, best_quality = -1, 0.0
    for media, quality in ranges:
        r_main, _, r_sub = media.partition("/")
        if media == offered:
            specificity = 2
        elif r_main == main and r_sub == "*":
            specificity = 1
        elif media == "*/*":
            specificity = 0
        else:
            continue
        if specificity > best_specificity:
            best_specificity, best_quality = specificity, quality
    return best_quality


def choose(form: str, accept: str | None) -> Choice | None:
    """Pick the answer format for a query form and an Accept header; None if nothing fits.

    Args:
        form: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.
        accept: the request's Accept header.
    """
    ranges = parse_accept(accept)
    best: tuple[float, int] | None = None
    chosen: Choice | None = None
    for rank, (offered, key, answer_type) in enumerate(TYPES_BY_FORM[form]):
        quality = _quality(offered, ranges)
        if quality <= 0:
            continue
        score = (quality, -rank)
        if best is None or score > best:
            best, chosen = score, Choice(key, answer_type)
    return chosen


def offered_types(form: str) -> list[str]:
    """The media types a query form can be answered in (for a 406 message)."""
    seen: list[str] = []
    for _, _, answer_type in TYPES_BY_FORM[form]:
        if answer_type not in seen:
            seen.append(answer_type)
    return seen
