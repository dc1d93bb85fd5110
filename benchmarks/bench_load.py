"""Load test of `zorgakkoorden serve`: concurrent clients running catalogue queries, loopback only.

Starts the server on a free 127.0.0.1 port (or uses ``--url``, which must be a loopback
address), then runs ``--clients`` concurrent clients for ``--seconds`` seconds; each
client sends the catalogue queries (with their example parameters as a VALUES block)
one after another, round-robin. Bounded: it stops by itself, and refuses any address
outside the loopback range. Prints throughput, median and 99th-percentile latency and the
errors, overall and per query.

    python benchmarks/bench_load.py                       # 32 clients, 30 s, Oxigraph store
    python benchmarks/bench_load.py --store memory --clients 8 --seconds 10
    python benchmarks/bench_load.py --clients 10 --abandoning 20   # issue 11's acceptance test

With ``--abandoning N``, N more clients each send a slow query (a cross product of the
graph) and hang up after ``--hang-up`` seconds, again and again, while the well-behaved
clients run; the well-behaved clients' latencies are printed beside a baseline run of the
same clients without the abandoning ones (same server, same run). Target: p99 under 2 s
and no errors for the well-behaved clients.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

MAX_CLIENTS = 128
MAX_SECONDS = 600


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def is_loopback(url: str) -> bool:
    host = urlparse(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def catalogue_texts() -> list[tuple[str, str]]:
    """(name, SPARQL text with the example parameters bound) for every catalogue query."""
    import zorgakkoorden
    from zorgakkoorden.query.binding import bind_as_values
    from zorgakkoorden.query.catalogue import bind_parameters, load_catalogue

    kg = zorgakkoorden.load(store="oxigraph")
    texts = []
    for query in load_catalogue().catalogue_queries():
        params = {p.name: p.example for p in query.params if p.example is not None}
        texts.append((query.name, bind_as_values(query.text, bind_parameters(kg, query, params))))
    return texts


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


async def abandon(url: str, hang_up: float, deadline: float, counts: dict[str, int]) -> None:
    """One abandoning client: POST the slow query, hang up after ``hang_up`` s, again until the deadline."""
    from urllib.parse import urlencode

    parsed = urlparse(url)
    body = urlencode({"query": SLOW}).encode()
    head = (
        f"POST {parsed.path} HTTP/1.1\r\nHost: {parsed.netloc}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\nAccept: application/sparql-results+json\r\n\r\n"
    ).encode()
    while time.monotonic() < deadline:
        reader, writer = await asyncio.open_connection(parsed.hostname, parsed.port)
        writer.write(head + body)
        await writer.drain()
        try:
            await asyncio.wait_for(reader.read(1), hang_up)
            counts["answered"] += 1
        except asyncio.TimeoutError:
            counts["hung up"] += 1
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()


async def run_clients(
    url: str, texts: list[tuple[str, str]], clients: int, seconds: float, abandoning: int = 0, hang_up: float = 1.0
) -> tuple[list[tuple[str, float, int]], float, dict[str, int]]:
    import httpx

    counts = {"hung up": 0, "answered": 0}
    results: list[tuple[str, float, int]] = []
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=120) as client:

        async def one(index: int) -> None:
            i = index
            while time.monotonic() < deadline:
                name, text = texts[i % len(texts)]
                i += 1
                start = time.perf_counter()
                try:
                    answer = await client.post(url, data={"query": text}, headers={"accept": "application/sparql-results+json"})
                    await answer.aread()
                    status = answer.status_code
                except Exception:  # noqa: BLE001 - counted as an error
                    status = 0
                results.append((name, time.perf_counter() - start, status))

        start = time.monotonic()
        await asyncio.gather(*(one(k) for k in range(clients)), *(abandon(url, hang_up, deadline, counts) for _ in range(abandoning)))
        elapsed = time.monotonic() - start
    return results, elapsed, counts


def wait_up(base: str, process: subprocess.Popen, timeout: float = 180) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            if httpx.get(base + "/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("the server did not come up")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32, help=f"concurrent clients (default 32, at most {MAX_CLIENTS})")
    parser.add_argument("--seconds", type=float, default=30.0, help=f"how long (default 30, at most {MAX_SECONDS})")
    parser.add_argument("--store", default="oxigraph", help="store of the server this starts (default oxigraph)")
    parser.add_argument("--data", action="append", default=[], metavar="PATH", help="extra Turtle for the server this starts")
    parser.add_argument("--workers", type=int, default=None, help="--workers of the server this starts")
    parser.add_argument("--url", default=None, help="test a running server's /sparql instead (loopback addresses only)")
    parser.add_argument("--abandoning", type=int, default=0, help=f"clients that hang up on slow queries (default 0, at most {MAX_CLIENTS})")
    parser.add_argument("--hang-up", type=float, default=1.0, help="seconds after which they hang up (default 1)")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= MAX_CLIENTS:
        parser.error(f"--clients must be between 1 and {MAX_CLIENTS}")
    if not 0 <= args.abandoning <= MAX_CLIENTS:
        parser.error(f"--abandoning must be between 0 and {MAX_CLIENTS}")
    if not 0 < args.seconds <= MAX_SECONDS:
        parser.error(f"--seconds must be between 0 and {MAX_SECONDS}")
    if args.url is not None and not is_loopback(args.url):
        parser.error("--url must be a loopback address (127.0.0.0/8, ::1, localhost): this test sends traffic nowhere else")

    texts = catalogue_texts()
    process = None
    url = args.url
    if url is None:
        port = free_port()
        command = [sys.executable, "-m", "zorgakkoorden", "serve", "--host", "127.0.0.1", "--port", str(port), "--store", args.store]
        for path in args.data:
            command += ["--data", str(Path(path))]
        if args.workers:
            command += ["--workers", str(args.workers)]
        process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
        wait_up(f"http://127.0.0.1:{port}", process)
        url = f"http://127.0.0.1:{port}/sparql"
    runs = []
    try:
        if args.abandoning:
            runs.append(("baseline: no abandoning clients", *asyncio.run(run_clients(url, texts, args.clients, args.seconds))))
        label = f"with {args.abandoning} clients hanging up after {args.hang_up:g} s" if args.abandoning else "well-behaved clients"
        runs.append((label, *asyncio.run(run_clients(url, texts, args.clients, args.seconds, args.abandoning, args.hang_up))))
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)

    where = f"store {args.store}" if args.url is None else args.url
    print(f"{args.clients} well-behaved clients, {args.seconds:g} s a run, {where}, {len(texts)} catalogue queries round-robin")
    print()
    failed = False
    for label, results, elapsed, counts in runs:
        latencies = [seconds for _, seconds, status in results if status == 200]
        errors = [status for _, _, status in results if status != 200]
        failed = failed or bool(errors)
        print(f"### {label}")
        print("| query | requests | errors | median (ms) | p99 (ms) |")
        print("|---|---|---|---|---|")
        for name, _ in texts:
            mine = [s for n, s, st in results if n == name and st == 200]
            errs = sum(1 for n, _, st in results if n == name and st != 200)
            print(f"| {name} | {len(mine) + errs} | {errs} | {statistics.median(mine) * 1000:.1f} | {percentile(mine, 99) * 1000:.1f} |" if mine else f"| {name} | {errs} | {errs} | - | - |")
        print(
            f"| **all** | {len(results)} | {len(errors)} | {statistics.median(latencies) * 1000:.1f} | {percentile(latencies, 99) * 1000:.1f} |"
            if latencies else f"| **all** | {len(results)} | {len(errors)} | - | - |"
        )
        print(f"throughput: {len(results) / elapsed:.1f} requests/s; errors: {len(errors)}" + (f" (statuses {sorted(set(errors))})" if errors else ""))
        if counts["hung up"] or counts["answered"]:
            print(f"abandoning clients: {counts['hung up']} hang-ups, {counts['answered']} slow queries answered before the hang-up")
        print()
    if args.abandoning:
        (_, base, _, _), (_, loaded, _, _) = runs
        p99 = [percentile([s for _, s, st in r if st == 200], 99) for r in (base, loaded)]
        print("| well-behaved clients | p99 (ms) | errors |")
        print("|---|---|---|")
        print(f"| baseline | {p99[0] * 1000:.1f} | {sum(1 for *_, st in base if st != 200)} |")
        print(f"| with {args.abandoning} abandoning | {p99[1] * 1000:.1f} | {sum(1 for *_, st in loaded if st != 200)} |")
        print(f"target: p99 < 2000 ms and 0 errors with the abandoning clients: {'met' if p99[1] < 2 and not failed else 'NOT met'}")
    return 0 if not failed else 1


if __name__ == "__main__":
    raise SystemExit(main())
