"""``myia.jit(f).lower(*args)``: the IR of each stage, the LLVM IR, the assembly,
and pictures of the IR (DOT), without running the function."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pydot
import pytest

import myia
from myia.errors import MyiaError

sys.path.insert(0, str(Path(__file__).parent.parent / "examples"))

import mlp

CPU_STAGES = ("untyped", "typed", "simplified", "fused", "loops", "llvm-dialect", "llvm",
              "llvm-opt", "asm")  # fmt: skip


def layer(x, w):
    return np.sum(np.tanh(x @ w))


def test_every_cpu_stage_prints_without_running_the_function():
    f = myia.jit(layer)
    lowered = f.lower(np.ones((3, 4)), w=np.ones(4))
    assert lowered.stages == CPU_STAGES
    assert f.compilations == 0
    expected = {
        "untyped": "myia.func @layer(%x, %w) {",
        "typed": "myia.func @layer(%x : tensor<3x4xf64>, %w : tensor<4xf64>) -> f64",
        "simplified": "myia.matmul %x, %w : tensor<3xf64>",
        "fused": "myia.array_reduce",
        "loops": "func.func @layer(",
        "llvm-dialect": "llvm.func @layer(",
        "llvm": 'define double @"layer"(',
        "llvm-opt": "define double @layer(",
        "asm": "layer:",
    }
    for stage, text in expected.items():
        assert text in lowered.as_text(stage), stage
    assert "myia.tanh" not in lowered.as_text("fused").split("myia.func private")[0]
    assert 'loc("' + __file__ in lowered.as_text("typed", debuginfo=True)
    assert lowered.as_text("typed") == lowered.as_text("typed")
    assert f(np.ones((3, 4)), np.ones(4)) == pytest.approx(3 * np.tanh(4.0))


def test_stages_of_other_backends_and_of_gradients():
    assert myia.jit(layer, backend="interp").lower(np.ones((3, 4)), np.ones(4)).stages == (
        "untyped",
        "typed",
    )
    cuda = myia.jit(layer, backend="cuda").lower(np.ones((3, 4)), np.ones(4))
    assert cuda.stages == ("untyped", "typed", "simplified", "fused", "gpu", "kernels")
    assert "gpu.func" in cuda.as_text("gpu")
    dlayer = myia.grad(layer, 1).lower(np.ones((3, 4)), np.ones(4))
    assert "myia.func @layer.grad_entry" in dlayer.as_text("typed")
    assert "llvm.func @layer.grad_entry(" in dlayer.as_text("llvm-dialect")


def test_an_unknown_stage_lists_the_stages():
    lowered = myia.jit(layer, backend="interp").lower(np.ones((3, 4)), np.ones(4))
    with pytest.raises(
        MyiaError, match="layer: no stage 'asm' on the 'interp' backend; its stages: untyped, typed"
    ):
        lowered.as_text("asm")
    with pytest.raises(MyiaError, match="unknown graph 'flow'"):
        lowered.as_dot(graph="flow")


def count_down(n, x):
    while n > 0:
        x = x * 0.5
        n = n - 1
    return x


def test_lowered_control_flow_as_a_picture():
    """Blocks are clusters, branches bold edges into them."""
    loops = graph_of(myia.jit(count_down).lower(3, 1.0).as_dot("loops"))
    bold = [e for e in edges(loops) if e.get_style() == "bold"]
    assert bold and all((e.get("lhead") or "").startswith("cluster_") for e in bold)
    blocks = [b for f in loops.get_subgraphs() for b in f.get_subgraphs()]
    assert any((b.get_label() or "").startswith('"^bb1') for b in blocks)


def graph_of(text: str) -> pydot.Dot:
    (graph,) = pydot.graph_from_dot_data(text)
    return graph


def edges(graph: pydot.Dot) -> list[pydot.Edge]:
    """The edges of a graph and of its clusters, at any depth."""
    return [*graph.get_edges(), *(e for g in graph.get_subgraphs() for e in edges(g))]


def labels(graph: pydot.Dot) -> list[str]:
    """The labels of every node and cluster of a graph, at any depth."""
    out = []
    stack = [graph]
    while stack:
        g = stack.pop()
        out += [n.get_label() or "" for n in g.get_nodes()]
        out.append(g.get_label() or "")
        stack += g.get_subgraphs()
    return out


def test_the_talks_mlp_as_pictures(tmp_path):
    rng = np.random.default_rng(0)
    model = mlp.make_model((4, 8, 1), rng)
    x, y = mlp.make_data(5, 4, 1, rng)
    lowered = myia.grad(mlp.cost).lower(model, x, y)
    dataflow = graph_of(lowered.as_dot("typed"))
    every = labels(dataflow)
    # One cluster per function, labelled with its source line, and the lines
    # of the ops: tanh is line 37 of mlp.py (TanhLayer.apply).
    clusters = [s.get_label() for s in dataflow.get_subgraphs()]
    assert any(c.startswith('"@cost') and "mlp.py:50" in c for c in clusters)
    assert any("myia.tanh" in label and "mlp.py:37" in label for label in every)
    # The calls between functions are dashed edges into the callee's cluster.
    dashed = [e for e in dataflow.get_edges() if e.get_style() == "dashed"]
    assert dashed and all((e.get("lhead") or "").startswith("cluster_") for e in dashed)
    calls = graph_of(lowered.as_dot("typed", graph="calls"))
    assert any("@cost" in (n.get_label() or "") for n in calls.get_nodes())
    assert calls.get_edges()
    dot_file = lowered.render(tmp_path / "mlp.dot")
    assert dot_file.read_text() == lowered.as_dot("typed")
    if shutil.which("dot"):
        svg = lowered.render(tmp_path / "mlp.svg")
        assert svg.read_text().lstrip().startswith(("<?xml", "<svg"))
    else:
        with pytest.raises(MyiaError, match="needs Graphviz's `dot` program"):
            lowered.render(tmp_path / "mlp.svg")


def test_arguments_myia_cannot_take_are_type_errors():
    with pytest.raises(
        myia.MyiaTypeError, match=r"layer.lower\(\): argument 'w': myia cannot take a str"
    ):
        myia.jit(layer).lower(np.ones((3, 4)), "w")
