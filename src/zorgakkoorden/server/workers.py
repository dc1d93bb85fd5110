"""Workers that run queries apart from the web server, so that a query can be stopped.

Neither rdflib nor pyoxigraph can stop a running query from outside (pyoxigraph has no
query time limit in its Python API), so each query runs in a worker and the server
waits for it with a deadline:

- :class:`ProcessPool` (the default where ``os.fork`` exists): worker processes forked
  from the server after the graph is loaded (they share its memory copy-on-write). A
  worker that passes the time limit, whose client hung up, or that passed the memory
  limit is killed and a fresh one is forked in its place. Workers die with the server
  (``PR_SET_PDEATHSIG`` on Linux, and the end of their pipe elsewhere), hold no socket
  but their own pipe (not the listening socket), and each runs under an address-space
  limit (``RLIMIT_AS``) of the size it was forked at plus ``Limits.max_memory``.
  A share of the workers (:attr:`Limits.reserved`) is kept for queries not known to be
  long: a query text that last ran longer than :attr:`Limits.short_time` (or whose client
  left while it ran) counts as long, and long queries never take the reserved workers.
- :class:`ThreadPool` (the fallback elsewhere): worker threads. A query past the time
  limit is answered with the time-limit error at once; an rdflib query is then stopped
  by raising an exception in its thread, an Oxigraph query is left to finish.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import ctypes
import multiprocessing
import os
import signal
import stat
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any

from .engines import STATUS_MEMORY, Answer, Dataset, Engine

STATUS_TIMEOUT = 503
DEFAULT_MAX_MEMORY = 1024 * 1024 * 1024  # bytes a query may add to a worker (1 GiB)
_PR_SET_PDEATHSIG = 1
_LONG_TEXTS_KEPT = 1024
_SHAPES_KEPT = 512  # parsed queries the pool keeps (texts of at most _SHAPE_TEXT_LIMIT characters)
_SHAPE_TEXT_LIMIT = 20_000


@dataclass(frozen=True)
class Limits:
    """The limits every query runs under.

    Attributes:
        timeout: seconds a query may run (from the moment a worker takes it).
        max_results: the most rows or triples in an answer.
        queue_timeout: seconds a query may wait for a free worker.
        max_memory: bytes of address space a query may add to its worker (0: no limit).
        short_time: a query text that ran longer than this (seconds) counts as long.
        reserved: workers kept for queries not known to be long (None: a quarter, at least 1
            when there are 2 workers or more).
    """

    timeout: float = 30.0
    max_results: int = 100_000
    queue_timeout: float = 30.0
    max_memory: int = DEFAULT_MAX_MEMORY
    short_time: float = 2.0
    reserved: int | None = None


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


def memory_answer(limits: Limits) -> Answer:
    return Answer.error(
        STATUS_MEMORY,
        f"the query needed more memory than the limit of {limits.max_memory // (1024 * 1024)} MB and was stopped; "
        "narrow it, or ask for a higher --max-memory",
    )


# --------------------------------------------------------------------------- processes


def die_with_parent(parent_pid: int) -> None:
    """In a worker: be killed when the parent dies (Linux), and leave now if it already has.

    Args:
        parent_pid: the pid of the server that forked this worker.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(0)


def close_inherited_sockets(keep: int) -> None:
    """In a worker: close every socket inherited from the server (the listening socket, clients,
    other workers' pipes) but ``keep``; files (an Oxigraph store's) stay open.

    Args:
        keep: the file descriptor of the worker's own pipe.
    """
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        fds = list(range(3, min(os.sysconf("SC_OPEN_MAX"), 65536)))
    for fd in fds:
        if fd <= 2 or fd == keep:
            continue
        with contextlib.suppress(OSError):
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)


def address_space() -> int:
    """The bytes of address space this process holds now (0 when unknown)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def limit_memory(extra: int) -> None:
    """In a worker: cap its address space at its present size plus ``extra`` bytes (RLIMIT_AS).

    Args:
        extra: the bytes a query may add; 0 sets no limit.
    """
    if extra <= 0:
        return
    try:
        import resource
    except ImportError:  # not on this platform
        return
    base = address_space()
    if base <= 0:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = base + extra
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _worker_main(conn: Any, engine: Engine, parent_pid: int, max_memory: int) -> None:
    """The loop of a worker process: receive (text, accept, max_results, dataset), send an Answer."""
    die_with_parent(parent_pid)
    close_inherited_sockets(conn.fileno())
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not getattr(engine, "remote", False):
        from ..query import guard

        guard.forbid_network_in_this_process()  # a local store needs no network: refuse any Python socket
    limit_memory(max_memory)
    while True:
        try:
            text, accept, max_results, dataset, shape = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        answer = engine.execute(text, accept, max_results, dataset, shape)
        try:
            conn.send(answer)
        except (BrokenPipeError, OSError):
            os._exit(0)


class _ProcessWorker:
    def __init__(self, context: Any, engine: Engine, max_memory: int):
        parent_conn, child_conn = context.Pipe(duplex=True)
        self.conn = parent_conn
        self.process = context.Process(
            target=_worker_main, args=(child_conn, engine, os.getpid(), max_memory), daemon=True
        )
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
        self.cancelled = 0  # queries stopped because their client left


class ProcessPool(_Pool):
    """A fixed number of forked worker processes that hold the loaded graph.

    Args:
        engine: the engine the workers run queries on (inherited at fork).
        size: how many queries run at once.
        limits: the time, size and memory limits.
    """

    kind = "process"

    def __init__(self, engine: Engine, size: int, limits: Limits):
        super().__init__(engine, size, limits)
        self._context = multiprocessing.get_context("fork")
        self._idle: list[_ProcessWorker] = []
        self._workers: list[_ProcessWorker] = []
        self._changed: asyncio.Condition | None = None
        self._long_running = 0
        self._long_texts: collections.OrderedDict[str, None] = collections.OrderedDict()
        self._shapes: collections.OrderedDict[str, Any] = collections.OrderedDict()
        reserved = limits.reserved if limits.reserved is not None else (max(1, self.size // 4) if self.size >= 2 else 0)
        self.reserved = max(0, min(reserved, self.size - 1))

    def start(self) -> None:
        """Fork the workers (call once the graph is loaded, before serving)."""
        import gc

        gc.collect()
        gc.freeze()  # keep the collector from touching (and so copying) the loaded graph
        while len(self._workers) < self.size:
            worker = self._fork()
            self._idle.append(worker)

    def _fork(self) -> _ProcessWorker:
        worker = _ProcessWorker(self._context, self.engine, self.limits.max_memory)
        self._workers.append(worker)
        return worker

    def _condition(self) -> asyncio.Condition:
        if self._changed is None:
            self._changed = asyncio.Condition()
        return self._changed

    def _drop(self, worker: _ProcessWorker) -> None:
        """Kill a worker (mid-query, or dead) and fork a fresh one in its place."""
        worker.stop()
        if worker in self._workers:
            self._workers.remove(worker)
        self._idle.append(self._fork())
        self.restarts += 1

    def _keep_shape(self, text: str, answer: Answer) -> None:
        """Keep the parsed query a worker sent back, so that no worker parses this text again."""
        shape, answer.shape = answer.shape, None
        if shape is None or len(text) > _SHAPE_TEXT_LIMIT or text in self._shapes:
            return
        self._shapes[text] = shape
        while len(self._shapes) > _SHAPES_KEPT:
            self._shapes.popitem(last=False)

    def known_long(self, text: str) -> bool:
        """Whether this query text ran longer than the short time before (or its client left)."""
        return text in self._long_texts

    def _mark_long(self, text: str) -> None:
        self._long_texts[text] = None
        self._long_texts.move_to_end(text)
        while len(self._long_texts) > _LONG_TEXTS_KEPT:
            self._long_texts.popitem(last=False)

    def _may_take(self, long: bool) -> bool:
        if not self._idle:
            return False
        if not long:
            return True
        # long queries leave the reserved workers free: at most size - reserved of them run
        return self._long_running < self.size - self.reserved

    async def _take(self, long: bool) -> _ProcessWorker | None:
        """A live idle worker, waiting up to the queue time limit; None when none came free."""
        changed = self._condition()
        async with changed:
            try:
                await asyncio.wait_for(changed.wait_for(lambda: self._may_take(long)), self.limits.queue_timeout)
            except asyncio.TimeoutError:
                return None
            worker = self._idle.pop(0)
            while not worker.process.is_alive():  # died while idle (killed from outside): replace, take another
                self._drop(worker)
                worker = self._idle.pop(0)
            return worker

    async def _give_back(self, worker: _ProcessWorker | None, *, drop: bool = False) -> None:
        changed = self._condition()
        async with changed:
            if worker is not None:
                if drop:
                    self._drop(worker)
                else:
                    self._idle.append(worker)
            changed.notify_all()

    async def run(self, text: str, accept: str | None, dataset: Dataset | None = None) -> Answer:
        """Run one query in a free worker, within the time limit.

        Cancelling the task that awaits this (the client hung up) stops the query: a queued
        query leaves the queue, a running one's worker is killed and replaced.

        Args:
            text: the SPARQL query.
            accept: the Accept header.
            dataset: the graphs named by the protocol, or None.
        """
        for _attempt in range(self.size + 1):
            try:
                return await self._run_once(text, accept, dataset)
            except _DiedBeforeQuery:
                continue  # a worker that had died while idle: replaced; the query goes to another
            except asyncio.CancelledError:
                self.cancelled += 1  # queued or running: either way it is stopped
                raise
        return Answer.error(500, "the query workers keep stopping before they take a query; see the server's log")

    async def _run_once(self, text: str, accept: str | None, dataset: Dataset | None) -> Answer:
        long = self.known_long(text)
        worker = await self._take(long)
        if worker is None:
            return busy_answer(self.limits)
        loop = asyncio.get_running_loop()
        started = time.monotonic()
        counted_long = long
        if long:
            self._long_running += 1

        def promote() -> None:  # still running after the short time: a long query from now on
            nonlocal counted_long
            self._mark_long(text)
            if not counted_long:
                counted_long = True
                self._long_running += 1

        timer = loop.call_later(self.limits.short_time, promote)
        drop = False
        try:
            answer = await self._exchange(worker, (text, accept, self.limits.max_results, dataset, self._shapes.get(text)))
            self._keep_shape(text, answer)
            if time.monotonic() - started < self.limits.short_time:
                self._long_texts.pop(text, None)  # it ran short this time: no longer counted as long
            return answer
        except _DiedBeforeQuery:
            drop = True
            raise
        except _WorkerGone as gone:
            drop = True
            return gone.answer
        except BaseException:  # cancelled (client gone, server stopping): the worker may be mid-query
            drop = True
            self._mark_long(text)  # its client gave up waiting for it: long, as far as we know
            raise
        finally:
            timer.cancel()
            if counted_long:
                self._long_running -= 1
            await asyncio.shield(self._give_back(worker, drop=drop))

    async def _exchange(self, worker: _ProcessWorker, request: tuple) -> Answer:
        """Send a query to a worker and wait for its answer within the time limit."""
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()
        fd = worker.conn.fileno()

        def readable() -> None:
            if not ready.done():
                ready.set_result(None)

        try:
            worker.conn.send(request)
        except OSError as exc:  # the worker was gone before it got the query (killed while idle)
            raise _DiedBeforeQuery from exc
        loop.add_reader(fd, readable)
        try:
            await asyncio.wait_for(ready, self.limits.timeout)
            answer = worker.conn.recv()
        except asyncio.TimeoutError:
            raise _WorkerGone(timeout_answer(self.limits)) from None
        except (EOFError, OSError) as exc:
            worker.process.join(timeout=1)
            code = worker.process.exitcode
            if self.limits.max_memory and code in (-signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV):
                # an allocation past RLIMIT_AS aborts Oxigraph's Rust code
                raise _WorkerGone(memory_answer(self.limits)) from exc
            raise _WorkerGone(
                Answer.error(500, f"the query worker stopped unexpectedly ({type(exc).__name__}, exit {code}); it was restarted")
            ) from exc
        finally:
            loop.remove_reader(fd)
        if answer.status == STATUS_MEMORY:  # MemoryError in Python: answer, and start the worker afresh
            raise _WorkerGone(memory_answer(self.limits))
        return answer

    def close(self) -> None:
        """Stop every worker."""
        for worker in self._workers:
            worker.stop()
        self._workers.clear()
        self._idle.clear()


class _DiedBeforeQuery(Exception):
    """The worker was dead before it got the query: replace it and try another."""


class _WorkerGone(Exception):
    """The worker must be replaced; ``answer`` is what the client gets."""

    def __init__(self, answer: Answer):
        self.answer = answer
        super().__init__(answer.status)


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
