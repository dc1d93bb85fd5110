"""`zorgakkoorden diff OLD NEW`: what changed in the knowledge, not in the text.

    zorgakkoorden diff main HEAD                       # two git revisions of graph/
    zorgakkoorden diff graph/ graph/ --data mine.ttl   # what my file adds to the graph
    zorgakkoorden diff old.ttl new.ttl --format md     # ready to paste in a pull request

Exit codes: 0 the graphs say the same, 1 they differ, 2 could not compare.
"""

from __future__ import annotations

import argparse
import sys


def add_parser(subparsers) -> None:
    """Register `diff`."""
    parser = subparsers.add_parser(
        "diff",
        help="what changed in the knowledge between two files, folders or git revisions",
        description=(
            "Compare two versions of the graph as graphs (statements matched by what they say, blank "
            "nodes by content) and list the changes by entity, in labels: entities added or removed, "
            "names and descriptions changed, facts added, removed or changed with their source and "
            "aspect, sources added; and what `check` says of NEW that it did not say of OLD. OLD and NEW "
            "are Turtle files, folders, or git revisions of this repository (their graph/)."
        ),
        epilog="Exit codes: 0 the same, 1 they differ, 2 could not compare.",
    )
    parser.add_argument("old", metavar="OLD", help="a Turtle file, a folder, or a git revision (main, HEAD~1, ...)")
    parser.add_argument("new", metavar="NEW", help="a Turtle file, a folder, or a git revision")
    parser.add_argument("--data", dest="paths", action="append", default=[], metavar="PATH",
                        help="a Turtle file or folder read with NEW (repeatable): what it adds to NEW")
    parser.add_argument("--format", choices=("text", "md", "json"), default="text",
                        help="text (default), md (Markdown for a pull request) or json")
    parser.add_argument("--no-check", action="store_true", help="do not run `check` on the two sides")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Compare and report; the exit code says whether the graphs differ."""
    from ..diff import diff_sides, render_json, render_md, render_text, resolve_side
    from ..errors import EXIT_INVALID, EXIT_OK

    old = resolve_side(args.old)
    try:
        new = resolve_side(args.new, extra=args.paths)
        try:
            result = diff_sides(old, new, run_check=not args.no_check)
        finally:
            new.cleanup()
    finally:
        old.cleanup()
    render = {"text": render_text, "md": render_md, "json": render_json}[args.format]
    sys.stdout.write(render(result))
    return EXIT_OK if result.same else EXIT_INVALID
