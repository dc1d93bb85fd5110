"""The two matrices of the site, computed from the sourced statements so each cell has its sources.

- coverage: theme x policy framework. A theme falls under a framework when the framework addresses
  it (``zk:addressesTheme``), or when a part of the framework (an action line, a goal) addresses it
  or the theme contributes to that part.
- responsibility: party x policy framework, with the role: signed, party to, takes part,
  responsible, backs, key party, contact, funds (directly, or as the provider of a funding
  instrument the framework is funded through). Roles held in a part (an action line) count for the
  framework, marked "via".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib.namespace import RDFS

from ..namespaces import ZK
from .model import Ref, SiteModel, StatementView


@dataclass(frozen=True)
class Entry:
    """One mark in a cell: a key letter, what it means, the part it goes through, its sources."""

    key: str
    title: str
    via: Ref | None
    sources: tuple[Ref, ...]


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


# the role keys of the responsibility matrix, in legend order
ROLE_KEYS: list[tuple[str, str, str]] = [
    # (predicate local name, key, meaning)
    ("signedBy", "S", "signed"),
    ("partyTo", "P", "party to"),
    ("responsibleFor", "R", "responsible for"),
    ("participatesIn", "T", "takes part in"),
    ("supports", "B", "backs"),
    ("keyPartyFor", "K", "key party for"),
    ("contactFor", "C", "contact for"),
    ("funds", "F", "funds"),
    ("providedBy", "F", "funds (provides a funding instrument of it)"),
]


def _framework_columns(model: SiteModel) -> list[Ref]:
    order = {str(ZK.Accord): 0, str(ZK.Programme): 1, str(ZK.Agenda): 2}
    frameworks = model.members(ZK.PolicyFramework)
    return [
        e.ref
        for e in sorted(
            frameworks,
            key=lambda e: (min((order.get(c.iri, 3) for c in e.classes), default=3), e.ref.short.casefold(), e.ref.iri),
        )
    ]


def _parts(model: SiteModel, framework_iris: set[str]) -> dict[str, list[tuple[str, StatementView]]]:
    """Part IRI -> [(framework IRI, the statement that makes it a part)]: action lines and goals."""
    parts: dict[str, list[tuple[str, StatementView]]] = defaultdict(list)
    part_of_framework = {str(ZK.hasActionLine), str(ZK.hasGoal)}
    for st in model.statements:
        if st.conflict is not None or st.value.ref is None:
            continue
        if st.predicate.iri in part_of_framework and st.subject.iri in framework_iris:
            parts[st.value.ref.iri].append((st.subject.iri, st))
        elif st.predicate.iri == str(ZK.partOf) and st.value.ref.iri in framework_iris:
            parts[st.subject.iri].append((st.value.ref.iri, st))
    return parts


def _finish(row_refs: dict[str, Ref], cells: dict[tuple[str, str], set[Entry]], cols: list[Ref], legend, keep_empty_rows: bool) -> Matrix:
    col_iris = [c.iri for c in cols]
    rows = []
    for iri, ref in sorted(row_refs.items(), key=lambda item: (item[1].label.casefold(), item[0])):
        row_cells = [
            sorted(cells.get((iri, col), ()), key=lambda e: (e.key, e.via.label if e.via else "", e.title, [s.iri for s in e.sources]))
            for col in col_iris
        ]
        if keep_empty_rows or any(row_cells):
            rows.append(Row(ref, row_cells))
    used_cols = [i for i, _ in enumerate(cols) if any(r.cells[i] for r in rows)]
    return Matrix(
        cols=[cols[i] for i in used_cols],
        rows=[Row(r.ref, [r.cells[i] for i in used_cols]) for r in rows],
        legend=legend,
    )


def _sources(*statements: StatementView) -> tuple[Ref, ...]:
    found = {s.iri: s for st in statements for s in st.sources}
    return tuple(found[k] for k in sorted(found, key=lambda k: (found[k].label.casefold(), k)))


def coverage_matrix(model: SiteModel) -> Matrix:
    """Theme x policy framework (themes with no framework are kept, as rows without marks).

    Args:
        model: the site's read model.
    """
    cols = _framework_columns(model)
    framework_iris = {c.iri for c in cols}
    parts = _parts(model, framework_iris)
    themes = {e.ref.iri: e.ref for e in model.members(ZK.Theme)}
    cells: dict[tuple[str, str], set[Entry]] = defaultdict(set)
    for st in model.statements:
        if st.conflict is not None or st.value.ref is None:
            continue
        if st.predicate.iri == str(ZK.addressesTheme):
            theme, holder = st.value.ref.iri, st.subject.iri
        elif st.predicate.iri == str(ZK.contributesTo) and st.subject.iri in themes:
            theme, holder = st.subject.iri, st.value.ref.iri
        else:
            continue
        if theme not in themes:
            continue
        if holder in framework_iris:
            cells[(theme, holder)].add(Entry("T", "addresses the theme", None, _sources(st)))
        for framework, part_statement in parts.get(holder, ()):
            via = part_statement.value.ref if part_statement.subject.iri == framework else part_statement.subject
            cells[(theme, framework)].add(Entry("A", "through a part (action line or goal)", via, _sources(st, part_statement)))
    legend = [("T", "the framework addresses the theme"), ("A", "one of its action lines or goals addresses it (via ...)")]
    return _finish(themes, cells, cols, legend, keep_empty_rows=True)


def responsibility_matrix(model: SiteModel) -> Matrix:
    """Party x policy framework with the roles (only parties with a role are rows).

    Args:
        model: the site's read model.
    """
    graph = model.graph
    cols = _framework_columns(model)
    framework_iris = {c.iri for c in cols}
    parts = _parts(model, framework_iris)
    parties = {e.ref.iri: e.ref for e in model.members(ZK.Party)}
    role_of = {str(ZK[name]): (key, meaning) for name, key, meaning in ROLE_KEYS}
    for sub in graph.transitive_subjects(RDFS.subPropertyOf, ZK.hasRoleIn):
        if str(sub) not in role_of:
            ref = model.ref(sub)
            role_of[str(sub)] = (ref.label[:1].upper() or "?", ref.label_en or ref.label)
    funded_through: dict[str, list[tuple[str, StatementView]]] = defaultdict(list)
    for st in model.statements:
        if st.conflict is None and st.value.ref is not None and st.predicate.iri == str(ZK.fundedThrough) and st.subject.iri in framework_iris:
            funded_through[st.value.ref.iri].append((st.subject.iri, st))
    cells: dict[tuple[str, str], set[Entry]] = defaultdict(set)
    for st in model.statements:
        if st.conflict is not None or st.value.ref is None or st.predicate.iri not in role_of:
            continue
        key, meaning = role_of[st.predicate.iri]
        if st.predicate.iri == str(ZK.signedBy):
            party, target = st.value.ref.iri, st.subject.iri
        elif st.predicate.iri == str(ZK.providedBy):
            party, instrument = st.value.ref.iri, st.subject.iri
            for framework, funding in funded_through.get(instrument, ()):
                if party in parties:
                    cells[(party, framework)].add(Entry(key, meaning, st.subject, _sources(st, funding)))
            continue
        else:
            party, target = st.subject.iri, st.value.ref.iri
        if party not in parties:
            continue
        if target in framework_iris:
            cells[(party, target)].add(Entry(key, meaning, None, _sources(st)))
        for framework, part_statement in parts.get(target, ()):
            cells[(party, framework)].add(Entry(key, meaning, st.value.ref if st.value.ref.iri == target else st.subject, _sources(st, part_statement)))
    seen = set()
    legend = []
    for _, key, meaning in ROLE_KEYS:
        if key not in seen:
            legend.append((key, meaning.split(" (")[0]))
            seen.add(key)
    return _finish(parties, cells, cols, legend, keep_empty_rows=False)
