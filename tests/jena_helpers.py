"""Helpers of the tests that use Apache Jena: a real Fuseki server (jars from scripts/fuseki.sh)
and Jena's query engine ARQ run over a file (Fuseki's jars, else Debian's libapache-jena-java).

Java is found as ``$JAVA_HOME/bin/java`` or ``java`` on the PATH. Every JVM started here dies
with the Python process that started it (Linux: ``PR_SET_PDEATHSIG``), so a test that is
killed leaves no server behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

from server_helpers import LOOPBACK, free_port, stop, wait_until_up

REPO = Path(__file__).resolve().parent.parent
FUSEKI_VERSION = "5.6.0"
FUSEKI_MAIN = "org.apache.jena.fuseki.main.cmds.FusekiMainCmd"
FUSEKI_DATASET = "/ds"
RUN_QUERIES = Path(__file__).resolve().parent / "jena" / "RunQueries.java"
DEBIAN_JAVA = Path("/usr/share/java")


def java_binary() -> str | None:
    """The ``java`` command: ``$JAVA_HOME/bin/java`` first, then the PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def java_major(java: str) -> int:
    """The major version of a ``java`` command (17 for ``openjdk version "17.0.15"``)."""
    done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    found = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if not found:
        return 0
    major = int(found.group(1))
    return int(found.group(2) or 0) if major == 1 else major


def java_missing() -> str | None:
    """Why Jena cannot run here (no Java, or one older than 17), or None when it can."""
    java = java_binary()
    if java is None:
        return "Java is not installed (Apache Jena needs Java 17: apt-get install openjdk-17-jre-headless)"
    if java_major(java) < 17:
        return f"{java} is older than Java 17, which Apache Jena {FUSEKI_VERSION} needs"
    return None


def fuseki_home() -> Path:
    """The folder scripts/fuseki.sh fills: ``$ZORGAKKOORDEN_FUSEKI_HOME`` or .cache/fuseki-VERSION."""
    home = os.environ.get("ZORGAKKOORDEN_FUSEKI_HOME")
    return Path(home) if home else REPO / ".cache" / f"fuseki-{FUSEKI_VERSION}"


def fuseki_classpath() -> str | None:
    """Fuseki's classpath (``HOME/lib/*``) when scripts/fuseki.sh has put the jars there."""
    home = fuseki_home()
    if (home / "SHA256SUMS").is_file() and (home / "lib" / f"jena-fuseki-main-{FUSEKI_VERSION}.jar").is_file():
        return str(home / "lib" / "*")
    return None


def fuseki_missing() -> str | None:
    """Why a Fuseki server cannot be started here, or None when it can."""
    reason = java_missing()
    if reason:
        return reason
    if fuseki_classpath() is None:
        return (
            f"Apache Jena Fuseki {FUSEKI_VERSION} is not in {fuseki_home()}: run scripts/fuseki.sh "
            "(scripts/setup.sh tests tries it; it needs Maven's registry, which this machine may not reach)"
        )
    return None


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: killed when the parent dies


def start_java(arguments: list[str], **options) -> subprocess.Popen:
    """Start ``java ARGUMENTS`` as a child that dies with this process."""
    java = java_binary()
    if java is None:
        raise RuntimeError("Java is not installed")
    return subprocess.Popen([java, *arguments], preexec_fn=_die_with_parent, **options)


@contextlib.contextmanager
def fuseki_server(log: Path, timeout: float = 120.0) -> Iterator[str]:
    """Run a real Fuseki on a free loopback port with an in-memory dataset that takes updates.

    Args:
        log: the file Fuseki's output goes to (a pipe nobody reads would fill and stall it).
        timeout: seconds to wait for it to answer.

    Yields:
        The dataset's base URL: ``/query`` (SPARQL Protocol), ``/update`` and ``/data``
        (Graph Store Protocol) hang below it.
    """
    reason = fuseki_missing()
    if reason:
        raise RuntimeError(reason)
    port = free_port()
    arguments = [
        "-Xmx1g",
        "-cp",
        fuseki_classpath(),
        FUSEKI_MAIN,
        "--localhost",
        f"--port={port}",
        "--ping",
        "--mem",
        "--update",
        FUSEKI_DATASET,
    ]
    root = f"http://{LOOPBACK}:{port}"
    with log.open("wb") as output:
        process = start_java(arguments, stdout=output, stderr=subprocess.STDOUT)
        try:
            try:
                wait_until_up(root + "/$/ping", process, timeout)
            except RuntimeError as exc:
                raise RuntimeError(f"{exc}\nFuseki's output ({log}):\n{log.read_text('utf-8', 'replace')[-3000:]}") from None
            yield root + FUSEKI_DATASET
        finally:
            stop(process)


def debian_jena_classpath(work: Path) -> str | None:
    """A classpath for Debian's Jena (package libapache-jena-java) and the packages it needs.

    Debian's jena-core 4.5.0 moves Jena's private copy of Xerces to the package ``xerces.*``
    but leaves its message bundles under ``org/apache/jena/ext/xerces``; without them Jena's
    start fails ("internal error" in XSSimpleTypeDecl). The bundles are copied to the moved
    place in ``work``, which goes first on the classpath.
    """
    core = DEBIAN_JAVA / "jena-core.jar"
    if not core.exists() or shutil.which("dpkg-query") is None:
        return None
    seen: set[str] = set()
    todo = ["libapache-jena-java"]
    jars: list[str] = []
    while todo:
        package = todo.pop()
        if package in seen:
            continue
        seen.add(package)
        listed = subprocess.run(["dpkg-query", "-L", package], capture_output=True, text=True)
        depends = subprocess.run(["dpkg-query", "-W", "-f=${Depends}", package], capture_output=True, text=True)
        for line in listed.stdout.splitlines():
            path = Path(line)
            # the unversioned names (foo.jar, a link to foo-1.2.jar); one slf4j binding: nop
            if path.parent == DEBIAN_JAVA and path.suffix == ".jar" and not re.search(r"-\d[\w.]*\.jar$", path.name):
                if ("slf4j" in path.name or "log4j" in path.name) and path.name not in ("slf4j-api.jar", "slf4j-nop.jar"):
                    continue
                jars.append(str(path))
        for alternative in depends.stdout.split(","):
            name = alternative.split("|")[0].split("(")[0].strip()
            if name.startswith("lib") and name.endswith("-java"):
                todo.append(name)
    if str(DEBIAN_JAVA / "slf4j-nop.jar") not in jars and (DEBIAN_JAVA / "slf4j-nop.jar").exists():
        jars.append(str(DEBIAN_JAVA / "slf4j-nop.jar"))
    bundles = work / "jena-xerces-bundles"
    with zipfile.ZipFile(core) as archive:
        for name in archive.namelist():
            if name.startswith("org/apache/jena/ext/xerces/") and name.endswith(".properties"):
                target = bundles / name.removeprefix("org/apache/jena/ext/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(name))
    return os.pathsep.join([str(bundles), *sorted(set(jars))])


def jena_engine(work: Path) -> tuple[str, str] | None:
    """A classpath holding Jena's ARQ and what it is: Fuseki's own jars (ARQ 5.6.0) first,
    else Debian's libapache-jena-java (ARQ 4.5.0); None when neither is here."""
    fuseki = fuseki_classpath()
    if fuseki is not None:
        return fuseki, f"Apache Jena ARQ {FUSEKI_VERSION} (Fuseki's jars)"
    debian = debian_jena_classpath(work)
    if debian is not None:
        return debian, "Apache Jena ARQ 4.5.0 (Debian's libapache-jena-java)"
    return None


def run_arq(classpath: str, data: Path, queries: list[Path], timeout: float = 600.0) -> None:
    """Run each query file with ARQ over ``data`` in one JVM; NAME.rq's answer lands in NAME.json."""
    process = start_java(
        ["-Xmx1g", "-cp", classpath, str(RUN_QUERIES), str(data), *map(str, queries)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    out, _ = process.communicate(timeout=timeout)
    if process.returncode != 0:
        raise RuntimeError(f"Jena's ARQ failed ({process.returncode}):\n{out.decode('utf-8', 'replace')[-3000:]}")
