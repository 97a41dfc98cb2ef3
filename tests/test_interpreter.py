"""The reference interpreter on hand-written textual IR (and a few frontend
programs, for methods parsed on demand)."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass

import numpy as np
import pytest
from xdsl.context import Context
from xdsl.dialects.builtin import Builtin
from xdsl.parser import Parser

from myia import MyiaError, MyiaIRError, MyiaRuntimeError
from myia.dialects import ConstOp, Myia
from myia.frontend import RECORD_CLASSES, Frontend
from myia.runtime.interpreter import Frame, Interpreter
from myia.runtime.myia_values import BoundMethod, Closure, Record, Undefined


def load(text: str, **kwargs) -> Interpreter:
    ctx = Context()
    ctx.load_dialect(Builtin)
    ctx.load_dialect(Myia)
    module = Parser(ctx, text).parse_module()
    return Interpreter(module, **kwargs)


def run(text: str, entry: str, *args):
    return load(text).call(entry, *args)


# ---------------------------------------------------------------------------
# Values and structural ops


def test_constants():
    it = load("""
    myia.func @f() {
      %i = myia.const 7 : i64
      %f = myia.const 2.5 : f64
      %t = myia.const true
      %n = myia.const none
      %s = myia.const "hi"
      %r = myia.tuple(%i, %f, %t, %n, %s)
      myia.return %r
    }
    """)
    result = it.call("f")
    assert result == (7, 2.5, True, None, "hi")
    assert [type(v) for v in result] == [int, float, bool, type(None), str]


def test_typed_constants_are_numpy_scalars():
    it = load("""
    myia.func @f() {
      %a = myia.const 1.5 : f32
      %b = myia.const 3 : i32
      %c = myia.const 2.0 : f64
      %d = myia.const 1 : i64
      %e = myia.const strong 0.25 : f16
      %f = myia.const 200 : ui8
      %g = myia.const true : i1
      %r = myia.tuple(%a, %b, %c, %d, %e, %f, %g)
      myia.return %r
    }
    """)
    a, b, c, d, e, f, g = it.call("f")
    assert type(a) is np.float32 and a == 1.5
    assert type(b) is np.int32 and b == 3
    assert type(c) is float and c == 2.0
    assert type(d) is int
    assert type(e) is np.float16 and e == 0.25
    assert type(f) is np.uint8 and f == 200
    assert g is True


def test_tuples_and_tuple_get():
    text = """
    myia.func @f(%x, %seq) {
      %t = myia.tuple(%x, %x)
      %u = myia.tuple(%t, %x)
      %a = myia.tuple_get %u[0]
      %b = myia.tuple_get %a[1]
      %c = myia.tuple_get %seq[2]
      %r = myia.tuple(%b, %c)
      myia.return %r
    }
    """
    assert run(text, "f", 3, [10, 20, 30]) == (3, 30)
    assert run(text, "f", 3, "abc") == (3, "c")
    with pytest.raises(IndexError) as info:
        run(text, "f", 3, (1,))
    assert isinstance(info.value, MyiaRuntimeError)


def test_primitives_follow_python():
    text = """
    myia.func @f(%a, %b) {
      %q = myia.floordiv %a, %b
      %m = myia.mod %a, %b
      %d = myia.truediv %a, %b
      %n = myia.neg %a
      %r = myia.tuple(%q, %m, %d, %n)
      myia.return %r
    }
    """
    assert run(text, "f", -7, 2) == (-7 // 2, -7 % 2, -3.5, 7)
    assert run(text, "f", 7.0, -2) == (7.0 // -2, 7.0 % -2, -3.5, -7.0)


def test_call_closure_apply():
    it = load("""
    myia.func @adder[%k](%x) {
      %r = myia.add %x, %k
      myia.return %r
    }
    myia.func @twice(%g, %x) {
      %a = myia.apply %g(%x)
      %b = myia.apply %g(%a)
      myia.return %b
    }
    myia.func @main(%k, %x) {
      %g = myia.closure @adder(%k)
      %r = myia.call @twice(%g, %x)
      myia.return %r
    }
    myia.func @make(%k) {
      %g = myia.closure @adder(%k)
      myia.return %g
    }
    """)
    assert it.call("main", 10, 1) == 21
    g = it.call("make", 5)
    assert g == Closure("adder", (5,))
    assert it.apply(g, 1) == 6
    assert it.call("twice", g, 0) == 10


def test_typed_apply_runs_the_named_specializations():
    it = load("""
    myia.func @scale[%k : i64](%x : i64) -> i64 {
      %r = myia.mul %x, %k : i64
      myia.return %r
    }
    myia.func @scale_f64[%k : i64](%x : f64) -> f64 {
      %kf = myia.cast %k : f64
      %r = myia.mul %x, %kf : f64
      myia.return %r
    }
    myia.func @shift[%k : i64](%x : i64) -> i64 {
      %r = myia.add %x, %k : i64
      myia.return %r
    }
    myia.func @shift_f64[%k : i64](%x : f64) -> f64 {
      %kf = myia.cast %k : f64
      %r = myia.add %x, %kf : f64
      myia.return %r
    }
    myia.func @f(%c : i1, %k : i64, %x : f64) -> f64 {
      %a = myia.closure @scale(%k) : !myia.fn<@scale, @shift>
      %b = myia.closure @shift(%k) : !myia.fn<@scale, @shift>
      %g = myia.select %c, %a, %b : !myia.fn<@scale, @shift>
      %r = myia.apply %g(%x) callees [@scale_f64, @shift_f64] : f64
      myia.return %r
    }
    """)
    assert it.call("f", True, 3, 2.0) == 6.0
    assert it.call("f", False, 3, 2.0) == 5.0
    assert type(it.call("f", False, 3, 2.0)) is float


def test_closure_without_captures_and_wrong_arity():
    it = load("""
    myia.func @sq(%x) {
      %r = myia.mul %x, %x
      myia.return %r
    }
    myia.func @bad(%x) {
      %g = myia.closure @sq
      %r = myia.apply %g(%x, %x)
      myia.return %r
    }
    myia.func @notfn(%x) {
      %r = myia.apply %x(%x)
      myia.return %r
    }
    """)
    with pytest.raises(
        TypeError, match=r"sq\(\) takes 1 (positional )?argument\(s\) but 2 were given"
    ) as info:
        it.call("bad", 3)
    assert isinstance(info.value, MyiaRuntimeError)
    with pytest.raises(TypeError, match="not callable"):
        it.call("notfn", 3)
    with pytest.raises(TypeError, match="takes 1 argument"):
        it.call("sq", 1, 2)


def test_if_takes_bools_only():
    it = load("""
    myia.func @one() {
      %r = myia.const 1 : i64
      myia.return %r
    }
    myia.func @two() {
      %r = myia.const 2 : i64
      myia.return %r
    }
    myia.func @f(%c) {
      %r = myia.if %c, @one(), @two()
      myia.return %r
    }
    """)
    assert it.call("f", True) == 1
    assert it.call("f", False) == 2
    assert it.call("f", np.bool_(True)) == 1
    assert it.call("f", np.float64(1.0) > 2) == 2
    with pytest.raises(TypeError, match="must be a bool, not int") as info:
        it.call("f", 1)
    assert isinstance(info.value, MyiaRuntimeError)


# ---------------------------------------------------------------------------
# Loops and recursion run on an explicit stack

LOOP = """
myia.func @loop(%n) {
  %s = myia.const 0 : i64
  %i = myia.const 0 : i64
  %r = myia.call @loop.while(%n, %s, %i)
  myia.return %r
}
myia.func private @loop.while[%n](%s, %i) owner @loop {
  %c = myia.lt %i, %n
  %r = myia.if %c, @loop.body(%n, %s, %i), @loop.exit(%s)
  myia.return %r
}
myia.func private @loop.body[%n, %s, %i]() owner @loop {
  %s2 = myia.add %s, %i
  %one = myia.const 1 : i64
  %i2 = myia.add %i, %one
  %r = myia.call @loop.while(%n, %s2, %i2)
  myia.return %r
}
myia.func private @loop.exit[%s]() owner @loop {
  myia.return %s
}
"""


def test_tail_calls_run_in_constant_stack():
    # A million iterations, with at most 2 suspended frames allowed.
    it = load(LOOP, max_depth=2)
    n = 10**6
    assert it.call("loop", n) == n * (n - 1) // 2


SUM = """
myia.func @sum(%n) {
  %z = myia.const 0 : i64
  %c = myia.le %n, %z
  %r = myia.if %c, @sum.base(), @sum.rec(%n)
  myia.return %r
}
myia.func private @sum.base() owner @sum {
  %z = myia.const 0 : i64
  myia.return %z
}
myia.func private @sum.rec[%n]() owner @sum {
  %one = myia.const 1 : i64
  %m = myia.sub %n, %one
  %s = myia.call @sum(%m)
  %r = myia.add %n, %s
  myia.return %r
}
"""


def test_deep_recursion():
    n = 100_000
    assert load(SUM).call("sum", n) == n * (n + 1) // 2


def test_recursion_limit():
    with pytest.raises(RecursionError, match="maximum recursion depth exceeded") as info:
        load(SUM, max_depth=1000).call("sum", 5000)
    err = info.value
    assert isinstance(err, MyiaRuntimeError)
    assert "[previous frame repeated" in str(err)  # the traceback stays short
    assert len(str(err).splitlines()) < 20


# ---------------------------------------------------------------------------
# Variables read before assignment

UNDEF = """
myia.func @pass_through(%x) {
  myia.return %x
}
myia.func @ident[%y]() {
  myia.return %y
}
myia.func @f(%use) {
  %u = myia.undefined "y"
  %t = myia.tuple(%u, %u)
  %a = myia.tuple_get %t[0]
  %b = myia.call @pass_through(%a)
  %c = myia.if %use, @ident(%b), @ident(%b)
  %one = myia.const 1 : i64
  %r = myia.add %c, %one
  myia.return %r
}
myia.func @g() {
  %u = myia.undefined "z"
  %one = myia.const 1 : i64
  %t = myia.tuple(%one, %u)
  myia.return %t
}
myia.func @h(%c) {
  %u = myia.undefined "w"
  %r = myia.if %u, @ident(%c), @ident(%c)
  myia.return %r
}
"""


def test_undefined_flows_until_used():
    it = load(UNDEF)
    with pytest.raises(UnboundLocalError) as info:
        it.call("f", True)
    assert isinstance(info.value, MyiaRuntimeError)
    assert "local variable 'y' referenced before assignment" in str(info.value)
    with pytest.raises(UnboundLocalError, match="'z'"):  # in the final result
        it.call("g")
    with pytest.raises(UnboundLocalError, match="'w'"):  # as an if condition
        it.call("h", 1)


def test_select_needs_only_the_chosen_value_defined():
    it = load("""
    myia.func @f(%c) {
      %u = myia.undefined "y"
      %z = myia.const 0 : i64
      %r = myia.select %c, %u, %z
      myia.return %r
    }
    """)
    assert it.call("f", False) == 0
    with pytest.raises(UnboundLocalError, match="'y'"):
        it.call("f", True)


def test_undefined_value():
    u = Undefined("x")
    assert Undefined("x") is u
    with pytest.raises(UnboundLocalError):
        u + 1
    with pytest.raises(UnboundLocalError):
        bool(u)


# ---------------------------------------------------------------------------
# Errors name the failing op and the user functions on the stack


def test_runtime_error_location_and_stack(tmp_path):
    src = tmp_path / "prog.py"
    src.write_text(
        "def main(a, b):\n"
        "    return helper(a, b) + 1\n"
        "def helper(a, b):\n"
        "    if a > 0:\n"
        "        return a // b\n"
    )
    f = str(src)
    it = load(f"""
    myia.func @main(%a, %b) {{
      %r = myia.call @helper(%a, %b) loc("{f}":2:12)
      %one = myia.const 1 : i64
      %s = myia.add %r, %one loc("{f}":2:12)
      myia.return %s
    }} loc("{f}":1:1)
    myia.func @helper(%a, %b) {{
      %z = myia.const 0 : i64
      %c = myia.gt %a, %z loc("{f}":4:8)
      %r = myia.if %c, @helper.then(%a, %b), @helper.else() loc("{f}":4:5)
      myia.return %r
    }} loc("{f}":3:1)
    myia.func private @helper.then[%a, %b]() owner @helper {{
      %q = myia.floordiv %a, %b loc("{f}":5:16)
      myia.return %q
    }}
    myia.func private @helper.else() owner @helper {{
      %z = myia.const 0 : i64
      myia.return %z
    }}
    """)
    with pytest.raises(ZeroDivisionError) as info:
        it.call("main", 3, 0)
    err = info.value
    assert isinstance(err, MyiaRuntimeError)
    assert type(err).__name__ == "ZeroDivisionError"
    text = str(err)
    assert text == (
        f"{f}:2:12: in main\n"
        "    return helper(a, b) + 1\n"
        "           ^\n"
        f"{f}:5:16: in helper: integer division or modulo by zero\n"
        "    return a // b\n"
        "           ^"
    )
    assert err.stack[-1][0] == "helper"  # the branch is shown as its owner
    assert err.__cause__ is None and err.__suppress_context__
    # The error pickles (for pytest-xdist, multiprocessing).
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is type(err) and str(again) == text


def test_error_types_keep_their_message():
    it = load("""
    myia.func @f(%t, %i) {
      %r = myia.getitem %t, %i
      myia.return %r
    }
    """)
    with pytest.raises(KeyError) as info:
        it.call("f", {"a": 1}, "b")
    assert isinstance(info.value, MyiaRuntimeError)
    assert str(info.value) == "in f: 'b'"  # not repr'd again, as KeyError would
    with pytest.raises(TypeError):
        it.call("f", 1, 2)


def test_ir_errors():
    it = load("""
    myia.func @f() {
      %r = myia.call @nowhere()
      myia.return %r
    }
    """)
    with pytest.raises(MyiaIRError, match="no function @nowhere"):
        it.call("f")
    with pytest.raises(MyiaIRError, match="no function @g"):
        it.call("g")


# ---------------------------------------------------------------------------
# Records


POINT = """
myia.func @make(%x, %y) {
  %p = myia.record "geometry.Point"(x = %x, y = %y)
  myia.return %p
}
myia.func @Point.norm2(%self) {
  %x = myia.getattr %self, "x"
  %y = myia.getattr %self, "y"
  %a = myia.mul %x, %x
  %b = myia.mul %y, %y
  %r = myia.add %a, %b
  myia.return %r
}
myia.func @use(%x, %y) {
  %p = myia.call @make(%x, %y)
  %m = myia.getattr %p, "norm2"
  %n = myia.apply %m()
  %y2 = myia.getattr %p, "y"
  %r = myia.tuple(%n, %y2)
  myia.return %r
}
myia.func @missing(%p) {
  %r = myia.getattr %p, "z"
  myia.return %r
}
"""


def test_generic_records():
    it = load(POINT)
    p = it.call("make", 3, 4)
    assert type(p) is Record
    assert (p.x, p.y) == (3, 4)
    assert p == Record("geometry.Point", [("x", 3), ("y", 4)])
    assert p != Record("geometry.Point", [("x", 3), ("y", 5)])
    assert repr(p) == "Point(x=3, y=4)"
    assert it.call("use", 3, 4) == (25, 4)
    with pytest.raises(AttributeError, match="'Point' object has no attribute 'z'") as info:
        it.call("missing", p)
    assert isinstance(info.value, MyiaRuntimeError)


@dataclass(frozen=True)
class Pair:
    a: float
    b: float

    def total(self, scale):
        return (self.a + self.b) * scale

    @property
    def diff(self):
        return self.a - self.b


def test_records_of_known_dataclasses():
    RECORD_CLASSES.setdefault("tests.Pair", Pair)
    it = load("""
    myia.func @f(%a, %b) {
      %p = myia.record "tests.Pair"(a = %a, b = %b)
      myia.return %p
    }
    """)
    assert it.call("f", 1.0, 2.0) == Pair(1.0, 2.0)
    assert type(it.call("f", 1.0, 2.0)) is Pair


def _methods(p, k):
    return p.total(k) + p.diff + Pair(k, 1.0).b


def _methods_as_values(p):
    f = p.total
    return f


def test_methods_and_properties_parsed_on_demand():
    fe = Frontend()
    symbol = fe.function(_methods)
    before = {op.sym_name.data for op in fe.module.ops}
    assert "Pair.total" not in before  # methods are parsed when first used
    it = Interpreter(fe.module, fe)
    assert it.call(symbol, Pair(5.0, 3.0), 2.0) == _methods(Pair(5.0, 3.0), 2.0)
    after = {op.sym_name.data for op in fe.module.ops}
    assert {"Pair.total", "Pair.diff"} <= after
    bound = it.call(fe.function(_methods_as_values), Pair(1.0, 2.0))
    assert isinstance(bound, BoundMethod) and bound.self == Pair(1.0, 2.0)
    assert it.apply(bound, 10.0) == 30.0


def test_methods_without_resolver_are_found_by_name():
    fe = Frontend()
    symbol = fe.function(_methods)
    fe.method(Pair, "total")
    fe.method(Pair, "diff")
    it = Interpreter(fe.module)  # no resolver: the functions are in the module
    assert it.call(symbol, Pair(5.0, 3.0), 2.0) == _methods(Pair(5.0, 3.0), 2.0)


def test_dataclass_with_init_false_field():
    @dataclass
    class Acc:
        value: float
        count: int = dataclasses.field(default=0, init=False)

    RECORD_CLASSES.setdefault("tests.Acc", Acc)
    it = load("""
    myia.func @f(%v, %c) {
      %p = myia.record "tests.Acc"(value = %v, count = %c)
      myia.return %p
    }
    """)
    acc = it.call("f", 1.5, 3)
    assert type(acc) is Acc and (acc.value, acc.count) == (1.5, 3)


# ---------------------------------------------------------------------------
# Hooks and extension


def test_on_step_hook_sees_every_step():
    seen: list[tuple[str, str]] = []

    def hook(frame: Frame, op):
        seen.append((frame.code.symbol, op.name))

    it = load(LOOP, on_step=hook)
    assert it.call("loop", 2) == 1
    assert seen[:3] == [
        ("loop", "myia.call"),
        ("loop.while", "myia.lt"),
        ("loop.while", "myia.if"),
    ]
    assert sum(1 for s in seen if s == ("loop.body", "myia.call")) == 2
    it.on_step = None  # recompiles without the hook
    seen.clear()
    assert it.call("loop", 3) == 3
    assert not seen


def test_frame_values_for_debuggers():
    frames = []
    it = load(LOOP, on_step=lambda frame, op: frames.append(dict(frame.values())))
    it.call("loop", 1)
    assert {"n": 1, "s": 0, "i": 0}.items() <= frames[1].items()


def test_constants_are_not_steps():
    it = load(LOOP)
    it.call("loop", 1)
    body = it.code("loop.body")
    assert not any(isinstance(op, ConstOp) for op in body.ops)
    assert body.tail == len(body.steps) - 1


def test_myia_errors_pass_through():
    # A MyiaError raised while running (here, by the resolver) is not wrapped.
    class Resolver:
        def method(self, cls, name):
            raise MyiaError("cannot parse that")

    RECORD_CLASSES.setdefault("tests.Pair", Pair)
    it = load(
        """
    myia.func @f(%p) {
      %m = myia.getattr %p, "total"
      myia.return %m
    }
    """,
        resolver=Resolver(),
    )
    with pytest.raises(MyiaError, match="cannot parse that"):
        it.call("f", Pair(1.0, 2.0))
