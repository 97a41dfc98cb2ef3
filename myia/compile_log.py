"""Reporting compilations: each one (function, signature, time per phase, why
it compiled) on the ``myia.compile`` logger, which ``MYIA_LOG=compile`` sends to
stderr; and, for a compilation that takes longer than about a second, one line
per phase on stderr while it runs (when stderr is a terminal, or with
``MYIA_PROGRESS=1``; ``MYIA_PROGRESS=0`` never)."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any

LOGGER = logging.getLogger("myia.compile")

PROGRESS_AFTER = 1.0
"""Seconds a compilation runs before it shows its phases."""


def configure_from_environment() -> None:
    """``MYIA_LOG=compile`` (a comma-separated list): log compilations on stderr."""
    topics = {t.strip() for t in os.environ.get("MYIA_LOG", "").split(",")}
    if "compile" in topics and not LOGGER.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("myia: %(message)s"))
        LOGGER.addHandler(handler)
        LOGGER.setLevel(logging.INFO)


def _progress_wanted() -> bool:
    setting = os.environ.get("MYIA_PROGRESS", "")
    if setting:
        return setting != "0"
    return sys.stderr is not None and sys.stderr.isatty()


def describe(names: Sequence[str], signature: Sequence[Any]) -> str:
    """``x: f64, n: i64``: a signature, on one line."""
    return " ".join(", ".join(f"{n}: {value}" for n, value in zip(names, signature)).split())


def reason(
    names: Sequence[str], signature: Sequence[Any], previous: Sequence[Sequence[Any]]
) -> str:
    """Why ``signature`` needed a compilation: the first call, or the
    arguments that differ from the closest signature compiled before."""
    if not previous:
        return "first call"
    closest = max(previous, key=lambda seen: sum(a == b for a, b in zip(seen, signature)))
    changes = [
        f"'{name}' was {old}, now {new}"
        for name, old, new in zip(names, closest, signature)
        if old != new
    ]
    return "new signature: " + "; ".join(changes)


PHASES = ("parse", "infer", "lower", "llvm")
"""The phases of a compilation: parsing Python, inference (and the expansion
of gradients), the backend's passes, and LLVM's code generation."""


class Compilation:
    """One compilation, timed phase by phase (:meth:`phase`), reported when
    :meth:`done`."""

    def __init__(self, function: str, signature: str, why: str):
        self.function = function
        self.signature = signature
        self.why = why
        self.phases: dict[str, float] = dict.fromkeys(PHASES, 0.0)
        self._start = time.perf_counter()
        self._current = ""
        self._showing = False
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        if _progress_wanted():
            self._timer = threading.Timer(PROGRESS_AFTER, self._show_progress)
            self._timer.daemon = True
            self._timer.start()

    def _say(self, text: str) -> None:
        sys.stderr.write(f"myia: {text}\n")
        sys.stderr.flush()

    def _show_progress(self) -> None:
        with self._lock:
            self._showing = True
            self._say(f"compiling {self.function}: {self._current or 'starting'}...")

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        with self._lock:
            self._current = name
            if self._showing:
                self._say(f"compiling {self.function}: {name}...")
        start = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - start)

    def add(self, name: str, seconds: float) -> None:
        self.phases[name] = self.phases.get(name, 0.0) + seconds

    def done(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        total = time.perf_counter() - self._start
        phases = ", ".join(f"{name} {seconds:.3f}" for name, seconds in self.phases.items())
        with self._lock:
            if self._showing:
                self._say(f"compiled {self.function} in {total:.1f} s")
        LOGGER.info(
            "compiled %s(%s) in %.3f s [%s]; %s",
            self.function,
            self.signature,
            total,
            phases,
            self.why,
        )


configure_from_environment()
