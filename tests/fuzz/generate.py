"""Program ``index`` of campaign ``seed``: the same program on every machine and
in every process (pytest-xdist workers, the campaign's workers), whatever ran
before it."""

from __future__ import annotations

import random

from fuzz.array_gen import ArrayGenerator
from fuzz.features import Config
from fuzz.oracle import inspect_case
from fuzz.program import Program, module_source
from fuzz.scalar_gen import ScalarGenerator

#: The share of numpy array programs, when the "arrays" feature is on.
ARRAY_SHARE = 0.25
#: Programs drawn until one has a case that can be checked.
ATTEMPTS = 6


def generate(seed: int, index: int, config: Config, budget: int = 5000) -> Program:
    """A program at least one of whose cases can be checked (if one is found in
    :data:`ATTEMPTS` draws; else the last one drawn)."""
    program = None
    for attempt in range(ATTEMPTS):
        rng = random.Random(f"myia-fuzz:{seed}:{index}:{attempt}")
        program = draw(rng, config, f"{seed}:{index}")
        for case in range(config.cases):
            report = inspect_case(program.source, case, budget=budget)
            if report.invalid is None and not config.excluded(report.flags):
                return program
    assert program is not None
    return program


def draw(rng: random.Random, config: Config, origin: str) -> Program:
    arrays = config.has("arrays") and rng.random() < ARRAY_SHARE
    generator = (ArrayGenerator if arrays else ScalarGenerator)(rng, config)
    body, params, _ = generator.program()
    cases = [tuple(generator.value(t) for t in params) for _ in range(config.cases)]
    return Program(module_source(body, cases), origin)
