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


def test_jupyter_lab_opens_the_notebooks_as_docs_site_md_says(tmp_path):
    """`pip install '.[notebooks]'` then `jupyter lab notebooks/`: JupyterLab comes with the
    extra, serves the three notebooks and starts a kernel for one (run on a free loopback port
    with a token, its settings and runtime files in a folder of this test)."""
    import os
    import secrets
    import subprocess
    import time

    httpx = pytest.importorskip("httpx")
    pytest.importorskip("jupyterlab", reason="JupyterLab comes with the notebooks extra: pip install '.[notebooks]'")
    from server_helpers import LOOPBACK, free_port, stop, wait_until_up

    jupyter = Path(sys.executable).with_name("jupyter")
    assert jupyter.exists(), "the notebooks extra installs the `jupyter` command beside this Python"
    token = secrets.token_hex(16)
    port = free_port()
    home = tmp_path / "home"
    env = {
        **os.environ,
        "HOME": str(home),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "lab-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "lab-workspaces"),
    }
    command = [
        str(jupyter), "lab", "notebooks/", "--no-browser",
        f"--ServerApp.ip={LOOPBACK}", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")  # JupyterLab refuses root without it (docs/site.md says so)
    process = subprocess.Popen(command, cwd=NOTEBOOKS.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://{LOOPBACK}:{port}"
    headers = {"Authorization": f"token {token}"}
    try:
        wait_until_up(base + "/api/status?token=" + token, process, timeout=120)
        lab = httpx.get(base + "/lab", headers=headers, timeout=30)
        assert lab.status_code == 200 and "JupyterLab" in lab.text
        listing = httpx.get(base + "/api/contents/", headers=headers, timeout=30).json()
        assert sorted(item["name"] for item in listing["content"] if item["type"] == "notebook") == NAMES
        assert httpx.get(base + "/api/contents/", timeout=30).status_code == 403  # no token, no files
        session = httpx.post(
            base + "/api/sessions", headers=headers, timeout=120,
            json={"path": NAMES[0], "type": "notebook", "name": NAMES[0], "kernel": {"name": "python3"}},
        )
        assert session.status_code == 201, session.text
        kernel = session.json()["kernel"]["id"]
        # the kernel the page would talk to runs this project's Python: ask it through its
        # connection file (the page itself talks to it over a websocket)
        from jupyter_client import BlockingKernelClient

        connection = home / "runtime" / f"kernel-{kernel}.json"
        deadline = time.monotonic() + 60
        while not connection.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        client = BlockingKernelClient(connection_file=str(connection))
        client.load_connection_file()
        # no heartbeat channel: on a busy machine a heartbeat late by a second makes the
        # client call the kernel dead; a dead kernel still fails below, by the timeouts
        client.start_channels(hb=False)
        try:
            client.wait_for_ready(timeout=120)
            printed = []
            reply = client.execute_interactive(
                "import zorgakkoorden, sys; print(zorgakkoorden.__name__, sys.executable)",
                timeout=120,
                output_hook=lambda msg: printed.append(msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None,
            )
        finally:
            client.stop_channels()
        assert reply["content"]["status"] == "ok"
        assert "".join(printed).split() == ["zorgakkoorden", sys.executable]
        assert httpx.delete(f"{base}/api/sessions/{session.json()['id']}", headers=headers, timeout=60).status_code == 204
    finally:
        stop(process)
