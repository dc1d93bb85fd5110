"""Progress of a long run, one line per step on stderr: ``[2/6] SHACL shapes ... 3.1 s``.

`check` on a large graph takes a while; without a word it looked hung. Each step prints
its name when it starts and its time when it ends, so a person (or a CI log) sees where
the time goes. :func:`silent` prints nothing (the Python API's default).
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import IO, Iterator


class Progress:
    """Numbered steps with their times.

    Args:
        total: how many steps there are.
        stream: where the lines go (stderr by default); None prints nothing (the steps are still timed).
    """

    def __init__(self, total: int, stream: IO[str] | None = sys.stderr):
        self.total = total
        self.stream = stream
        self.done = 0
        self.times: dict[str, float] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Time one step and print it.

        Args:
            name: what the step does, as the line shows it.
        """
        self.done += 1
        if self.stream is not None:
            self.stream.write(f"[{self.done}/{self.total}] {name} ...")
            self.stream.flush()
        start = time.perf_counter()
        ok = False
        try:
            yield
            ok = True
        finally:
            seconds = time.perf_counter() - start
            self.times[name] = seconds
            if self.stream is not None:
                self.stream.write(f" {seconds:.1f} s\n" if ok else f" stopped after {seconds:.1f} s\n")
                self.stream.flush()


def silent() -> Progress:
    """A fresh :class:`Progress` that prints nothing."""
    return Progress(0, stream=None)
