"""The notebooks run top to bottom (nbclient, a kernel of the current environment) and are stored clean."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NAMES = ["01-quick-start.ipynb", "02-overlap-analysis.ipynb", "03-extending-the-ontology.ipynb"]
KERNEL = "zorgakkoorden-tests"


def test_every_notebook_is_listed():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_stored_without_outputs(name):
    book = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    for cell in book["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, cell["source"][:80]


@pytest.mark.parametrize("name", NAMES)
def test_notebook_uses_only_the_public_api(name):
    text = (NOTEBOOKS / name).read_text(encoding="utf-8")
    for private in ("._", "import _", "from zorgakkoorden.site", "zorgakkoorden.loader"):
        assert private not in text.replace("__", ""), private


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory):
    """A kernelspec for this very Python (sys.executable), found through JUPYTER_PATH."""
    pytest.importorskip("nbclient")
    kernelspec = pytest.importorskip("ipykernel.kernelspec")
    prefix = tmp_path_factory.mktemp("kernel")
    kernelspec.install(kernel_name=KERNEL, prefix=str(prefix))
    spec = json.loads((prefix / "share" / "jupyter" / "kernels" / KERNEL / "kernel.json").read_text())
    assert spec["argv"][0] == sys.executable
    return str(prefix / "share" / "jupyter")


def run_notebook(name: str, jupyter_path: str, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("JUPYTER_PATH", jupyter_path)
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    book = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(book, kernel_name=KERNEL, timeout=600, resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    return book


def outputs(book, kind: str) -> list[str]:
    found = []
    for cell in book.cells:
        for out in cell.get("outputs", []):
            if kind == "stream" and out.get("output_type") == "stream":
                found.append(out.get("text", ""))
            elif kind != "stream" and kind in out.get("data", {}):
                value = out["data"][kind]
                found.append(value if isinstance(value, str) else "".join(value))
    return found


def test_quick_start_runs_and_shows_the_overlap_view(kernel_env, monkeypatch):
    book = run_notebook("01-quick-start.ipynb", kernel_env, monkeypatch)
    html = outputs(book, "text/html")
    assert any('<iframe sandbox="allow-scripts" srcdoc=' in h for h in html)
    assert any("Integraal Zorgakkoord" in h or "Integrated Care Agreement" in h for h in html)
    assert any("nodes and" in s for s in outputs(book, "stream"))


def test_overlap_analysis_runs_and_draws_the_heat_map(kernel_env, monkeypatch):
    book = run_notebook("02-overlap-analysis.ipynb", kernel_env, monkeypatch)
    assert outputs(book, "image/png"), "no heat map drawn"
    html = "".join(outputs(book, "text/html"))
    assert "preventie" in html and "betweenness" in html and "sourceLabel" in html


def test_extending_the_ontology_imports_a_table_checks_queries_and_shows_the_programme(kernel_env, monkeypatch):
    book = run_notebook("03-extending-the-ontology.ipynb", kernel_env, monkeypatch)
    printed = "".join(outputs(book, "stream"))
    assert "(2 sources, 5 entities, 15 statements)" in printed  # the import's summary
    assert "ete-with-mistakes.ttl" in printed and "exit code: 1" in printed  # the mistakes are caught
    assert "exit code: 0" in printed  # the imported file, and the one written by hand, validate
    html = "".join(outputs(book, "text/html"))
    assert "One against loneliness" in html
    assert "elaborates" in html
    assert '<iframe sandbox="allow-scripts" srcdoc=' in html
