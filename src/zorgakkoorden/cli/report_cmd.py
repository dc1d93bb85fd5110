"""`zorgakkoorden report`: which themes and parties bridge the most accords, and the communities."""

from __future__ import annotations

import argparse
import json
import sys

from .common import add_load_arguments

KIND_TITLES = {
    "theme": ("Verbindende thema's", "Bridging themes"),
    "party": ("Verbindende partijen", "Bridging parties"),
    "intervention": ("Verbindende interventies", "Bridging interventions"),
    "target_group": ("Verbindende doelgroepen", "Bridging target groups"),
    "funding": ("Verbindende financiering", "Bridging funding"),
}


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "report",
        help="print which themes and parties bridge the most accords and programmes, and their communities",
        description=(
            "Analytics on the graph of the accords and programmes and the items they have (themes, parties, "
            "interventions, target groups, funding; an item of an action line or goal counts for its "
            "framework): the items that connect the most frameworks, with their betweenness in that "
            "bipartite graph, and its communities (Louvain, fixed seed)."
        ),
    )
    parser.add_argument("--top", type=int, default=10, metavar="N", help="how many items per kind (default: 10)")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl",
                        help="language of the report, its labels and headings: nl (default) or en, as `query run --lang`")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    add_load_arguments(parser, endpoint=False)
    parser.set_defaults(run=run)


def _decimal(value: float, lang: str) -> str:
    """``0.039`` (en) or ``0,039`` (nl)."""
    text = f"{value:.3f}"
    return text.replace(".", ",") if lang == "nl" else text


def _name(label: str, abbreviation: str) -> str:
    return f"{abbreviation} ({label})" if abbreviation else label


def run(args: argparse.Namespace) -> int:
    from ..errors import EXIT_ERROR
    from ..export.networkx_export import analytics, curie, frameworks, to_networkx
    from .common import load_from_args

    if args.top < 1:
        print("zorgakkoorden: error: --top must be 1 or more", file=sys.stderr)
        return EXIT_ERROR
    if args.store.startswith("endpoint"):
        print("zorgakkoorden: error: report reads the whole graph: use --store memory or oxigraph", file=sys.stderr)
        return EXIT_ERROR
    G = to_networkx(load_from_args(args))
    result = analytics(G)
    if args.format == "json":
        sys.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, sort_keys=True, indent=1) + "\n")
        return 0
    i = 0 if args.lang == "nl" else 1
    key = f"label_{args.lang}"

    def short(n: str) -> str:
        return G.nodes[n].get("abbreviation") or G.nodes[n][key]

    fws = frameworks(G)
    shared = [b for b in result.bridges if len(b.frameworks) > 1]
    if i:
        out = [(f"{len(fws)} frameworks, {len(result.bridges)} items they have, "
                f"{len(shared)} of them shared by two or more")]
    else:
        out = [(f"{len(fws)} akkoorden, programma's en agenda's, {len(result.bridges)} onderwerpen die ze hebben, "
                f"waarvan {len(shared)} gedeeld door twee of meer")]
    if result.sampled:
        out.append("(betweenness estimated from a sample of 500 nodes, fixed seed)" if i else
                   "(tussenpositie geschat uit een steekproef van 500 knopen, vaste seed)")
    out.append("Betweenness: how often an item lies on the shortest path between two frameworks (higher: it connects more)."
               if i else "Tussenpositie: hoe vaak een onderwerp op de kortste weg tussen twee akkoorden ligt (hoger: het verbindt meer).")
    for kind, titles in KIND_TITLES.items():
        top = [b for b in result.top(kind, args.top) if len(b.frameworks) > 1]
        if not top:
            continue
        out.append("")
        out.append(f"{titles[i]} (frameworks, betweenness):" if i else f"{titles[i]} (akkoorden, tussenpositie):")
        for rank, b in enumerate(top, 1):
            label = b.label_nl if args.lang == "nl" else b.label_en
            out.append(f"{rank:3d}. {label} [{curie(b.iri)}]: {len(b.frameworks)} "
                       f"({', '.join(sorted(short(f) for f in b.frameworks))}), {_decimal(b.betweenness, args.lang)}")
    if result.communities:
        out.append("")
        out.append("Communities:" if i else "Gemeenschappen:")
        alone = []
        rank = 0
        for members in result.communities:
            fw = [short(m) for m in members if m in set(fws)]
            items = [G.nodes[m][key] for m in members if m not in set(fws)]
            if len(members) == 1:
                alone.extend(fw or items)
                continue
            rank += 1
            shown = ", ".join(items[:8]) + (f", ... (+{len(items) - 8})" if len(items) > 8 else "")
            out.append(f"{rank:3d}. {', '.join(fw) or '-'}: {shown or '-'}")
        if alone:
            out.append(("     sharing nothing: " if i else "     delen niets: ") + ", ".join(sorted(alone)))
    sys.stdout.write("\n".join(out) + "\n")
    return 0
