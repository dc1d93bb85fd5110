"""`zorgakkoorden fmt [PATHS...] [--check]`: write Turtle files in the project's canonical form.

    zorgakkoorden fmt                 # ontology/ and graph/
    zorgakkoorden fmt my-accord.ttl
    zorgakkoorden fmt --check         # exit 1 and name the files that would change

The form and why the project has its own formatter: docs/modelling.md ("Canonical Turtle").
Comments and the order of sections are kept; a file is only rewritten when every file
parses and each formatted file says the same as before (isomorphic graphs).
"""

from __future__ import annotations

import argparse
import sys


def add_parser(subparsers) -> None:
    """Register `fmt`."""
    parser = subparsers.add_parser(
        "fmt",
        help="write Turtle files in the canonical form (comments kept); --check only reports",
        description=(
            "Rewrite Turtle files in the project's canonical form: one prefix block, one block per "
            "subject in the file's order, a fixed order of properties, one blank line between blocks; "
            "comments and the order of sections are kept. Without PATHS: ontology/ and graph/."
        ),
        epilog="Exit codes: 0 formatted (or already so), 1 --check found files that would change, "
        "2 could not run (a syntax error, a missing file).",
    )
    parser.add_argument("paths", nargs="*", metavar="PATHS", help="Turtle files or folders (default: ontology/ and graph/)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 and name the files that would change")
    parser.set_defaults(run=run)


def default_paths() -> list:
    """``ontology/`` and ``graph/`` of the data folder."""
    from ..paths import graph_dir, ontology_dir

    return [ontology_dir(), graph_dir()]


def run(args: argparse.Namespace) -> int:
    """Format (or check) the files; the exit code says whether any would change."""
    from ..errors import EXIT_INVALID, EXIT_OK, InputFileError
    from ..export.files import write_one
    from ..loader import expand_paths
    from ..turtle_format import format_text

    files = expand_paths(args.paths or default_paths())
    changed = {}
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputFileError(path, f"cannot read: {exc}") from None
        formatted = format_text(text, path)
        if formatted != text:
            changed[path] = formatted
    if args.check:
        for path in changed:
            print(f"would reformat {path}", file=sys.stderr)
        print(f"{len(changed)} of {len(files)} files would be reformatted", file=sys.stderr)
        return EXIT_INVALID if changed else EXIT_OK
    for path, formatted in changed.items():
        write_one(path, formatted.encode("utf-8"))
        print(f"reformatted {path}", file=sys.stderr)
    print(f"{len(changed)} of {len(files)} files reformatted", file=sys.stderr)
    return EXIT_OK
