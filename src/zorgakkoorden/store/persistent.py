"""The persistent Oxigraph store (``oxigraph:PATH``): built once, reopened while its inputs stay the same.

The folder PATH holds a pyoxigraph (RocksDB) store and a manifest: the SHA-256 of every
file read (the ontology, the graph, a user's own files), of every rule, the package
version, and the counts of triples. It is a cache of the Turtle files:

- **Same inputs**: the store is reopened as it is (no parsing, no rules), read-only. A file
  whose size, modification and change time and inode are those the manifest noted when
  the store was built is not even read again (a file changed in the two seconds before a
  build is not noted, so an edit within its timestamp's tick is never missed).
- **Changed inputs**: a new store is built in a hidden folder beside PATH
  (``.NAME.building-*``) and, once complete, put in PATH's place. A reload never adds to
  what is there; a file that does not parse leaves the old store untouched.
- **Damage** (RocksDB's ``CURRENT`` or a ``MANIFEST-*`` lost, a truncated ``.sst``, a count
  that differs from the manifest's): said in one line on stderr, and the store is built
  again from its inputs. A damaged store is never read as an empty or partial graph.
- **Other processes**: an OS file lock beside the folder (``.NAME.lock``, ``fcntl``) is
  held shared while a process has the store open and exclusively while one builds and
  swaps it. A process that must wait says so on stderr and waits; nobody reads a store
  while it is swapped or builds over a store another reads.
- **Leftovers**: ``.NAME.building-*`` and ``.NAME.old-*`` folders of a killed build are
  removed by the next process that holds the lock (no builder can be running then).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import InputFileError
from .folders import folder_of, remove_leftovers, say
from .oxigraph import OxigraphStore

MANIFEST = "zorgakkoorden-manifest.json"
MANIFEST_FORMAT = 2

def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


# a file changed less than this long ago may change again within its timestamp's tick: its
# stat is not noted (it is read and hashed every time, until the store is built again)
SETTLED_NS = 2_000_000_000


def file_stat(path: Path) -> list[int] | None:
    """What says a file is unchanged without reading it: size, modification and change time, inode."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def inputs_of(files: Sequence[Path], rules: Sequence[Path], *, known: dict | None = None, noted: dict | None = None) -> dict:
    """What a store is built from: each file and rule with its SHA-256, and the package version.

    Args:
        files: the Turtle files, in load order.
        rules: the rule files, in the order they are applied.
        known: resolved path -> ``[size, mtime_ns, ctime_ns, inode, sha256]`` from the store's
            manifest: a file whose stat is the same is not read again.
        noted: filled with the same for the files read here whose stat is settled (for the manifest).
    """
    import time

    from .. import __version__

    known = known if isinstance(known, dict) else {}

    def digest(path: Path, key: str) -> str:
        stat = file_stat(path)
        entry = known.get(key)
        if stat is not None and isinstance(entry, list) and len(entry) == 5 and entry[:4] == stat:
            value = entry[4]
        else:
            value = _digest(path)
        if noted is not None and stat is not None and time.time_ns() - stat[1] > SETTLED_NS and file_stat(path) == stat:
            noted[key] = [*stat, value]
        return value

    resolved = [str(Path(f).resolve()) for f in files]
    return {
        "format": MANIFEST_FORMAT,
        "package": __version__,
        "files": [[key, digest(Path(f), key)] for f, key in zip(files, resolved)],
        "rules": [[Path(r).name, digest(Path(r), str(Path(r).resolve()))] for r in rules],
    }


def read_manifest(location: Path) -> dict | None:
    """The manifest of the store in a folder, or None when there is none (or it is unreadable)."""
    try:
        found = json.loads((Path(location) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def _is_ours_or_empty(location: Path) -> bool:
    return (location / MANIFEST).exists() or not any(location.iterdir())


def _open_ready(location: Path, inputs: dict):
    """The store in ``location`` opened read-only if it was built from ``inputs``, else why not.

    Returns:
        ``(store, manifest, None)``, or ``(None, manifest, damage)`` where damage is None
        when the store is merely missing or built from other inputs.
    """
    from .native import open_read_only

    manifest = read_manifest(location)
    if manifest is None:
        if (location / MANIFEST).exists():
            return None, None, "its manifest cannot be read"
        return None, None, None
    if manifest.get("inputs") != inputs:
        return None, manifest, None
    try:
        native = open_read_only(location)
    except (OSError, RuntimeError, ValueError) as exc:
        return None, manifest, f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    try:
        count = len(native)
    except (OSError, RuntimeError) as exc:
        return None, manifest, f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    if count != manifest.get("triples"):
        return None, manifest, f"it holds {count} triples, its manifest says {manifest.get('triples')}"
    return native, manifest, None


def open_or_build(location: Path, inputs: dict, build: Callable[[Any], int], stats: dict | None = None):
    """Reopen the store in ``location`` if it was built from ``inputs`` and is whole, else build it anew.

    Args:
        location: the store's folder (made when missing; must be empty or hold our store).
        inputs: what the store is to be built from (:func:`inputs_of`).
        build: fills an empty pyoxigraph store and returns how many triples it derived;
            it must keep no reference to the store.
        stats: the inputs' stats for the manifest of a store built here (see :func:`inputs_of`).

    Returns:
        ``(store, derived, reused)``: the open (read-only) pyoxigraph store, the count of
        derived triples, and whether the existing store was reused.

    Raises:
        InputFileError: ``location`` is a file, or a folder that holds something else.
    """
    location = Path(location)
    if location.exists() and not location.is_dir():
        raise InputFileError(location, "not a folder: give a folder for the Oxigraph store")
    folder = folder_of(location)
    with folder.threads:
        folder.shared()
        if folder.native is not None:
            manifest = read_manifest(location)
            if manifest is not None and manifest.get("inputs") == inputs:
                folder.users += 1
                return folder.native, int(manifest.get("derived", 0)), True
        if location.is_dir() and not _is_ours_or_empty(location):
            raise InputFileError(
                location, "the folder is not empty and holds no zorgakkoorden store: give a new or empty folder"
            )
        remove_leftovers(location)  # no builder runs while the lock is held
        native, manifest, damage = _open_ready(location, inputs) if location.is_dir() else (None, None, None)
        if native is not None:
            folder.native, folder.users = native, folder.users + 1
            return native, int(manifest.get("derived", 0)), True
        folder.native = None
        folder.exclusive()
        # another process may have built it while this one waited
        native, manifest, damage = _open_ready(location, inputs) if location.is_dir() else (None, None, None)
        if native is None:
            if damage is not None:
                say(f"{location}: de store is beschadigd ({damage}); hij wordt opnieuw gebouwd uit de bestanden / "
                     "the store is damaged; rebuilding it from its input files")
            try:
                _build_and_swap(location, inputs, build, stats)
            except (OSError, RuntimeError) as exc:  # a full disk, a folder that cannot move, ...
                raise InputFileError(location, f"cannot build the Oxigraph store: {type(exc).__name__}: {exc}") from exc
            native, manifest, damage = _open_ready(location, inputs)
            if native is None:
                raise InputFileError(location, f"the store just built cannot be read: {damage}")
            reused = False
        else:
            reused = True
        folder.native, folder.users = native, folder.users + 1
        folder.shared()
        return native, int(manifest.get("derived", 0)), reused


def _build_and_swap(location: Path, inputs: dict, build: Callable[[Any], int], stats: dict | None = None) -> None:
    """Build a store from the inputs beside ``location`` and put it in its place (exclusive lock held)."""
    from .native import new_store

    remove_leftovers(location)
    parent = location.parent
    parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{location.name}.building-", dir=parent))
    try:
        store = new_store(str(building))
        derived = build(store)
        triples = len(store)
        store.flush()
        del store  # closes the database, so that the folder can move
        manifest = {"inputs": inputs, "derived": derived, "triples": triples, "stats": stats or {}}
        (building / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
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


def close_folder(location: Path) -> None:
    """Let go of a folder this process opened: once no store of this process has it open, its
    store and its lock (other processes may then rebuild it)."""
    folder = folder_of(Path(location))
    with folder.threads:
        folder.users = max(0, folder.users - 1)
        if folder.users == 0:
            folder.native = None
            folder.release()


class PersistentStore(OxigraphStore):
    """The persistent Oxigraph store in a folder (see the module).

    Args:
        spec: ``oxigraph:PATH``.
        engine: the engine asked for (Oxigraph answers whatever it is).
    """

    kind = "persistent"

    def __init__(self, spec: str, engine: str = "auto", location: Path | None = None):
        from .oxigraph import oxrdflib_installed

        oxrdflib_installed()  # said at once; the rdflib view (and oxrdflib's import) is made when first read
        self.location = Path(location) if location is not None else Path(spec.partition(":")[2])
        self._native = None
        self._files = []
        self._derived = 0
        self.reused = False
        self.inputs: dict | None = None
        from .base import Store

        Store.__init__(self, spec, None, engine)

    def build(self, files: Sequence[Path], *, subject_files: dict | None = None) -> int:
        from .files import rule_files

        files = list(files)

        def fill(native) -> int:
            # load and derive in memory, then write the whole into the folder with the bulk
            # loader: at a million triples 19 s, against 43 s loading and deriving on disk
            from .native import apply_rules, load_files, new_store

            in_memory = new_store()
            load_files(in_memory, files)
            derived = apply_rules(in_memory)
            native.bulk_extend(in_memory.quads_for_pattern(None, None, None, None))
            return derived

        # a file whose stat is the one the manifest noted is not read again
        manifest = read_manifest(self.location) if self.location.is_dir() else None
        noted: dict = {}
        self.inputs = inputs_of(files, rule_files(), known=(manifest or {}).get("stats"), noted=noted)
        native, derived, self.reused = open_or_build(self.location, self.inputs, fill, noted)
        self._native, self._graph, self._files = native, None, files
        if subject_files is not None:
            from .native import note_subjects, parse_file

            for path in files:
                note_subjects(path, parse_file(path), subject_files)
        return derived

    def load(self, files: Sequence[Path], *, subject_files: dict | None = None) -> None:
        raise InputFileError(self.location, "a persistent store is built from all its files at once (use build)")

    @property
    def content_key(self) -> str | None:
        """A key of what the store holds (the SHA-256 of its inputs: every file and rule by
        content, the package version), for caches derived from the graph; None before build."""
        if self.inputs is None:
            return None
        return hashlib.sha256(json.dumps(self.inputs, sort_keys=True).encode("utf-8")).hexdigest()

    def close(self) -> None:
        if self._native is not None:
            close_folder(self.location)
        self._native = None
