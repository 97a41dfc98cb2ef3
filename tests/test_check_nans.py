"""``check_nans=True`` (cpu): a ``MyiaFloatingPointError`` at the first op that
gives a NaN or an infinity, naming its line and its phase (forward pass,
reverse phase, forward-mode derivative)."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

import myia
from myia.errors import MyiaError, MyiaFloatingPointError

HERE = os.path.basename(__file__)


def log_square(x):
    y = np.log(x)
    return y * y


def sqrt_sum(x):
    return np.sum(np.sqrt(x))


def line_of(fn, text: str) -> int:
    lines, first = __import__("inspect").getsourcelines(fn)
    return first + next(i for i, line in enumerate(lines) if text in line)


def test_the_forward_pass(capsys):
    f = myia.jit(log_square, check_nans=True)
    assert f(2.0) == pytest.approx(np.log(2.0) ** 2)
    with pytest.raises(MyiaFloatingPointError) as info:
        f(-1.0)
    assert isinstance(info.value, FloatingPointError)
    line = line_of(log_square, "np.log")
    assert str(info.value).startswith(
        f"{__file__}:{line}:9: log gave NaN or infinity in the forward pass"
    )
    assert "y = np.log(x)" in str(info.value)
    # Without the checks, numpy's semantics: NaN.
    assert np.isnan(myia.jit(log_square)(-1.0))


def test_a_gradient_that_is_infinite_only_in_the_reverse_phase():
    x = np.array([0.0, 1.0])
    assert myia.jit(sqrt_sum, check_nans=True)(x) == 1.0  # the forward pass is fine
    unchecked = myia.grad(sqrt_sum)(x)
    assert np.isinf(unchecked[0]) and unchecked[1] == 0.5
    with pytest.raises(MyiaFloatingPointError) as info:
        myia.grad(sqrt_sum, check_nans=True)(x)
    line = line_of(sqrt_sum, "np.sqrt")
    assert str(info.value).startswith(
        f"{__file__}:{line}:19: divide gave NaN or infinity in the reverse phase (a gradient)"
    )


def scalar_sqrt(x):
    return np.sqrt(x) + 1.0


def test_a_forward_mode_derivative():
    with pytest.raises(MyiaFloatingPointError, match="in a forward-mode derivative"):
        myia.grad(scalar_sqrt, check_nans=True)(0.0)
    assert myia.grad(scalar_sqrt, check_nans=True)(4.0) == 0.25


def test_no_false_alarm_on_a_training_step():
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "examples"))
    import mlp

    rng = np.random.default_rng(0)
    model = mlp.make_model((6, 8, 2), rng)
    x, y = mlp.make_data(16, 6, 2, rng)
    plain = myia.grad(mlp.cost)(model, x, y)
    checked = myia.grad(mlp.cost, check_nans=True)(model, x, y)
    for p, c in zip(myia.tree_map(np.asarray, plain).layers, checked.layers):
        np.testing.assert_allclose(c.W, p.W, rtol=1e-12)


def test_the_environment_variable(tmp_path):
    program = tmp_path / "prog.py"
    program.write_text(
        "import numpy as np, myia\n\n@myia.jit\ndef f(x):\n    return np.log(x)\n\nf(-1.0)\n"
    )
    env = {**os.environ, "MYIA_CHECK_NANS": "1"}
    result = subprocess.run([sys.executable, str(program)], env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert (
        "MyiaFloatingPointError: " in result.stderr
        and "prog.py:5:12: log gave NaN" in result.stderr
    )


def test_only_the_cpu_backend_checks():
    with pytest.raises(MyiaError, match="the backend 'interp' has no option 'check_nans'"):
        myia.jit(log_square, backend="interp", check_nans=True)
