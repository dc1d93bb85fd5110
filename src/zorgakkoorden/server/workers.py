"""Workers that run queries apart from the web server, so that a query can be stopped.

Neither rdflib nor pyoxigraph can stop a running query from outside (pyoxigraph has no
query time limit in its Python API), so each query runs in a worker and the server
waits for it with a deadline:

- :class:`ProcessPool` (the default where ``os.fork`` exists): worker processes forked
  from the server after the graph is loaded (they share its memory copy-on-write). A
  worker that passes the time limit is killed and a fresh one is forked in its place.
- :class:`ThreadPool` (the fallback elsewhere): worker threads. A query past the time
  limit is answered with the time-limit error at once; an rdflib query is then stopped
  by raising an exception in its thread, an Oxigraph query is left to finish.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import multiprocessing
import os
import signal
import threading
from dataclasses import dataclass
from typing import Any

from .engines import Answer, Dataset, Engine

STATUS_TIMEOUT = 503


@dataclass(frozen=True)
class Limits:
    """The limits every query runs under.

    Attributes:
        timeout: seconds a query may run (from the moment a worker takes it).
        max_results: the most rows or triples in an answer.
        queue_timeout: seconds a query may wait for a free worker.
    """

    timeout: float = 30.0
    max_results: int = 100_000
    queue_timeout: float = 30.0


def timeout_answer(limits: Limits) -> Answer:
    return Answer.error(
        STATUS_TIMEOUT,
        f"the query ran longer than the time limit of {limits.timeout:g} s and was stopped; "
        "narrow it, add a LIMIT, or ask for a higher --timeout",
    )


def busy_answer(limits: Limits) -> Answer:
    answer = Answer.error(
        STATUS_TIMEOUT, f"all query workers stayed busy for {limits.queue_timeout:g} s; try again later"
    )
    answer.headers["Retry-After"] = "5"
    return answer


# --------------------------------------------------------------------------- processes


def _worker_main(conn: Any, engine: Engine) -> None:
    """The loop of a worker process: receive (text, accept, max_results), send an Answer."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not getattr(engine, "remote", False):
        from ..query import guard

        guard.forbid_network_in_this_process()  # a local store needs no network: refuse any Python socket
    while True:
        try:
            text, accept, max_results, dataset = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        answer = engine.execute(text, accept, max_results, dataset)
        try:
            conn.send(answer)
        except (BrokenPipeError, OSError):
            os._exit(0)


class _ProcessWorker:
    def __init__(self, context: Any, engine: Engine):
        parent_conn, child_conn = context.Pipe(duplex=True)
        self.conn = parent_conn
        self.process = context.Process(target=_worker_main, args=(child_conn, engine), daemon=True)
        self.process.start()
        child_conn.close()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.join(timeout=5)
        with contextlib.suppress(Exception):
            self.conn.close()


class _Pool:
    """What both pools hold: the engine, how many queries run at once, the limits, the restarts.

    Args:
        engine: the engine queries run on.
        size: how many queries run at once (at least 1).
        limits: the time and size limits.
    """

    def __init__(self, engine: Engine, size: int, limits: Limits):
        self.engine = engine
        self.size = max(1, size)
        self.limits = limits
        self.restarts = 0


class ProcessPool(_Pool):
    """A fixed number of forked worker processes that hold the loaded graph.

    Args:
        engine: the engine the workers run queries on (inherited at fork).
        size: how many queries run at once.
        limits: the time and size limits.
    """

    kind = "process"

    def __init__(self, engine: Engine, size: int, limits: Limits):
        super().__init__(engine, size, limits)
        self._context = multiprocessing.get_context("fork")
        self._idle: asyncio.Queue[_ProcessWorker] | None = None
        self._workers: list[_ProcessWorker] = []

    def start(self) -> None:
        """Fork the workers (call once the graph is loaded, before serving)."""
        import gc

        gc.collect()
        gc.freeze()  # keep the collector from touching (and so copying) the loaded graph
        while len(self._workers) < self.size:
            self._workers.append(_ProcessWorker(self._context, self.engine))

    def _queue(self) -> asyncio.Queue[_ProcessWorker]:
        if self._idle is None:
            self._idle = asyncio.Queue()
            for worker in self._workers:
                self._idle.put_nowait(worker)
        return self._idle

    def _replace(self, worker: _ProcessWorker) -> None:
        worker.stop()
        if worker in self._workers:
            self._workers.remove(worker)
        fresh = _ProcessWorker(self._context, self.engine)
        self._workers.append(fresh)
        self.restarts += 1
        self._queue().put_nowait(fresh)

    async def run(self, text: str, accept: str | None, dataset: Dataset | None = None) -> Answer:
        """Run one query in a free worker, within the time limit.

        Args:
            text: the SPARQL query.
            accept: the Accept header.
            dataset: the graphs named by the protocol, or None.
        """
        idle = self._queue()
        try:
            worker = await asyncio.wait_for(idle.get(), self.limits.queue_timeout)
        except asyncio.TimeoutError:
            return busy_answer(self.limits)
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()
        fd = worker.conn.fileno()

        def readable() -> None:
            if not ready.done():
                ready.set_result(None)

        loop.add_reader(fd, readable)
        try:
            worker.conn.send((text, accept, self.limits.max_results, dataset))
            await asyncio.wait_for(ready, self.limits.timeout)
            loop.remove_reader(fd)
            answer = worker.conn.recv()
        except asyncio.TimeoutError:
            loop.remove_reader(fd)
            self._replace(worker)
            return timeout_answer(self.limits)
        except (EOFError, OSError) as exc:
            loop.remove_reader(fd)
            self._replace(worker)
            return Answer.error(500, f"the query worker stopped unexpectedly ({type(exc).__name__}); it was restarted")
        except BaseException:  # cancelled (client gone, server stopping): the worker may be mid-query
            loop.remove_reader(fd)
            self._replace(worker)
            raise
        idle.put_nowait(worker)
        return answer

    def close(self) -> None:
        """Stop every worker."""
        for worker in self._workers:
            worker.stop()
        self._workers.clear()


# --------------------------------------------------------------------------- threads


class QueryStopped(BaseException):
    """Raised inside a worker thread to stop an rdflib query that passed the time limit."""


def _stop_thread(thread_id: int) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(QueryStopped))


class ThreadPool(_Pool):
    """Worker threads: for platforms without ``fork``.

    Args:
        engine: the engine to run queries on.
        size: how many queries run at once.
        limits: the time and size limits.
    """

    kind = "thread"

    def __init__(self, engine: Engine, size: int, limits: Limits):
        super().__init__(engine, size, limits)
        self._slots: asyncio.Semaphore | None = None

    def start(self) -> None:
        """Nothing to start: threads are made per query."""

    async def run(self, text: str, accept: str | None, dataset: Dataset | None = None) -> Answer:
        """Run one query in a worker thread, within the time limit.

        Args:
            text: the SPARQL query.
            accept: the Accept header.
            dataset: the graphs named by the protocol, or None.
        """
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.size)
        try:
            await asyncio.wait_for(self._slots.acquire(), self.limits.queue_timeout)
        except asyncio.TimeoutError:
            return busy_answer(self.limits)
        loop = asyncio.get_running_loop()
        done: asyncio.Future[Answer] = loop.create_future()
        slots = self._slots
        released = threading.Event()

        def release() -> None:
            if not released.is_set():
                released.set()
                slots.release()

        def work() -> None:
            try:
                answer = self.engine.execute(text, accept, self.limits.max_results, dataset)
            except QueryStopped:
                answer = timeout_answer(self.limits)
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(lambda: done.done() or done.set_result(answer))
                loop.call_soon_threadsafe(release)

        thread = threading.Thread(target=work, name="zorgakkoorden-query", daemon=True)
        thread.start()
        try:
            return await asyncio.wait_for(asyncio.shield(done), self.limits.timeout)
        except asyncio.TimeoutError:
            if thread.ident is not None and thread.is_alive():
                _stop_thread(thread.ident)
            self.restarts += 1
            return timeout_answer(self.limits)

    def close(self) -> None:
        """Nothing to close."""


def make_pool(engine: Engine, *, size: int | None = None, limits: Limits | None = None, kind: str | None = None):
    """A worker pool: processes where ``fork`` exists, threads elsewhere.

    Args:
        engine: the engine to run queries on.
        size: how many queries run at once (default: the number of CPUs, at least 2).
        limits: the time and size limits.
        kind: ``"process"`` or ``"thread"`` to choose; None picks.
    """
    limits = limits or Limits()
    size = size or max(2, os.cpu_count() or 2)
    if kind is None:
        kind = "process" if hasattr(os, "fork") else "thread"
    if kind == "process":
        return ProcessPool(engine, size, limits)
    if kind == "thread":
        return ThreadPool(engine, size, limits)
    raise ValueError(f"unknown worker kind {kind!r}: choose process or thread")
