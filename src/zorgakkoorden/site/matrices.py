"""The two matrices of the site, from the catalogue queries ``coverage`` and ``responsibility``.

The catalogue decides which cells are filled (so the pages and ``zorgakkoorden query run`` give
the same answer); the site's statement index adds, for each mark, the statements behind it and
their sources, so that a source is one click away.

- coverage: theme x policy framework. "T": a sourced statement ties the theme to the framework;
  "A": it ties the theme to one of the framework's action lines (via ...).
- responsibility: party x policy framework with the roles (signed, party to, responsible,
  takes part, backs, key party, contact, funds); a role held in an action line or through a
  funding instrument is marked "via" it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import URIRef

from ..namespaces import ZK
from .model import Ref, SiteModel, StatementView


@dataclass(frozen=True)
class Entry:
    """One mark in a cell: a key letter, what it means, the part it goes through, its sources."""

    key: str
    title: str
    via: Ref | None
    sources: tuple[Ref, ...]
    title_nl: str = ""


@dataclass
class Row:
    ref: Ref
    cells: list[list[Entry]]

    @property
    def total(self) -> int:
        return sum(1 for cell in self.cells if cell)


@dataclass
class Matrix:
    """Rows x columns with a list of entries per cell."""

    cols: list[Ref]
    rows: list[Row]
    legend: list[tuple[str, str]] = field(default_factory=list)

    def pairs(self) -> set[tuple[str, str]]:
        """The (row IRI, column IRI) pairs with at least one entry."""
        return {(row.ref.iri, col.iri) for row in self.rows for col, cell in zip(self.cols, row.cells) if cell}


# role key letters of the responsibility matrix, by the role property's local name, in legend order
ROLE_KEYS: dict[str, tuple[str, str]] = {
    "signedBy": ("S", "signed"),
    "partyTo": ("P", "party to"),
    "responsibleFor": ("R", "responsible for"),
    "participatesIn": ("T", "takes part in"),
    "supports": ("B", "backs"),
    "keyPartyFor": ("K", "key party for"),
    "contactFor": ("C", "contact for"),
    "funds": ("F", "funds"),
    "providedBy": ("F", "funds"),
}


# the legends in Dutch, by "KEY:English text"
LEGEND_NL = {
    "T:a sourced statement ties the theme to the framework": "een bewering met bron verbindt het thema met het akkoord",
    "A:it is tied to one of the framework's action lines (via ...)": "het hoort bij een van de actielijnen van het akkoord (via ...)",
    "S:signed": "ondertekend", "P:party to": "partij bij", "R:responsible for": "verantwoordelijk voor",
    "T:takes part in": "doet mee aan", "B:backs": "zet in op", "K:key party for": "belangrijke partij voor",
    "C:contact for": "contactpersoon voor", "F:funds": "financiert",
}


def _framework_order(model: SiteModel, iris: set[str]) -> list[Ref]:
    order = {str(ZK.Accord): 0, str(ZK.Programme): 1, str(ZK.Agenda): 2}
    views = [model.by_iri[i] for i in iris if i in model.by_iri]
    views.sort(key=lambda e: (min((order.get(c.iri, 3) for c in e.classes), default=3), e.ref.short.casefold(), e.ref.iri))
    return [e.ref for e in views] + sorted((model.ref(URIRef(i)) for i in iris if i not in model.by_iri), key=lambda r: r.iri)


def _sources(*statements: StatementView) -> tuple[Ref, ...]:
    found = {s.iri: s for st in statements for s in st.sources}
    return tuple(found[k] for k in sorted(found, key=lambda k: (found[k].number or 10**9, found[k].label.casefold(), k)))


def _merge(entries) -> list[Entry]:
    """One entry per (key, via): the titles joined, the sources united."""
    merged: dict[tuple[str, str], tuple[set[str], set[str], dict[str, Ref], Ref | None]] = {}
    for e in entries:
        titles, titles_nl, sources, _ = merged.setdefault((e.key, e.via.iri if e.via else ""), (set(), set(), {}, e.via))
        titles.add(e.title)
        titles_nl.add(e.title_nl or e.title)
        sources.update((s.iri, s) for s in e.sources)
    return [
        Entry(key, "; ".join(sorted(titles)), via, tuple(sorted(sources.values(), key=lambda r: (r.number or 10**9, r.label.casefold(), r.iri))),
              "; ".join(sorted(titles_nl)))
        for (key, _), (titles, titles_nl, sources, via) in merged.items()
    ]


def _matrix(rows: dict[str, Ref], cols: list[Ref], cells: dict[tuple[str, str], set[Entry]], legend) -> Matrix:
    out = []
    for iri, ref in sorted(rows.items(), key=lambda item: (item[1].label.casefold(), item[0])):
        out.append(Row(ref, [
            sorted(_merge(cells.get((iri, col.iri), ())), key=lambda e: (e.key, e.via.label if e.via else "", e.title, [s.iri for s in e.sources]))
            for col in cols
        ]))
    return Matrix(cols=cols, rows=out, legend=legend)


def coverage_matrix(model: SiteModel, answer) -> Matrix:
    """Theme x framework: every theme is a row (an empty row is a theme no framework takes up).

    Args:
        model: the site's read model.
        answer: the rows of the catalogue query ``coverage`` (``?theme ?framework ...``).
    """
    pairs = {(str(b["theme"]), str(b["framework"])) for b in answer.records()}
    frameworks = {f for _, f in pairs}
    themes = {e.ref.iri: e.ref for e in model.members(ZK.Theme)}
    for theme, _ in pairs:
        themes.setdefault(theme, model.ref(URIRef(theme)))
    lines: dict[str, list[tuple[str, StatementView]]] = defaultdict(list)  # action line -> [(framework, statement)]
    for st in model.statements:
        if st.conflict is None and st.value.ref is not None and st.predicate.iri == str(ZK.hasActionLine):
            lines[st.value.ref.iri].append((st.subject.iri, st))
    cells: dict[tuple[str, str], set[Entry]] = defaultdict(set)
    for st in model.statements:
        if st.conflict is not None or st.value.ref is None:
            continue
        ends = (st.subject.iri, st.value.ref.iri)
        for theme, other in (ends, ends[::-1]):
            if theme not in themes:
                continue
            title = st.predicate.label_en or st.predicate.label
            if (theme, other) in pairs:
                cells[(theme, other)].add(Entry("T", title, None, _sources(st), st.predicate.label))
            for framework, line_statement in lines.get(other, ()):
                if (theme, framework) in pairs:
                    via = model.ref(URIRef(other))
                    cells[(theme, framework)].add(Entry("A", f"{title} an action line", via, _sources(st, line_statement),
                                                        f"{st.predicate.label} een actielijn"))
    legend = [("T", "a sourced statement ties the theme to the framework"),
              ("A", "it is tied to one of the framework's action lines (via ...)")]
    legend = [(k, LEGEND_NL.get(k + ":" + text, text), text) for k, text in legend]
    return _matrix(themes, _framework_order(model, frameworks), cells, legend)


def responsibility_matrix(model: SiteModel, answer) -> Matrix:
    """Party x framework with roles: only parties with a role are rows.

    Args:
        model: the site's read model.
        answer: the rows of the catalogue query ``responsibility``
            (``?party ?role ?roleLabel ?framework ?via ?topic ?aspect ?source ?statement``).
    """
    by_statement = {st.iri: st for st in model.statements}
    grouped: dict[tuple[str, str, str, str], dict[str, Ref]] = defaultdict(dict)
    role_titles: dict[str, str] = {}
    for b in answer.records():
        if b.get("framework") is None:
            continue  # a contact person for a topic that is no framework (column topic): not a cell
        party, framework, role = str(b["party"]), str(b["framework"]), str(b["role"])
        via = str(b.get("via") or "")
        key = (party, framework, role, via)
        source = b.get("source")
        if source is not None:
            ref = model.ref(URIRef(str(source)))
            grouped[key][ref.iri] = ref
        statement = by_statement.get(str(b.get("statement") or ""))
        if statement is not None:
            for ref in statement.sources:
                grouped[key][ref.iri] = ref
        label = b.get("roleLabel")
        role_titles.setdefault(role, str(label) if label is not None else (model.ref(URIRef(role)).label_en or model.ref(URIRef(role)).label))
    cells: dict[tuple[str, str], set[Entry]] = defaultdict(set)
    parties: dict[str, Ref] = {}
    frameworks: set[str] = set()
    used_keys: dict[str, str] = {}
    for (party, framework, role, via), sources in grouped.items():
        local = role[len(str(ZK)):] if role.startswith(str(ZK)) else role.rsplit("/", 1)[-1]
        letter, meaning = ROLE_KEYS.get(local, (role_titles[role][:1].upper() or "?", role_titles[role]))
        used_keys.setdefault(letter, meaning)
        refs = tuple(sorted(sources.values(), key=lambda r: (r.number or 10**9, r.label.casefold(), r.iri)))
        cells[(party, framework)].add(Entry(letter, role_titles[role], model.ref(URIRef(via)) if via else None, refs,
                                            model.ref(URIRef(role)).label))
        parties[party] = model.ref(URIRef(party))
        frameworks.add(framework)
    order = [k for k, _ in dict.fromkeys(v for v in ROLE_KEYS.values())]
    legend = [(k, used_keys[k]) for k in order if k in used_keys] + sorted((k, m) for k, m in used_keys.items() if k not in order)
    legend = [(k, LEGEND_NL.get(k + ":" + text, text), text) for k, text in legend]
    return _matrix(parties, _framework_order(model, frameworks), cells, legend)
