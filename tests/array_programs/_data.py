"""Shared random data for the array corpus (fixed seeds).

Each loading of a program draws from a generator of its own, seeded by the
program's file name, so its data does not depend on which programs were loaded
before it in the process (pytest-xdist hands each worker a different set)."""

import os
import sys
import zlib

import numpy as np

_generators: dict[int, tuple[dict, np.random.Generator]] = {}


def _rng() -> np.random.Generator:
    """The generator of the module calling ``randn``/``randint``."""
    program = sys._getframe(2).f_globals
    known = _generators.get(id(program))
    if known is None or known[0] is not program:
        # The file's name: the module's name has a per-process hash in it.
        seed = zlib.crc32(os.path.basename(str(program.get("__file__", ""))).encode())
        known = _generators[id(program)] = (program, np.random.default_rng(seed))
    return known[1]


def randn(*shape, dtype=np.float64):
    return _rng().standard_normal(shape).astype(dtype)


def randint(low, high, *shape, dtype=np.int64):
    return _rng().integers(low, high, shape).astype(dtype)
