"""The persistent Oxigraph store (``store="oxigraph:PATH"``): built once and reopened while its
inputs stay the same; rebuilt, never added to, when they change; left as it was when a file
does not parse; and never put into a folder that holds something else."""

from __future__ import annotations

import pytest

pytest.importorskip("oxrdflib")

import zorgakkoorden  # noqa: E402
from zorgakkoorden.errors import InputFileError, TurtleSyntaxError  # noqa: E402
from zorgakkoorden.store.persistent import MANIFEST, read_manifest  # noqa: E402

MINE = """
@prefix zk: <https://w3id.org/zorgakkoorden/def/> .
@prefix zid: <https://w3id.org/zorgakkoorden/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
zid:persistent-a a zk:Accord ; skos:prefLabel "Akkoord {n}"@nl .
"""


def labels(kg) -> list[str]:
    rows = kg.sparql("SELECT ?l WHERE { zid:persistent-a skos:prefLabel ?l }")
    return sorted(str(r["l"]) for r in rows.records())


def load(tmp_path, text: str):
    mine = tmp_path / "mine.ttl"
    mine.write_text(text, encoding="utf-8")
    return zorgakkoorden.load(extra=[mine], store=f"oxigraph:{tmp_path / 'store'}", include_graph=False)


def test_the_same_inputs_reopen_the_store_and_nothing_grows(tmp_path):
    first = load(tmp_path, MINE.format(n=1))
    size, derived = len(first), first.derived
    del first
    stamp = read_manifest(tmp_path / "store")
    second = load(tmp_path, MINE.format(n=1))
    assert len(second) == size and second.derived == derived
    assert read_manifest(tmp_path / "store") == stamp  # reopened, not built again
    assert labels(second) == ["Akkoord 1"]


def test_changed_inputs_rebuild_the_store_in_place(tmp_path):
    first = load(tmp_path, MINE.format(n=1))
    size = len(first)
    del first
    second = load(tmp_path, MINE.format(n=2))
    assert labels(second) == ["Akkoord 2"]  # the old label is gone: rebuilt, not added to
    assert len(second) == size
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".store.") and p.is_dir()]  # no folder left behind


def test_a_file_that_does_not_parse_leaves_the_store_as_it_was(tmp_path):
    first = load(tmp_path, MINE.format(n=1))
    size = len(first)
    del first
    with pytest.raises(TurtleSyntaxError) as caught:
        load(tmp_path, MINE.format(n=2) + "zid:broken zk:x \n")
    assert caught.value.path.name == "mine.ttl" and caught.value.line is not None
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".store.") and p.is_dir()]
    (tmp_path / "mine.ttl").write_text(MINE.format(n=1), encoding="utf-8")
    again = zorgakkoorden.load(extra=[tmp_path / "mine.ttl"], store=f"oxigraph:{tmp_path / 'store'}", include_graph=False)
    assert labels(again) == ["Akkoord 1"] and len(again) == size


def test_a_folder_that_holds_something_else_is_refused(tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputFileError, match="not empty"):
        load(tmp_path, MINE.format(n=1))
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert not (folder / MANIFEST).exists()


def test_the_persistent_store_answers_like_the_memory_store(tmp_path, kg_rdflib):
    kg = zorgakkoorden.load(store=f"oxigraph:{tmp_path / 'store'}")
    assert len(kg) == len(kg_rdflib)
    assert kg.derived == kg_rdflib.derived
    assert len(kg.query("overlap", a="IZA", b="GALA")) == len(kg_rdflib.query("overlap", a="IZA", b="GALA"))
