"""examples/tinylisp: a second frontend (an S-expression language) gets inference,
gradients of any order, native code and tracebacks into its own source file
through ``myia.ir`` and ``myia.compile_ir``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from myia.errors import MyiaIRError, MyiaShapeError, MyiaSyntaxError, MyiaZeroDivisionError

EXAMPLE = Path(__file__).parent.parent / "examples" / "tinylisp"
sys.path.insert(0, str(EXAMPLE))

import tinylisp  # noqa: E402


@pytest.fixture(scope="module", params=["cpu", "interp"])
def model(request):
    return tinylisp.compile_file(EXAMPLE / "model.tl", backend=request.param)


def central_difference(f, x, eps=1e-6):
    return (f(x + eps) - f(x - eps)) / (2 * eps)


def test_scalars_recursion_loops_and_closures(model):
    assert model["cube"](1.5) == 1.5**3
    assert model["fact"](10) == 3628800
    assert model["sum-squares"](5) == 30.0
    assert model["add-twice"](1.5, 2.0) == 5.0
    assert model["power"](1.5, 4) == 1.5**4


def test_gradients_of_any_order(model):
    x = 1.3
    assert model["dcube"](x) == pytest.approx(central_difference(model["cube"], x), rel=1e-8)
    assert model["d2cube"](x) == pytest.approx(central_difference(model["dcube"], x), rel=1e-8)
    assert model["d3cube"](x) == pytest.approx(central_difference(model["d2cube"], x), rel=1e-8)
    # Through a loop: d/dx x**n.
    assert model["dpower"](1.3, 5) == pytest.approx(
        central_difference(lambda v: model["power"](v, 5), 1.3), rel=1e-8
    )


def test_array_gradients_and_a_training_step(model):
    rng = np.random.default_rng(0)
    x, y, w = rng.normal(size=(8, 3)), rng.normal(size=8), rng.normal(size=3)
    loss = model["loss"]
    numeric = np.array(
        [(loss(w + e, 0.1, x, y) - loss(w - e, 0.1, x, y)) / 2e-6 for e in np.eye(3) * 1e-6]
    )
    eps = 1e-6
    lr = 0.1
    before = loss(w, 0.1, x, y)
    after = model["train-step"](w, 0.1, x, y, lr)
    assert after < before
    # The step moved w by -lr * gradient: its loss is what moving w by hand gives.
    db = (loss(w, 0.1 + eps, x, y) - loss(w, 0.1 - eps, x, y)) / (2 * eps)
    assert after == pytest.approx(loss(w - lr * numeric, 0.1 - lr * db, x, y), rel=1e-6)


def test_shape_errors_point_into_the_language_source(tmp_path):
    source = tmp_path / "net.tl"
    source.write_text("(def (layer w x)\n  (tanh (@ w x)))\n(def (net w x) (sum (layer w x)))\n")
    net = tinylisp.compile_file(source)["net"]
    with pytest.raises(MyiaShapeError) as info:
        net(np.ones((2, 3)), np.ones(4))
    message = str(info.value)
    assert f"{source}:2" in message and "(tanh (@ w x)))" in message
    assert f"{source}:3" in message and "in layer(" in message
    assert "Incompatible shapes in dot: (2, 3) and (4,)" in message


def test_run_time_errors_and_bad_programs_point_into_the_source(tmp_path):
    source = tmp_path / "div.tl"
    source.write_text("(def (inv n) (// 10 n))\n(def (f n) (+ 1 (inv n)))\n")
    with pytest.raises(MyiaZeroDivisionError, match=rf"{source}:1:14"):
        tinylisp.compile_file(source)["f"](0)
    source.write_text("(def (f x)\n  (sine x))\n")
    with pytest.raises(
        MyiaIRError, match=rf"{source}:2:3: myia has no primitive 'sine'; did you mean sin"
    ):
        tinylisp.compile_file(source)
    source.write_text("(def (f x) (+ x y))\n")
    with pytest.raises(MyiaSyntaxError, match=rf"{source}:1:17: unknown name 'y'"):
        tinylisp.compile_file(source)
    source.write_text("(def (f x)\n  (+ x 1)\n")
    with pytest.raises(MyiaSyntaxError, match=rf"{source}:1:1: this '\(' is never closed"):
        tinylisp.compile_file(source)


def test_the_command_line():
    result = subprocess.run(
        [sys.executable, str(EXAMPLE / "tinylisp.py"), str(EXAMPLE / "model.tl"), "d2cube", "2.0"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "12.0"
