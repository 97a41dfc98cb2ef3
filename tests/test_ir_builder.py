"""``myia.ir``: building myia IR in Python, as another frontend does, and running
it with ``myia.compile_ir``."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from xdsl.parser import Parser

import myia
from myia import ir
from myia.context import make_context
from myia.errors import MyiaIRError, MyiaTypeError
from myia.runtime.myia_values import Record


def sum_of_squares_loop(m: ir.ModuleBuilder) -> ir.FunctionBuilder:
    """``total(n)``: the sum of i * i for i < n, as a loop (a function that
    tail-calls itself through ``myia.if``)."""
    loop = m.function("loop", ["i", "n", "s"], private=True, owner="total")
    body = m.function("body", ["i", "n", "s"], private=True, owner="total")
    done = m.function("done", ["i", "n", "s"], private=True, owner="total")
    i, n, s = loop.params
    loop.ret(loop.if_(loop.prim("lt", i, n), body, [i, n, s], done, [i, n, s]))
    i, n, s = body.params
    following = body.prim("add", i, body.const(1))
    body.ret(body.call(loop, following, n, body.prim("add", s, body.prim("mul", i, i))))
    done.ret(done.params[2])
    total = m.function("total", ["n"])
    total.ret(total.call(loop, total.const(0), total.params[0], total.const(0)))
    return total


@pytest.mark.parametrize("backend", ["cpu", "interp"])
def test_loops_calls_and_constants(backend):
    m = ir.ModuleBuilder()
    sum_of_squares_loop(m)
    total = myia.compile_ir(m.verify(), "total", backend=backend)
    assert total(10) == sum(i * i for i in range(10))
    assert type(total(10)) is int


def test_closures_keywords_and_gradients_of_any_order():
    m = ir.ModuleBuilder()
    # scaled[x](y, s=2.0) = y * y * x * s; g(x) = d/dy scaled(y=3) ; h = g'
    scaled = m.function("scaled", ["y", "s"], ["x"], private=True, defaults=[2.0])
    y, s = scaled.params
    product = scaled.prim("mul", scaled.prim("mul", y, y), scaled.captures[0])
    scaled.ret(scaled.prim("mul", product, s))
    g = m.function("g", ["x"])
    closure = g.closure(scaled, g.params[0])
    g.ret(g.apply(g.grad(closure), g.const(3.0)))
    h = m.function("h", ["x"])
    h.ret(h.apply(h.grad(h.closure(g)), h.params[0]))
    keywords = m.function("keywords", ["x"])
    k_closure = keywords.closure(scaled, keywords.params[0])
    keywords.ret(keywords.apply(k_closure, keywords.const(3.0), s=keywords.const(0.5)))
    both = m.function("both", ["x"])
    grads = both.grad(both.closure(scaled, both.params[0]), [0, "s"], with_value=True)
    both.ret(both.apply(grads, both.const(3.0), both.const(0.5)))
    module = m.verify()
    assert myia.compile_ir(module, "g")(1.5) == 2 * 3.0 * 1.5 * 2.0
    assert myia.compile_ir(module, "h")(1.5) == 2 * 3.0 * 2.0
    assert myia.compile_ir(module, "keywords")(2.0) == 9.0 * 2.0 * 0.5
    value, (dy, ds) = myia.compile_ir(module, "both")(2.0)
    assert (value, dy, ds) == (9.0, 2 * 3.0 * 2.0 * 0.5, 9.0 * 2.0)


def test_tuples_records_and_arrays():
    m = ir.ModuleBuilder()
    f = m.function("f", ["x", "w"])
    x, w = f.params
    pair = f.tuple(f.prim("matmul", x, w), f.const((1, 2.5)))
    first = f.tuple_get(pair, 0)
    record = f.record("mylang.Out", y=first, n=f.tuple_get(f.tuple_get(pair, 1), 0))
    f.ret(f.tuple(record, f.getattr(record, "n")))
    run = myia.compile_ir(m.verify(), "f")
    x, w = np.arange(6.0).reshape(2, 3), np.ones(3)
    out, n = run(x, w)
    assert isinstance(out, Record) and out.class_name == "mylang.Out"
    np.testing.assert_array_equal(out.y, x @ w)
    assert out.n == n == 1


def test_printed_ir_reads_back_with_its_locations(tmp_path):
    m = ir.ModuleBuilder("model.mylang")
    f = m.function("f", ["x"], loc=(1, 1))
    f.location = (3, 7)
    f.ret(f.prim("sin", f.params[0]))
    text = str(m.verify())
    assert "myia.sin %x" in text
    parsed = Parser(make_context(), text).parse_module()
    assert str(parsed) == text
    sin = next(op for op in m.module.walk() if op.name == "myia.sin")
    assert str(sin.location) == 'loc("model.mylang":3:7)'


def test_locations_show_in_type_errors(tmp_path):
    source = tmp_path / "model.mylang"
    source.write_text("fn f(x) =\n  x + (1, 2)\n")
    m = ir.ModuleBuilder(str(source))
    f = m.function("f", ["x"], loc=(1, 1))
    pair = f.const((1, 2), loc=(2, 7))
    f.ret(f.prim("add", f.params[0], pair, loc=ir.Loc(str(source), 2, 5)))
    run = myia.compile_ir(m.verify(), "f")
    with pytest.raises(MyiaTypeError) as info:
        run(1.0)
    message = str(info.value)
    assert f"{source}:2" in message and "x + (1, 2)" in message


def test_mistakes_are_ir_errors_at_their_location():
    m = ir.ModuleBuilder("m.lang")
    f = m.function("f", ["x"], loc=(1, 1))
    with pytest.raises(
        MyiaIRError, match=r"m.lang:2:3: myia has no primitive 'sinn'; did you mean sin"
    ):
        f.prim("sinn", f.params[0], loc=(2, 3))
    with pytest.raises(
        MyiaIRError, match=r"m.lang:2:4: the primitive 'add' takes 2 operands, not 1"
    ):
        f.prim("add", f.params[0], loc=(2, 4))
    with pytest.raises(
        MyiaIRError, match=r"m.lang:3:1: a myia constant is .* not 18446744073709551616"
    ):
        f.const(2**64, loc=(3, 1))
    with pytest.raises(MyiaIRError, match=r"m.lang:1:1: the module already has a function @f"):
        m.function("f", [], loc=(1, 1))
    with pytest.raises(MyiaIRError, match=r"m.lang:1:1: @f has no return"):
        m.verify()
    f.ret(f.call("nope", f.params[0], loc=(4, 2)))
    with pytest.raises(
        MyiaIRError, match=r"m.lang:4:2: myia.call refers to an undefined function @nope"
    ):
        m.verify()
    with pytest.raises(MyiaIRError, match=r"m.lang:5:1: @f already returned"):
        f.const(1, loc=(5, 1))


def test_myia_ir_is_a_public_submodule():
    assert myia.ir is ir and "ir" in dir(myia)


def test_the_guide_runs():
    """Every Python block of docs/ir_builder.md runs, in order, in one namespace."""
    guide = (Path(__file__).parent.parent / "docs" / "ir_builder.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", guide, re.S)
    assert len(blocks) == 3
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "docs/ir_builder.md", "exec"), namespace)
