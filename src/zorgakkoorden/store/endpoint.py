"""A remote SPARQL 1.1 server (``endpoint:URL``), through rdflib's SPARQLStore: read-only here.

The graph lives on the server (put there by ``zorgakkoorden push``). Queries go to it as
text, their bound values written as a ``VALUES`` block.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import UnknownStoreError
from .answering import bound_text
from .base import Store


class EndpointStore(Store):
    """A SPARQL server's graph.

    Args:
        spec: ``endpoint:URL``.
        engine: the engine asked for (the server answers whatever it is).
        graph: an rdflib graph on SPARQLStore to wrap (a new one for the URL when None).
    """

    kind = "endpoint"
    reads_files = False

    def __init__(self, spec: str, engine: str = "auto", graph: Any = None):
        if graph is None:
            from rdflib import Graph
            from rdflib.plugins.stores.sparqlstore import SPARQLStore

            from ..namespaces import bind_prefixes

            url = spec.partition(":")[2]
            graph = Graph(store=SPARQLStore(query_endpoint=url, method="POST_FORM"))
            bind_prefixes(graph)
        super().__init__(spec, graph, engine)

    @property
    def url(self) -> str:
        """The server's query URL."""
        return self.spec.partition(":")[2]

    def load(self, files: Sequence[Path], *, subject_files: dict | None = None) -> None:
        if files:
            raise UnknownStoreError(
                f"{self.spec}: a remote endpoint is read-only here; push your files to it with `zorgakkoorden push`"
            )

    def build(self, files: Sequence[Path], *, subject_files: dict | None = None) -> int:
        self.load(files)
        return 0

    def apply_rules(self) -> int:
        return 0

    def engine(self) -> str:
        return "remote"

    def query(self, text: str, bindings: Mapping[str, Any] | None = None, *, prepared: Any = None):
        return self.graph.query(bound_text(text, bindings))

    def triple_count(self) -> int | None:
        return None


def is_endpoint_graph(graph) -> bool:
    """Whether an rdflib graph is a SPARQL server's (rdflib's SPARQLStore)."""
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    return isinstance(graph.store, SPARQLStore)
