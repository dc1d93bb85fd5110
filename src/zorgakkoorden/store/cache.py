"""The ``cache`` store: the persistent Oxigraph store in the user's cache folder, one per set of input files."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from .folders import Folder, remove_leftovers
from .persistent import PersistentStore


def cache_root() -> Path:
    """Where ``cache`` stores live: ``$XDG_CACHE_HOME/zorgakkoorden/stores`` (``~/.cache/...`` by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "zorgakkoorden" / "stores"


def cache_location(files: Sequence[Path]) -> Path:
    """The cache folder for a set of input files: one folder per list of file paths (their
    contents are the manifest's business: a changed file rebuilds the store in its folder).

    Args:
        files: the Turtle files, in load order.
    """
    from .. import __version__

    key = hashlib.sha256("\n".join([__version__, *(str(Path(f).resolve()) for f in files)]).encode("utf-8"))
    return cache_root() / key.hexdigest()[:20]


CACHE_KEEP = 8


def prune_cache(keep: Path, root: Path | None = None, count: int = CACHE_KEEP) -> list[Path]:
    """Remove all but the ``count`` most recently used stores of the cache (never ``keep``, never one in use).

    A store is in use while a process holds its lock; those are skipped. Lock files stay
    (removing one while another process waits on it would let two processes build at once).

    Args:
        keep: the store just used.
        root: the cache folder (:func:`cache_root` by default).
        count: how many stores to keep.

    Returns:
        The folders removed.
    """
    root = root or cache_root()
    try:
        stores = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")]
    except OSError:
        return []

    def last_used(path: Path) -> float:
        lock = root / f".{path.name}.lock"
        try:
            return lock.stat().st_mtime
        except OSError:
            return path.stat().st_mtime

    removed = []
    for old in sorted(stores, key=last_used, reverse=True)[count:]:
        if old.resolve() == Path(keep).resolve():
            continue
        folder = Folder(old)
        try:
            import fcntl

            folder.fd = os.open(folder.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
            fcntl.lockf(folder.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except (ImportError, OSError):
            if folder.fd is not None:
                os.close(folder.fd)
            continue
        folder.mode = "exclusive"
        try:
            shutil.rmtree(old, ignore_errors=True)
            remove_leftovers(old)
            removed.append(old)
        finally:
            folder.release()
    return removed


class CachedStore(PersistentStore):
    """The persistent Oxigraph store in the user's cache folder (``cache``): what the command
    line uses by default, so that a fresh process on unchanged files reopens a ready store
    instead of parsing and deriving again.

    Args:
        spec: ``cache``.
        engine: the engine asked for (Oxigraph answers whatever it is).
    """

    kind = "cache"

    def __init__(self, spec: str = "cache", engine: str = "auto"):
        super().__init__(spec, engine, location=cache_root())

    def build(self, files: Sequence[Path], *, subject_files: dict | None = None) -> int:
        self.location = cache_location(files)
        derived = super().build(files, subject_files=subject_files)
        if not self.reused:
            prune_cache(self.location)
        return derived
