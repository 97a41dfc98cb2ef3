"""The program corpus: every ``tests/programs/*.py`` agrees with CPython on every backend.

Each program defines ``main(...)``, ``CASES`` (argument tuples) and optionally
``RAISES`` (``((args...), ExceptionType)`` pairs: inputs on which CPython raises
and the backend must raise the same type). The tests here:

* check that the corpus is well formed and covers the constructs the frontend
  must support (``test_corpus_*``);
* parse every program and verify its IR (``test_parse``): this runs without any
  backend;
* run every case on every backend of :data:`BACKENDS` and compare with CPython
  (``test_run``).

To add a backend, append a :class:`Backend` to :data:`BACKENDS`; list the programs
it cannot run yet in its ``unsupported`` (expected to fail, strictly: the test
fails once the program works, so the entry gets removed).
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import math
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import myia
from myia.errors import SourceLocation
from myia.frontend import load_python_file, parse

PROGRAM_DIR = Path(__file__).parent / "programs"
PROGRAMS = sorted(p.stem for p in PROGRAM_DIR.glob("*.py") if not p.name.startswith("_"))

#: Programs that expose a known frontend bug (none at present), and the tests
#: they make fail: "parse" (test_parse) and/or "run" (test_run, every backend).
FRONTEND_BUGS: dict[str, tuple[str, set[str]]] = {}


# ---------------------------------------------------------------------------
# Backends


def _jit_unavailable() -> str | None:
    if not hasattr(myia, "jit"):
        return "myia.jit is not implemented yet"
    return None


@dataclass(frozen=True)
class Backend:
    """A way of running a program, and what it is allowed to differ on."""

    name: str
    #: Relative and absolute tolerance on floats (0 and 0: exact, sign of zero included).
    rel: float = 0.0
    abs: float = 0.0
    #: Whether scalars must have exactly CPython's type (int, float, bool); typed
    #: backends promote values of different types that meet (bool and int -> int).
    strict_types: bool = True
    #: Programs this backend does not support yet, with the reason: expected to fail.
    unsupported: Mapping[str, str] = field(default_factory=dict)
    #: Programs not to run at all on this backend (too slow, would hang...).
    skip: Mapping[str, str] = field(default_factory=dict)
    #: Returns why the backend cannot run here (None when it can).
    unavailable: Callable[[], str | None] = _jit_unavailable

    def compile(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        return myia.jit(fn, backend=self.name)


#: Programs whose values cannot be given static types: every typed backend (all
#: but the untyped reference interpreter) rejects them with a MyiaTypeError.
STATIC_TYPING_LIMITS: dict[str, str] = {
    "tuple_concat": "a tuple grows in a loop: its type never settles",
    "for_range_negative_step": "a tuple grows in a loop: its type never settles",
    "primes": "a tuple grows in a loop: its type never settles",
    "tuple_slice": "slicing a tuple with bounds known only at run time",
    "tuple_insertion_sort": "slicing a tuple with bounds known only at run time",
    "for_tuple_heterogeneous": "the type of a branch depends on a run-time comparison",
    "dataclass_method": "a function returns None or a float (no optional types)",
    "closure_of_closure": "closures built in a loop from the previous iteration's closure",
    "tuple_index": "a heterogeneous tuple indexed at a run-time index",
    "power": "an int to a negative int power known only at run time: a float in "
    "Python, a ValueError where a ** b of ints is typed as an int",
}

#: The interpreters' floats are compared with CPython's bit for bit: the corpus
#: computes with Python's arithmetic and ``math`` only (``test_corpus_uses_no_numpy``),
#: the interpreters call CPython's own operators and ``math`` functions on the same
#: Python floats, and constants are folded with them too (``math.acos(0.5)`` with
#: ``math.acos``: the ``math_acos`` primitive), so nothing computes with numpy, whose
#: SIMD loops (AVX-512 ones among them) may differ from the C library in the last
#: bit. numpy values would be compared within 2 ulp (``assert_same``). Compiled
#: code calls the C library itself, without CPython's own code (``math.gamma``...):
#: ``cpu`` compares within a tolerance.
BACKENDS: list[Backend] = [
    Backend("interp-untyped"),
    Backend("interp", strict_types=False, unsupported=STATIC_TYPING_LIMITS),
    Backend(
        "cpu",
        rel=1e-12,
        abs=1e-300,
        strict_types=False,
        unsupported={
            **STATIC_TYPING_LIMITS,
        },
    ),
    # Backend("cpu", rel=1e-12, abs=1e-300, unsupported={...}),
    # Backend("cuda", rel=1e-9, abs=1e-300, unsupported={...}),
]


# ---------------------------------------------------------------------------
# Comparing results


def assert_same(
    expected: Any,
    actual: Any,
    *,
    rel: float = 0.0,
    abs: float = 0.0,
    strict_types: bool = True,
    path: str = "result",
) -> None:
    """Assert that ``actual`` is ``expected``: same structure and types, equal ints
    and bools, floats equal (exactly, sign of zero included, when ``rel`` and ``abs``
    are 0; else within the tolerance); NaN equals NaN."""

    def fail(why: str) -> None:
        raise AssertionError(f"{path}: {why} (expected {expected!r}, got {actual!r})")

    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            fail("not a list of the same length")
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            assert_same(e, a, rel=rel, abs=abs, strict_types=strict_types, path=f"{path}[{i}]")
        return
    if isinstance(expected, tuple):
        if not isinstance(actual, tuple) or len(actual) != len(expected):
            fail("not a tuple of the same length")
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            assert_same(e, a, rel=rel, abs=abs, strict_types=strict_types, path=f"{path}[{i}]")
        return
    if dataclasses.is_dataclass(expected) and not isinstance(expected, type):
        cls = type(expected)
        if type(actual) is not cls and (
            not dataclasses.is_dataclass(actual) or type(actual).__qualname__ != cls.__qualname__
        ):
            fail(f"not a {cls.__qualname__}")
        for f in dataclasses.fields(expected):
            assert_same(
                getattr(expected, f.name), getattr(actual, f.name),
                rel=rel, abs=abs, strict_types=strict_types, path=f"{path}.{f.name}",
            )  # fmt: skip
        return
    if type(expected).__module__ == "numpy":
        import numpy as np

        actual_arr = np.asarray(actual)
        expected_arr = np.asarray(expected)
        if actual_arr.shape != expected_arr.shape or actual_arr.dtype != expected_arr.dtype:
            fail(
                f"shape/dtype {actual_arr.shape}/{actual_arr.dtype} "
                f"instead of {expected_arr.shape}/{expected_arr.dtype}"
            )
        if rel == 0 and abs == 0 and expected_arr.dtype.kind == "f":
            # numpy's values: within 2 ulp, never bit for bit (see BACKENDS)
            np.testing.assert_array_equal(np.isnan(actual_arr), np.isnan(expected_arr), path)
            np.testing.assert_array_max_ulp(actual_arr, expected_arr, maxulp=2)
            return
        np.testing.assert_allclose(actual_arr, expected_arr, rtol=rel, atol=abs, err_msg=path)
        return
    if expected is None or isinstance(expected, str):
        if actual != expected:
            fail("different value")
        return
    if isinstance(expected, bool | int | float):
        if strict_types:
            if type(actual) is not type(expected):
                fail(f"type {type(actual).__name__} instead of {type(expected).__name__}")
        # Typed backends join the types of values that meet (a bool and an int
        # returned by two branches give an int): only the value must agree.
        if isinstance(expected, float):
            actual = float(actual)
            if math.isnan(expected) and math.isnan(actual):
                return
            if rel == 0 and abs == 0:
                if actual != expected or math.copysign(1, actual) != math.copysign(1, expected):
                    fail("different float")
            elif not math.isclose(actual, expected, rel_tol=rel, abs_tol=abs):
                fail(f"not within rel={rel} abs={abs}")
            return
        if actual != expected:
            fail("different value")
        return
    if actual != expected:
        fail("different value")


# ---------------------------------------------------------------------------
# Loading programs


def load(name: str) -> ModuleType:
    return load_python_file(PROGRAM_DIR / f"{name}.py")


def cases(module: ModuleType) -> list[tuple]:
    return list(module.CASES)


def raises(module: ModuleType) -> list[tuple[tuple, type[BaseException]]]:
    return list(getattr(module, "RAISES", []))


def bug_marks(name: str, stage: str) -> list[pytest.MarkDecorator]:
    bug = FRONTEND_BUGS.get(name)
    if bug is not None and stage in bug[1]:
        return [pytest.mark.xfail(reason=bug[0], strict=True)]
    return []


# ---------------------------------------------------------------------------
# The corpus itself


def test_corpus_uses_no_numpy():
    """The interpreters are compared with CPython exactly because the corpus computes
    with Python's own arithmetic and ``math`` (see ``BACKENDS``); numpy programs
    belong to ``tests/array_programs``, compared within ulps."""
    for name in PROGRAMS:
        tree = ast.parse((PROGRAM_DIR / f"{name}.py").read_text())
        modules = {
            alias.name for n in ast.walk(tree) if isinstance(n, ast.Import) for alias in n.names
        } | {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not any(m and m.split(".")[0] == "numpy" for m in modules), name


def test_corpus_size():
    assert len(PROGRAMS) >= 70
    assert sum(len(cases(load(n))) for n in PROGRAMS) >= 3 * len(PROGRAMS)


@pytest.mark.parametrize("name", PROGRAMS)
def test_corpus_program_is_well_formed(name):
    """main and CASES exist; CPython runs every case, and raises on every RAISES entry."""
    module = load(name)
    assert callable(getattr(module, "main", None)), f"{name} has no main()"
    assert len(cases(module)) >= 3, f"{name} needs at least 3 cases"
    for args in cases(module):
        assert isinstance(args, tuple), f"{name}: case {args!r} is not a tuple"
        first = module.main(*args)
        assert_same(first, module.main(*args), path=f"{name}{args}")  # deterministic
    for args, exc in raises(module):
        with pytest.raises(exc):
            module.main(*args)
    lines = (PROGRAM_DIR / f"{name}.py").read_text().count("\n")
    assert lines <= 60, f"{name} is too long ({lines} lines)"


def _statement_lines(tree: ast.AST) -> set[int]:
    """The lines of the statements inside functions that produce code."""
    lines = set()
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef):
            continue
        for node in ast.walk(fn):
            if not isinstance(node, ast.stmt) or isinstance(node, ast.FunctionDef):
                continue
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
                continue  # docstrings and `...`
            if isinstance(node, ast.AnnAssign) and node.value is None:
                continue  # a bare annotation runs nothing
            lines.add(node.lineno)
    return lines


@pytest.mark.parametrize("name", PROGRAMS)
def test_corpus_cases_cover_every_line(name):
    """The cases (and RAISES) of a program run every statement of it, in CPython."""
    module = load(name)
    filename = module.__file__
    hit: set[int] = set()

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        if frame.f_code.co_filename != filename:
            return None
        if event == "line":
            hit.add(frame.f_lineno)
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        for args in cases(module):
            module.main(*args)
        for args, exc in raises(module):
            with contextlib.suppress(exc):
                module.main(*args)
    finally:
        sys.settrace(previous)
    source = (PROGRAM_DIR / f"{name}.py").read_text()
    missed = sorted(_statement_lines(ast.parse(source)) - hit)
    lines = source.splitlines()
    assert not missed, f"no case runs: {[f'{n}: {lines[n - 1].strip()}' for n in missed]}"


def _corpus_nodes() -> list[ast.AST]:
    nodes = []
    for name in PROGRAMS:
        nodes += ast.walk(ast.parse((PROGRAM_DIR / f"{name}.py").read_text()))
    return nodes


def _calls(nodes: list[ast.AST]) -> set[str]:
    return {ast.unparse(n.func) for n in nodes if isinstance(n, ast.Call)}


#: Constructs the corpus must exercise, each a predicate on one AST node.
COVERAGE: dict[str, Callable[[ast.AST], bool]] = {
    "nested def": lambda n: (
        isinstance(n, ast.FunctionDef)
        and any(isinstance(s, ast.FunctionDef) for s in ast.walk(n) if s is not n)
    ),
    "lambda": lambda n: isinstance(n, ast.Lambda),
    "elif": lambda n: (
        isinstance(n, ast.If) and len(n.orelse) == 1 and isinstance(n.orelse[0], ast.If)
    ),
    "if without else": lambda n: isinstance(n, ast.If) and not n.orelse,
    "conditional expression": lambda n: isinstance(n, ast.IfExp),
    "and": lambda n: isinstance(n, ast.BoolOp) and isinstance(n.op, ast.And),
    "or": lambda n: isinstance(n, ast.BoolOp) and isinstance(n.op, ast.Or),
    "not": lambda n: isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not),
    "chained comparison": lambda n: isinstance(n, ast.Compare) and len(n.ops) >= 2,
    "chained comparison, 3+ links": lambda n: isinstance(n, ast.Compare) and len(n.ops) >= 3,
    "in": lambda n: isinstance(n, ast.Compare) and any(isinstance(o, ast.In) for o in n.ops),
    "not in": lambda n: isinstance(n, ast.Compare) and any(isinstance(o, ast.NotIn) for o in n.ops),
    "is None": lambda n: isinstance(n, ast.Compare) and any(isinstance(o, ast.Is) for o in n.ops),
    "while": lambda n: isinstance(n, ast.While),
    "while-else": lambda n: isinstance(n, ast.While) and bool(n.orelse),
    "for-else": lambda n: isinstance(n, ast.For) and bool(n.orelse),
    "nested loops": lambda n: (
        isinstance(n, ast.For | ast.While)
        and any(isinstance(s, ast.For | ast.While) for s in ast.walk(n) if s is not n)
    ),
    "break": lambda n: isinstance(n, ast.Break),
    "continue": lambda n: isinstance(n, ast.Continue),
    "return in loop": lambda n: (
        isinstance(n, ast.For | ast.While) and any(isinstance(s, ast.Return) for s in ast.walk(n))
    ),
    "tuple unpacking, nested": lambda n: (
        isinstance(n, ast.Assign)
        and isinstance(n.targets[0], ast.Tuple)
        and any(isinstance(e, ast.Tuple) for e in n.targets[0].elts)
    ),
    "negative index": lambda n: (
        isinstance(n, ast.Subscript)
        and isinstance(n.slice, ast.UnaryOp | ast.Constant)
        and "-" in ast.unparse(n.slice)
    ),
    "slice": lambda n: isinstance(n, ast.Slice),
    "reversed slice": lambda n: (
        isinstance(n, ast.Slice) and n.step is not None and ast.unparse(n.step) == "-1"
    ),
    "frozen dataclass": lambda n: (
        isinstance(n, ast.Call)
        and ast.unparse(n.func) == "dataclass"
        and any(k.arg == "frozen" for k in n.keywords)
    ),
    "property": lambda n: (
        isinstance(n, ast.FunctionDef)
        and any(ast.unparse(d) == "property" for d in n.decorator_list)
    ),
    "keyword argument": lambda n: isinstance(n, ast.Call) and bool(n.keywords),
    "keyword-only parameter": lambda n: isinstance(n, ast.FunctionDef) and bool(n.args.kwonlyargs),
    "default parameter": lambda n: isinstance(n, ast.FunctionDef) and bool(n.args.defaults),
    "method loop over layers": lambda n: (
        isinstance(n, ast.For) and ast.unparse(n.iter) == "self.layers"
    ),
}
COVERAGE.update(
    {
        f"augmented {type(op).__name__}": (
            lambda n, op=op: isinstance(n, ast.AugAssign) and type(n.op) is type(op)
        )
        for op in (
            ast.Add(),
            ast.Sub(),
            ast.Mult(),
            ast.Div(),
            ast.FloorDiv(),
            ast.Mod(),
            ast.Pow(),
            ast.BitAnd(),
            ast.BitOr(),
            ast.BitXor(),
            ast.LShift(),
            ast.RShift(),
        )
    }  # fmt: skip
)
REQUIRED_CALLS = {
    "range", "zip", "enumerate", "abs", "min", "max", "round", "int", "float", "bool",
    "divmod", "pow", "len", "math.sin", "math.cos", "math.exp", "math.log", "math.sqrt",
    "math.floor", "math.ceil", "math.tanh",
}  # fmt: skip


def test_corpus_covers_every_construct():
    nodes = _corpus_nodes()
    missing = [what for what, pred in COVERAGE.items() if not any(pred(n) for n in nodes)]
    assert not missing, f"no program exercises: {missing}"
    missing_calls = REQUIRED_CALLS - _calls(nodes)
    assert not missing_calls, f"no program calls: {sorted(missing_calls)}"
    source = "\n".join((PROGRAM_DIR / f"{n}.py").read_text() for n in PROGRAMS)
    for snippet in ("math.pi", "math.log(x, base)", "range(n, 0, -1)", "enumerate(t, start=1)",
                    "True + 1", "** -", "a, b = b, a", "RAISES"):  # fmt: skip
        assert snippet in source, f"no program contains {snippet!r}"


# ---------------------------------------------------------------------------
# Parsing (no backend needed)


def check_ir(module: Any, program_file: Path) -> None:
    """Checks beyond ``verify()``: every op carries a file location inside a real
    file, and a closure applied where it is built gets as many arguments as its
    function has parameters (less those with defaults)."""
    from myia.dialects import ApplyOp, ClosureOp, FuncOp

    funcs = {op.sym_name.data: op for op in module.ops if isinstance(op, FuncOp)}
    for op in module.walk():
        if op is module:
            continue
        loc = SourceLocation.from_attr(getattr(op, "location", None))
        assert loc is not None, f"{op.name} has no source location:\n{op}"
        assert loc.source_line() is not None, f"{op.name}: {loc} is not a line of a file"
        if isinstance(op, ApplyOp) and isinstance(op.fn.owner, ClosureOp):
            callee = funcs[op.fn.owner.callee.string_value()]
            nparams = len(callee.params)
            required = nparams - len(callee.default_values)
            assert required <= len(op.arguments) <= nparams, (
                f"{loc}: applies @{callee.sym_name.data} to {len(op.arguments)} argument(s), "
                f"but it takes {nparams} ({required} without defaults)"
            )
    entry_locs = {SourceLocation.from_attr(f.location).filename for f in funcs.values()}
    assert str(program_file) in entry_locs


@pytest.mark.parametrize("name", [pytest.param(n, marks=bug_marks(n, "parse")) for n in PROGRAMS])
def test_parse(name):
    module = load(name)
    ir = parse(module.main)
    ir.verify()
    check_ir(ir, (PROGRAM_DIR / f"{name}.py").resolve())


# ---------------------------------------------------------------------------
# Running on the backends


def _run_params() -> list[Any]:
    params = []
    for backend in BACKENDS:
        for name in PROGRAMS:
            marks = bug_marks(name, "run")
            if name in backend.unsupported:
                marks.append(pytest.mark.xfail(reason=backend.unsupported[name], strict=True))
            if name in backend.skip:
                marks.append(pytest.mark.skip(reason=backend.skip[name]))
            params.append(pytest.param(backend, name, marks=marks, id=f"{backend.name}-{name}"))
    return params


@pytest.mark.parametrize(("backend", "name"), _run_params())
def test_run(backend: Backend, name: str):
    """Every case gives CPython's result; every RAISES case raises CPython's exception."""
    reason = backend.unavailable()
    if reason is not None:
        pytest.skip(reason)
    module = load(name)
    compiled = backend.compile(module.main)
    failures = []
    for args in cases(module):
        expected = module.main(*args)
        try:
            actual = compiled(*args)
            assert_same(expected, actual, rel=backend.rel, abs=backend.abs,
                        strict_types=backend.strict_types, path=f"main{args!r}")  # fmt: skip
        except AssertionError as exc:
            failures.append(str(exc))
        except Exception as exc:
            failures.append(f"main{args!r}: raised {type(exc).__name__}: {exc}")
    for args, exc_type in raises(module):
        try:
            result = compiled(*args)
        except exc_type:
            continue
        except Exception as exc:
            failures.append(
                f"main{args!r}: raised {type(exc).__name__} instead of {exc_type.__name__}: {exc}"
            )
        else:
            failures.append(
                f"main{args!r}: returned {result!r} instead of raising {exc_type.__name__}"
            )
    if failures:
        pytest.fail(f"{name} on {backend.name}:\n" + "\n".join(failures), pytrace=False)
