"""Loading the graph into another SPARQL 1.1 server through the Graph Store HTTP Protocol.

``PUT`` replaces the target graph (the default graph, or the named graph given), ``POST``
adds to it. The graph is written to a temporary N-Triples (or Turtle) file first and
streamed from there, so a large graph is never held twice in memory.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import EndpointError

MEDIA_TYPES = {"nt": "application/n-triples", "turtle": "text/turtle"}


@dataclass(frozen=True)
class PushResult:
    """What ``push`` did.

    Attributes:
        url: the address written to (with ``?default`` or ``?graph=``).
        method: PUT or POST.
        triples: how many triples were sent.
        bytes: the size of the body.
        status: the server's HTTP status.
    """

    url: str
    method: str
    triples: int
    bytes: int
    status: int


def target_url(store_url: str, graph: str | None) -> str:
    """The Graph Store Protocol address of the default graph or of a named graph.

    Args:
        store_url: the server's graph store address (Oxigraph: ``http://host:7878/store``).
        graph: the named graph's IRI, or None for the default graph.
    """
    separator = "&" if "?" in store_url else "?"
    if graph is None:
        return f"{store_url}{separator}default"
    return f"{store_url}{separator}graph={quote(graph, safe='')}"


def write_graph(kg: Any, path: Path, fmt: str = "nt") -> int:
    """Write the loaded graph to a file; returns the number of triples.

    Args:
        kg: the knowledge graph.
        path: the file to write.
        fmt: ``nt`` (N-Triples) or ``turtle``.
    """
    from ..query.engines import store_for

    return store_for(kg).dump(path, fmt)


def _chunks(path: Path, size: int = 1 << 20) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(size):
            yield chunk


def push(
    kg: Any,
    store_url: str,
    *,
    graph: str | None = None,
    replace: bool = True,
    fmt: str = "nt",
    timeout: float = 60.0,
) -> PushResult:
    """Send the loaded graph to a SPARQL 1.1 Graph Store.

    Args:
        kg: the knowledge graph (memory or Oxigraph store).
        store_url: the server's Graph Store Protocol address, e.g. ``http://127.0.0.1:7878/store``
            (Oxigraph) or ``http://127.0.0.1:3030/ds/data`` (Fuseki).
        graph: a named graph's IRI to write to; None writes the default graph.
        replace: PUT (replace the graph) when True, POST (add to it) when False.
        fmt: ``nt`` or ``turtle``.
        timeout: seconds to wait for the server: to connect, and between two pieces of its
            answer (``push --timeout``, default 60).

    Raises:
        EndpointError: the server cannot be reached or refuses the graph.
    """
    import httpx

    if fmt not in MEDIA_TYPES:
        raise EndpointError(f"unknown format {fmt!r}: choose nt or turtle")
    if kg.store.startswith("endpoint:"):
        raise EndpointError("push sends a loaded graph; load it with --store memory or oxigraph, not from an endpoint")
    url = target_url(store_url, graph)
    method = "PUT" if replace else "POST"
    handle, name = tempfile.mkstemp(prefix="zorgakkoorden-push-", suffix=".nt" if fmt == "nt" else ".ttl")
    os.close(handle)
    path = Path(name)
    try:
        triples = write_graph(kg, path, fmt)
        size = path.stat().st_size
        headers = {"Content-Type": MEDIA_TYPES[fmt], "Content-Length": str(size)}
        try:
            with httpx.Client(timeout=timeout) as client:
                response = client.request(method, url, content=_chunks(path), headers=headers)
        except httpx.TimeoutException as exc:
            raise EndpointError(
                f"no answer from {url} within {timeout:g} s (the --timeout); the graph may or may not have been written there"
            ) from exc
        except httpx.HTTPError as exc:
            raise EndpointError(f"cannot {method} the graph to {url}: {exc}") from exc
        if response.status_code not in (200, 201, 204):
            detail = response.text.strip()[:500]
            raise EndpointError(f"{url} answered {method} with HTTP {response.status_code}: {detail}")
        return PushResult(url=url, method=method, triples=triples, bytes=size, status=response.status_code)
    finally:
        path.unlink(missing_ok=True)
