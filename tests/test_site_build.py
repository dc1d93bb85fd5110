"""`zorgakkoorden build`: the static site is complete, offline, deterministic and safe.

A crawler walks the built site from index.html and checks every internal link (and #fragment);
two builds in separate processes (with different hash seeds) give byte-identical folders; a graph
that does not validate gives exit 1 and writes nothing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data" / "site"

# attributes that load or link something, per tag
LINK_ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src", "source": "src",
              "embed": "src", "object": "data", "video": "src", "audio": "src", "track": "src", "form": "action"}
# tags whose URL the browser fetches by itself (unlike <a href>, which is only a link)
LOADING_TAGS = {"link", "script", "img", "iframe", "source", "embed", "object", "video", "audio", "track"}


class PageParser(HTMLParser):
    """Collects the ids, the links and the inline styles of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for key in ("id", "name"):
            if values.get(key) and (key == "id" or tag == "a"):
                self.ids.add(values[key])
        attr = LINK_ATTRS.get(tag)
        if attr and values.get(attr) is not None:
            self.links.append((tag, values[attr]))
        if values.get("style"):
            self.styles.append(values["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def parse_page(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def run_build(out: Path, *paths: Path, seed: str = "0", check: bool = True, jobs: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    if jobs is not None:
        env["ZORGAKKOORDEN_BUILD_JOBS"] = jobs
    result = subprocess.run(
        [sys.executable, "-m", "zorgakkoorden", "build", *map(str, paths), "--out", str(out)],
        capture_output=True, text=True, env=env,
    )
    if check:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = run_build(out, seed="1")
    assert "[1/" in result.stdout and "wrote" in result.stdout  # progress, step by step
    return out


@pytest.fixture(scope="module")
def pages(site) -> dict[str, PageParser]:
    return {p.relative_to(site).as_posix(): parse_page(p) for p in sorted(site.rglob("*.html"))}


def crawl(site: Path) -> tuple[set[str], list[str]]:
    """Follow every internal link from index.html; return the pages reached and the broken links."""
    seen: set[str] = set()
    broken: list[str] = []
    queue = ["index.html"]
    parsed: dict[str, PageParser] = {}

    def page(rel: str) -> PageParser:
        if rel not in parsed:
            parsed[rel] = parse_page(site / rel)
        return parsed[rel]

    fragments: list[tuple[str, str, str]] = []
    while queue:
        rel = queue.pop()
        if rel in seen:
            continue
        seen.add(rel)
        for tag, url in page(rel).links:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                continue  # a link to a public address (checked by test_no_page_loads_anything_from_outside)
            target_path, fragment = urldefrag(url)
            if target_path:
                target = (Path(rel).parent / unquote(target_path)).as_posix()
                target = os.path.normpath(target)
                if target.startswith(".."):
                    broken.append(f"{rel}: {url} leaves the site")
                    continue
                if not (site / target).is_file():
                    broken.append(f"{rel}: {url} -> {target} does not exist")
                    continue
            else:
                target = rel
            if target.endswith(".html"):
                queue.append(target)
                if fragment:
                    fragments.append((rel, url, target))
            elif fragment:
                broken.append(f"{rel}: {url} has a fragment on a non-HTML file")
    for rel, url, target in fragments:
        fragment = unquote(urldefrag(url)[1])
        if fragment not in page(target).ids:
            broken.append(f"{rel}: {url}: no id {fragment!r} in {target}")
    return seen, broken


def test_crawler_finds_no_broken_internal_link_and_reaches_every_page(site):
    reached, broken = crawl(site)
    assert not broken, "\n".join(broken[:30])
    every_page = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert every_page - reached == set(), sorted(every_page - reached)[:20]


def test_crawler_catches_a_broken_link(tmp_path):
    (tmp_path / "index.html").write_text('<a href="a.html#x">a</a> <a href="missing.html">m</a>', encoding="utf-8")
    (tmp_path / "a.html").write_text('<p id="y">a</p>', encoding="utf-8")
    _, broken = crawl(tmp_path)
    assert len(broken) == 2 and any("missing.html" in b for b in broken) and any("no id 'x'" in b for b in broken)


def test_site_has_every_part(site, pages):
    from zorgakkoorden.query.catalogue import load_catalogue

    for rel in ("index.html", "views.html", "views/overlap.html", "views/graph.html", "matrix-coverage.html",
                "matrix-responsibility.html", "queries/index.html", "entities/index.html", "sources.html",
                "ontology/index.html", "ontology/shapes.html", "downloads.html", "downloads/zorgakkoorden.ttl",
                "downloads/zorgakkoorden.jsonld", "downloads/zorgakkoorden.graphml"):
        assert (site / rel).is_file(), rel
    for name in load_catalogue():
        assert f"queries/{name}.html" in pages, name
    index = (site / "index.html").read_text(encoding="utf-8")
    for name in ("Integraal Zorgakkoord", "Gezond en Actief Leven Akkoord", "WOZO", "TAZ"):
        assert name in index


def test_query_pages_show_hints_and_whole_answers_for_optional_parameters(site):
    page = (site / "queries" / "where-does-it-fall.html").read_text(encoding="utf-8")
    assert "When it finds nothing" in page
    assert '<a href="funding.html"><code>funding</code></a>' in page and "zk:FundingInstrument" in page
    # an optional parameter is left out on the site: the links page shows every link
    links = (site / "queries" / "links.html").read_text(encoding="utf-8")
    assert "optional: left out, the query answers for all" in links
    assert "--param framework=" not in links
    import zorgakkoorden

    every = len(zorgakkoorden.load().query("links"))
    note = next(n for n in re.findall(r'<p class="results-note">(.*?)</p>', links, re.S) if "rijen" in n)
    assert re.search(rf"\b{every}\b", re.sub(r"<[^>]+>", " ", note)), note
    assert "rijen" in note and "rows" in note  # Dutch first, English on the switch


def test_query_pages_describe_the_query_in_dutch_with_the_english_on_the_switch(site):
    from markupsafe import escape

    from zorgakkoorden.query.catalogue import load_catalogue

    catalogue = load_catalogue()
    for query in catalogue.values():
        page = (site / "queries" / f"{query.name}.html").read_text(encoding="utf-8")
        assert "(Toelichting in het Engels.)" not in page, query.name
        main = re.search(r"<main[^>]*>(.*?)</main>", page, re.S).group(1)
        described = re.search(r'<p class="query-description">(.*?)</p>', main, re.S)
        assert described, query.name
        assert (f'<span class="l-nl">{escape(query.description_nl)}</span>'
                f'<span class="l-en" lang="en">{escape(query.description)}</span>') == described.group(1), query.name
    overlap = (site / "queries" / "overlap.html").read_text(encoding="utf-8")
    assert '<span class="l-nl">Wat twee akkoorden, programma' in overlap
    assert '<span class="l-en" lang="en">What two accords, programmes or agendas share' in overlap


def test_no_page_loads_anything_from_outside(site, pages):
    """Only <a href> may point to a public address; nothing a browser fetches by itself may."""
    for rel, parsed in pages.items():
        for tag, url in parsed.links:
            if tag in LOADING_TAGS:
                assert not urlsplit(url).scheme or url.startswith("data:"), f"{rel}: <{tag}> loads {url}"
                assert not url.startswith("//"), f"{rel}: <{tag}> loads {url}"
        for css in parsed.styles:
            assert not re.search(r"@import|url\(\s*['\"]?(?:https?:)?//", css), f"{rel}: CSS loads from outside"
    for css_file in site.rglob("*.css"):
        text = css_file.read_text(encoding="utf-8")
        assert not re.search(r"@import|url\(\s*['\"]?(?:https?:)?//", text), css_file


def test_two_builds_are_byte_identical(site, tmp_path):
    again = tmp_path / "again"
    run_build(again, seed="2")
    first, second = tree(site), tree(again)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert not different, different[:10]


def test_a_build_in_one_process_equals_the_parallel_one(site, tmp_path):
    serial = tmp_path / "serial"
    result = run_build(serial, seed="3", jobs="0")
    assert "alongside" not in result.stdout
    first, second = tree(site), tree(serial)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_coverage_matrix_shows_the_sources_answer(site):
    """Prevention (preventie) falls under IZA and GALA, each mark linked to its sources."""
    html = (site / "matrix-coverage.html").read_text(encoding="utf-8")
    row = re.search(r"<tr>\s*<th class=\"row\" scope=\"row\"><a href=\"entities/theme-preventie.html\".*?</tr>", html, re.S)
    assert row, "no row for the theme preventie"
    head = re.search(r"<thead>.*?</thead>", html, re.S).group(0)
    columns = [re.sub(r"<strong>([^<]*)</strong>.*", r"\1", c, flags=re.S)
               for c in re.findall(r'<th class="col" scope="col">.*?<span class="col-name">(.*?)</span></(?:a|th)>', head, re.S)]
    cells = re.findall(r"<td class=\"(hit|miss)\">(.*?)</td>", row.group(0), re.S)
    marked = {columns[i] for i, (kind, _) in enumerate(cells) if kind == "hit"}
    assert {"IZA", "GALA"} <= marked, marked
    for kind, cell in cells:
        if kind == "hit":
            assert 'class="src" href="entities/source-' in cell


def test_responsibility_matrix_names_signatories_with_sources(site):
    html = (site / "matrix-responsibility.html").read_text(encoding="utf-8")
    assert '<span class="mark mark-S"' in html  # someone signed something
    assert 'href="entities/vws.html"' in html
    assert html.count('class="src"') > 10


def test_ontology_documents_every_term_in_both_languages(site, pages):
    from rdflib import Graph
    from rdflib.namespace import RDFS, SKOS

    from zorgakkoorden.paths import ontology_file
    from zorgakkoorden.site.ontology_doc import documented_terms, local_name

    ontology = Graph().parse(ontology_file())
    page = pages["ontology/index.html"]
    html = (site / "ontology" / "index.html").read_text(encoding="utf-8")
    terms = documented_terms(ontology)
    assert len(terms) > 60
    for term in terms:
        assert local_name(term) in page.ids, term
        for prop in (RDFS.label, SKOS.definition):
            for lang in ("nl", "en"):
                values = [str(v) for v in ontology.objects(term, prop) if getattr(v, "language", None) == lang]
                assert values, (term, prop, lang)
                from html import escape

                assert escape(values[0], quote=False) in html.replace("\\", ""), (term, prop, lang)


def test_shapes_page_lists_every_shape(site):
    from zorgakkoorden.paths import shapes_file
    from zorgakkoorden.site.ontology_doc import shapes_view

    html = (site / "ontology" / "shapes.html").read_text(encoding="utf-8")
    shapes = shapes_view(shapes_file())
    assert shapes
    for shape in shapes:
        assert f'id="{shape.anchor}"' in html


def test_downloads_parse_back(site):
    import networkx as nx
    from rdflib import Graph

    import zorgakkoorden
    from zorgakkoorden.site.pages import default_store

    kg = zorgakkoorden.load(store=default_store(), track_files=False)
    turtle = Graph().parse(site / "downloads" / "zorgakkoorden.ttl", format="turtle")
    jsonld = Graph().parse(site / "downloads" / "zorgakkoorden.jsonld", format="json-ld")
    assert len(turtle) == len(kg.graph) == len(jsonld)
    graphml = nx.read_graphml(site / "downloads" / "zorgakkoorden.graphml")
    assert graphml.number_of_nodes() > 100


def test_text_from_the_graph_is_escaped(tmp_path):
    out = tmp_path / "site"
    run_build(out, DATA / "hostile.ttl")
    page = (out / "entities" / "theme-hostile-label.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img src=x" not in page
    assert "<script>alert" not in page
    for html in out.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "<img src=x" not in text and "<script>alert(" not in text, html
        assert 'href="javascript:' not in text, html


def test_build_with_an_analysts_own_file(tmp_path):
    """examples/een-tegen-eenzaamheid.ttl (an analyst's own file, made from a table) appears on the site."""
    out = tmp_path / "site"
    run_build(out, TESTS.parent / "examples" / "een-tegen-eenzaamheid.ttl")
    assert (out / "entities" / "een-tegen-eenzaamheid.html").is_file()
    assert 'href="entities/een-tegen-eenzaamheid.html"' in (out / "index.html").read_text(encoding="utf-8")
    responsibility = (out / "matrix-responsibility.html").read_text(encoding="utf-8")
    assert 'href="entities/een-tegen-eenzaamheid.html"' in responsibility  # VWS is responsible for it
    _, broken = crawl(out)
    assert not broken, broken[:10]


def test_invalid_graph_writes_nothing_and_exits_1(tmp_path):
    out = tmp_path / "site"
    result = run_build(out, DATA / "invalid.ttl", check=False)
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]
    assert "does not validate" in result.stderr
    assert "invalid.ttl" in result.stdout + result.stderr  # the report names the file
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary folder left behind


def test_invalid_graph_leaves_the_previous_site_as_it_was(site, tmp_path):
    out = tmp_path / "site"
    run_build(out)
    before = tree(out)
    result = run_build(out, DATA / "invalid.ttl", check=False)
    assert result.returncode == 1
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("my own notes", encoding="utf-8")
    result = run_build(out, check=False)
    assert result.returncode == 2
    assert "refusing to replace" in result.stderr
    assert (out / "notes.txt").read_text(encoding="utf-8") == "my own notes"
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_syntax_error_in_an_extra_file_exits_2_and_names_the_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix zk: <https://w3id.org/zorgakkoorden/def/> .\nzk:a zk:b \"unterminated .\n", encoding="utf-8")
    out = tmp_path / "site"
    result = run_build(out, bad, check=False)
    assert result.returncode == 2
    assert "bad.ttl:" in result.stderr
    assert not out.exists()


def test_an_entity_page_never_replaces_the_sites_own_page(tmp_path):
    """Issue 11, defect 8: ``zid:index`` once replaced entities/index.html. It now has a page of
    its own, linked from the index, which stays the index."""
    from zorgakkoorden.site.model import hashed_slug

    out = tmp_path / "site"
    run_build(out, DATA / "colliding.ttl")
    index = (out / "entities" / "index.html").read_text(encoding="utf-8")
    assert "Thema met de naam index</h1>" not in index
    assert index.count('href="../entities/') > 100  # still the list of every entity
    page = f"{hashed_slug('https://w3id.org/zorgakkoorden/id/index')}.html"
    assert "Thema met de naam index" in (out / "entities" / page).read_text(encoding="utf-8")
    assert f'entities/{page}"' in index
    _, broken = crawl(out)
    assert not broken, broken[:10]


def test_entity_page_names_never_collide_after_slugging():
    """``zid:term-foo`` and the vocabulary individual ``zk:foo`` both slug to ``term-foo``: each
    gets a page of its own, whatever the order; a reserved name is never given out."""
    from rdflib import URIRef

    from zorgakkoorden.site.model import assign_pages

    iris = [URIRef("https://w3id.org/zorgakkoorden/id/term-foo"), URIRef("https://w3id.org/zorgakkoorden/def/foo"),
            URIRef("https://w3id.org/zorgakkoorden/id/index"), URIRef("https://w3id.org/zorgakkoorden/id/iza")]
    pages = assign_pages(iris)
    assert pages == assign_pages(list(reversed(iris)))
    assert len(set(pages.values())) == len(iris)
    assert "entities/index.html" not in pages.values()
    assert pages[iris[3]] == "entities/iza.html"


def test_two_things_writing_one_file_fail_the_build_with_exit_2(tmp_path, monkeypatch, capsys):
    """Should two entities ever get one page name, the build stops with a clear message and
    exit code 2, and nothing is put in place."""
    from zorgakkoorden.cli.main import main
    from zorgakkoorden.site import model

    monkeypatch.setenv("ZORGAKKOORDEN_BUILD_JOBS", "0")
    monkeypatch.setattr(model, "assign_pages", lambda iris: {iri: "entities/same.html" for iri in iris})
    out = tmp_path / "site"
    code = main(["build", "--out", str(out), "--quiet", "--store", "memory"])
    err = capsys.readouterr().err
    assert code == 2
    assert "entities/same.html" in err and "would both be written" in err
    assert "Traceback" not in err
    assert not out.exists()
