"""The static site that `zorgakkoorden build` writes: views, matrices, query pages, ontology docs.

    >>> from zorgakkoorden.site import build_site
    >>> result = build_site("site/")          # checks the graph first; exit code 1 if it is invalid
    >>> result.pages, result.out

The site works from disk with no network, is the same bytes for the same graph, and every
internal link in it resolves. Heavy imports (rdflib, pyvis, pyLODE) happen inside the build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["BuildResult", "build_site"]

if TYPE_CHECKING:  # pragma: no cover
    from .build import BuildResult, build_site


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import build

        return getattr(build, name)
    raise AttributeError(f"module 'zorgakkoorden.site' has no attribute {name!r}")
