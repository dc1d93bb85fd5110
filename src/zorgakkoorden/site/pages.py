"""The steps of a build: each writes one part of the site through the :class:`SiteWriter`."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .. import __version__
from ..namespaces import ZK, bind_prefixes
from ..paths import ontology_file, shapes_file
from .matrices import coverage_matrix, responsibility_matrix
from .model import Ref, SiteModel
from .render import SiteWriter

DATE_PROPERTIES = ("signingDate", "publicationDate", "startDate", "endDate", "dateText")


def default_store() -> str:
    """The store a build uses when none is named: Oxigraph where it is installed (extra ``fast``:
    the catalogue runs about ten times faster), else rdflib's memory store."""
    import importlib.util

    return "oxigraph" if importlib.util.find_spec("oxrdflib") is not None else "memory"


def load_graph(extra: Sequence[Path | str], store: str | None):
    """Load the ontology, the graph and one's own files (the first step of a build).

    Args:
        extra: one's own Turtle files or folders.
        store: ``memory``, ``oxigraph`` or None (see :func:`default_store`).
    """
    from ..loader import load

    return load(extra=extra, store=store or default_store(), track_files=True)


def memory_snapshot(kg) -> Graph:
    """The graph copied into rdflib's memory store, triples added in a fixed order.

    The pages read it with many small look-ups (fast in memory, whatever store the graph is
    on), and the downloads are serialised from it, so the same graph always gives the same
    files. Blank nodes, where there are any, get canonical names (rdflib.compare).

    Args:
        kg: the loaded knowledge graph.
    """
    from rdflib import BNode
    from rdflib.compare import to_canonical_graph

    triples = list(kg.graph)
    if any(isinstance(term, BNode) for triple in triples for term in triple):
        triples = list(to_canonical_graph(triples))
    graph = Graph()
    bind_prefixes(graph)
    for triple in sorted(triples, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3())):
        graph.add(triple)
    return graph


RDF_DOWNLOADS = (
    ("downloads/zorgakkoorden.ttl", "turtle", "Turtle", "the whole graph (vocabulary, graph, derived triples)"),
    ("downloads/zorgakkoorden.jsonld", "json-ld", "JSON-LD", "the same triples as JSON-LD, compacted with our prefixes"),
)


def write_rdf_downloads(triples: list, out: Path) -> list[tuple[str, str, str, int]]:
    """Write the graph as Turtle and JSON-LD into the site folder (a job of the build).

    Args:
        triples: the triples of :func:`memory_snapshot`, in its order.
        out: the (temporary) site folder.

    Returns:
        (site path, format, what it holds, size) per file.
    """
    from ..namespaces import PREFIXES

    graph = Graph()
    bind_prefixes(graph)
    for triple in triples:
        graph.add(triple)
    written = []
    for rel, fmt, label, about in RDF_DOWNLOADS:
        if fmt == "json-ld":
            text = graph.serialize(format="json-ld", context={p: str(ns) for p, ns in PREFIXES.items()})
            data = json.dumps(_sorted_json(json.loads(text)), indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8") + b"\n"
        else:
            data = graph.serialize(format=fmt).encode("utf-8")
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append((rel, label, about, len(data)))
    return written


def _sorted_json(value, key: str = ""):
    """JSON-LD with every unordered array sorted (rdflib writes some in hash order); ``@list``
    arrays keep their order."""
    if isinstance(value, dict):
        return {k: _sorted_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        if key == "@list":
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def memory_view(kg, snapshot: Graph):
    """A KnowledgeGraph over the memory snapshot (for code that iterates the whole graph)."""
    from ..knowledge_graph import KnowledgeGraph

    return KnowledgeGraph(snapshot, files=kg.files, store="memory", derived=kg.derived)


@dataclass(frozen=True)
class Download:
    path: str
    name: str
    format: str
    size: str
    about: str
    size_nl: str = ""
    about_nl: str = ""


# what each download holds, in Dutch (the jobs describe them in English)
DOWNLOADS_NL = {
    "downloads/zorgakkoorden.ttl": "de hele graaf (woordenlijst, gegevens, afgeleide tripels)",
    "downloads/zorgakkoorden.jsonld": "dezelfde tripels als JSON-LD, met onze voorvoegsels",
    "downloads/zorgakkoorden.graphml": "de graaf als knopen en lijnen (namen, klassen, bronnen), voor Gephi, yEd of Cytoscape",
    "downloads/overlap.graphml": "de overlap: akkoorden en programma's, lijnen gewogen naar wat ze delen",
}


def _human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KiB"
    return f"{size / 1024 / 1024:.1f} MiB"


def _anchor(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "x"


class Site:
    """Everything a build writes, step by step.

    Args:
        kg: the loaded (and checked) knowledge graph.
        out: the (temporary) folder to write into.
        snapshot: the graph copied into memory by :func:`memory_snapshot` (made here if not given).
        focus_depth: depth of the per-framework neighbourhood views.
    """

    def __init__(self, kg, out: Path, *, snapshot: Graph | None = None, focus_depth: int = 1):
        self.kg = kg
        self.snapshot = snapshot if snapshot is not None else memory_snapshot(kg)
        self.model = SiteModel(kg, self.snapshot)
        self.focus_depth = focus_depth
        self.counts = self._counts()
        self.query_count = 0
        self.answers: dict = {}
        self.downloads: list[Download] = []
        self.matrices: dict = {}
        self.writer = SiteWriter(out, {"version": __version__, "counts": self.counts, "section": ""})

    def summary(self) -> str:
        c = self.counts
        return f"{c['entities']} entities, {c['statements']} statements, {c['sources']} sources"

    def _counts(self) -> dict[str, int]:
        model = self.model
        return {
            "triples": len(self.kg),
            "entities": len(model.entities),
            "statements": len(model.statements),
            "links": sum(1 for s in model.statements if s.kind == "link"),
            "sources": len(model.members(ZK.SourceDocument)),
            "conflicts": len(model.members(ZK.Conflict)),
        }

    # ------------------------------------------------------------ index, entities, sources

    def _frameworks(self) -> list[dict]:
        model = self.model
        graph = self.kg.graph
        from rdflib.namespace import RDFS

        roles = {str(p) for p in graph.transitive_subjects(RDFS.subPropertyOf, ZK.hasRoleIn)} | {str(ZK.funds)}
        date_props = {str(ZK[p]) for p in DATE_PROPERTIES}
        from .profile import framework_state

        rows = []
        all_frameworks = {e.ref.iri for e in model.members(ZK.PolicyFramework)}
        for e in model.members(ZK.PolicyFramework):
            status, continued = framework_state(e, all_frameworks)
            themes = {s.value.ref.iri for s in e.outgoing if s.predicate.iri == str(ZK.addressesTheme) and s.value.ref}
            parties = {s.value.ref.iri for s in e.outgoing if s.predicate.iri == str(ZK.signedBy) and s.value.ref}
            parties |= {s.subject.iri for s in e.incoming if s.predicate.iri in roles}
            dates = sorted(
                ({"predicate": s.predicate, "value": s.value, "sources": s.sources, "conflict": s.conflict}
                 for s in e.outgoing if s.predicate.iri in date_props),
                key=lambda d: (d["value"].datatype.startswith("@"), d["value"].text, d["predicate"].iri),
            )
            kind = e.classes[0] if e.classes else Ref("", "")
            rows.append(
                {"ref": e.ref, "kind": kind, "dates": dates, "themes": len(themes), "parties": len(parties),
                 "status": status, "continued": continued,
                 "sources": e.sources, "descriptions": dict(e.descriptions), "order": kind.label_en or kind.label}
            )
        order = {"accord": 0, "programme": 1, "agenda": 2}
        rows.sort(key=lambda r: (order.get(r["order"], 3), r["ref"].short.casefold(), r["ref"].iri))
        return rows

    def _class_groups(self) -> list[dict]:
        groups: dict[str, dict] = {}
        for e in self.model.entities:
            cls = e.classes[0] if e.classes else Ref("", "(no class)")
            group = groups.setdefault(cls.iri, {"cls": cls, "members": [], "anchor": _anchor(cls.iri.rsplit("/", 1)[-1] or cls.label)})
            group["members"].append(e)
        return sorted(groups.values(), key=lambda g: (g["cls"].label.casefold(), g["cls"].iri))

    def write_core_pages(self) -> int:
        """index.html (with the search "Waar valt het onder?"), analysts.html, entities/index.html,
        one page per entity (the frameworks' profiles come later, with their views), sources.html."""
        from markupsafe import Markup

        from .profile import entity_profile
        from .search import WhereItFalls, index_json, minisearch_js, search_index, search_js

        w = self.writer
        groups = self._class_groups()
        class_counts = [{"cls": g["cls"], "count": len(g["members"]), "anchor": g["anchor"]} for g in groups]
        self.where = WhereItFalls(self.model)
        mini, own = minisearch_js(), search_js()
        w.page("index.html", "index.html", title=("De landelijke zorgakkoorden", "The Dutch national health-care accords"),
               section="", frameworks=self._frameworks(), inline_scripts=(mini, own),
               search_data=Markup(index_json(search_index(self.model, self.where))),
               minisearch_js=Markup(mini), search_js=Markup(own))
        w.page("analysts.html", "analysts.html", title=("Voor analisten", "For analysts"), section="analysts",
               class_counts=class_counts, query_count=self._catalogue_size())
        w.page("entities/index.html", "entities.html", title=("Alles op een rij", "Everything A-Z"), section="entities",
               groups=groups, total=len(self.model.entities))
        frameworks = {e.ref.iri for e in self.model.members(ZK.PolicyFramework)}
        for e in self.model.entities:
            if e.ref.iri in frameworks:
                continue  # written by write_profiles, once the focus views are known
            w.page(e.ref.page, "entity.html", owner=f"the entity <{e.ref.iri}>", title=(e.ref.label, e.ref.label_en or e.ref.label), section="entities",
                   entity=e, profile=entity_profile(self.model, e, self.where))
        sources = []
        for e in self.model.members(ZK.SourceDocument):
            kind = next((self.model.ref(k) for k in sorted(self.kg.graph.objects(self._node(e.ref.iri), ZK.sourceKind))), None)
            sources.append({"entity": e, "kind": kind})
        sources.sort(key=lambda s: (s["entity"].ref.number or 10**9, s["entity"].ref.label.casefold(), s["entity"].ref.iri))
        w.page("sources.html", "sources.html", title=("Bronnen", "Sources"), section="sources", sources=sources)
        return 4 + len(self.model.entities) - len(frameworks)

    def write_profiles(self, focus: dict[str, str]) -> int:
        """The profile page of each accord, programme and agenda, with its focus view.

        Args:
            focus: framework IRI to the site path of its neighbourhood view.
        """
        from .profile import entity_profile

        count = 0
        for e in self.model.members(ZK.PolicyFramework):
            self.writer.page(e.ref.page, "entity.html", owner=f"the entity <{e.ref.iri}>", title=(e.ref.label, e.ref.label_en or e.ref.label),
                             section="entities", entity=e,
                             profile=entity_profile(self.model, e, self.where, focus=focus.get(e.ref.iri, "")))
            count += 1
        return count

    @staticmethod
    def _node(iri: str):
        from rdflib import URIRef

        return URIRef(iri)

    def _catalogue_size(self) -> int:
        from .queries import catalogue_entries

        return len(catalogue_entries())

    # ------------------------------------------------------------ matrices

    def answer(self, name: str, **params):
        """The rows of a catalogue query (run once; the query pages and the matrices share them)."""
        key = (name, tuple(sorted(params.items())))
        if key not in self.answers:
            self.answers[key] = self.kg.query(name, **params)
        return self.answers[key]

    def write_matrices(self) -> int:
        """matrix-coverage.html and matrix-responsibility.html, from the catalogue's answers."""
        from .queries import query_page_for

        coverage = coverage_matrix(self.model, self.answer("coverage"))
        self.writer.page(
            "matrix-coverage.html", "matrix.html", wide=True, title=("Thema's per akkoord", "Themes by accord"), section="coverage",
            title_nl="Thema's per akkoord: thema × akkoord", title_en="Themes by accord: theme × accord",
            intro_nl=("Welk thema valt onder welk akkoord, programma of welke agenda: een teken betekent dat een bewering "
                      "met bron ze verbindt, rechtstreeks of via een van de actielijnen van het akkoord. Elk teken verwijst "
                      "naar de bronnen erachter. Een thema met een lege rij wordt in de bronnen genoemd, maar aan geen "
                      "akkoord verbonden."),
            row_heading_nl="thema",
            intro=("Which theme falls under which accord, programme or agenda: a mark means a sourced statement ties "
                   "them together, directly or through one of the framework's action lines. Each mark links to the "
                   "sources behind it. A theme with an empty row is named in the sources but tied to no framework."),
            row_heading="theme", cols=coverage.cols, rows=coverage.rows, legend=coverage.legend,
            **query_page_for("coverage"),
        )
        responsibility = responsibility_matrix(self.model, self.answer("responsibility", lang="en"))
        self.writer.page(
            "matrix-responsibility.html", "matrix.html", wide=True, title=("Wie doet wat", "Who does what"), section="responsibility",
            title_nl="Wie doet wat: partij × akkoord", title_en="Who does what: party × accord",
            intro_nl=("Wie ondertekende, is partij bij, doet mee aan, is verantwoordelijk voor, zet in op of financiert welk "
                      "akkoord, programma of welke agenda. Een rol in een actielijn, of als verstrekker van een "
                      "financieringsinstrument, telt voor het akkoord en staat er \u201cvia\u201d bij. Elk teken verwijst naar "
                      "zijn bronnen."),
            row_heading_nl="partij",
            intro=("Who signed, is party to, takes part in, is responsible for, backs or funds which accord, programme "
                   "or agenda. A role in an action line, or as the provider of a funding instrument, counts for the "
                   "framework and is marked \u201cvia\u201d it. Each mark links to its sources."),
            row_heading="party", cols=responsibility.cols, rows=responsibility.rows, legend=responsibility.legend,
            **query_page_for("responsibility"),
        )
        self.matrices = {"coverage": coverage, "responsibility": responsibility}
        return 2

    # ------------------------------------------------------------ queries

    def write_query_pages(self) -> int:
        """queries/index.html and one page per catalogue query, with its results."""
        from .queries import write_query_pages

        count = write_query_pages(self.writer, self, self.model)
        self.query_count = count - 1
        return count

    # ------------------------------------------------------------ views

    def write_views_page(self, rendered: dict) -> int:
        """views.html, from what the views job wrote (see :func:`.views.render_views`)."""
        from .views import write_views_page

        count = write_views_page(self.writer, self.model, rendered, focus_depth=self.focus_depth)
        return count + self.write_profiles({node: path for path, node in rendered["focus"]})

    # ------------------------------------------------------------ ontology

    def write_ontology_docs(self, pylode_page: str) -> int:
        """ontology/index.html (pyLODE's page, made by the ontology job) and ontology/shapes.html."""
        from .ontology_doc import shapes_view

        self.writer.text("ontology/index.html", pylode_page)
        path = shapes_file()
        shapes = shapes_view(path) if path.is_file() else []
        self.writer.page("ontology/shapes.html", "shapes.html", title=("Regels (SHACL-vormen)", "Shapes"), section="ontology", shapes=shapes)
        self.writer.bytes("ontology/zorgakkoorden.ttl", ontology_file().read_bytes())
        if path.is_file():
            self.writer.bytes("ontology/shapes.ttl", path.read_bytes())
        return 2

    # ------------------------------------------------------------ downloads

    def write_downloads_page(self, files: list[tuple[str, str, str, int]]) -> int:
        """downloads.html, listing ``files`` (path, format, about, size) that the jobs wrote."""
        for rel, fmt, about, size in files:
            if rel not in self.writer.owners:
                self.writer.claim(rel, f"the download {rel}")
            human = _human_size(size)
            self.downloads.append(Download(rel, rel.rsplit("/", 1)[-1], fmt, human, about,
                                           human.replace(".", ","), DOWNLOADS_NL.get(rel, about)))
        self.writer.page("downloads.html", "downloads.html", title=("Downloads", "Downloads"), section="downloads",
                         downloads=self.downloads, extra_files=len(self.kg.files) > len(self._default_files()))
        return 1

    @staticmethod
    def _default_files():
        from ..loader import default_files

        return default_files()


def check_graph(kg) -> str:
    """Validate the graph; raise SiteGraphInvalidError (nothing is written) when it does not conform."""
    from .checks import check_graph as run

    return run(kg)

