"""Background jobs of a build, each run in a Python process of its own while the build goes on.

The checks themselves, and the slow parts of the site that do not need their answer (pyLODE's
page, the graph views with the GraphML downloads, the Turtle and JSON-LD downloads), run beside
the main process, which loads, checks and writes the rest.
A job is a process started with ``python -m zorgakkoorden.site.worker``: it reads its job
(pickled by the build itself) from stdin and writes its result (pickled) to stdout. The same
jobs run in the build's own process when ``jobs=0`` (or ``ZORGAKKOORDEN_BUILD_JOBS=0``), with the
same result, byte for byte.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

from ..errors import OutputError


class JobFailed(OutputError):
    """A background job of the build failed; the message names the job and its error."""


def ontology_job(ontology_file: str, nav_links: list[tuple[str, str]]) -> str:
    """pyLODE's documentation page of the vocabulary (see :mod:`.ontology_doc`)."""
    from .ontology_doc import pylode_html

    return pylode_html(Path(ontology_file), nav_links)


def views_job(graph_pickle: bytes, out: str, focus_depth: int, pages: dict[str, str] | None = None) -> dict[str, Any]:
    """Write the graph views and the GraphML downloads into ``out``; return what was written."""
    from .views import render_views

    return render_views(pickle.loads(graph_pickle), Path(out), focus_depth=focus_depth, pages=pages)


def rdf_job(triples: list, out: str) -> list[tuple[str, str, str, int]]:
    """Write the Turtle and JSON-LD downloads into ``out`` (see :func:`.pages.write_rdf_downloads`)."""
    from .pages import write_rdf_downloads

    return write_rdf_downloads(triples, Path(out))


def check_job(extra: list[str], store: str) -> dict[str, Any]:
    """Load the graph and run the checks of `zorgakkoorden check` on it (see :mod:`.checks`)."""
    from ..loader import load
    from .checks import run

    return run(load(extra=extra, store=store, track_files=True))


JOBS = {"check": check_job, "ontology": ontology_job, "views": views_job, "rdf": rdf_job}


def default_jobs() -> int:
    """1 (run the slow parts beside the main process) on a machine with two or more cores, else 0.

    ``ZORGAKKOORDEN_BUILD_JOBS=0`` runs everything in the build's own process.
    """
    value = os.environ.get("ZORGAKKOORDEN_BUILD_JOBS")
    if value is not None and value.strip().isdigit():
        return min(int(value), 1)
    return 1 if (os.cpu_count() or 1) >= 2 else 0


class Job:
    """A job started now and collected with :meth:`result`.

    Args:
        name: one of :data:`JOBS`.
        background: run it in a process of its own (else in this process, when collected).
        **args: the job's arguments (picklable).
    """

    def __init__(self, name: str, background: bool, **args: Any):
        self.name = name
        self.args = args
        self.process: subprocess.Popen | None = None
        if background:
            package_root = str(Path(__file__).resolve().parent.parent.parent)
            env = dict(os.environ)
            env["PYTHONPATH"] = package_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
            self.process = subprocess.Popen(
                [sys.executable, "-m", "zorgakkoorden.site.worker"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
            )
            assert self.process.stdin is not None
            try:
                self.process.stdin.write(pickle.dumps({"job": name, "args": args}, protocol=pickle.HIGHEST_PROTOCOL))
                self.process.stdin.close()
            except BrokenPipeError:
                pass  # the worker died at once; result() reports why
            self.process.stdin = None  # closed: communicate() must not touch it

    def done(self) -> bool:
        """True when a background job has finished (a job run here is never done before :meth:`result`)."""
        return self.process is not None and self.process.poll() is not None

    def result(self) -> Any:
        """Wait for the job and return its result (raises JobFailed if it failed)."""
        if self.process is None:
            return JOBS[self.name](**self.args)
        out, err = self.process.communicate()
        try:
            status, value = pickle.loads(out)
        except Exception as exc:  # noqa: BLE001 - a worker that died writes no result
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit code {self.process.returncode}"]
            raise JobFailed(f"the build's {self.name} job failed: {detail[0]}") from exc
        if status != "ok":
            raise JobFailed(f"the build's {self.name} job failed: {value}")
        return value

    def stop(self) -> None:
        """End the job's process if it still runs (the build failed elsewhere)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


def main() -> int:
    """Run one job: read it from stdin, write ``("ok", result)`` or ``("error", message)`` to stdout."""
    result_stream = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing a job prints may mix with its result
    try:
        job = pickle.load(sys.stdin.buffer)
        outcome = ("ok", JOBS[job["job"]](**job["args"]))
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the build
        outcome = ("error", f"{type(exc).__name__}: {exc}")
    result_stream.write(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
    result_stream.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
