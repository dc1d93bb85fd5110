"""Writing output files all or nothing: each to a temporary file beside it, then renamed."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..errors import OutputError


def write_all(folder: Path | str, files: Mapping[str, bytes]) -> list[Path]:
    """Write every file into ``folder``, or none of them.

    Each file goes to a temporary file in the same folder first; only when all are written are
    they renamed into place (``os.replace``, atomic per file). On any error the temporary files
    are removed and the files already in place are left as they were.

    Args:
        folder: the output folder (created if missing).
        files: file name (no folders) to content.

    Returns:
        The paths written, in the order given.
    """
    out = Path(folder)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the folder: {exc.strerror or exc}") from exc
    temps: list[tuple[Path, Path]] = []
    mask = os.umask(0)
    os.umask(mask)
    try:
        for name, data in files.items():
            if Path(name).name != name:
                raise OutputError(f"{name}: not a plain file name")
            fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out)
            temps.append((Path(temp), out / name))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(temp, 0o666 & ~mask)
        for temp, final in temps:
            os.replace(temp, final)
    except OSError as exc:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        raise OutputError(f"{out}: cannot write: {exc.strerror or exc}") from exc
    except BaseException:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        raise
    return [final for _, final in temps]


def write_one(path: Path | str, data: bytes) -> Path:
    """Write one file atomically (temporary file beside it, then rename).

    Args:
        path: the file to write; its folder is created if missing.
        data: the content.
    """
    target = Path(path)
    return write_all(target.parent if str(target.parent) else Path("."), {target.name: data})[0]
