"""Packaging: the wheel carries ontology/, graph/ and queries/, and works from another folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)],
        check=True,
    )
    (found,) = out.glob("zorgakkoorden-*.whl")
    return found


def repo_files(folder: str) -> set[str]:
    return {p.relative_to(REPO).as_posix() for p in (REPO / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def test_wheel_carries_every_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("ontology", "graph", "queries"):
        expected = {f"zorgakkoorden/data/{name}" for name in repo_files(folder)}
        assert expected, folder
        assert expected <= names, sorted(expected - names)[:5]
    assert "zorgakkoorden/cli/main.py" in names
    for asset in ("site/vendor/minisearch/minisearch.js", "site/vendor/minisearch/LICENSE.txt", "site/scripts/search.js",
                  "site/static/site.css"):
        assert f"zorgakkoorden/{asset}" in names, asset


def test_console_script_is_declared(wheel):
    with zipfile.ZipFile(wheel) as archive:
        (entry_points,) = [n for n in archive.namelist() if n.endswith("entry_points.txt")]
        text = archive.read(entry_points).decode()
    assert "zorgakkoorden = zorgakkoorden.cli.main:main" in text


def test_installed_wheel_checks_the_graph_from_another_folder(wheel, tmp_path):
    target = tmp_path / "site-packages"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run(
        [sys.executable, "-c", "import zorgakkoorden.paths as p; print(p.data_root())"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=True,
    )
    assert Path(where.stdout.strip()) == target / "zorgakkoorden" / "data"
    check = subprocess.run(
        [sys.executable, "-m", "zorgakkoorden", "check"],
        cwd=elsewhere, env=env, capture_output=True, text=True,
    )
    assert check.returncode == 0, check.stdout[-2000:] + check.stderr[-2000:]
    assert "triples" in check.stdout
