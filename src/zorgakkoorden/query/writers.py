"""The text writers shared by :mod:`.results` (rdflib's terms) and :mod:`.plain` (light terms):
table layout, Markdown cells, what a term shows as. No rdflib here, so the cold command line
writes its answer with the very code the rest of the package writes with."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence

LABEL_SUFFIX = "Label"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~$])")
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def visible(text: str) -> str:
    """Control characters (and bidi overrides) as visible escapes, so a terminal shows text only."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def md_cell(text: str) -> str:
    """A Markdown table cell showing ``text`` as text (special characters escaped)."""
    text = visible(text).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return "".join(_MD_ENTITIES.get(ch, ch) for ch in text)


def display_columns(names: Sequence[str], show_iris: bool) -> list[int]:
    """The positions of the columns a table or Markdown shows (an IRI column beside its label
    column is hidden unless ``show_iris``)."""
    present = set(names)
    if show_iris:
        return list(range(len(names)))
    return [i for i, name in enumerate(names) if f"{name}{LABEL_SUFFIX}" not in present]


def heading(name: str, shown: Sequence[str]) -> str:
    """A column's heading: ``xLabel`` is headed ``x`` where the column ``x`` is not shown."""
    if name.endswith(LABEL_SUFFIX) and name[: -len(LABEL_SUFFIX)] not in shown and len(name) > len(LABEL_SUFFIX):
        return name[: -len(LABEL_SUFFIX)]
    return name


def table_cell(text: str) -> str:
    """A table cell: visible, on one line."""
    return visible(text).replace("\n", " ").replace("\t", " ")


def layout_table(headings: list[str], cells: list[list[str]], *, width: int | None, lang: str) -> str:
    """An aligned text table of cells with its row count; long cells wrap when ``width`` is given.

    Args:
        headings: the column headings.
        cells: the rows, each a list of cell texts (see :func:`table_cell`).
        width: the width to fit (e.g. the terminal's); None leaves lines as long as needed.
        lang: the language of the row count (``nl``: "(3 rijen)").
    """
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headings)]
    gap = 2
    if width and headings:
        budget = max(width - gap * (len(headings) - 1), len(headings) * 8)
        floors = [min(widths[i], max(len(h), 8)) for i, h in enumerate(headings)]
        while sum(widths) > budget:
            # narrow the widest column that can still give, one character at a time
            candidates = [i for i in range(len(widths)) if widths[i] > floors[i]]
            if not candidates:
                break
            widest = max(candidates, key=lambda i: (widths[i], -i))
            widths[widest] -= 1

    def lines_of(row: list[str]) -> list[str]:
        wrapped = [
            textwrap.wrap(cell, widths[i], break_long_words=True, break_on_hyphens=False) or [""]
            for i, cell in enumerate(row)
        ]
        height = max(len(w) for w in wrapped) if wrapped else 1
        out = []
        for k in range(height):
            parts = [(w[k] if k < len(w) else "").ljust(widths[i]) for i, w in enumerate(wrapped)]
            out.append((" " * gap).join(parts).rstrip())
        return out

    out = lines_of(headings)
    out.append((" " * gap).join("-" * w for w in widths))
    for row in cells:
        out.extend(lines_of(row))
    count = len(cells)
    if lang == "nl":
        out.append(f"({count} {'rij' if count == 1 else 'rijen'})")
    else:
        out.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(out) + "\n"


def markdown_table(headings: list[str], cells: list[list[str]]) -> str:
    """A Markdown (GitHub) table of cell texts (escaped here; see :func:`md_cell`)."""
    if not headings:
        return "\n"
    out = ["| " + " | ".join(md_cell(h) for h in headings) + " |"]
    out.append("|" + "|".join("---" for _ in headings) + "|")
    for row in cells:
        out.append("| " + " | ".join(md_cell(c) for c in row) + " |")
    return "\n".join(out) + "\n"


def tsv_numeric_plain(text: str, datatype: str, integer: str, decimal: str) -> bool:
    """Whether TSV writes a numeric literal bare (its lexical form is the Turtle short form of its datatype).

    Args:
        text: the lexical form.
        datatype: its datatype IRI.
        integer: the IRI of ``xsd:integer``.
        decimal: the IRI of ``xsd:decimal``.
    """
    if not re.fullmatch(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?", text):
        return False
    kind = integer if "." not in text and "e" not in text.lower() else None
    return datatype == kind or (datatype == decimal and "." in text and "e" not in text.lower())


def terminal_width() -> int | None:
    """The width of the terminal standard output is on, or None when it is not a terminal."""
    import shutil
    import sys

    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size((100, 24)).columns
