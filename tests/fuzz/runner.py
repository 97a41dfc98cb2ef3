"""Running a program's cases on CPython and on myia's backends, and naming how
they disagree.

A disagreement is a :class:`Failure`; its :meth:`Failure.key` (which backend,
what kind, a detail such as the exception class) is the *signature* the reducer
keeps while it shrinks a program, and the campaign groups failures by it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import inspect
import math
import re
import types
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import myia
import myia.passes.grad
from fuzz.compare import difference, kind_of
from fuzz.features import Config, skipped_on
from fuzz.gradcheck import derivative, gradient_difference
from fuzz.oracle import (
    NONFINITE,
    PROGRAM_ERRORS,
    TIE,
    Expected,
    TracedFunction,
    expected,
    inspect_case,
)
from fuzz.program import Program, load, unload
from myia.errors import MyiaError, MyiaRuntimeError

BACKENDS = ("interp-untyped", "interp", "cpu")
#: Backends whose Python ints are Python's (unbounded); on the others they are 64
#: bits, and an int beyond raises OverflowError (docs/user_guide.md).
UNTYPED = ("interp-untyped",)
#: What a typed backend must do where CPython's int leaves the 64-bit range.
OVERFLOW = Expected(error=OverflowError, message="a Python int beyond 64 bits")
#: Gradients: (FORWARD_MODE, backend). "auto" uses forward mode for one float scalar.
GRAD_RUNS = (("auto", "interp"), ("auto", "cpu"), ("never", "interp"), ("never", "cpu"))


@dataclass(frozen=True)
class Failure:
    """One way a backend disagreed with CPython on one case."""

    backend: str
    #: value | missing-raise | unexpected-raise | wrong-raise | raw-raise | reject |
    #: internal | grad-value | grad-raise | crash | timeout
    kind: str
    detail: str
    message: str = ""

    def key(self) -> tuple[str, str, str]:
        return (self.backend, self.kind, self.detail)

    def __str__(self) -> str:
        return f"{self.backend}: {self.kind} {self.detail}: {self.message}"


@dataclass
class CaseResult:
    case: int
    #: Why the case could not be checked (a design difference, a budget).
    invalid: str | None = None
    #: The pending semantic classes it meets (then it was not run).
    excluded: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    expected: Expected | None = None
    grads_checked: int = 0
    #: What the oracle found: the semantic classes met, whether an int overflowed
    #: before anything raised, the largest float computed.
    flags: set[str] = field(default_factory=set)
    overflow: bool = False
    scale: float = 0.0

    def expected_on(self, backend: str) -> Expected:
        """CPython's outcome, or OverflowError on a typed backend where an int
        left the 64-bit range first."""
        assert self.expected is not None
        return OVERFLOW if self.overflow and backend not in UNTYPED else self.expected

    @property
    def checked(self) -> bool:
        """Checked on every backend."""
        return self.invalid is None and not self.excluded

    def runs_on(self, backend: str) -> bool:
        """Whether the case is checked on ``backend`` (see :func:`fuzz.features.skipped_on`)."""
        return self.invalid is None and not skipped_on(self.excluded, backend)

    def signature(self) -> frozenset[tuple[str, str, str]]:
        return frozenset(f.key() for f in self.failures)


@dataclass
class ProgramResult:
    program: Program
    cases: list[CaseResult]

    @property
    def failures(self) -> list[Failure]:
        return [f for c in self.cases for f in c.failures]

    def first_failing(self) -> CaseResult | None:
        return next((c for c in self.cases if c.failures), None)


@dataclass(frozen=True)
class Plan:
    """What to run: backends, gradient runs, and the operation budget of a case."""

    backends: Sequence[str] = BACKENDS
    grads: Sequence[tuple[str, str]] = GRAD_RUNS
    budget: int = 5000
    #: Float arguments differentiated per gradient run (0: every one), chosen
    #: by the program's source (each is a compilation).
    grad_args: int = 0


# ---------------------------------------------------------------------------
# Outcomes


@dataclass(frozen=True)
class Outcome:
    kind: str  # value | raise | raw-raise | reject | internal
    value: Any = None
    error: str = ""
    message: str = ""


def run(fn: Any, args: tuple) -> Outcome:
    """Call a jitted function, sorting what happens."""
    try:
        with np.errstate(all="ignore"):
            return Outcome("value", fn(*args))
    except MyiaRuntimeError as exc:
        return Outcome("raise", error=_python_class(exc), message=_first_line(exc))
    except MyiaError as exc:
        return Outcome("reject", error=type(exc).__name__, message=_first_line(exc))
    except PROGRAM_ERRORS as exc:
        return Outcome("raw-raise", error=type(exc).__name__, message=_first_line(exc))
    except Exception as exc:
        return Outcome("internal", error=type(exc).__name__, message=_first_line(exc))


def _python_class(exc: BaseException) -> str:
    for cls in type(exc).__mro__:
        if cls.__module__ == "builtins" and cls not in (Exception, BaseException, object):
            return cls.__name__
    return type(exc).__name__


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    lines = [line for line in text.splitlines() if line.strip()]
    for line in lines:  # myia's tracebacks end with "MyiaTypeError: message"
        if line.startswith(("Myia", "myia")) and ":" in line:
            return line
    return lines[0] if lines else ""  # "file:line:col: message", then the source excerpt


def gist(message: str) -> str:
    """A message without what varies between programs (locations, names,
    numbers): failures that reject a program for the same reason share it, and
    the reducer keeps that reason."""
    text = re.sub(r"^\S+:\d+:\d+: (in [\w.]+: )?", "", message)
    text = re.sub(r"^Myia\w+: ", "", text)
    text = re.sub(r"'[^']*'", "'_'", text)
    return re.sub(r"-?\d+", "N", text)[:60].strip()


def judge(
    backend: str, exp: Expected, got: Outcome, scale: float = 0.0, float64_as_float: bool = False
) -> Failure | None:
    """The failure of ``got`` against CPython's ``exp`` (None: they agree)."""
    if got.kind in ("reject", "internal"):
        return Failure(backend, got.kind, f"{got.error}: {gist(got.message)}", got.message)
    if exp.error is not None:
        name = exp.error.__name__
        if got.kind == "value":
            return Failure(
                backend, "missing-raise", name, f"returned {got.value!r}, CPython raised {name}"
            )
        if got.error != name:
            return Failure(
                backend, "wrong-raise", f"{name}->{got.error}", f"{got.error}: {got.message}"
            )
        if got.kind == "raw-raise":
            return Failure(backend, "raw-raise", name, f"not a MyiaError: {got.message}")
        return None
    if got.kind != "value":
        return Failure(
            backend,
            "unexpected-raise",
            got.error,
            f"{got.error}: {got.message} (CPython: {exp.value!r})",
        )
    diff = difference(exp.value, got.value, scale, float64_as_float=float64_as_float)
    if diff is not None:
        return Failure(backend, "value", kind_of(exp.value), diff)
    return None


@contextlib.contextmanager
def forward_mode(mode: str) -> Iterator[None]:
    previous = myia.passes.grad.FORWARD_MODE
    myia.passes.grad.FORWARD_MODE = mode
    try:
        yield
    finally:
        myia.passes.grad.FORWARD_MODE = previous


# ---------------------------------------------------------------------------
# Checking a program


def classify_cases(program: Program, config: Config, budget: int) -> list[CaseResult]:
    """Run every case through the oracle: which can be checked, which not and why."""
    module = load(program)
    try:
        n = len(module.CASES)
    finally:
        unload(module)
    results = []
    for i in range(n):
        report = inspect_case(program.source, i, budget=budget)
        excluded = config.excluded(report.flags)
        results.append(
            CaseResult(
                i,
                report.invalid,
                excluded,
                flags=report.flags,
                overflow=report.overflow,
                scale=report.scale,
            )
        )
    return results


def check_program(
    program: Program,
    config: Config,
    plan: Plan = Plan(),
    cases: list[int] | None = None,
    progress: Callable[[str], None] = lambda stage: None,
) -> ProgramResult:
    """Run the checkable cases of ``program`` (or those of ``cases``) everywhere;
    ``progress`` is told each stage (a backend, a gradient run) before it starts."""
    progress("oracle")
    results = classify_cases(program, config, plan.budget)
    if cases is not None:
        results = [r for r in results if r.case in cases]
    todo = [r for r in results if r.invalid is None]
    if not todo:
        return ProgramResult(program, results)
    module = load(program)
    try:
        for r in todo:
            r.expected = expected(module.main, module.CASES[r.case])
        for backend in plan.backends:
            progress(backend)
            _check_backend(module, backend, todo, config)
        if config.has("grad") and hasattr(module, "loss") and not _no_gradient(program):
            for mode, backend in plan.grads:
                progress(f"grad-{mode}-{backend}")
                _check_gradients(module, mode, backend, todo, config, plan.grad_args)
    finally:
        unload(module)
    return ProgramResult(program, results)


def _check_backend(
    module: types.ModuleType, backend: str, todo: list[CaseResult], config: Config
) -> None:
    fn = myia.jit(module.main, backend=backend)
    rejected: Outcome | None = None
    for r in todo:
        if not r.runs_on(backend):
            continue
        got = rejected or run(fn, module.CASES[r.case])
        if got.kind == "reject":
            rejected = got  # one signature: compiling again would fail again
        lenient = not config.has("np_float64_type")
        failure = judge(backend, r.expected_on(backend), got, r.scale, float64_as_float=lenient)
        if failure is not None:
            r.failures.append(failure)


#: Functions without a gradient rule (docs/user_guide.md, "Gradients"): programs
#: calling them are not differentiated.
NO_GRADIENT_RULE = ("math.gamma(", "math.lgamma(")


def _no_gradient(program: Program) -> bool:
    return any(name in program.source for name in NO_GRADIENT_RULE)


def _differentiable_args(args: tuple) -> list[int]:
    """Python floats and float64 arrays (ints, bools and tuples have no gradient here)."""
    return [
        i
        for i, a in enumerate(args)
        if type(a) is float or (isinstance(a, np.ndarray) and a.dtype == np.float64)
    ]


def _chosen(indices: list[int], limit: int, source: str) -> list[int]:
    """``limit`` of ``indices`` (all if 0), from a place the source decides."""
    if not limit or len(indices) <= limit:
        return indices
    start = zlib.crc32(source.encode()) % len(indices)
    return (indices[start:] + indices[:start])[:limit]


#: Elements of an array argument compared with finite differences (at most).
ARRAY_ELEMENTS = 4


def _check_gradients(
    module: types.ModuleType,
    mode: str,
    backend: str,
    todo: list[CaseResult],
    config: Config,
    limit: int = 0,
) -> None:
    """``myia.value_and_grad`` of ``loss`` with respect to each float argument
    (``limit`` of them, if not 0): the value must be CPython's (or the same
    exception), the gradient agree with finite differences (see
    :func:`fuzz.gradcheck.derivative`)."""
    name = f"grad-{mode}-{backend}"
    source = inspect.getsource(module)
    traced = TracedFunction(source, "loss")
    compiled: dict[int, Any] = {}
    for r in todo:
        report = inspect_case(source, r.case, entry="loss")
        if report.invalid is not None or skipped_on(config.excluded(report.flags), name):
            continue
        args = module.CASES[r.case]
        exp = OVERFLOW if report.overflow else expected(module.loss, args)
        for i in _chosen(_differentiable_args(args), limit, source):
            if i not in compiled:
                compiled[i] = myia.value_and_grad(module.loss, argnums=i, backend=backend)
            with forward_mode(mode):
                got = run(compiled[i], args)
            r.grads_checked += 1
            lenient = not config.has("np_float64_type")
            if exp.error is not None or got.kind != "value":
                failure = judge(name, exp, got, float64_as_float=lenient)
                if failure is not None:
                    r.failures.append(dataclasses.replace(failure, kind="grad-" + failure.kind))
                continue
            value, gradient = got.value
            diff = difference(exp.value, value, report.scale, float64_as_float=lenient)
            if diff is not None:
                r.failures.append(Failure(name, "grad-primal", kind_of(exp.value), diff))
                continue
            if TIE in report.flags or "grad_singular" in report.flags:
                # A branch taken at a single point, a derivative infinite at a point:
                # the derivative of the program and of the function differ there.
                continue
            for index in _elements(args[i]):
                estimate = derivative(traced, args, i, index)
                if estimate is None:
                    continue
                g = gradient if index is None else np.asarray(gradient)[index]
                if _not_finite(g) and (NONFINITE in report.flags or _tiny(args)):
                    continue  # IEEE's 0 * inf on the way (see fuzz.oracle.NONFINITE)
                diff = gradient_difference(estimate, g)
                if diff is not None:
                    where = f"argument {i}" + ("" if index is None else f"{list(index)}")
                    r.failures.append(Failure(name, "grad-value", "float", f"{where}: {diff}"))


#: Below this, the derivatives of x / y, 1 / x, x ** -2... overflow (x * x underflows).
TINY = 2.0**-500


def _tiny(args: tuple) -> bool:
    """Whether a float argument is so small (subnormal, say) that a gradient
    may be infinite or NaN where the function is smooth (d(x / x) = 1 / x - x /
    x ** 2 is inf - inf at 1e-310, in JAX too)."""
    return any(type(a) is float and 0 < abs(a) < TINY for a in args)


def _not_finite(value: Any) -> bool:
    try:
        return not math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _elements(arg: Any) -> list[Any]:
    """The elements of an argument to differentiate: None for a scalar."""
    if not isinstance(arg, np.ndarray):
        return [None]
    return [
        tuple(int(k) for k in np.unravel_index(j, arg.shape))
        for j in range(min(arg.size, ARRAY_ELEMENTS))
    ]


def reproduces(
    source: str,
    target: frozenset[tuple[str, str, str]],
    config: Config,
    plan: Plan = Plan(),
    progress: Callable[[str], None] = lambda stage: None,
) -> bool:
    """Whether the only case of ``source`` fails exactly as ``target`` says, on
    every backend of ``plan`` (checked in order, stopping at the first
    difference: a candidate of the reducer that breaks typing is rejected by
    the cheap interpreters before any native compilation)."""
    program = Program(source)
    try:
        results = classify_cases(program, config, plan.budget)
    except Exception:
        return False
    if len(results) != 1 or not results[0].checked:
        return False
    result = results[0]
    module = load(program)
    try:
        result.expected = expected(module.main, module.CASES[0])
        for backend in plan.backends:
            progress(backend)
            _check_backend(module, backend, [result], config)
            if not _same(result, target, backend):
                return False
        grads = [(m, b) for m, b in plan.grads if any(k[0] == f"grad-{m}-{b}" for k in target)]
        if grads and not hasattr(module, "loss"):
            return False
        for mode, backend in grads:
            progress(f"grad-{mode}-{backend}")
            _check_gradients(module, mode, backend, [result], config)
            if not _same(result, target, f"grad-{mode}-{backend}"):
                return False
        return True
    finally:
        unload(module)


def _same(result: CaseResult, target: frozenset[tuple[str, str, str]], backend: str) -> bool:
    got = {f.key() for f in result.failures if f.backend == backend}
    return got == {k for k in target if k[0] == backend}
