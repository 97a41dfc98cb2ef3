"""The examples of ``examples/`` train (their loss goes down) in a small
configuration, and ``mlp.py`` shows the talk's shape error."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent.parent / "examples"
sys.path.insert(0, str(EXAMPLES))


def example(name: str):
    return importlib.import_module(name)


def assert_learns(run, factor: float) -> None:
    assert run.losses[-1] < run.losses[0] / factor, run.losses
    assert run.compile_seconds > 0 and run.seconds_per_step > 0


def test_mlp_trains():
    from training import train

    mlp = example("mlp")
    model, data = mlp.setup(sizes=(10, 16, 1), batch=32)
    run = train(mlp.step, mlp.cost, model, data, steps=40, lr=0.1)
    assert_learns(run, 3)
    assert type(run.params) is mlp.Model and type(run.params.layers[1]) is mlp.TanhLayer


def test_mlp_on_the_interpreter_agrees_with_cpu():
    from training import train

    mlp = example("mlp")
    model, data = mlp.setup(sizes=(10, 8, 1), batch=16)
    cpu = train(mlp.step, mlp.cost, model, data, steps=5, lr=0.1, backend="cpu")
    interp = train(mlp.step, mlp.cost, model, data, steps=5, lr=0.1, backend="interp")
    assert interp.losses == pytest.approx(cpu.losses, rel=1e-9)


@pytest.mark.parametrize("name,lr", [("rnn", 0.05), ("lstm", 0.1)])
def test_recurrent_networks_train(name, lr):
    from training import train

    module = example(name)
    net, data = module.setup(n_in=4, n_hidden=8, length=5, batch=8)
    run = train(module.step, module.cost, net, data, steps=60, lr=lr)
    assert_learns(run, 2)


def test_treenet_trains():
    from training import train

    treenet = example("treenet")
    params, data = treenet.setup(n=4, leaves=(2, 3))
    run = train(treenet.step, treenet.cost, params, data, steps=60, lr=0.02)
    assert_learns(run, 2)


def test_the_talks_shape_error():
    """The slide: the second layer's W is 14x1, y is int8. The traceback goes
    step -> cost -> Model.apply -> TanhLayer.apply -> dot, with the slide's
    argument types, and ends with the slide's message."""
    text = example("mlp").talk_error("cpu")
    frames = [block.strip() for block in text.split("=====")]
    assert [f.splitlines()[1] for f in frames[:4]] == [
        "in step(",
        "in cost(",
        "in apply(",
        "in apply(",
    ]
    assert frames[0].splitlines()[-1].endswith("dmodel = grad(cost)(model, x, y)")
    assert frames[1].splitlines()[-1].endswith("y = model.apply(x)")
    assert frames[2].splitlines()[-1].endswith("x = layer.apply(x)")
    assert frames[3].splitlines()[-1].endswith("return tanh(input @ self.W + self.b)")
    model_type = (
        "  model :: Model(\n    layers :: (\n"
        "      TanhLayer(W :: f64 x 10 x 12, b :: f64 x 1 x 12),\n"
        "      TanhLayer(W :: f64 x 14 x 1, b :: f64 x 1 x 1)\n    )\n  ),"
    )
    assert model_type in frames[0] and model_type in frames[1]
    assert "  y :: i8 x 3 x 1" in frames[0] and "  target :: i8 x 3 x 1" in frames[1]
    assert (
        "  self :: TanhLayer(W :: f64 x 14 x 1, b :: f64 x 1 x 1),\n  input :: f64 x 3 x 12"
        in frames[3]
    )
    assert frames[4].startswith("in dot(f64 x 3 x 12, f64 x 14 x 1)\n~~~~~")
    assert text.rstrip().endswith("MyiaShapeError: Incompatible shapes in dot: (3, 12) and (14, 1)")
