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


@pytest.fixture(scope="session", autouse=True)
def _own_cache_folder(tmp_path_factory):
    """The `cache` store (the command line's default for query run, sparql and check) in a
    folder of this test session, not in the user's cache; child processes inherit it."""
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
