"""Writing pages: a Jinja2 environment with autoescape, and a writer that knows the site's root.

Every value from the graph reaches the HTML through a template with autoescape on, so a label
such as ``<img src=x onerror=alert(1)>`` is shown as text. Links to public addresses are made
only for ``http``/``https`` URLs; anything else is shown as text.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined

_SAFE_PATH = re.compile(r"^[A-Za-z0-9._/-]+$")


def is_web_address(value: Any) -> bool:
    """True for an absolute ``http``/``https`` URL (the only addresses the site links to).

    Args:
        value: a string from the graph (``schema:url``).
    """
    if not isinstance(value, str) or any(c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def make_environment() -> Environment:
    """The Jinja2 environment of the site's templates (autoescape on, undefined names fail)."""
    env = Environment(
        loader=PackageLoader("zorgakkoorden.site", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.tests["web_address"] = is_web_address
    from . import i18n

    i18n.install(env)
    return env


class SiteWriter:
    """Writes pages and files into the (temporary) site folder.

    Args:
        out: the folder to write into.
        common: values every template gets (version, counts, ...).
    """

    def __init__(self, out: Path, common: dict[str, Any]):
        self.out = out
        self.env = make_environment()
        self.common = dict(common)
        self.written: list[str] = []
        self.owners: dict[str, str] = {}  # site path -> what wrote it (for the collision message)

    def path(self, rel: str) -> Path:
        """The file for a site-relative path; refuses paths that would leave the site."""
        if not _SAFE_PATH.match(rel) or rel.startswith("/") or ".." in rel.split("/"):
            raise ValueError(f"unsafe site path {rel!r}")
        target = self.out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def claim(self, rel: str, owner: str = "") -> None:
        """Record that ``owner`` writes ``rel``; a second claim on one path fails the build.

        Args:
            rel: the site-relative path.
            owner: what writes it, for the message (e.g. ``"the entity https://..."``).

        Raises:
            SitePathCollisionError: something else already wrote that file (exit code 2).
        """
        from ..errors import SitePathCollisionError

        owner = owner or f"the page {rel}"
        if rel in self.owners:
            raise SitePathCollisionError(rel, self.owners[rel], owner)
        self.owners[rel] = owner
        self.written.append(rel)

    def page(self, rel: str, template: str, *, owner: str = "", **context: Any) -> None:
        """Render a template into a page.

        Args:
            rel: the page's site-relative path, e.g. ``"queries/overlap.html"``.
            template: the template's file name.
            owner: what the page is about, for the message when two things claim one path.
            **context: the template's values (``root`` and the common values are added).
        """
        self.claim(rel, owner)
        from .i18n import content_security_policy

        depth = rel.count("/")
        values = {**self.common, "root": "../" * depth, "page": rel, "inline_scripts": (), **context}
        title = values.get("title", "")
        values["title_nl"], values["title_en"] = (title, title) if isinstance(title, str) else title
        values["csp"] = content_security_policy(*values["inline_scripts"])
        html = self.env.get_template(template).render(**values)
        self.path(rel).write_bytes(html.encode("utf-8"))

    def text(self, rel: str, text: str, *, owner: str = "") -> None:
        """Write a text file (UTF-8, ``\\n`` line ends)."""
        self.claim(rel, owner)
        self.path(rel).write_bytes(text.encode("utf-8"))

    def bytes(self, rel: str, data: bytes, *, owner: str = "") -> None:
        """Write a binary file."""
        self.claim(rel, owner)
        self.path(rel).write_bytes(data)


def relative(from_page: str, to: str) -> str:
    """A relative link from one site page to another site path.

    Args:
        from_page: the page the link is on, e.g. ``"queries/overlap.html"``.
        to: the target's site-relative path, with an optional ``#fragment``.
    """
    path, _, fragment = to.partition("#")
    start = posixpath.dirname(from_page) or "."
    rel = posixpath.relpath(path, start) if path else ""
    return rel + ("#" + fragment if fragment else "")
