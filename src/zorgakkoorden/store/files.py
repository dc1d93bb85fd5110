"""What every store reads: Turtle files (UTF-8, errors with file and line) and the rules."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputFileError, TurtleSyntaxError
from ..paths import rules_dir


def read_turtle_bytes(path: Path) -> bytes:
    """The bytes of a Turtle file, which must be UTF-8.

    Args:
        path: the file.

    Raises:
        InputFileError: the file cannot be read.
        TurtleSyntaxError: the file is not UTF-8 (the line of the first bad byte).
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputFileError(path, f"cannot read: {exc.strerror}") from exc
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TurtleSyntaxError(path, data.count(b"\n", 0, exc.start) + 1, "file is not UTF-8") from exc
    return data


def syntax_error_from_oxigraph(path: Path, exc: SyntaxError) -> TurtleSyntaxError:
    """Oxigraph's parser error as a TurtleSyntaxError naming file, line and column.

    Args:
        path: the file parsed.
        exc: pyoxigraph's SyntaxError.
    """
    message = str(exc.msg or exc)
    message = re.sub(r"\s*\([^()]*, line \d+\)$", "", message)
    message = re.sub(r"^Parser error (?:between|at) [^:]*: ", "", message)
    return TurtleSyntaxError(path, exc.lineno, message, exc.offset)


def rule_files() -> list[Path]:
    """The rules in ``ontology/rules/``, in the order they are applied (by file name)."""
    return sorted(rules_dir().glob("*.rq"))


_INSERT_KEYWORD = re.compile(r"^INSERT(?=\s*\{)", re.MULTILINE)


def rule_as_construct(rule: Path) -> str:
    """A rule (``INSERT { template } WHERE { pattern }``) as the query ``CONSTRUCT { template } WHERE { pattern }``.

    Args:
        rule: the rule file; its update must start a line with ``INSERT {`` and hold no
            ``DELETE`` or ``GRAPH`` (a test checks every rule).
    """
    text = rule.read_text(encoding="utf-8")
    construct, count = _INSERT_KEYWORD.subn("CONSTRUCT", text, count=1)
    if count != 1:
        raise InputFileError(rule, "a rule must be one SPARQL update that starts a line with 'INSERT {'")
    return construct
