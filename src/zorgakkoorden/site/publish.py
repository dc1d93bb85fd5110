"""Writing the site all at once: build into a temporary folder beside the target, then rename.

A build that fails leaves the target as it was (or absent). An existing target is replaced only
when it is empty or was written by ``zorgakkoorden build`` (it holds the marker file), so that
``--out .`` or a typo can never wipe a folder of one's own.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..errors import OutputError

MARKER = ".zorgakkoorden-site"
MARKER_TEXT = "This folder was written by `zorgakkoorden build`; the next build replaces it whole.\n"


def check_target(out: Path) -> None:
    """Refuse a target that is not a folder we may replace.

    Args:
        out: the site folder asked for.
    """
    if out.exists() or out.is_symlink():
        if out.is_symlink() or not out.is_dir():
            raise OutputError(f"{out}: exists and is not a folder; choose another --out")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise OutputError(
                f"{out}: the folder is not empty and was not written by `zorgakkoorden build` "
                f"(no {MARKER} file in it); refusing to replace it. Choose an empty or new folder."
            )


class StagingFolder:
    """A temporary folder beside the target that becomes the target on :meth:`publish`.

    Use as a context manager: leaving the block without publishing removes the folder.

    Args:
        out: the site folder to write.
    """

    def __init__(self, out: Path):
        self.out = Path(os.path.abspath(out))
        check_target(self.out)
        parent = self.out.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            self.path = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.building-", dir=parent))
        except OSError as exc:
            raise OutputError(f"{parent}: cannot create the build folder: {exc.strerror}") from exc
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.path, 0o777 & ~umask)
        self.published = False

    def __enter__(self) -> StagingFolder:
        return self

    def __exit__(self, *exc) -> bool:
        if not self.published:
            shutil.rmtree(self.path, ignore_errors=True)
        return False

    def publish(self) -> Path:
        """Put the finished site in place of the target (the old one is removed after)."""
        (self.path / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        check_target(self.out)
        old = None
        try:
            if self.out.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.out.parent))
                os.rename(self.out, old / "site")
            os.rename(self.path, self.out)
        except OSError as exc:
            if old is not None and (old / "site").exists() and not self.out.exists():
                os.rename(old / "site", self.out)
            raise OutputError(f"{self.out}: cannot put the new site in place: {exc.strerror}") from exc
        finally:
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        self.published = True
        return self.out
