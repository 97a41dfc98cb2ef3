"""``myia.profile``: seconds of native code per source line and per function,
sampled by a native thread, as a table and a flame graph."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest

import myia
from myia.errors import MyiaError

sys.path.insert(0, str(Path(__file__).parent.parent / "examples"))

import mlp


def model(x, w, b):
    h = x @ w @ w
    z = h + b
    return np.sum(np.tanh(z))


HOT = "h = x @ w @ w"


def line_of(text: str) -> str:
    with open(__file__) as f:
        number = next(i for i, line in enumerate(f, 1) if text in line)
    return f"{__file__}:{number}"


def test_the_hot_line_and_its_function():
    rng = np.random.default_rng(0)
    # (64 x 512 @ 512 x 512, twice: 2000 flops per element of the tanh line)
    x, w = rng.standard_normal((64, 512)), rng.standard_normal((512, 512)) / 25
    prof = myia.profile(model)
    for _ in range(500):  # (until there are samples enough, on a busy machine too)
        result = prof(x, w, 0.5)
        if prof.samples >= 100:
            break
    assert result == pytest.approx(np.sum(np.tanh(x @ w @ w + 0.5)), rel=1e-9)
    report = prof.report()
    assert sum(report.lines.values()) > 0
    hot, spent = next(iter(report.lines.items()))
    assert hot == line_of(HOT)  # the matrix product takes most of the time
    assert spent > 0.5 * sum(report.lines.values())
    assert list(report.functions) == ["model"]
    table = report.table()
    assert table.startswith("myia.profile of model: ")
    assert f"{os.path.basename(__file__)}:{hot.rsplit(':', 1)[1]}" in table and HOT in table


def test_a_gradient_per_function_and_flame_graphs(tmp_path):
    rng = np.random.default_rng(0)
    params = mlp.make_model((64, 128, 8), rng)
    x, y = mlp.make_data(256, 64, 8, rng)
    prof = myia.profile(myia.grad(mlp.cost))
    for _ in range(5):
        grads = prof(params, x, y)
    expected = myia.grad(mlp.cost)(params, x, y)
    np.testing.assert_allclose(grads.layers[0].W, expected.layers[0].W, rtol=1e-12)
    report = prof.report()
    assert set(report.functions) <= {"TanhLayer.apply", "Model.apply", "cost"}
    assert "TanhLayer.apply" in report.functions
    assert all(where.startswith(mlp.__file__) for where in report.lines)
    folded = report.write_flame_graph(tmp_path / "mlp.folded").read_text().splitlines()
    assert folded and all(line.rsplit(" ", 1)[1].isdigit() for line in folded)
    assert any(line.startswith("TanhLayer.apply;mlp.py:") for line in folded)
    svg = report.write_flame_graph(tmp_path / "mlp.svg").read_text()
    assert svg.startswith("<svg") and "TanhLayer.apply" in svg


def test_a_bad_interval():
    with pytest.raises(MyiaError, match="interval is a positive number of seconds"):
        myia.profile(model, interval=0)
