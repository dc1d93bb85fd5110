"""Shared fixtures: the real graph, loaded once per test session on each store."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
DATA = TESTS / "data"


@pytest.fixture(scope="session")
def kg():
    """The ontology and the whole graph on rdflib's memory store."""
    import zorgakkoorden

    return zorgakkoorden.load()


@pytest.fixture(scope="session")
def kg_rdflib():
    """The ontology and the whole graph on rdflib's memory store, queried by rdflib's own engine."""
    import zorgakkoorden

    return zorgakkoorden.load(engine="rdflib")


@pytest.fixture(scope="session")
def kg_oxigraph():
    """The ontology and the whole graph on the Oxigraph store."""
    pytest.importorskip("oxrdflib")
    import zorgakkoorden

    return zorgakkoorden.load(store="oxigraph")
