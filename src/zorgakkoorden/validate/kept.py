"""A `check` report kept for an unchanged graph: a fresh `check` on a persistent store whose
inputs, shapes, quality queries, code and libraries are all as they were prints the kept
report instead of validating again (pySHACL takes seconds; the report is the same).

The key (:func:`report_key`) holds everything the report is made from:

- the store's content key (the SHA-256 of every input file and rule, and the package version);
- the SHA-256 of every file under ``ontology/`` (shapes, rules) and ``queries/`` (the quality
  checks, and what the integrity check reads);
- the size and modification time of every ``.py`` file of this package, and of the module
  file of each library the check runs on (rdflib, pySHACL, owlrl, pyoxigraph, oxrdflib,
  pyparsing): an upgrade or an edit is a new key;
- the Python version, the working folder (paths are shown relative to it) and the options
  (``--format``, ``--level``, ``--engine``).

Only reports of a graph that was checked (exit 0 or 1) are kept, as JSON under
``$XDG_CACHE_HOME/zorgakkoorden/derived/check/`` (the newest 8). Removing that folder, or
any change above, makes the next `check` validate again.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

KEEP = 8
LIBRARIES = ("rdflib", "pyshacl", "owlrl", "pyoxigraph", "oxrdflib", "pyparsing")


def _stat_line(path: Path) -> str:
    try:
        st = path.stat()
    except OSError:
        return f"{path}:missing"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


def report_key(backend: Any, options: dict) -> str | None:
    """The key of a report for this store and these options, or None where none is kept
    (a store without a content key: memory, in-memory Oxigraph; a file that cannot be read)."""
    try:
        return _report_key(backend, options)
    except OSError:
        return None


def _report_key(backend: Any, options: dict) -> str | None:
    import importlib.util

    from ..paths import ontology_dir, queries_dir

    content = getattr(backend, "content_key", None)
    if not content:
        return None
    sha = hashlib.sha256()
    for part in (content, sys.version, str(Path.cwd()), repr(sorted(options.items()))):
        sha.update(part.encode("utf-8") + b"\0")
    for folder in (ontology_dir(), queries_dir()):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            sha.update(str(path).encode("utf-8") + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        sha.update(_stat_line(path).encode("utf-8") + b"\0")
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        sha.update((_stat_line(Path(origin)) if origin else f"{name}:absent").encode("utf-8") + b"\0")
    return sha.hexdigest()


def _path(key: str) -> Path:
    from ..query.derived import derived_dir

    return derived_dir() / "check" / f"{key}.json"


def kept_report(key: str) -> tuple[str, int] | None:
    """The report and exit code kept under ``key``, or None."""
    from ..query.derived import read_json

    data = read_json(_path(key))
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    text, code = data.get("report"), data.get("exit")
    if not isinstance(text, str) or code not in (0, 1):
        return None
    return text, code


def keep_report(key: str, text: str, code: int) -> None:
    """Keep a report (exit 0 or 1) under ``key``."""
    from ..query.derived import write_json

    if code in (0, 1):
        write_json(_path(key), {"key": key, "report": text, "exit": code}, KEEP)
