"""The catalogue queries as ready examples for the query page."""

from __future__ import annotations

from typing import Any

from ..errors import ZorgakkoordenError


def catalogue_examples(kg: Any) -> list[dict[str, str]]:
    """Every catalogue query, with its example parameter values bound as a ``VALUES`` block.

    Args:
        kg: the loaded knowledge graph (entity examples such as ``IZA`` are resolved in it).

    Returns:
        Dicts with ``name``, ``title`` (English / Dutch), ``description`` and ``query``.
    """
    from ..query.binding import bind_as_values
    from ..query.catalogue import bind_parameters, load_catalogue

    examples: list[dict[str, str]] = []
    for query in load_catalogue().catalogue_queries():
        text = query.text
        given = {p.name: p.example for p in query.params if p.example is not None}
        if all(not p.required or p.name in given for p in query.params):
            try:
                text = bind_as_values(query.text, bind_parameters(kg, query, given))
            except ZorgakkoordenError:
                text = query.text  # an example that does not resolve in this graph: leave it unbound
        examples.append(
            {
                "name": query.name,
                "title": f"{query.title('en')} / {query.title('nl')}",
                "description": query.description,
                "query": text,
            }
        )
    return examples
