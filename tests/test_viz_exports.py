"""GraphML, GEXF and node-link JSON exports, read back with networkx; the `export` and `report` commands."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest
from conftest import DATA

from zorgakkoorden.cli.main import main
from zorgakkoorden.errors import VizError
from zorgakkoorden.export import formats
from zorgakkoorden.export import networkx_export as nxe

SMALL = DATA / "viz" / "small.ttl"
ZID = "https://w3id.org/zorgakkoorden/id/"


@pytest.fixture(scope="module")
def G():
    import zorgakkoorden

    return nxe.to_networkx(zorgakkoorden.load(extra=[SMALL], include_graph=False))


def _read(fmt: str, data: bytes) -> nx.Graph:
    if fmt == "graphml":
        return nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    if fmt == "gexf":
        return nx.read_gexf(io.BytesIO(data))
    return nx.node_link_graph(json.loads(data), edges="edges")


@pytest.mark.parametrize("fmt", formats.FORMATS)
def test_graph_reads_back(G, fmt):
    data = formats.export_bytes(G, fmt, "graph")
    H = _read(fmt, data)
    assert set(H.nodes) == set(G.nodes)
    assert H.number_of_edges() == G.number_of_edges()
    assert H.is_directed()
    iza = H.nodes[ZID + "t-iza"]
    assert iza["label_nl"] == "Test Zorgakkoord" and iza["type_curie"] == "zk:Accord"
    sources = iza["sources"] if fmt == "json" else json.loads(iza["sources"])
    assert sources == [ZID + "source-test-a"]
    hostile = H.nodes[ZID + "pex-t-hostile"]["label_nl"]
    assert hostile == "<img src=x onerror=alert(1)>"
    pairs = {(u, v) for u, v in H.edges()}
    assert (ZID + "t-gala", ZID + "t-iza") in pairs
    if fmt != "gexf":  # GEXF has no edge keys
        assert H.has_edge(ZID + "t-gala", ZID + "t-iza", "zk:elaborates")
    assert data == formats.export_bytes(G, fmt, "graph")


@pytest.mark.parametrize("fmt", formats.FORMATS)
def test_overlap_projection_reads_back(G, fmt):
    H = _read(fmt, formats.export_bytes(G, fmt, "overlap"))
    O = nxe.overlap_graph(G)
    assert set(H.nodes) == set(O.nodes)
    assert H.number_of_edges() == O.number_of_edges()
    assert not H.is_directed()
    weights = sorted(d["weight"] for _, _, d in H.edges(data=True))
    assert weights == sorted(d["weight"] for _, _, d in O.edges(data=True))
    for _, _, d in H.edges(data=True):
        items = d["items"] if fmt == "json" else json.loads(d["items"])
        assert len(items) == d["weight"]


def test_gexf_has_no_date_of_today(G):
    data = formats.gexf_bytes(G)
    assert f'lastmodifieddate="{formats.GEXF_DATE}"'.encode() in data


def test_writer_safe_values(G):
    H = formats.writer_safe(G)
    for _, d in H.nodes(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in d.values())
    for _, _, d in H.edges(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in d.values())


def test_unknown_format_or_projection(G):
    with pytest.raises(VizError):
        formats.export_bytes(G, "dot")
    with pytest.raises(VizError):
        formats.export_bytes(G, "json", "themes")


def test_export_command(tmp_path, capsys):
    out = tmp_path / "sub" / "graph.graphml"
    assert main(["export", "--format", "graphml", "--out", str(out), "--data", str(SMALL)]) == 0
    H = nx.read_graphml(out, force_multigraph=True)
    assert ZID + "t-iza" in H and ZID + "iza" in H  # the fixture and the real graph
    assert main(["export", "--format", "json", "--projection", "overlap", "--out", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {n["id"] for n in data["nodes"]} >= {ZID + "iza", ZID + "gala", ZID + "wozo"}
    with pytest.raises(SystemExit) as exc:
        main(["export", "--format", "dot", "--out", str(tmp_path / "x")])
    assert exc.value.code == 2


def test_report_command(capsys):
    assert main(["report", "--top", "100", "--lang", "en", "--data", str(SMALL)]) == 0
    text = capsys.readouterr().out
    assert "Bridging themes" in text and "Bridging parties" in text and "Communities:" in text
    assert "Prevention [zid:theme-t-preventie]: 3 (TGA, TOP, TZA)" in text
    assert main(["report", "--format", "json", "--lang", "nl"]) == 0
    data = json.loads(capsys.readouterr().out)
    themes = [b for b in data["bridges"] if b["kind"] == "theme"]
    assert themes and themes[0]["framework_count"] >= 2
    assert data["communities"]
