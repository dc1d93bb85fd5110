"""Answers of a query in a form that is equal across engines and stores: rows compared without
regard to order, blank nodes set aside, numbers by value (shared by the store and engine tests)."""

from __future__ import annotations

from decimal import Decimal

from rdflib import BNode, Literal, URIRef


def normal(term):
    """A term in a form equal across engines (numbers by value, blank nodes left out)."""
    if term is None:
        return None
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, Literal) and term.datatype is not None:
        value = term.toPython()
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return ("number", Decimal(str(value)).normalize())
    if isinstance(term, (Literal, URIRef)):
        return term.n3()
    return str(term)


def rows_of(result) -> tuple[list[str], list[tuple]]:
    """The column names and the sorted rows of normal terms of a SELECT result."""
    names = [str(v) for v in result.vars]
    rows = sorted(
        (tuple(normal(row.get(v) if isinstance(row, dict) else row[v]) for v in result.vars) for row in result.bindings),
        key=repr,
    )
    return names, rows
