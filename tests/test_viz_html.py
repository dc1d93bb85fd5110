"""The HTML views, read as text: offline, safe, deterministic, and the `viz` command."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter
from html import unescape

import pytest
from conftest import DATA

from zorgakkoorden.cli.main import main
from zorgakkoorden.errors import OutputError
from zorgakkoorden.export import networkx_export as nxe
from zorgakkoorden.export import pyvis_html as ph
from zorgakkoorden.export.files import write_all

SMALL = DATA / "viz" / "small.ttl"
ZID = "https://w3id.org/zorgakkoorden/id/"
HOSTILE = "<img src=x onerror=alert(1)>"
URL = re.compile(r"https?://[^\s\"'<>)\\]*")


@pytest.fixture(scope="module")
def G():
    import zorgakkoorden

    return nxe.to_networkx(zorgakkoorden.load(extra=[SMALL], include_graph=False))


@pytest.fixture(scope="module")
def views(G):
    return [ph.graph_view(G), ph.overlap_view(G, "en"), ph.neighbourhood_view(G, ZID + "t-iza", 2)]


def _scripts(html: str) -> list[tuple[str, str]]:
    return re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.DOTALL)


def _data(html: str) -> dict:
    (body,) = [b for attrs, b in _scripts(html) if 'id="zk-data"' in attrs]
    return json.loads(body)


def test_no_url_outside_the_vendored_licence_texts(views):
    vendored = ph.vis_network_js()
    allowed = set(URL.findall(vendored))
    for view in views:
        html = view.html
        assert html.count(vendored) == 1
        ours = html.replace(vendored, "")
        assert URL.findall(ours) == [], view.name
        # the URLs left in vis-network are its licence header and core-js's licence notice, never loaded
        assert set(URL.findall(html)) <= allowed
        markup = re.sub(r"(<script[^>]*>).*?(</script>)", r"\1\2", html, flags=re.DOTALL)
        assert not re.search(r"\b(src|href|action|srcset)\s*=", markup, flags=re.IGNORECASE)
        assert "<link" not in markup and "@import" not in markup and "url(" not in markup
        assert "sourceMappingURL" not in html


def test_content_security_policy_allows_only_the_page_scripts(views):
    for view in views:
        html = view.html
        (csp,) = [unescape(c) for c in re.findall(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)]
        assert "default-src 'none'" in csp and "connect-src 'none'" in csp
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        runnable = [body for attrs, body in _scripts(html) if "application/json" not in attrs]
        assert len(runnable) == 2
        for body in runnable:
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            assert f"'sha256-{digest}'" in csp


def test_hostile_label_is_escaped(views, G):
    assert G.nodes[ZID + "pex-t-hostile"]["label_nl"] == HOSTILE
    html = views[0].html
    assert HOSTILE not in html
    assert "<script>alert" not in html and "alert(4)" not in html.replace("alert(4)\\u003c", "")
    assert "javascript:alert(5)\\u0022" not in html  # JSON keeps quotes as \" inside strings
    data = _data(html)
    (node,) = [n for n in data["nodes"] if n["id"] == "zid:pex-t-hostile"]
    assert node["label_nl"] == HOSTILE and node["label_en"] == "<script>alert(2)</script>"
    assert HOSTILE in node["title_nl"]
    assert re.findall(r"<script", html) == ["<script"] * 3  # the data, vis-network, ours: nothing else


def test_drawn_nodes_and_edges_equal_the_networkx_graph(views):
    for view in views:
        data = _data(view.html)
        assert sorted(n["id"] for n in data["nodes"]) == sorted(nxe.curie(n) for n in view.graph.nodes)
        drawn = Counter((e["from"], e["to"], e["key"]) for e in data["edges"])
        expected = Counter((nxe.curie(u), nxe.curie(v), k) for u, v, k in view.graph.edges(keys=True))
        assert drawn == expected, view.name
        assert data["meta"]["node_count"] == view.graph.number_of_nodes()
        assert data["options"]["physics"] == {"enabled": False}
        assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])


def test_legend_lists_every_class_drawn(views):
    for view in views:
        data = _data(view.html)
        legend = {c["id"]: c for c in data["classes"]}
        assert set(legend) == {n["cls"] for n in data["nodes"]}
        assert sum(c["count"] for c in legend.values()) == len(data["nodes"])
        for n in data["nodes"]:
            assert (n["color"], n["shape"]) == (legend[n["cls"]]["color"], legend[n["cls"]]["shape"])


def test_labels_and_tooltips_in_both_languages(views):
    data = _data(views[1].html)  # the overlap view, English first
    assert data["meta"]["lang"] == "en"
    (iza,) = [n for n in data["nodes"] if n["id"] == "zid:t-iza"]
    assert (iza["label"], iza["label_nl"], iza["label_en"]) == ("Test Care Accord", "Test Zorgakkoord", "Test Care Accord")
    assert "Sources: Test source A" in iza["title_en"] and "Bronnen: Testbron A" in iza["title_nl"]
    (prevention,) = [n for n in data["nodes"] if n["id"] == "zid:theme-t-preventie"]
    assert "Shared by 3 frameworks" in prevention["title_en"]
    # one edge per pair of frameworks: what they share and the links between them, counted
    (pair,) = [e for e in data["edges"] if e["key"] == "pair" and {e["from"], e["to"]} == {"zid:t-gala", "zid:t-iza"}]
    assert pair["value"] == 4.0
    assert (pair["short_en"], pair["short_nl"]) == ("3 shared, 1 link", "3 gedeeld, 1 verbinding")
    assert "themes (1): Prevention" in pair["title_en"]
    assert "elaborates" in pair["title_en"] and "werkt uit" in pair["title_nl"]
    assert not [e for e in data["edges"] if e["key"] not in ("pair", "member")]
    assert "label" not in pair  # edge labels only when pointed at
    # the details and tooltips are read by people: no CURIE or IRI of ours in them
    for n in data["nodes"]:
        for key in ("title_nl", "title_en", "tip_nl", "tip_en"):
            assert "zid:" not in n[key] and "w3id.org/zorgakkoorden" not in n[key], (n["id"], key)


def test_same_graph_same_bytes(G, views):
    again = [ph.graph_view(G), ph.overlap_view(G, "en"), ph.neighbourhood_view(G, ZID + "t-iza", 2)]
    for a, b in zip(views, again):
        assert a.html == b.html


def test_big_graph_is_drawn_filtered_with_a_notice(G):
    view = ph.graph_view(G, max_nodes=6)
    assert view.filtered and len(view.graph) == 6
    assert {ZID + "t-iza", ZID + "t-gala", ZID + "t-wozo"} <= set(view.graph)
    data = _data(view.html)
    assert "13" in data["meta"]["notice_en"] and "6" in data["meta"]["notice_en"]  # 15 less the two sources
    assert len(data["nodes"]) == 6
    assert 'id="zk-notice" role="status">' in view.html  # shown, not hidden
    overlap = ph.overlap_view(G, max_nodes=5)
    assert overlap.filtered and len(overlap.graph) == 5
    assert ZID + "theme-t-preventie" in overlap.graph  # shared by the most frameworks


def test_layout_is_near_linear_for_large_graphs():
    import networkx as nx

    H = nx.relabel_nodes(nx.gnm_random_graph(1200, 2400, seed=1), lambda i: f"n{i:05d}")
    H.add_nodes_from(f"lonely{i}" for i in range(30))
    pos = ph.layout(H)
    assert set(pos) == set(H)
    assert len({(round(x), round(y)) for x, y in pos.values()}) > 0.95 * len(H)
    assert pos == ph.layout(H)


# ---------------------------------------------------------------- the command


def test_viz_command_writes_three_views(tmp_path, capsys):
    out = tmp_path / "views"
    code = main(["viz", "--out", str(out), "--focus", "TZA", "--depth", "1", "--lang", "en", "--data", str(SMALL)])
    assert code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["focus-t-iza-1.html", "graph.html", "overlap.html"]
    printed = capsys.readouterr().out
    assert "overlap.html" in printed
    data = _data((out / "focus-t-iza-1.html").read_text(encoding="utf-8"))
    assert data["meta"]["lang"] == "en" and "Test Care Accord" in data["meta"]["title_en"]


def test_viz_command_unknown_focus_writes_nothing(tmp_path, capsys):
    out = tmp_path / "views"
    code = main(["viz", "--out", str(out), "--focus", "no such accord", "--data", str(SMALL)])
    assert code == 2
    assert "no such accord" in capsys.readouterr().err
    assert not out.exists() or list(out.iterdir()) == []
    assert main(["viz", "--out", str(out), "--depth", "2"]) == 2


def test_viz_files_identical_across_processes(tmp_path):
    """Two runs in fresh interpreters (different hash seeds) give byte-identical files."""
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"run{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "zorgakkoorden", "viz", "--out", str(out), "--focus", "IZA"],
                       check=True, env=env, capture_output=True)
        report = subprocess.run([sys.executable, "-m", "zorgakkoorden", "report", "--format", "json"],
                                check=True, env=env, capture_output=True).stdout
        (out / "report.json").write_bytes(report)
        outs.append(out)
    names = sorted(p.name for p in outs[0].iterdir())
    assert names == ["focus-iza-1.html", "graph.html", "overlap.html", "report.json"]
    for name in names:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_write_all_is_all_or_nothing(tmp_path):
    with pytest.raises(OutputError):
        write_all(tmp_path, {"a.html": b"a", "../b.html": b"b"})
    assert list(tmp_path.iterdir()) == []
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError):
        write_all(blocker / "sub", {"a.html": b"a"})
    written = write_all(tmp_path / "ok", {"a.html": b"a", "b.html": b"b"})
    assert [p.read_bytes() for p in written] == [b"a", b"b"]
    assert sorted(p.name for p in (tmp_path / "ok").iterdir()) == ["a.html", "b.html"]


def test_dates_and_numbers_in_the_reader_s_language():
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert ph.format_value("2022-09-16", xsd + "date", "nl") == "16 september 2022"
    assert ph.format_value("2022-09-16", xsd + "date", "en") == "16 September 2022"
    assert ph.format_value("2022-02", xsd + "gYearMonth", "nl") == "februari 2022"
    assert ph.format_value("2800000000", xsd + "integer", "nl") == "2.800.000.000"
    assert ph.format_value("2800000000", xsd + "integer", "en") == "2,800,000,000"
    assert ph.format_value("1234.5", xsd + "decimal", "nl") == "1.234,5"
    assert ph.format_value("2022", xsd + "gYear", "nl") == "2022"
    assert ph.format_value("not a date", xsd + "date", "nl") == "not a date"


def test_search_data_ranks_kinds_and_holds_every_name(G):
    data = _data(ph.graph_view(G).html)
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id["zid:t-iza"]["rank"] < by_id["zid:theme-t-preventie"]["rank"] < by_id["zid:t-vws"]["rank"]
    assert {"tza", "test zorgakkoord", "test care accord"} <= set(by_id["zid:t-iza"]["names"])
    assert "mvt" in by_id["zid:t-vws"]["names"]
    # the explorer opens on the frameworks and their neighbours; sources are not nodes
    assert set(data["initial"]) <= set(by_id) and "zid:t-iza" in data["initial"]
    assert not any(n["cls"] in ("zk:SourceDocument", "zk:Citation") for n in data["nodes"])


def test_view_layouts_put_things_where_they_are_read(G):
    import math

    from zorgakkoorden.export import view_layouts as vl

    W = ph.overlap_pairs(nxe.overlap_view_graph(G))
    pos, sides = vl.overlap_columns(W)
    accords = [ZID + "t-iza", ZID + "t-gala"]
    assert [sides[a] for a in accords] == ["l", "l"] and sides[ZID + "t-wozo"] == "r"
    left, right = pos[ZID + "t-iza"][0], pos[ZID + "t-wozo"][0]
    items = [n for n, d in W.nodes(data=True) if d["role"] == "item"]
    assert all(left < pos[i][0] < right for i in items)  # shared items sit between the frameworks
    # pushed apart: no two nodes closer than the gap
    crowded = {f"n{i}": (float(i % 3), 0.0) for i in range(30)}
    apart = vl.separate(crowded, 20.0, rounds=200)
    assert min(math.dist(apart[a], apart[b]) for a in apart for b in apart if a < b) >= 19.9
    assert vl.separate(crowded, 20.0, rounds=200) == apart
    # a neighbourhood: the centre in the middle, frameworks on the nearest ring
    H = nxe.neighbourhood(G, ZID + "t-iza", 1)
    rings = vl.radial_layout(H, ZID + "t-iza", lambda n: ph.search_rank(H.nodes[n]))
    assert rings[ZID + "t-iza"] == (0.0, 0.0)
    gala = math.dist(rings[ZID + "t-gala"], (0, 0))
    assert all(math.dist(rings[n], (0, 0)) > gala for n in H if n not in (ZID + "t-iza", ZID + "t-gala"))
