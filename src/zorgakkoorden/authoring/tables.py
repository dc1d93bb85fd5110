"""The authoring tables: their sheets and columns, read from and written to .xlsx or a folder of CSVs.

A workbook has the sheets ``entities``, ``statements`` and ``sources`` (Dutch names
``entiteiten``, ``beweringen``, ``bronnen`` are read too) and a ``vocabulary`` sheet that
is only for reading; a folder has ``entities.csv``, ``statements.csv``, ``sources.csv``
(and ``vocabulary.csv``). Dutch column headings are accepted as well as the English ones.

The statements sheet has, besides its fixed columns, one column for each property of a
statement that the ontology declares (``rdfs:domain zk:Statement``: ``as_of`` for
``zk:asOf``, ``at_level`` for ``zk:atLevel``, ...), headed by the property's name or its
Dutch label (``stand per``); :func:`sheet_columns` adds them. ``extra`` holds, as Turtle
``property value`` pairs, what no column holds.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import TableFileError
from ..extras import require

SHEETS = ("entities", "statements", "sources")
VOCABULARY = "vocabulary"
DUTCH_SHEETS = {"entiteiten": "entities", "beweringen": "statements", "bronnen": "sources", "woordenlijst": VOCABULARY}

COLUMNS: dict[str, list[str]] = {
    "entities": [
        "id", "class", "label_nl", "label_en", "abbreviation", "alt_labels",
        "description_nl", "description_en", "source", "extra",
    ],
    "statements": [
        "id", "subject", "relation", "object", "aspect_nl", "aspect_en", "source", "section", "year",
        "citation", "kind", "extra",
    ],
    "sources": [
        "id", "title", "url", "kind", "publisher", "date", "title_en", "alt_labels",
        "description_nl", "description_en", "source", "extra",
    ],
}
REQUIRED = {"entities": ["class", "label_nl"], "statements": ["subject", "relation", "object", "source"],
            "sources": ["title", "url", "kind"]}
DUTCH_COLUMNS = {
    "klasse": "class", "naam_nl": "label_nl", "naam_en": "label_en", "afkorting": "abbreviation",
    "andere_namen": "alt_labels", "beschrijving_nl": "description_nl", "beschrijving_en": "description_en",
    "bron": "source", "overig": "extra", "onderwerp": "subject", "relatie": "relation", "voorwerp": "object",
    "sectie": "section", "jaar": "year", "bronvermelding": "citation", "soort": "kind", "titel": "title",
    "adres": "url", "uitgever": "publisher", "datum": "date", "titel_en": "title_en",
}
VOCABULARY_COLUMNS = [
    "kind", "curie", "label_nl", "label_en", "subject_must_be", "object_must_be",
    "example_subject", "example_relation", "example_object", "column",
]


def sheet_columns(statement_columns: list[str] | tuple[str, ...] = ()) -> dict[str, list[str]]:
    """The columns of each sheet, the statements sheet with ``statement_columns`` before ``extra``.

    Args:
        statement_columns: the headings of the ontology's statement properties
            (:attr:`.vocabulary.Vocabulary.qualifiers`).
    """
    columns = {sheet: list(names) for sheet, names in COLUMNS.items()}
    fixed = columns["statements"]
    columns["statements"] = fixed[:-1] + [c for c in statement_columns if c not in fixed] + fixed[-1:]
    return columns


@dataclass
class Row:
    """One row of a sheet: its cells by English column name, and where it is."""

    file: str
    sheet: str | None
    number: int
    cells: dict[str, str] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)  # column -> its heading as written, where they differ

    def get(self, column: str) -> str:
        return self.cells.get(column, "")

    def heading(self, column: str) -> str:
        """The column as the table heads it: ``relatie (relation)`` for a Dutch heading, else the column."""
        written = self.written.get(column)
        return f"{written} ({column})" if written and written != column else column


@dataclass
class Tables:
    """The three sheets' rows, and where they came from."""

    path: Path
    rows: dict[str, list[Row]]


def cell_text(value) -> str:
    """A cell as text: dates as ISO dates, whole numbers without ``.0``, text stripped."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _headings(raw: list, where: str, sheet: str) -> tuple[list[str], dict[str, str]]:
    """The column of each heading, and the headings written otherwise than their column (Dutch ones)."""
    names = []
    for value in raw:
        name = cell_text(value).strip().lower().replace(" ", "_")
        names.append(DUTCH_COLUMNS.get(name, name))
    written = {n: cell_text(v) for n, v in zip(names, raw) if n and cell_text(v) != n}
    missing = [c for c in REQUIRED[sheet] if c not in names]
    if missing:
        raise TableFileError(f"{where}: the heading row lacks the column(s) {', '.join(missing)} "
                             f"(expected: {', '.join(COLUMNS[sheet])})")
    return names, written


def _rows(values: list[list], file: str, sheet_name: str | None, sheet: str) -> list[Row]:
    if not values:
        where = f"{file}, sheet {sheet_name}" if sheet_name else file
        raise TableFileError(f"{where}: no heading row")
    where = f"{file}, sheet {sheet_name}" if sheet_name else file
    names, written = _headings(values[0], where, sheet)
    rows = []
    for number, raw in enumerate(values[1:], start=2):
        cells = {name: cell_text(v) for name, v in zip(names, raw) if name}
        if any(cells.values()):
            rows.append(Row(file, sheet_name, number, cells, written))
    return rows


def read_tables(path: Path | str) -> Tables:
    """Read a workbook (``.xlsx``) or a folder of the three CSV files.

    Args:
        path: the workbook or the folder.

    Raises:
        TableFileError: the path is missing, not a workbook, or lacks a sheet or a heading.
    """
    path = Path(path)
    rows: dict[str, list[Row]] = {}
    if path.is_dir():
        for sheet in SHEETS:
            file = path / f"{sheet}.csv"
            if not file.is_file():
                dutch = next((path / f"{nl}.csv" for nl, en in DUTCH_SHEETS.items() if en == sheet), None)
                if dutch is None or not dutch.is_file():
                    raise TableFileError(f"{path}: the folder has no {sheet}.csv")
                file = dutch
            try:
                text = file.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise TableFileError(f"{file}: cannot read as UTF-8 CSV: {exc}") from None
            rows[sheet] = _rows(list(csv.reader(io.StringIO(text))), str(file), None, sheet)
        return Tables(path, rows)
    if not path.is_file():
        raise TableFileError(f"{path}: no such file or folder")
    if path.suffix.lower() != ".xlsx":
        raise TableFileError(f"{path}: give an .xlsx workbook or a folder of CSV files")
    openpyxl = require("openpyxl", "tables", "reading an .xlsx workbook")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors: the file is not a workbook
        raise TableFileError(f"{path}: not a readable .xlsx workbook ({exc})") from None
    names = {DUTCH_SHEETS.get(n.strip().lower(), n.strip().lower()): n for n in book.sheetnames}
    for sheet in SHEETS:
        if sheet not in names:
            raise TableFileError(f"{path}: the workbook has no sheet {sheet!r} (it has: {', '.join(book.sheetnames)})")
        values = [list(r) for r in book[names[sheet]].iter_rows(values_only=True)]
        rows[sheet] = _rows(values, str(path), names[sheet], sheet)
    book.close()
    return Tables(path, rows)


def write_tables(path: Path | str, sheets: dict[str, list[dict[str, str]]], vocabulary: list[dict[str, str]],
                 columns: dict[str, list[str]] | None = None) -> Path:
    """Write the three sheets (and the vocabulary) as a workbook or, for a folder, as CSV files.

    Args:
        path: ``*.xlsx`` for a workbook; anything else is a folder (created if missing).
        sheets: the rows of each sheet, as dicts by column name.
        vocabulary: the rows of the vocabulary sheet.
        columns: the columns of each sheet (:func:`sheet_columns`); the fixed ones when None.
    """
    from ..export.files import write_all, write_one

    path = Path(path)
    columns = columns or sheet_columns()
    tables = {**{s: (columns[s], sheets.get(s, [])) for s in SHEETS}, VOCABULARY: (VOCABULARY_COLUMNS, vocabulary)}
    if path.suffix.lower() == ".xlsx":
        return write_one(path, _workbook_bytes(tables))
    files = {}
    for name, (columns, rows) in tables.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(c, "") for c in columns])
        files[f"{name}.csv"] = buffer.getvalue().encode("utf-8")
    write_all(path, files)
    return path


_FIXED_TIME = dt.datetime(2020, 1, 1)


def _workbook_bytes(tables: dict) -> bytes:
    """The workbook's bytes, the same for the same rows (fixed times inside the zip)."""
    import zipfile

    openpyxl = require("openpyxl", "tables", "writing an .xlsx workbook")
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (columns, rows) in tables.items():
        ws = book.create_sheet(name)
        ws.append(columns)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([row.get(c, "") for c in columns])
        ws.freeze_panes = "A2"
        for i, column in enumerate(columns, start=1):
            longest = max([len(column)] + [len(str(r.get(column, ""))) for r in rows[:200]])
            ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = min(60, max(10, longest + 2))
    book.properties.created = _FIXED_TIME
    book.properties.modified = _FIXED_TIME
    raw = io.BytesIO()
    book.save(raw)
    # openpyxl stamps the zip entries and the modified time with the clock: set them fixed
    fixed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                import re

                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>2020-01-01T00:00:00Z\2", data)
            entry = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, data)
    return fixed.getvalue()
