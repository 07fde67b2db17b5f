"""How the build stages run, whatever they do: with the garbage collector paused, and timed one after another."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_gc() -> Iterator[None]:
    """The cyclic garbage collector off while a stage runs, and left as the caller had it after. A build makes
    millions of objects and next to no cycles: each of the collector's passes over them (a loaded spaCy pipeline's
    too) freed nothing and cost up to half of resolve's and the RDF mapping's time."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class Laps:
    """Stage -> seconds: `lap(stage)` records the time since the last lap (or since `restart`)."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self.restart()

    def restart(self) -> None:
        self._clock = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = now - self._clock
        self._clock = now
