"""Type inference through the public API: specializations per signature, numeric
semantics, caching, and compile-time tracebacks (golden texts)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

import myia
from myia.dialects import FuncOp
from myia.errors import SourceLocation
from myia.frontend import load_python_file

INPUTS = Path(__file__).parent / "infer_inputs"


def typed_funcs(jitted, *args):
    """The functions of the typed module ``jitted`` compiled for ``args``."""
    jitted(*args)
    ((module, entry),) = [v for k, v in jitted.typed_modules.items() if len(k) == len(args)][-1:]
    return {f.sym_name.data: f for f in module.ops if isinstance(f, FuncOp)}, entry


# ---------------------------------------------------------------------------
# Specialization and caching


def add(a, b):
    return a + b


def poly(x, y):
    return add(x, x), add(y, y)


def test_one_clone_per_signature():
    f = myia.jit(poly, backend="interp")  # the typed module as inferred (cpu inlines)
    assert f(2, 1.5) == (4, 3.0)
    funcs, entry = typed_funcs(f, 2, 1.5)
    clones = sorted(n for n in funcs if n.startswith("add"))
    assert len(clones) == 2
    types = {str(funcs[n].function_type) for n in clones}
    assert types == {"(i64, i64) -> i64", "(f64, f64) -> f64"}


def test_same_signature_compiles_once():
    f = myia.jit(poly)
    for i in range(5):
        f(i, 0.5)
    assert f.compilations == 1
    f(np.float32(1), 0.5)  # a new dtype: a new specialization
    assert f.compilations == 2
    f(np.float32(3), 2.5)
    assert f.compilations == 2


def shapes(x):
    return x * 2


def test_new_shape_new_specialization():
    f = myia.jit(shapes)
    f(np.ones(3))
    f(np.ones(3) * 2)
    assert f.compilations == 1
    f(np.ones(4))
    assert f.compilations == 2


def weak(x):
    return 2 * x + 1


def test_python_literals_are_weak():
    f = myia.jit(weak)
    result = f(np.float32(1.5))
    assert type(result) is np.float32 and result == np.float32(4.0)
    funcs, entry = typed_funcs(f, np.float32(1.5))
    assert str(funcs[entry].result_type) == "f32"
    assert f(3) == 7 and f(0.5) == 2.0


def mixed(n):
    x = 0
    for i in range(n):
        x = x + 0.5
    return x


def test_loop_that_changes_a_type_peels_an_iteration():
    """x is an int before the loop and a float in it: the first iteration gets its
    own specialization, the loop runs on floats."""
    f = myia.jit(mixed)
    assert f(4) == 2.0 and f(0) == 0


def py_semantics(a, b):
    return a // b, a % b, a / b, -a // b, -a % b, a**2


@pytest.mark.parametrize("a, b", [(7, 2), (-7, 2), (7, -2), (7.5, 2), (-7.5, -2.0)])
def test_python_division_semantics(a, b):
    assert myia.jit(py_semantics)(a, b) == py_semantics(a, b)


def sign_of(x):
    return math.copysign(1.0, x)


def signs_of_zero_constants(c):
    zero = 0.0 if c else -0.0
    return sign_of(0.0), sign_of(-0.0), sign_of(zero), sign_of(math.nan), sign_of(-math.nan)


@pytest.mark.parametrize("backend", ["interp", "cpu"])
@pytest.mark.parametrize("c", [True, False])
def test_constants_zero_and_minus_zero_stay_apart(backend, c):
    """0.0 == -0.0, but a constant -0.0 is not a constant 0.0: calls with either
    get contexts of their own, and a branch joining them knows neither."""
    assert myia.jit(signs_of_zero_constants, backend=backend)(c) == signs_of_zero_constants(c)


# ---------------------------------------------------------------------------
# Errors


def check_golden(err: Exception, golden: str) -> None:
    text = str(err).replace(str(INPUTS) + "/", "")
    assert text.strip() == golden.strip(), text


TALK_GOLDEN = """
mlp_talk.py:35
in step(
  model :: Model(
    layers :: (
      TanhLayer(W :: f64 x 10 x 12, b :: f64 x 1 x 12),
      TanhLayer(W :: f64 x 14 x 1, b :: f64 x 1 x 1)
    )
  ),
  x :: f64 x 3 x 10,
  y :: i8 x 3 x 1
)
35: return cost(model, x, y)
=====
mlp_talk.py:29
in cost(
  model :: Model(
    layers :: (
      TanhLayer(W :: f64 x 10 x 12, b :: f64 x 1 x 12),
      TanhLayer(W :: f64 x 14 x 1, b :: f64 x 1 x 1)
    )
  ),
  x :: f64 x 3 x 10,
  target :: i8 x 3 x 1
)
29: y = model.apply(x)
=====
mlp_talk.py:24
in apply(
  self :: Model(
    layers :: (
      TanhLayer(W :: f64 x 10 x 12, b :: f64 x 1 x 12),
      TanhLayer(W :: f64 x 14 x 1, b :: f64 x 1 x 1)
    )
  ),
  x :: f64 x 3 x 10
)
24: x = layer.apply(x)
=====
mlp_talk.py:15
in apply(
  self :: TanhLayer(W :: f64 x 14 x 1, b :: f64 x 1 x 1),
  input :: f64 x 3 x 12
)
15: return tanh(input @ self.W + self.b)
=====
in dot(f64 x 3 x 12, f64 x 14 x 1)
~~~~~
MyiaShapeError: Incompatible shapes in dot: (3, 12) and (14, 1)
"""


def test_talk_traceback():
    """The talk's slide: step -> cost -> Model.apply -> TanhLayer.apply -> dot."""
    mlp = load_python_file(INPUTS / "mlp_talk.py")
    with pytest.raises(myia.MyiaShapeError) as info:
        myia.jit(mlp.step)(*mlp.make())
    check_golden(info.value, TALK_GOLDEN)
    assert "Traceback" not in str(info.value)
    # The same program with the right shapes runs.
    assert myia.jit(mlp.step)(*mlp.make((12, 1))) == 0.0


def branches(x):
    if x > 0:
        return None
    return 1.5


def test_branches_of_different_types():
    with pytest.raises(myia.MyiaTypeError) as info:
        myia.jit(branches)(1)
    err = info.value
    first = branches.__code__.co_firstlineno
    assert f"None (line {first + 2}) and f64 (line {first + 3})" in err.message
    assert err.frames[0].function == "branches"
    assert err.frames[0].args == [("x", "i64")]


def numbers(x):
    if x > 0:
        return 1
    return 1.5


def test_branches_reconciled_by_promotion():
    assert myia.jit(numbers)(2) == 1.0 and myia.jit(numbers)(-2) == 1.5


def grows(n):
    t = ()
    for i in range(n):
        t = t + (i,)
    return t


def forever(x):
    return forever(x + 1)


def test_types_that_never_settle_raise():
    with pytest.raises(myia.MyiaTypeError, match="the type of 't' changes at every step") as info:
        myia.jit(grows)(3)
    assert "for " in str(info.value).split("~~~~~")[0].splitlines()[-1]  # the loop's header


@pytest.mark.parametrize("backend", ["interp", "cpu"])
def test_types_growing_without_bound_are_refused_quickly(backend):
    """``f((x, x))`` in a recursion doubles the type at each step: it used to
    take gigabytes and never stop. In a process of its own, with a timeout far
    above the second it takes, so that a regression fails instead of hanging."""
    run = subprocess.run(
        [sys.executable, str(INPUTS / "growing.py"), backend],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr
    results = {r["name"]: r for r in map(json.loads, run.stdout.splitlines())}
    assert sorted(results) == sorted(
        [
            "doubling",
            "tripling",
            "linear",
            "list_of_lists",
            "dataclass_pairs",
            "ping",
            "through_helper",
            "in_a_loop",
            "in_a_branch",
            "caller",
        ]
    )
    grown = {"ping": "pong", "caller": "doubling"}
    for name, result in results.items():
        assert result["error"] == "MyiaTypeError", result
        message = result["message"]
        where = "the loop at line" if name == "in_a_loop" else "the recursion of"
        assert f"changes at every step of {where}" in message, message
        assert name in message and grown.get(name, name) in message
        assert f"{INPUTS / 'growing.py'}:" in message  # a compile-time traceback
        assert len(message) < 1000, message  # the types shown are summarized


def test_a_type_too_large_is_refused_at_the_operation_that_builds_it():
    with pytest.raises(myia.MyiaTypeError, match="has more than 100000 parts") as info:
        myia.jit(doubled_16_times)(1.0)
    assert "x = (x, x)  # 16" in str(info.value)


def doubled_16_times(x):
    x = (x, x)
    x = (x, x)
    x = (x, x)
    x = (x, x)
    x = (x, x)
    x = (x, x)
    x = (x, x)
    x = (x, x)
    x = (x, x)
    x = (x, x)
    x = (x, x)
    x = (x, x)
    x = (x, x)
    x = (x, x)
    x = (x, x)
    x = (x, x)  # 16: 2 ** 17 - 1 parts
    return 1.0


def test_long_call_chains_leave_the_recursion_limit_alone(tmp_path, monkeypatch):
    """Inference evaluates contexts depth-first on an explicit stack: a chain
    of 250 branches (each a call of the next) needs no recursion limit raised
    (it used to raise it to 20,000 for good, at every compilation: the limit
    starts at Python's default here, whatever earlier tests did)."""
    lines = ["def chain(x):", "    if x < 0:", "        return -1"]
    lines += [f"    elif x < {i}:\n        return {i}" for i in range(250)]
    lines.append("    return 250")
    (tmp_path / "long_chain.py").write_text("\n".join(lines) + "\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import long_chain

    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    try:
        assert myia.jit(long_chain.chain)(100) == 101
        assert sys.getrecursionlimit() == 1000
    finally:
        sys.setrecursionlimit(previous)


def test_recursion_without_base_case_raises():
    with pytest.raises(myia.MyiaTypeError, match="no base case"):
        myia.jit(forever)(3)


@dataclass
class Point:
    x: float
    y: float

    def norm(self):
        return math.sqrt(self.x**2 + self.y**2)

    @property
    def flipped(self):
        return Point(self.y, self.x)


def uses_point(p):
    return p.norm() + p.flipped.x


def test_records_methods_properties():
    assert myia.jit(uses_point)(Point(3.0, 4.0)) == 9.0


def bad_attr(p):
    return p.z


def test_missing_attribute():
    with pytest.raises(myia.MyiaTypeError, match="Point has no attribute 'z'"):
        myia.jit(bad_attr)(Point(1.0, 2.0))


# ---------------------------------------------------------------------------
# Source locations survive inference


def test_typed_ops_point_at_user_lines():
    f = myia.jit(mixed)
    f(3)
    ((module, _),) = f.typed_modules.values()
    this_file = Path(__file__).resolve()
    for op in module.walk():
        if op is module:
            continue
        loc = SourceLocation.from_attr(op.location)
        assert loc is not None, op.name
        assert Path(loc.filename).resolve() == this_file
        assert loc.source_line() is not None
