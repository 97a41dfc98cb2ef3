"""The differential fuzzer (tests/fuzz/, docs/fuzzing.md).

``test_campaign`` is the fixed-seed campaign of ``make test``: programs
``0..CAMPAIGN_PROGRAMS-1`` of seed :data:`CAMPAIGN_SEED` (small ones: compiling
is most of their cost), in chunks that pytest-xdist spreads over its workers.
Every case must agree with CPython on every backend, and gradients with finite
differences (one gradient run per program, in turn: forward and reverse mode,
interp and cpu; with respect to one float argument). A failure prints the program and the command that reproduces
and reduces it. Features whose bugs are still being fixed are switched off in
:data:`fuzz.features.PENDING`.

The other tests check the fuzzer itself: that its programs are well formed,
that the oracle classifies what cases meet, that a backend that gets a value
wrong, a gradient that is wrong, a crash are caught, and that the reducer
shrinks a failing program.
"""

from __future__ import annotations

import ast
import math

import numpy as np
import pytest
from fuzz.campaign import Crash, Worker
from fuzz.features import FEATURES, PENDING, SMALL, Config
from fuzz.generate import generate
from fuzz.gradcheck import derivative
from fuzz.oracle import Expected, TracedFunction, inspect_case
from fuzz.program import Program, load, module_source, unload, value_expr
from fuzz.reducer import reduce, size
from fuzz.runner import GRAD_RUNS, Outcome, Plan, check_program, judge, reproduces
from fuzz.worker import config_to, plan_to

import myia

CAMPAIGN_SEED = 2026
CAMPAIGN_PROGRAMS = 200
CHUNK = 5


def _describe_failures(program: Program, failures: list[str]) -> str:
    index = program.origin.split(":")[1]
    return (
        f"program {program.origin} fails:\n  "
        + "\n  ".join(failures)
        + f"\n\n{program.source}\nreproduce and reduce it: make fuzz SEED={CAMPAIGN_SEED} "
        f"FUZZ_ARGS='--only {index} --small'"
    )


@pytest.mark.parametrize("start", range(0, CAMPAIGN_PROGRAMS, CHUNK))
def test_campaign(start):
    problems = []
    for index in range(start, start + CHUNK):
        program = generate(CAMPAIGN_SEED, index, SMALL)
        plan = Plan(grads=(GRAD_RUNS[index % len(GRAD_RUNS)],), grad_args=1)
        result = check_program(program, SMALL, plan)
        if result.failures:
            problems.append(_describe_failures(program, [str(f) for f in result.failures]))
    assert not problems, "\n\n".join(problems)


# ---------------------------------------------------------------------------
# Programs


def test_generation_is_deterministic_per_index():
    first = [generate(7, i, SMALL).source for i in range(5)]
    assert first == [generate(7, i, SMALL).source for i in range(5)]
    assert len(set(first)) == 5
    assert generate(8, 0, SMALL).source != first[0]


def test_programs_are_well_formed():
    """Generated programs run under CPython: nothing but the errors of Python's
    semantics (ZeroDivisionError...), and nothing the generator must not write."""
    checked = 0
    for i in range(40):
        program = generate(11, i, SMALL.with_features(["+all"]))
        for case in range(SMALL.cases):
            report = inspect_case(program.source, case)
            assert not (report.invalid or "").startswith("CPython raised"), (
                f"{report.invalid}\n{program.source}"
            )
            checked += report.invalid is None
    assert checked > 60


@pytest.mark.parametrize(
    ("feature", "node"),
    [
        ("while", ast.While),
        ("closures", ast.Lambda),
        ("if", ast.If),
        ("tuples", ast.Tuple),
        ("floordiv_mod", ast.FloorDiv),
        ("bitwise", ast.BitXor),
    ],
)
def test_construct_switches(feature, node):
    config = SMALL.with_features([f"-{feature}", "-arrays"])
    for i in range(30):
        tree = ast.parse(generate(3, i, config).source)
        main = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
        found = [n for fn in main for n in ast.walk(fn) if isinstance(n, node)]
        assert not found, f"program {i} has {ast.unparse(found[0])}"


def test_every_feature_is_generated():
    """With every feature on, a few hundred programs use every construct."""
    sources = [generate(5, i, SMALL.with_features(["+all"])).source for i in range(150)]
    text = "\n".join(sources)
    for snippet in (
        "while ",
        "for ",
        "lambda",
        "break",
        "continue",
        "math.",
        "np.",
        "rec",
        "//",
        "%",
    ):
        assert snippet in text


def test_pending_features_are_known():
    assert set(PENDING) <= set(FEATURES)
    assert not set(PENDING) & Config().features


def test_values_round_trip():
    for value in (
        -0.0,
        math.inf,
        -math.inf,
        5e-324,
        -(2**63),
        (1, (True, 2.5)),
        np.arange(6.0).reshape(2, 3),
    ):
        source = ast.unparse(value_expr(value))
        back = eval(source, {"math": math, "np": np})
        if isinstance(value, np.ndarray):
            assert back.dtype == value.dtype and np.array_equal(back, value)
        else:
            assert repr(back) == repr(value)
    nan = eval(ast.unparse(value_expr(math.nan)), {"math": math})
    assert math.isnan(nan)


# ---------------------------------------------------------------------------
# The oracle


def _source(body: str, *cases: tuple) -> str:
    return module_source(list(ast.parse(body).body), list(cases))


@pytest.mark.parametrize(
    ("body", "args", "flags", "invalid"),
    [
        ("def main(a, b):\n    t = a // b\n    return a", (1, 0), {"dead_raise"}, None),
        ("def main(a, b):\n    t = a // b\n    return t", (1, 0), set(), None),
        ("def main(a, b):\n    t = (a // b, 1)\n    return t[1]", (1, 0), {"dead_raise"}, None),
        ("def main(a, b):\n    return (a // b, 1)", (1, 0), set(), None),
        # an index that raised is unknown: it may be out of range too
        ("def main(t, a, b):\n    return t[a // b]", ((1, 2), 1, 0), {"tuple_index_oob"}, None),
        (
            "def main(t, a, b):\n    u = t[a // b]\n    return a",
            ((1, 2), 1, 0),
            {"dead_raise", "tuple_index_oob"},
            None,
        ),
        # possibly dead: the branch may be unused
        (
            "def main(a, b):\n    if a // b > 0:\n        return 1\n    return 2",
            (1, 0),
            {"dead_raise"},
            None,
        ),
        ("def main(a):\n    return a * a", (2**40,), {"int_overflow"}, None),
        ("def main(x):\n    return x % 1.0", (-2.0,), {"float_mod_edges"}, None),
        ("def main(x):\n    return math.sqrt(x)", (-1.0,), {"math_errors"}, None),
        ("def main(t, i):\n    return t[i]", ((1, 2), 5), {"tuple_index_oob"}, None),
        ("def main(x):\n    return (x, 1.0)[2]", (1.5,), {"const_index_oob"}, None),
        ("def main(a, x):\n    return a < x", (2**53 + 1, 1.0), {"big_int_float_mix"}, None),
        (
            "def main(x, y):\n    return math.hypot(x, y)",
            (0.0, 0.0),
            {"grad_singular", "cpython_math"},
            None,
        ),
        ("def main(a, n):\n    return np.sum(a[n:])", (np.ones(2), 3), {"empty_reduction"}, None),
        ("def main(a):\n    return (a > 0) + (a > 1)", (np.ones(2),), {"bool_array_arith"}, None),
        ("def main(x):\n    return x ** 0.5", (-1.0,), {"grad_singular"}, "a complex result"),
        ("def main(a, b):\n    return a ** b", (2, -1), set(), "int ** negative int"),
        (
            "def main(n):\n    while True:\n        n = n + 1\n    return n",
            (0,),
            set(),
            "more than",
        ),
    ],
)
def test_oracle_classifies(body, args, flags, invalid):
    report = inspect_case(_source(body, args), 0)
    assert report.flags == flags
    if invalid is None:
        assert report.invalid is None
    else:
        assert report.invalid is not None and invalid in report.invalid


# ---------------------------------------------------------------------------
# Catching failures


def _off_by_one_ulp(module, entry, *, frontend=None):
    """A backend that gets every float result one ulp wrong."""
    run = myia.api.get_backend("interp")(module, entry, frontend=frontend)

    def perturb(value):
        if isinstance(value, float):
            return math.nextafter(value, math.inf)
        if isinstance(value, tuple):
            return tuple(map(perturb, value))
        return value

    return lambda *args: perturb(run(*args))


myia.register_backend("fuzz-wrong", _off_by_one_ulp, replace=True)

FAILING = """
def helper(a):
    return a * 2

def main(x, n):
    total = 0.0
    for i in range(n):
        total = total + x * i
    k = helper(n) // 3
    return total + float(k), n % 4
"""


def test_runner_catches_a_wrong_value():
    program = Program(_source(FAILING, (1.5, 3), (0.25, 0)))
    result = check_program(program, SMALL, Plan(backends=("interp", "fuzz-wrong"), grads=()))
    keys = {f.key() for f in result.failures}
    assert keys == {("fuzz-wrong", "value", "tuple")}
    assert all(c.checked for c in result.cases)


def test_runner_catches_a_missing_exception():
    program = Program(_source("def main(a, b):\n    return a // b", (1, 0)))
    result = check_program(program, SMALL, Plan(backends=("interp", "cpu"), grads=()))
    assert result.failures == []
    result = check_program(program, SMALL, Plan(backends=("fuzz-wrong",), grads=()))
    assert result.failures == []  # the wrong backend only changes floats
    assert result.cases[0].expected.error is ZeroDivisionError


#: A program meeting each semantic class that was pending until its bug was
#: fixed: each is checked strictly now (not excluded), and agrees.
FIXED_CLASSES = [
    ("dead_raise", "def main(a, b):\n    t = a // b\n    return a", [(1, 0)]),
    ("tuple_index_oob", "def main(t, i):\n    return t[i]", [((10, 20, 30), -4), ((1,), 1)]),
    (
        "float_mod_edges",
        "def main(x, y):\n    return x % y, x // y, divmod(x, y)",
        [(-0.0, 1.0), (-6.0, 3.0), (-5.0, math.inf)],
    ),
    ("int_overflow", "def main(a, b):\n    t = a * b\n    return a", [(2**40, 2**30)]),
    ("int_overflow", "def main(x):\n    return int(x) + 1", [(9.5e18,)]),
    ("math_errors", "def main(x):\n    return math.log(x) + math.exp(-x)", [(-1.0,), (-1e3,)]),
    ("float_pow_errors", "def main(x, y):\n    return x ** y", [(10.0, 400.0), (0.0, -1.0)]),
    ("float_pow_errors", "def main(x, y):\n    t = pow(x, y)\n    return x", [(-8.0, 1e300)]),
    ("bool_array_arith", "def main(a):\n    return (a > 0) + (a > 1)", [(np.ones(2),)]),
    (
        "empty_reduction",
        "def main(a, n):\n    return np.sum(a[n:]) + np.prod(a[n:])",
        [(np.ones(2), 3)],
    ),
    ("empty_reduction", "def main(a, n):\n    return np.max(a[n:])", [(np.ones(2), 3)]),
    (
        "grad_singular",
        "def main(x, y):\n    return x * y + math.sqrt(x)\n\ndef loss(x, y):\n    return main(x, y)",
        [(0.0, 2.0)],
    ),
]


@pytest.mark.parametrize(("feature", "body", "cases"), FIXED_CLASSES, ids=lambda v: str(v)[:20])
def test_fixed_classes_are_checked(feature, body, cases):
    """A regression of these fixes fails the campaign: their cases are checked."""
    assert feature not in PENDING
    program = Program(_source(body, *cases))
    result = check_program(program, SMALL, Plan(grads=GRAD_RUNS if "loss" in body else ()))
    assert all(case.checked for case in result.cases), result.cases
    assert feature in result.cases[0].flags
    assert result.failures == []
    assert sum(c.grads_checked for c in result.cases) == (8 if "loss" in body else 0)


def test_pending_classes_run_where_they_agree():
    """A case meeting a pending class that only cpu gets wrong (CPython's own
    hypot) is still checked on the interpreters, and in gradient runs on interp."""
    body = "def main(x, y):\n    return math.hypot(x, y) * 2.0\n\ndef loss(x, y):\n    return main(x, y)"
    program = Program(_source(body, (3.0, 4.0), (0.1, -0.7)))
    result = check_program(program, SMALL, Plan(grads=GRAD_RUNS))
    for case in result.cases:
        assert case.excluded == ["cpython_math"] and not case.checked
        assert case.runs_on("interp") and case.runs_on("interp-untyped")
        assert not case.runs_on("cpu")
        assert case.grads_checked == 4  # two arguments, two runs on interp
    assert result.failures == []


def _python_floats(module, entry, *, frontend=None):
    """A backend that returns np.float64 results as Python floats."""
    run = myia.api.get_backend("interp")(module, entry, frontend=frontend)
    return lambda *args: float(run(*args))


myia.register_backend("fuzz-floats", _python_floats, replace=True)


def test_numpy_scalars_keep_their_type():
    program = Program(_source("def main(a):\n    return np.sum(a * 2.0)", (np.ones(3),)))
    plan = Plan(backends=("interp-untyped", "interp", "cpu", "fuzz-floats"), grads=())
    result = check_program(program, SMALL, plan)
    assert {f.key() for f in result.failures} == {("fuzz-floats", "value", "np.float64")}


def test_nan_gradients_through_infinities_are_not_compared():
    """d/dy inf ** y is log(inf) * 0 = nan, in JAX too, where finite differences
    see a flat function: not a failure when an infinity was on the way; the
    finite gradient (d/dx) is still compared."""
    body = "def main(x, y):\n    return x * y + math.pow(math.inf, y)\n\ndef loss(x, y):\n    return main(x, y)"
    program = Program(_source(body, (1.5, -2.0)))
    result = check_program(program, SMALL, Plan(backends=(), grads=(("never", "interp"),)))
    (case,) = result.cases
    assert "nonfinite" in case.flags and case.grads_checked == 2
    assert result.failures == []


def test_rejections_are_told_apart_by_their_reason():
    messages = [
        "/tmp/p1.py:5:12: tuple index out of range (index 3 of a tuple of 2)",
        "/tmp/p2.py:9:4: in main: tuple index out of range (index -7 of a tuple of 4)",
        "/tmp/p2.py:9:4: 'int' object is not subscriptable",
    ]
    details = [
        judge("cpu", Expected(1), Outcome("reject", error="MyiaTypeError", message=m)).detail
        for m in messages
    ]
    assert details[0] == details[1] != details[2]
    assert details[0] == "MyiaTypeError: tuple index out of range (index N of a tuple of N)"


def _wrapping_ints(module, entry, *, frontend=None):
    """A typed backend whose Python ints wrap around at 64 bits (issue 13 item 10)."""
    run = myia.api.get_backend("interp-untyped")(module, entry, frontend=frontend)
    return lambda *args: (run(*args) + 2**63) % 2**64 - 2**63


myia.register_backend("fuzz-wrapping", _wrapping_ints, typed=False, replace=True)


def test_python_ints_beyond_64_bits():
    """Where CPython's int leaves the 64-bit range, a typed backend must raise
    OverflowError, the untyped interpreter give Python's exact value."""
    program = Program(_source("def main(a):\n    return a * a - a", (2**40,), (3,)))
    plan = Plan(backends=("interp-untyped", "interp", "cpu", "fuzz-wrapping"), grads=())
    result = check_program(program, SMALL, plan)
    assert [c.overflow for c in result.cases] == [True, False]
    keys = {f.key() for f in result.failures}
    assert keys == {("fuzz-wrapping", "missing-raise", "OverflowError")}
    # An overflow after CPython raised is never reached.
    after = Program(_source("def main(a, b):\n    t = a // b\n    return t * a * a", (2**40, 0)))
    (case,) = check_program(after, SMALL, Plan(grads=())).cases
    assert not case.overflow and case.expected.error is ZeroDivisionError and not case.failures


WRONG_GRADIENT = """
@myia.custom_vjp
def twice(x):
    return 2.0 * x


twice.defvjp(lambda x: (2.0 * x, None), lambda _, g: (3.0 * g,))


def main(x, y):
    return twice(x) * y + math.sin(y)


def loss(x, y):
    return main(x, y)
"""


def test_runner_catches_a_wrong_gradient():
    source = "import myia\n" + _source(WRONG_GRADIENT, (1.5, 2.0))
    result = check_program(Program(source), SMALL, Plan(backends=(), grads=(("never", "interp"),)))
    (failure,) = result.failures
    assert failure.key() == ("grad-never-interp", "grad-value", "float")
    assert "argument 0" in failure.message
    assert result.cases[0].grads_checked == 2  # d/dy is right


def _plain(f):
    return lambda x: (f(x), None)


def test_finite_differences_skip_kinks_and_jumps():
    smooth = derivative(_plain(lambda x: math.sin(x) * x), (0.7,), 0)
    assert smooth is not None
    assert abs(smooth.value - (math.cos(0.7) * 0.7 + math.sin(0.7))) < 1e-9
    assert derivative(_plain(abs), (0.0,), 0) is None
    assert derivative(_plain(lambda x: max(x, 1.0) * 3.0), (1.0,), 0) is None
    assert derivative(_plain(lambda x: 1.0 if x > 0.5 else 0.0), (0.50001,), 0) is None
    assert derivative(_plain(math.sqrt), (0.0,), 0) is None  # raises at x - h
    assert derivative(_plain(lambda x: float(int(x * 10))), (0.35,), 0).value == 0.0


def test_finite_differences_follow_the_path():
    """Jumps closer together than any step (floor of a steep function) are
    invisible to differences, not to the program's path."""
    source = _source("def loss(x):\n    return 1e10 / x // 3.0 + x", (0.5,))
    steep = TracedFunction(source, "loss")
    assert derivative(_plain(lambda x: steep(x)[0]), (0.5,), 0) is not None  # fooled
    assert derivative(steep, (0.5,), 0) is None
    gentle = TracedFunction(_source("def loss(x):\n    return 1.0 / x // 3.0 + x", (0.3,)), "loss")
    assert derivative(gentle, (0.3,), 0).value == pytest.approx(1.0)


def test_reducer_shrinks_a_failing_program():
    source = _source(FAILING, (1.5, 3))
    target = frozenset({("fuzz-wrong", "value", "tuple")})
    plan = Plan(backends=("interp", "fuzz-wrong"), grads=())
    assert reproduces(source, target, SMALL, plan)
    reduced = reduce(source, lambda s: reproduces(s, target, SMALL, plan), budget=120)
    assert reproduces(reduced, target, SMALL, plan)
    assert size(reduced)[0] < size(source)[0] / 3
    main = next(n for n in ast.parse(reduced).body if isinstance(n, ast.FunctionDef))
    assert len(main.body) == 1, reduced  # a single return of a float
    module = load(Program(reduced))
    try:
        assert isinstance(module.main(*module.CASES[0])[0], float)
    finally:
        unload(module)


def test_worker_reports_crashes_and_timeouts():
    """A worker process that dies, or does not answer in time, is reported as a
    crash (with its signal) or a timeout of the stage it was in, and replaced."""
    worker = Worker()
    request = {
        "op": "check",
        "source": _source("def main(x):\n    return x * 2.0", (1.5,)),
        "config": config_to(SMALL),
        "plan": plan_to(Plan(backends=("interp",), grads=())),
    }
    try:
        answer = worker.request(request, timeout=120)
        assert not isinstance(answer, Crash) and answer["cases"][0]["failures"] == []
        worker.process.kill()
        crashed = worker.request(request, timeout=120)
        assert isinstance(crashed, Crash) and crashed.key() == ("start", "crash", "SIGKILL")
        late = worker.request(request, timeout=0.001)
        assert isinstance(late, Crash) and late.kind == "timeout"
        answer = worker.request(request, timeout=120)
        assert not isinstance(answer, Crash) and answer["cases"][0]["failures"] == []
    finally:
        worker.stop()
