"""The corpora on the cuda backend (numba's simulator without a GPU), against cpu.

The array programs, the array gradients and the examples (MLP, RNN, LSTM, small) run
on ``cuda`` and agree with ``cpu`` (float64: 1e-12 relative); every kernel generated
here also compiles to PTX for sm_90 (:func:`cuda_helpers.kernels_compile_to_ptx`)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import numpy as np
import pytest
import test_array_grad
from cuda_helpers import AGAINST_CPU, kernels_compile_to_ptx  # noqa: F401
from test_array_programs import PROGRAMS, assert_agree, load

import myia

pytestmark = pytest.mark.usefixtures("kernels_compile_to_ptx")

EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.mark.parametrize("program", PROGRAMS)
def test_array_program(program: str) -> None:
    module = load(program)
    cpu = myia.jit(module.main, backend="cpu")
    cuda = myia.jit(module.main, backend="cuda")
    for case in module.CASES:
        assert_agree(cpu(*case), cuda(*case), AGAINST_CPU)


@pytest.mark.parametrize(
    "case", test_array_grad.CASES, ids=[c[0].__name__ for c in test_array_grad.CASES]
)
def test_array_gradient(case: tuple) -> None:
    f, args, argnums = case
    expected = myia.grad(f, argnums=argnums, backend="cpu")(*args)
    actual = myia.grad(f, argnums=argnums, backend="cuda")(*args)
    assert_agree(expected, actual, AGAINST_CPU)


def test_value_and_grad_of_the_mlp() -> None:
    f, args = test_array_grad.mlp_loss, test_array_grad.MLP_ARGS
    expected = myia.value_and_grad(f, argnums=(0, 1, 2, 3), backend="cpu")(*args)
    actual = myia.value_and_grad(f, argnums=(0, 1, 2, 3), backend="cuda")(*args)
    assert_agree(expected, actual, AGAINST_CPU)


def test_second_order_gradient() -> None:
    def f(x):
        return np.sum(np.tanh(x) * x)

    def df(x):
        return np.sum(myia.grad(f)(x) * x)

    x = np.linspace(-1.0, 1.0, 6).reshape(2, 3)
    expected = myia.grad(df, backend="cpu")(x)
    assert_agree(expected, myia.grad(df, backend="cuda")(x), AGAINST_CPU)


@pytest.mark.parametrize(
    "name,options",
    [
        ("mlp", {"sizes": (6, 8, 1), "batch": 8}),
        ("rnn", {"n_in": 3, "n_hidden": 4, "length": 3, "batch": 4}),
        ("lstm", {"n_in": 3, "n_hidden": 4, "length": 2, "batch": 3}),
    ],
)
def test_example_trains_as_on_cpu(name: str, options: dict) -> None:
    if str(EXAMPLES) not in sys.path:
        sys.path.insert(0, str(EXAMPLES))
    from training import train

    example = importlib.import_module(name)
    params, data = example.setup(**options)
    cpu = train(example.step, example.cost, params, data, steps=2, lr=0.1, backend="cpu")
    cuda = train(example.step, example.cost, params, data, steps=2, lr=0.1, backend="cuda")
    assert cuda.losses == pytest.approx(cpu.losses, rel=1e-12)
    assert_agree(cpu.params, cuda.params, AGAINST_CPU)
