"""Where the data files (ontology, graph, queries) live.

An installed wheel carries them in ``zorgakkoorden/data/``; a clone (or an editable
install) reads them from the repository root. Both give the same files.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .errors import DataNotFoundError


@lru_cache(maxsize=1)
def data_root() -> Path:
    """The folder that holds ``ontology/``, ``graph/`` and ``queries/``."""
    package = Path(__file__).resolve().parent
    bundled = package / "data"
    if (bundled / "ontology").is_dir():
        return bundled
    repo = package.parent.parent
    if (repo / "ontology").is_dir() and (repo / "graph").is_dir():
        return repo
    raise DataNotFoundError(
        f"cannot find the data folders: neither {bundled} nor {repo} holds ontology/ and graph/"
    )


def ontology_dir() -> Path:
    return data_root() / "ontology"


def graph_dir() -> Path:
    return data_root() / "graph"


def queries_dir() -> Path:
    return data_root() / "queries"


def ontology_file() -> Path:
    """The OWL/SKOS vocabulary."""
    return ontology_dir() / "zorgakkoorden.ttl"


def shapes_file() -> Path:
    """The SHACL shapes that say what a valid graph is."""
    return ontology_dir() / "shapes.ttl"


def rules_dir() -> Path:
    """SPARQL Update rules (INSERT ... WHERE) the loader applies, in file-name order (derived triples)."""
    return ontology_dir() / "rules"


def turtle_files(folder: Path) -> list[Path]:
    """Every ``*.ttl`` file below a folder, in a stable (sorted) order."""
    return sorted(p for p in folder.rglob("*.ttl") if p.is_file())
