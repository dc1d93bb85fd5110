"""Small files a fresh process keeps for the next one, in ``$XDG_CACHE_HOME/zorgakkoorden/derived/``:
the parsed catalogue (``catalogue/``), the guard's decisions (``judged/``) and the name index
(``names/``), each under a key of everything it was derived from (see :mod:`.cold`).

Every file is written whole (a temporary file, then renamed), read as JSON (never code), and
each folder is pruned to its newest few. A file that cannot be read or written only costs
the time to derive it again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any


def derived_dir() -> Path:
    """``$XDG_CACHE_HOME/zorgakkoorden/derived`` (``~/.cache/...`` by default)."""
    from ..store.cache import cache_root

    return cache_root().parent / "derived"


def sha(data: bytes) -> str:
    """The SHA-256 of bytes, in hex."""
    return hashlib.sha256(data).hexdigest()


def source_sha(module_file: str, name: str) -> str:
    """The SHA-256 of a module's source beside ``module_file`` (what derived files depend on)."""
    return sha(Path(module_file).with_name(name).read_bytes())


def read_json(path: Path) -> Any:
    """A derived file's content, or None when it is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, data: Any, keep: int) -> None:
    """Write a derived file whole and keep the ``keep`` newest files of its folder.

    Args:
        path: the file.
        data: what to write (JSON).
        keep: how many files the folder keeps.
    """
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, sort_keys=True)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        entries = sorted(path.parent.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written is only slower
