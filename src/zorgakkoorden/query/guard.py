"""What a query may not do here: update the graph, or reach another server (``SERVICE``).

We run offline: a query with ``SERVICE`` is refused before it reaches an engine (both rdflib
and Oxigraph would otherwise fetch from the address named in it), by ``kg.sparql``, the
``sparql`` command and the endpoint; the endpoint also refuses updates (HTTP 403). This
module reads the query's tokens (strings, IRIs and comments are skipped, so ``"SERVICE"``
in a literal or ``ex:service`` as a name is no match).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<comment>\#[^\n\r]*)
    | (?P<var>[?$][^\s{}()\[\],;.'"<>=!&|+*/^]*)
    | (?P<word>[A-Za-z_\u00C0-\U000EFFFF][\w\-\u00B7-\U000EFFFF]*(?::[^\s{}()\[\],;'"<>]*)?
              |:[^\s{}()\[\],;'"<>]*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class QueryShape:
    """What the tokens of a SPARQL text say about it.

    Attributes:
        kind: ``"query"``, ``"update"`` or ``"unknown"`` (no form keyword found).
        form: the query form (``SELECT``, ``ASK``, ...) or the first update keyword.
        uses_service: whether the text uses the ``SERVICE`` keyword.
    """

    kind: str
    form: str | None
    uses_service: bool


def _unescape_codepoints(text: str) -> str:
    """Apply SPARQL's \\u / \\U escapes, which the grammar applies before parsing."""

    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _CODEPOINT.sub(replace, text)


def keywords(text: str) -> list[str]:
    """The bare words of a SPARQL text, upper-cased, outside strings, IRIs and comments.

    Args:
        text: the SPARQL text.
    """
    found: list[str] = []
    for match in _TOKEN.finditer(_unescape_codepoints(text)):
        if match.lastgroup == "word":
            word = match.group(0)
            if ":" not in word:
                found.append(word.upper())
    return found


def inspect(text: str) -> QueryShape:
    """Classify a SPARQL text: query or update, its form, whether it uses SERVICE.

    Args:
        text: the SPARQL text of a request.
    """
    words = keywords(text)
    kind, form = "unknown", None
    for word in words:
        if word in ("PREFIX", "BASE"):
            continue
        if word in QUERY_FORMS:
            kind, form = "query", word
        elif word in UPDATE_KEYWORDS:
            kind, form = "update", word
        break
    return QueryShape(kind=kind, form=form, uses_service="SERVICE" in words)
