"""Optional features behind extras, with a message that names the install command."""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import MissingExtraError


def require(module: str, extra: str, feature: str) -> ModuleType:
    """Import an optional module or raise a MissingExtraError naming the extra.

    Args:
        module: the module to import, e.g. ``"oxrdflib"``.
        extra: the extra of this package that installs it, e.g. ``"fast"``.
        feature: what needs it, for the message, e.g. ``"the Oxigraph store"``.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(extra, feature, module.split(".")[0]) from exc
