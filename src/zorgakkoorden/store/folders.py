"""This process's hold on a persistent store's folder: the OS lock beside it and the store opened from it."""

from __future__ import annotations

import os
import shutil
import sys
import threading
from pathlib import Path
from typing import Any

from ..errors import InputFileError

# per folder, this process's lock on it and the store it opened (RocksDB opens a folder once)
_folders: dict[str, Folder] = {}
_folders_lock = threading.Lock()


def say(message: str) -> None:
    """One line on stderr for the user (Dutch first, English second)."""
    print(f"zorgakkoorden: {message}", file=sys.stderr, flush=True)


class Folder:
    """This process's hold on one store folder: the OS lock beside it and the store opened from it.

    POSIX record locks (``fcntl.lockf``) belong to the process, so one object per folder
    is kept; a lock is turned from exclusive to shared atomically (nobody slips in between
    a build and its first read).
    """

    def __init__(self, location: Path):
        self.location = location
        self.lock_path = location.parent / f".{location.name}.lock"
        self.fd: int | None = None
        self.mode: str | None = None
        self.native: Any = None
        self.users = 0  # the stores of this process that have it open (close lets go at 0)
        self.threads = threading.RLock()

    def _take(self, exclusive: bool) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no OS lock
            self.mode = "exclusive" if exclusive else "shared"
            return
        if self.fd is None:
            try:
                self.location.parent.mkdir(parents=True, exist_ok=True)
                self.fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise InputFileError(self.lock_path, f"cannot make the store's lock file: {exc.strerror or exc}") from exc
        kind = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            fcntl.lockf(self.fd, kind | fcntl.LOCK_NB)
        except OSError:
            what = "bouwt of leest" if exclusive else "bouwt"
            why = "builds or reads" if exclusive else "builds"
            say(f"{self.location}: wacht op een ander proces dat de store {what} / "
                 f"waiting for another process that {why} this store")
            fcntl.lockf(self.fd, kind)
        self.mode = "exclusive" if exclusive else "shared"
        try:
            os.utime(self.lock_path)  # when the store was last used (the cache keeps the recent ones)
        except OSError:
            pass

    def shared(self) -> None:
        """Hold the folder shared (readers); turning an exclusive hold into a shared one is atomic."""
        if self.mode != "shared":
            self._take(exclusive=False)

    def exclusive(self) -> None:
        """Hold the folder alone (to build and swap); a shared hold is let go first, so two
        readers that both want to build cannot wait on each other."""
        if self.mode == "exclusive":
            return
        if self.mode == "shared":
            self.release()
        self._take(exclusive=True)

    def release(self) -> None:
        """Let go of the OS lock."""
        if self.fd is not None:
            import fcntl  # an fd is only opened where fcntl exists

            fcntl.lockf(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None
        self.mode = None


def folder_of(location: Path) -> Folder:
    """This process's one :class:`Folder` for a store folder."""
    key = str(location.resolve())
    with _folders_lock:
        found = _folders.get(key)
        if found is None:
            found = _folders[key] = Folder(Path(key))
        return found


def remove_leftovers(location: Path) -> None:
    """Remove the ``.NAME.building-*`` and ``.NAME.old-*`` folders a killed process left (lock held)."""
    for prefix in (f".{location.name}.building-", f".{location.name}.old-"):
        for stale in location.parent.glob(f"{prefix}*"):
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
