"""`zorgakkoorden sparql`: run one's own SPARQL query on the graph.

    zorgakkoorden sparql 'SELECT ?a WHERE { ?a a zk:Accord }'
    zorgakkoorden sparql --file my-query.rq --param x=GALA --format csv

Our prefixes (zk:, zid:, skos:, dcterms:, ...) are predeclared. ``--param NAME=VALUE`` binds
``?NAME`` to the entity VALUE names (an abbreviation, a label or an IRI); a file with a
catalogue header (``# param: NAME TYPE ...``) binds its parameters by their types.
Heavy libraries are imported inside ``run``, so that ``zorgakkoorden --help`` stays fast.
"""

from __future__ import annotations

import argparse


def add_parser(subparsers) -> None:
    """Register `sparql`."""
    from .common import add_load_arguments
    from .query_cmd import add_output_arguments, add_param_argument

    parser = subparsers.add_parser(
        "sparql",
        help="run your own SPARQL query on the graph",
        description=(
            "Run your own SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE). Our prefixes "
            "zk:, zid:, zst:, skos:, dcterms:, rdf:, rdfs:, owl:, xsd:, prov:, org:, foaf:, "
            "schema:, sh: are predeclared. CONSTRUCT and DESCRIBE print Turtle."
        ),
        epilog="Exit codes: 0 ok, 2 error (a syntax error gives its line and column).",
    )
    parser.add_argument("query", nargs="?", help="the query text (or use --file)")
    parser.add_argument("--file", "-f", metavar="FILE", help="read the query from FILE (e.g. q.rq)")
    add_param_argument(parser, "bind ?NAME to the entity VALUE names (abbreviation, label or IRI); repeatable")
    parser.add_argument(
        "--allow-service", action="store_true",
        help="let SERVICE (a federated query) fetch from other servers; refused by default, we run offline",
    )
    add_output_arguments(parser)
    add_load_arguments(parser, engine=True, default_store="cache")
    parser.set_defaults(run=run)


def read_query(args: argparse.Namespace) -> tuple[str, str]:
    """The query text and how messages name it (the file, or ``<sparql>``)."""
    from ..errors import InputFileError, ParameterError

    if args.file and args.query:
        raise ParameterError("give the query as text or with --file, not both")
    if args.file:
        from pathlib import Path

        path = Path(args.file)
        try:
            return path.read_text(encoding="utf-8"), str(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise InputFileError(path, f"cannot read the query: {exc}") from exc
    if not args.query:
        raise ParameterError("give a query, e.g. zorgakkoorden sparql 'SELECT * WHERE { ?s ?p ?o } LIMIT 5', or --file q.rq")
    return args.query, "<sparql>"


def _bindings(kg, text: str, name: str, pairs: dict[str, str], lang: str) -> dict:
    """Typed bindings from a catalogue-style header, else entity names; ``?lang`` if the query uses it."""
    import re

    from ..errors import CatalogueFileError
    from ..query.catalogue import bind_parameters, parse_query_file
    from ..query.names import resolve

    bindings: dict = {}
    declared = None
    if name != "<sparql>" and re.search(r"^#\s?param:", text, re.MULTILINE):
        try:
            declared = parse_query_file(name, quality=False)
        except CatalogueFileError:
            declared = None  # not a complete catalogue header: --param values name entities
    if declared is not None:
        given = dict(pairs)
        if declared.param("lang") is not None:
            given.setdefault("lang", lang)
        bindings.update(bind_parameters(kg, declared, given))
    else:
        for key, value in pairs.items():
            bindings[key] = resolve(kg, value)
        if re.search(r"[?$]lang(?![A-Za-z0-9_])", text) and "lang" not in bindings:
            from rdflib import Literal

            bindings["lang"] = Literal(lang)
    return bindings


def run(args: argparse.Namespace) -> int:
    """`sparql`: run the query and print its answer in the chosen format."""
    from .common import load_from_args
    from .query_cmd import emit, parse_params, render

    text, name = read_query(args)
    pairs = parse_params(args.param)
    from ..query import cold

    # judged as before (a syntax error, and SERVICE unless --allow-service, on the parsed query);
    # a plain query on a ready persistent store is then answered without rdflib
    read = cold.judge(text, name, allow_service=args.allow_service)
    if read is not None:
        from .query_cmd import answer_cold

        answer = answer_cold(args, lambda cold, backend, files: cold.sparql_rows(
            backend, files, text, read, name, pairs, args.lang, labels=not args.no_labels))
        if answer is not None:
            emit(answer, args.output)
            return 0
    from ..query import guard
    from ..query.catalogue import prepare_cached

    # before the graph is loaded: a syntax error, and SERVICE unless --allow-service (on the parsed query)
    guard.check_query(text, name, allow_service=args.allow_service)
    prepare_cached(text, name)
    kg = load_from_args(args, track_files=False)  # which file says what is not needed here
    bindings = _bindings(kg, text, name, pairs, args.lang)
    rows = kg.sparql(text, bindings, name=name, allow_service=args.allow_service)
    if not args.no_labels:
        rows = rows.with_labels(kg, args.lang)
    emit(render(rows, args), args.output)
    return 0
