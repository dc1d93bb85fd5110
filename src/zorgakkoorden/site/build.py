"""`zorgakkoorden build`: check the graph, then write the static site in one go.

The site (every page works from disk, with no network):

- ``index.html``: what the accords are, the graph in numbers, where to start;
- ``views.html`` and ``views/*.html``: the interactive graph views and the overlap view;
- ``matrix-coverage.html`` (theme x accord) and ``matrix-responsibility.html`` (party x accord);
- ``queries/index.html`` and one page per catalogue query (SPARQL, documentation, results);
- ``entities/*.html``: one page per entity with every statement about it and its sources;
- ``sources.html``: the source documents;
- ``ontology/index.html`` (pyLODE) and ``ontology/shapes.html`` (the SHACL shapes);
- ``downloads.html`` and ``downloads/``: the graph as Turtle, JSON-LD and GraphML.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import SiteGraphInvalidError
from .publish import StagingFolder


@dataclass
class BuildResult:
    """What a build wrote.

    Attributes:
        out: the site folder.
        files: the site-relative paths written, sorted.
        steps: (step name, seconds) in order.
    """

    out: Path
    files: list[str]
    steps: list[tuple[str, float]] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return sum(1 for f in self.files if f.endswith(".html"))

    @property
    def seconds(self) -> float:
        return sum(s for _, s in self.steps)


class Progress:
    """Prints each step of the build on one line: ``[3/9] entity pages ... 212 pages (0.4 s)``.

    Args:
        total: how many steps there are.
        stream: where to print (``None``: print nothing).
    """

    def __init__(self, total: int, stream=sys.stdout):
        self.total = total
        self.stream = stream
        self.index = 0
        self.steps: list[tuple[str, float]] = []

    def note(self, name: str, text: str) -> None:
        """A step that starts now and ends later (reported by a later :meth:`run`)."""
        self.index += 1
        if self.stream is not None:
            print(f"[{self.index}/{self.total}] {name} ... {text}", file=self.stream, flush=True)

    def run(self, name: str, func: Callable[[], Any], describe: Callable[[Any], str] | None = None) -> Any:
        """Run one step, timing it and printing its outcome.

        Args:
            name: what the step does, e.g. ``"loading the graph"``.
            func: the step.
            describe: turns the step's result into a few words for the terminal.
        """
        self.index += 1
        if self.stream is not None:
            print(f"[{self.index}/{self.total}] {name} ...", end="", file=self.stream, flush=True)
        start = time.perf_counter()
        try:
            result = func()
        except BaseException:
            if self.stream is not None:
                print(" failed", file=self.stream, flush=True)
            raise
        seconds = time.perf_counter() - start
        self.steps.append((name, seconds))
        if self.stream is not None:
            detail = describe(result) if describe else "done"
            print(f" {detail} ({seconds:.1f} s)", file=self.stream, flush=True)
        return result


def _static_files() -> dict[str, bytes]:
    """The site's own assets (CSS), shipped in this package."""
    folder = resources.files("zorgakkoorden.site") / "static"
    return {f"assets/{item.name}": item.read_bytes() for item in sorted(folder.iterdir(), key=lambda i: i.name) if item.is_file()}


ONTOLOGY_NAV = [("../index.html", "zorgakkoorden"), ("index.html", "Ontology"), ("shapes.html", "Shapes"),
                ("../entities/index.html", "Entities"), ("../queries/index.html", "Queries"),
                ("../downloads.html", "Downloads")]


def build_site(
    out: Path | str,
    *,
    extra: Sequence[Path | str] = (),
    store: str | None = None,
    stream=sys.stdout,
    focus_depth: int = 1,
    jobs: int | None = None,
) -> BuildResult:
    """Check the graph, then write the whole static site into ``out`` (replaced atomically).

    Args:
        out: the site folder; an existing one is replaced only if a previous build wrote it.
        extra: one's own Turtle files or folders, read after the graph (and checked with it).
        store: the store to load into: ``"memory"``, ``"oxigraph"``, or None for Oxigraph where it
            is installed (extra ``fast``), else memory.
        stream: where progress goes (``None`` for silence).
        focus_depth: how many steps deep the per-accord neighbourhood views go.
        jobs: 1 to run the checks, pyLODE's page, the graph views and the RDF downloads in
            processes beside the main one (the default on two or more cores), 0 to do everything
            in this process, in order; the site is the same either way.

    Returns:
        A :class:`BuildResult`.

    Raises:
        SiteGraphInvalidError: the graph does not pass the checks (exit code 1); nothing is written.
    """
    import pickle

    from ..paths import ontology_file
    from . import checks, pages
    from .worker import Job, default_jobs

    background = bool(default_jobs() if jobs is None else jobs)
    alongside = " (made alongside)" if background else ""
    out = Path(out)
    store = store or pages.default_store()
    progress = Progress(total=14, stream=stream)
    started: list[Job] = []
    with StagingFolder(out) as staging:
        try:
            check = Job("check", background, extra=[str(p) for p in extra], store=store) if background else None
            ontology = Job("ontology", background, ontology_file=str(ontology_file()), nav_links=ONTOLOGY_NAV)
            started += [job for job in (check, ontology) if job is not None]

            def gate_if_done() -> None:
                """Stop at once when the checks, running alongside, have found the graph invalid."""
                if check is not None and check.done():
                    checks.gate(check.result())

            kg = progress.run("loading the graph", lambda: pages.load_graph(extra, store),
                              lambda kg: f"{len(kg)} triples from {len(kg.files)} files ({kg.store} store)")
            if check is None:
                progress.run("checking it (shapes, integrity, quality queries)", lambda: checks.check_graph(kg), lambda r: r)
            else:
                progress.note("checking it (shapes, integrity, quality queries)", "running alongside; nothing is put in place unless it passes")
            snapshot = progress.run("copying it into memory (sorted)", lambda: pages.memory_snapshot(kg),
                                    lambda g: f"{len(g)} triples")
            G = progress.run("networkx graph (for the views)", lambda: _networkx(pages.memory_view(kg, snapshot)),
                             lambda G: f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
            from .model import entity_pages

            views = Job("views", background, graph_pickle=pickle.dumps(G, protocol=pickle.HIGHEST_PROTOCOL),
                        out=str(staging.path), focus_depth=focus_depth, pages=entity_pages(snapshot))
            rdf = Job("rdf", background, triples=list(snapshot), out=str(staging.path))
            started += [views, rdf]
            gate_if_done()
            site = progress.run("reading entities and statements",
                                lambda: pages.Site(kg, staging.path, snapshot=snapshot, focus_depth=focus_depth),
                                lambda s: s.summary())
            gate_if_done()
            progress.run("index, entity and source pages", site.write_core_pages, _pages)
            gate_if_done()
            progress.run("query pages (running the catalogue)", site.write_query_pages, _pages)
            progress.run("coverage and responsibility matrices", site.write_matrices, _pages)
            if check is not None:
                progress.run("checks", lambda: checks.gate(check.result()), lambda r: r)
            rdf_files = progress.run(f"downloads: Turtle and JSON-LD{alongside}", rdf.result, lambda r: _files(len(r)))
            rendered = progress.run(f"graph views, overlap view and GraphML{alongside}", views.result,
                                    lambda r: _pages(sum(1 for f in r["files"] if f.endswith(".html"))))
            site.write_views_page(rendered)
            site.write_downloads_page(rdf_files + rendered["downloads"])
            pylode_page = progress.run(f"ontology documentation (pyLODE){alongside}", ontology.result,
                                       lambda page: f"{len(page) // 1024} KiB")
            progress.run("shapes page", lambda: site.write_ontology_docs(pylode_page), _pages)
            for rel, data in _static_files().items():
                site.writer.bytes(rel, data)
            progress.run(f"putting the site in place: {staging.out}", staging.publish,
                         lambda p: f"{len(site.writer.written)} files")
        finally:
            for job in started:
                job.stop()
        return BuildResult(out=staging.out, files=sorted(site.writer.written), steps=progress.steps)


def _networkx(kg):
    from ..export.networkx_export import to_networkx

    return to_networkx(kg)


def _pages(count: int) -> str:
    return f"{count} page{'s' if count != 1 else ''}"


def _files(count: int) -> str:
    return f"{count} file{'s' if count != 1 else ''}"


__all__ = ["BuildResult", "SiteGraphInvalidError", "Progress", "build_site", "__version__"]
