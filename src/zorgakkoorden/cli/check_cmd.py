"""`zorgakkoorden check [PATHS...]`: parse, validate and check the graph, with a report.

    zorgakkoorden check
    zorgakkoorden check my-accord.ttl my-folder/ --level info
    zorgakkoorden check --data my-accord.ttl --store oxigraph:.zk-store --format json

PATHS and ``--data PATH`` are the same (see :mod:`.common`: every command takes ``--data``,
``--store``; the SPARQL commands ``--engine``).

Every Turtle file (the ontology, ``graph/`` and PATHS) must parse: a syntax error prints
``FILE:LINE:COL: Turtle syntax error: ...`` and exits 2. Then the whole graph is checked
against the SHACL shapes (``ontology/shapes.ttl``), for IRIs of ours that are used but
not defined (typos) and by the quality queries (``queries/quality/*.rq``). The report
lists the findings by level (entity, label, property, message, rule, file and line) and
ends with a summary. Exit 0 valid (warnings allowed), 1 invalid (any error), 2 could not run.

Heavy libraries are imported inside ``run``, so that ``zorgakkoorden --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys

from .common import add_load_arguments

LEVELS = ("error", "warning", "info")


def add_parser(subparsers) -> None:
    """Register `check`."""
    parser = subparsers.add_parser(
        "check",
        help="validate the graph (and your own Turtle files) against the shapes, with a report",
        description=(
            "Parse every Turtle file (the ontology, graph/ and PATHS), validate the whole graph "
            "against the SHACL shapes (ontology/shapes.ttl), check that every IRI of ours that is "
            "used is defined, and run the quality queries (queries/quality/*.rq). Prints the "
            "findings by level and a summary."
        ),
        epilog="Exit codes: 0 valid (warnings allowed), 1 invalid (an error was found), 2 could not run "
        "(a syntax error, a missing file or package).",
    )
    add_load_arguments(parser, positional_paths=True, endpoint=False, engine=True, default_store="cache")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="text (readable, default) or json")
    parser.add_argument(
        "--level", choices=LEVELS, default="warning",
        help="the lowest level to show: error, warning (default) or info; the summary counts all",
    )
    parser.add_argument(
        "--quiet", "-q", action="store_true",
        help="print no progress lines on stderr (by default each step prints its name and time)",
    )
    parser.set_defaults(run=run)


def syntax_errors(files) -> list:
    """Every Turtle syntax error in a list of files (each file parsed on its own).

    Args:
        files: the files to parse.
    """
    from ..errors import TurtleSyntaxError
    from ..store import check_syntax

    errors = []
    for path in files:
        try:
            check_syntax(path)
        except TurtleSyntaxError as exc:
            errors.append(exc)
    return errors


def _syntax_message(exc, cwd=None) -> str:
    from ..validate.report import display_path

    where = display_path(exc.path, cwd)
    if exc.line is not None:
        where += f":{exc.line}"
        if exc.column is not None:
            where += f":{exc.column}"
    return f"{where}: Turtle syntax error: {exc.detail}"


def run(args: argparse.Namespace) -> int:
    """Load, check and report; the exit code says whether the graph is valid."""
    from ..errors import EXIT_ERROR, EXIT_INVALID, EXIT_OK, TurtleSyntaxError
    from ..loader import default_files, expand_paths, load
    from ..validate import CHECK_STEPS
    from ..validate.progress import Progress
    from .common import store_from_args

    store = store_from_args(args)
    if store.startswith("endpoint"):
        print("zorgakkoorden: error: check reads the whole graph here: use --store memory, oxigraph or oxigraph:PATH",
              file=sys.stderr)
        return EXIT_ERROR
    progress = Progress(CHECK_STEPS + 1, stream=None if getattr(args, "quiet", False) else sys.stderr)
    extra = list(args.paths or [])
    try:
        with progress.step(f"load the graph ({store} store)"):
            kg = load(extra=extra, store=store)
    except TurtleSyntaxError as first:
        found = syntax_errors([*default_files(), *expand_paths(extra)]) or [first]
        for exc in found:
            print(_syntax_message(exc), file=sys.stderr)
        return EXIT_ERROR
    # an unchanged graph (same inputs, shapes, queries, code, libraries) on a persistent store:
    # the kept report (see zorgakkoorden.validate.kept)
    from ..validate import kept

    key = kept.report_key(kg.backend, {"format": args.format, "level": args.level, "engine": args.engine})
    found = kept.kept_report(key) if key is not None else None
    if found is not None:
        kg.close()
        if progress.stream is not None:
            progress.stream.write("the graph, shapes and queries are unchanged since the last check: its report, kept\n")
        sys.stdout.write(found[0])
        return found[1]
    from ..validate import run_checks
    from ..validate.report import render_json, render_text

    result = run_checks(kg, engine=args.engine, progress=progress)
    render = render_json if args.format == "json" else render_text
    text = render(result, level=args.level)
    sys.stdout.write(text)
    code = EXIT_OK if result.valid else EXIT_INVALID
    if key is not None:
        kept.keep_report(key, text, code)
    return code
