"""Entry point of the `zorgakkoorden` command.

Each command lives in its own module of this package with two functions,
``add_parser(subparsers)`` and ``run(args) -> int``. Modules are cheap to import:
heavy libraries (rdflib, networkx, pyvis) are imported inside ``run`` only, so that
``zorgakkoorden --help`` starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import EXIT_ERROR, ZorgakkoordenError

# command modules, in the order `--help` lists them
COMMAND_MODULES = ("check", "query", "sparql", "viz", "report", "build", "export", "serve", "push", "table", "fmt", "diff")


def _command_modules(only: str | None = None):
    for name in COMMAND_MODULES:
        if only is not None and name != only:
            continue
        full = f"{__package__}.{name}_cmd"
        if importlib.util.find_spec(full) is not None:
            yield importlib.import_module(full)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``argv`` that starts with a command's name, only that
    command's parser is made (a fresh `query run` does not import and build the other eleven:
    the messages and help of a command are the same either way)."""
    parser = argparse.ArgumentParser(
        prog="zorgakkoorden",
        description=(
            "A knowledge graph of the Dutch national health-care accords and programmes "
            "(IZA, GALA, WOZO, TAZ, ...): check it, query it, see how the accords overlap."
        ),
        epilog="Exit codes: 0 ok, 1 invalid (the graph does not conform), 2 error (could not run).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    first = list(argv[:1]) if argv is not None else []
    only = first[0] if first and first[0] in COMMAND_MODULES else None
    for module in _command_modules(only):
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_ERROR
    try:
        return int(args.run(args) or 0)
    except ZorgakkoordenError as exc:
        print(f"zorgakkoorden: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("zorgakkoorden: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
