"""`zorgakkoorden table template|import|export`: add facts to the graph from a spreadsheet.

    zorgakkoorden table template --out my-accord.xlsx
    zorgakkoorden table import my-accord.xlsx --out my-accord.ttl
    zorgakkoorden table export --framework GALA --out gala.xlsx

A table is an .xlsx workbook (extra ``tables``: openpyxl) or a folder of CSV files
(``entities.csv``, ``statements.csv``, ``sources.csv``). See docs/modelling.md,
"Adding facts from a spreadsheet".
"""

from __future__ import annotations

import argparse
import sys

from .common import add_load_arguments


def add_parser(subparsers) -> None:
    """Register `table` and its three sub-commands."""
    parser = subparsers.add_parser(
        "table",
        help="authoring tables: a template to fill in, import it as Turtle, export the graph as tables",
        description="Add facts to the graph from a spreadsheet (.xlsx, or a folder of CSV files).",
        epilog="Exit codes: 0 ok, 1 the table has wrong rows (each named with its row and column; nothing "
        "written), 2 could not run.",
    )
    sub = parser.add_subparsers(dest="table_command", metavar="SUBCOMMAND")

    template = sub.add_parser("template", help="write an empty authoring workbook (or CSV folder) with the vocabulary")
    template.add_argument("--out", default="zorgakkoorden-tabel.xlsx", metavar="PATH",
                          help="an .xlsx workbook, or a folder for CSV files (default: zorgakkoorden-tabel.xlsx)")
    template.set_defaults(run=run_template)

    imp = sub.add_parser("import", help="read a filled-in table and write Turtle in the project's form")
    imp.add_argument("path", metavar="PATH", help="the .xlsx workbook or the folder of CSV files")
    imp.add_argument("--out", default="-", metavar="FILE.ttl", help="the Turtle file to write ('-', the default: standard output)")
    imp.add_argument("--without-graph", action="store_true",
                     help="resolve names in the table (and --data) only, not in graph/ (for a table exported from the whole graph)")
    add_load_arguments(imp, endpoint=False)
    imp.set_defaults(run=run_import)

    exp = sub.add_parser("export", help="write the graph, or one framework's part, as authoring tables")
    exp.add_argument("--framework", metavar="NAME", default=None, help="only this accord, programme or agenda (a name, abbreviation or IRI)")
    exp.add_argument("--out", required=True, metavar="PATH", help="an .xlsx workbook, or a folder for CSV files")
    add_load_arguments(exp, endpoint=False)
    exp.set_defaults(run=run_export)

    parser.set_defaults(run=lambda args: _help(parser))


def _help(parser) -> int:
    parser.print_help()
    return 2


def run_template(args: argparse.Namespace) -> int:
    """Write the empty workbook (or CSV folder) with the vocabulary sheet."""
    from ..authoring.exporter import columns_for, vocabulary_rows
    from ..authoring.tables import write_tables
    from ..loader import load

    kg = load()
    path = write_tables(args.out, {}, vocabulary_rows(kg.graph), columns_for(kg.graph))
    print(f"wrote {path}: fill in the sheets entities, statements and sources; the sheet vocabulary lists "
          "the classes and relations you may use", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Read the table, resolve its names, write Turtle (or every problem, and nothing)."""
    from ..authoring.importer import import_tables, to_turtle
    from ..authoring.tables import read_tables
    from ..export.files import write_one
    from ..loader import load

    tables = read_tables(args.path)
    kg = load(extra=args.paths or [], store=args.store, include_graph=not args.without_graph)
    graph, sections = import_tables(tables, kg.graph)
    text = to_turtle(graph, sections, tables.path.name)
    if args.out == "-":
        sys.stdout.write(text)
        return 0
    path = write_one(args.out, text.encode("utf-8"))
    counts = ", ".join(f"{len(v)} {k}" for k, v in sections.items())
    print(f"wrote {path} ({counts}); check it with: zorgakkoorden check {path}", file=sys.stderr)
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write the graph (or one framework's part) as tables."""
    from ..authoring.exporter import columns_for, export_sheets, vocabulary_rows
    from ..authoring.tables import write_tables
    from ..query.names import resolve
    from .common import load_from_args

    kg = load_from_args(args)
    framework = resolve(kg, args.framework) if args.framework else None
    sheets = export_sheets(kg.graph, framework)
    path = write_tables(args.out, sheets, vocabulary_rows(kg.graph), columns_for(kg.graph))
    counts = ", ".join(f"{len(v)} {k}" for k, v in sheets.items())
    print(f"wrote {path} ({counts})", file=sys.stderr)
    return 0
