"""`zorgakkoorden query`: the catalogue of named SPARQL queries (list, show, run).

    zorgakkoorden query list
    zorgakkoorden query show overlap
    zorgakkoorden query run overlap --param a=IZA --param b=GALA --format md --lang en

Heavy libraries are imported inside the functions, so that ``zorgakkoorden --help`` stays fast.
"""

from __future__ import annotations

import argparse

FORMATS = ("table", "csv", "tsv", "json", "md", "xml")


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    """``--format``, ``--lang``, ``--show-iris``, ``--no-labels`` and ``--output`` (shared with `sparql`)."""
    parser.add_argument(
        "--format", choices=FORMATS, default="table",
        help="table (readable, default), md (Markdown), or the W3C SPARQL 1.1 results formats csv, tsv, json, xml",
    )
    parser.add_argument("--lang", default="nl", help="language of the labels: nl (default) or en")
    parser.add_argument(
        "--show-iris", action="store_true",
        help="in table and md, show the IRI columns too (by default a column with labels stands for them)",
    )
    parser.add_argument(
        "--no-labels", action="store_true",
        help="do not add a label column after each column of IRIs",
    )
    parser.add_argument(
        "--output", "-o", metavar="FILE", default=None,
        help="write to FILE (written whole or not at all) instead of standard output",
    )


def add_param_argument(parser: argparse.ArgumentParser, help_text: str) -> None:
    """``--param NAME=VALUE`` (repeatable; shared with `sparql`).

    Args:
        parser: the command's parser.
        help_text: what a parameter is for this command.
    """
    parser.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE", help=help_text)


def add_parser(subparsers) -> None:
    """Register `query` with its sub-commands list, show and run."""
    from .common import add_load_arguments

    parser = subparsers.add_parser(
        "query",
        help="list, show and run the named SPARQL queries of the catalogue",
        description=(
            "The catalogue of named SPARQL queries (queries/*.rq) and the quality checks "
            "(queries/quality/*.rq). Parameters take an abbreviation, a Dutch or English "
            "name or an IRI, e.g. --param a=IZA."
        ),
        epilog="Exit codes: 0 ok, 2 error (unknown query or name, bad parameter, syntax error).",
    )
    parser.set_defaults(run=lambda args: _no_subcommand(parser))
    sub = parser.add_subparsers(dest="query_command", metavar="SUBCOMMAND")

    p_list = sub.add_parser("list", help="the queries: names, titles, parameters; quality checks with their level")
    p_list.add_argument("--lang", default="en", help="language of the titles: en (default) or nl")
    p_list.add_argument("--format", choices=("table", "md", "json"), default="table", help="table (default), md or json")
    p_list.set_defaults(run=run_list)

    p_show = sub.add_parser("show", help="a query's documentation and its SPARQL")
    p_show.add_argument("name", help="the query's name (see `query list`)")
    p_show.set_defaults(run=run_show)

    p_run = sub.add_parser(
        "run",
        help="run a query on the graph",
        description="Run a catalogue query. Example: zorgakkoorden query run overlap --param a=IZA --param b=GALA",
    )
    p_run.add_argument("name", help="the query's name (see `query list`)")
    add_param_argument(p_run, "a parameter, e.g. a=IZA (repeatable); entities take an abbreviation, a name or an IRI")
    add_output_arguments(p_run)
    add_load_arguments(p_run, engine=True, default_store="cache")
    p_run.set_defaults(run=run)


def _no_subcommand(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    from ..errors import EXIT_ERROR

    return EXIT_ERROR


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["a=IZA", "b=GALA"]`` to ``{"a": "IZA", "b": "GALA"}``; a malformed or repeated one is an error.

    Args:
        pairs: the values of ``--param``.
    """
    from ..errors import ParameterError

    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ParameterError(f"--param {pair!r}: write NAME=VALUE, e.g. --param a=IZA")
        if name in params:
            raise ParameterError(f"--param {name} is given twice")
        params[name] = value
    return params


def emit(text: str, output: str | None) -> None:
    """Write the text to standard output, or whole to a file (a temporary file, then renamed).

    Args:
        text: what to write.
        output: the file, or None for standard output.
    """
    import sys

    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    import os
    import tempfile
    from pathlib import Path

    from ..errors import OutputError

    target = Path(output)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise OutputError(f"{target}: cannot write: {exc.strerror}") from exc


def render(rows, args: argparse.Namespace) -> str:
    """The rows in the format the options ask for (wrapped to the terminal for a table on one)."""
    from ..query.writers import terminal_width

    width = terminal_width() if args.format == "table" and args.output is None else None
    lang = "nl" if str(getattr(args, "lang", "en")).lower().startswith("nl") else "en"
    return rows.render(args.format, width=width, show_iris=args.show_iris, lang=lang)


def answer_cold(args: argparse.Namespace, rows_of) -> str | None:
    """The answer written from the cold path (:mod:`zorgakkoorden.query.cold`), or None where the
    rdflib path must answer (another store, or something the cold path does not do as it does).

    Args:
        args: the command's options (``--store``, ``--data``, the output options).
        rows_of: ``(cold module, store, files) -> PlainRows``.
    """
    from ..query import cold
    from ..terms import NeedsRdflib
    from .common import store_from_args

    opened = cold.open_ready(store_from_args(args), getattr(args, "paths", []) or [])
    if opened is None:
        return None
    backend, files = opened
    try:
        return render(rows_of(cold, backend, files), args)
    except NeedsRdflib:
        return None
    finally:
        backend.close()


def run(args: argparse.Namespace) -> int:
    """`query run NAME --param ...`: run a catalogue query and print its rows."""
    from ..query.catalogue import get_query, run_query
    from .common import load_from_args

    query = get_query(args.name)  # an unknown name fails before the graph is loaded
    params = parse_params(args.param)
    if "lang" in params and query.param("lang") is None:
        from ..errors import ParameterError

        raise ParameterError(f"{query.name}: use --lang for the language of the labels")
    params.setdefault("lang", args.lang)
    # a ready persistent store answers without rdflib (see zorgakkoorden.query.cold)
    text = answer_cold(args, lambda cold, backend, files: cold.catalogue_rows(
        backend, files, query, params, labels=not args.no_labels))
    if text is not None:
        emit(text, args.output)
        return 0
    kg = load_from_args(args, track_files=False)  # which file says what is not needed here
    rows = run_query(kg, query, params, labels=not args.no_labels)
    emit(render(rows, args), args.output)
    if rows.hint:
        import sys

        # on standard error, so that the answer itself (CSV, JSON, ...) stays as it is
        sys.stderr.write(f"zorgakkoorden: {rows.hint}\n")
    return 0


def run_list(args: argparse.Namespace) -> int:
    """`query list`: every query with its title and parameters, then the quality checks."""
    import json
    import sys

    from ..query.catalogue import load_catalogue

    catalogue = load_catalogue()
    lang = "nl" if str(args.lang).lower().startswith("nl") else "en"
    entries = []
    for query in [*catalogue.catalogue_queries(), *catalogue.quality_checks()]:
        entries.append(
            {
                "name": query.name,
                "kind": "quality check" if query.is_quality_check else "query",
                "level": query.level,
                "title": query.title(lang),
                "params": [
                    {"name": p.name, "type": p.type, "example": p.example, "required": p.required,
                     "description": p.description}
                    for p in query.params
                ],
            }
        )
    if args.format == "json":
        sys.stdout.write(json.dumps(entries, ensure_ascii=False, indent=2) + "\n")
        return 0

    def params_text(entry) -> str:
        parts = []
        for p in entry["params"]:
            text = f"{p['name']}={p['example']}" if p["example"] else f"{p['name']}:{p['type']}"
            parts.append(text if p["required"] else f"[{text}]")
        return " ".join(parts)

    from ..query.results import Rows
    from rdflib import Literal, Variable

    columns = [Variable(c) for c in ("name", "kind", "title", "parameters")]
    bindings = []
    for entry in entries:
        kind = entry["kind"] if not entry["level"] else f"quality check ({entry['level']})"
        bindings.append(
            {
                columns[0]: Literal(entry["name"]),
                columns[1]: Literal(kind),
                columns[2]: Literal(entry["title"]),
                columns[3]: Literal(params_text(entry)),
            }
        )
    rows = Rows("SELECT", columns, bindings)
    from ..query.results import terminal_width

    text = rows.render("md" if args.format == "md" else "table", width=terminal_width())
    if args.format == "table":
        text = text.rsplit("(", 1)[0].rstrip("\n") + "\n"  # no row count under the list
        text += (
            "\nRun one: zorgakkoorden query run NAME --param NAME=VALUE   "
            "(parameters in [] are optional)\n"
        )
    sys.stdout.write(text)
    return 0


def run_show(args: argparse.Namespace) -> int:
    """`query show NAME`: the query's documentation, then its SPARQL."""
    import sys

    from ..query.catalogue import get_query

    query = get_query(args.name)
    out = [
        f"name:        {query.name}",
        f"title (nl):  {query.title('nl')}",
        f"title (en):  {query.title('en')}",
    ]
    if query.level:
        out.append(f"level:       {query.level} (quality check)")
    out.append(f"file:        {query.path}")
    out.append("")
    import textwrap

    out.extend(textwrap.wrap(query.description, 88))
    if query.params:
        out.append("")
        out.append("parameters:")
        for p in query.params:
            extra = f", example {p.example}" if p.example else ""
            if p.required:
                optional = ""
            elif p.type == "lang":
                optional = ", optional (default nl)"
            else:
                optional = ", optional (all when left out)"
            out.append(f"  {p.name} ({p.type}{extra}{optional}): {p.description}")
        example = " ".join(f"--param {p.name}={p.example}" for p in query.params if p.required and p.example)
        out.append("")
        out.append(f"run:  zorgakkoorden query run {query.name}" + (f" {example}" if example else ""))
    else:
        out.append("")
        out.append(f"run:  zorgakkoorden query run {query.name}")
    if query.hints:
        out.append("")
        out.append("when it finds nothing:")
        for hint in query.hints:
            kinds = "anything" if hint.kinds == ("*",) else " or ".join(hint.kinds)
            out.append(f"  for {kinds}: try {', '.join(hint.queries)}")
    out.append("")
    out.append("-" * 72)
    sys.stdout.write("\n".join(out) + "\n" + query.text + ("" if query.text.endswith("\n") else "\n"))
    return 0
