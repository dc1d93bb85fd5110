"""The persistent Oxigraph store (``store="oxigraph:PATH"``): built once, reopened while its inputs stay the same.

A folder PATH holds a pyoxigraph (RocksDB) store and a manifest: the SHA-256 of every file
read (the ontology, the graph, a user's own files), of every rule, and the package version.
Loading with the same inputs reopens the store as it is (no parsing, no rules); any change
builds a new store in a hidden folder beside PATH and, once it is complete, puts it in
PATH's place. So a reload never adds to what is there, and a file that does not parse
leaves the store that was there untouched (nothing half-written). A store that another
process holds open is opened read-only (RocksDB allows one writer per folder).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import InputFileError

MANIFEST = "zorgakkoorden-manifest.json"
MANIFEST_FORMAT = 1

# the stores this process has open, by folder: RocksDB lets a folder be opened once, so a
# second load of the same folder in this process gets the same store
_open_stores: dict[str, object] = {}


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def inputs_of(files: Sequence[Path], rules: Sequence[Path]) -> dict:
    """What a store is built from: each file and rule with its SHA-256, and the package version.

    Args:
        files: the Turtle files, in load order.
        rules: the rule files, in the order they are applied.
    """
    from . import __version__

    return {
        "format": MANIFEST_FORMAT,
        "package": __version__,
        "files": [[str(Path(f).resolve()), _digest(Path(f))] for f in files],
        "rules": [[Path(r).name, _digest(Path(r))] for r in rules],
    }


def read_manifest(location: Path) -> dict | None:
    """The manifest of the store in a folder, or None when there is none (or it is unreadable)."""
    try:
        return json.loads((location / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def open_store(location: Path):
    """Open a built store; read-only when another process (or another graph here) holds it open.

    RocksDB lets one writer open a folder at a time: a second ``serve`` or command line
    over the same folder gets a read-only view, which answers queries the same.
    """
    import pyoxigraph

    key = str(Path(location).resolve())
    if key in _open_stores:
        return _open_stores[key]
    try:
        store = pyoxigraph.Store(str(location))
    except OSError as exc:
        if "lock" not in str(exc).lower():
            raise InputFileError(location, f"cannot open the Oxigraph store: {exc}") from exc
        try:
            store = pyoxigraph.Store.read_only(str(location))
        except (OSError, RuntimeError) as again:
            raise InputFileError(location, f"cannot open the Oxigraph store, another process holds it: {again}") from again
    _open_stores[key] = store
    return store


def open_or_build(location: Path, inputs: dict, build: Callable[[object], int]):
    """Reopen the store in ``location`` if it was built from ``inputs``, else build it anew.

    Args:
        location: the store's folder (made when missing; must be empty or hold our store).
        inputs: what the store is to be built from (:func:`inputs_of`).
        build: fills an empty pyoxigraph store and returns how many triples it derived;
            it must keep no reference to the store.

    Returns:
        ``(store, derived, reused)``: the open pyoxigraph store, the count of derived
        triples, and whether the existing store was reused.

    Raises:
        InputFileError: ``location`` is a file, or a folder that holds something else.
    """
    import pyoxigraph

    location = Path(location)
    if location.exists():
        if not location.is_dir():
            raise InputFileError(location, "not a folder: give a folder for the Oxigraph store")
        manifest = read_manifest(location)
        if manifest is None and any(location.iterdir()):
            raise InputFileError(
                location, "the folder is not empty and holds no zorgakkoorden store: give a new or empty folder"
            )
        if manifest is not None and manifest.get("inputs") == inputs:
            return open_store(location), int(manifest.get("derived", 0)), True
    parent = location.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{location.name}.building-", dir=parent))
    try:
        store = pyoxigraph.Store(str(building))
        derived = build(store)
        store.flush()
        del store  # closes the database, so that the folder can move
        (building / MANIFEST).write_text(json.dumps({"inputs": inputs, "derived": derived}, indent=1), encoding="utf-8")
        _open_stores.pop(str(location.resolve()), None)
        old = None
        if location.exists():
            old = parent / f".{location.name}.old-{os.getpid()}"
            location.rename(old)
        building.rename(location)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return open_store(location), derived, False
