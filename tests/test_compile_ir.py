"""``myia.compile_ir``: IR that ``myia-opt`` prints at each stage of the cpu
pipeline runs and gives what ``myia.jit`` of the source gives; malformed or
invalid IR is a ``MyiaIRError`` at ``file:line:col``.

The programs below are this file's own functions: ``myia-opt`` (in process,
``myia.opt.main``) reads them with ``--entry``, as from the command line."""

from __future__ import annotations

import math

import numpy as np
import pytest
from cuda_helpers import kernels_compile_to_ptx  # noqa: F401
from xdsl.dialects.builtin import ModuleOp

import myia
from myia.embed import compile_ir
from myia.errors import (
    MyiaError,
    MyiaIRError,
    MyiaIRTypeError,
    MyiaOverflowError,
    MyiaShapeError,
    MyiaTypeError,
)
from myia.frontend import parse
from myia.opt import main as myia_opt

# ---------------------------------------------------------------------------
# The programs


def scalars(x, y):
    return x * y + 1.0 - x / y


def arrays(a, b):
    return np.tanh(a) * b + a.sum()


def tuples(t, k):
    a, b = t
    return (a * k, b + k)


def closures(x):
    def add(y):
        return x + y

    return add(2.0) * add(x)


def loop(n):
    s = 0
    for i in range(n):
        s = s + i * i
    return s


def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


def cube(x):
    return x**3 + math.sin(x)


def grad_of(x):
    return myia.grad(cube)(x)


def loss(w, x):
    return np.sum((w * x - 1.0) ** 2)


def loss_grad(w, x):
    return myia.grad(loss)(w, x)


PROGRAMS = {
    # name: (myia-infer's args, the call's arguments)
    "scalars": ("float,float", (1.5, 4.0)),
    "arrays": ("tensor<3xf64>,tensor<3xf64>", (np.array([0.5, -1.0, 2.0]), np.arange(3.0))),
    "tuples": ('"tuple<f64,f64>",float', ((np.float64(1.5), np.float64(2.0)), 3.0)),
    "closures": ("float", (1.25,)),
    "loop": ("int", (10,)),
    "fact": ("int", (12,)),
    "grad_of": ("float", (0.7,)),
    "loss_grad": ("tensor<3xf64>,tensor<3xf64>", (np.array([0.5, -1.0, 2.0]), np.arange(3.0))),
}

STAGES = {
    # name: the passes after myia-infer
    "untyped": None,
    "infer": "",
    "grad": "myia-grad",
    "simplify": "myia-grad,myia-export{entries=%s},myia-inline{simplify=true},cse,dce",
    "results": "myia-grad,myia-export{entries=%s},myia-inline{simplify=true},cse,dce,"
    "myia-fuse-arrays,myia-mark-results",
    "cf": "myia-grad,myia-export{entries=%s},myia-inline{simplify=true},cse,dce,"
    "myia-fuse-arrays,myia-mark-results,convert-myia-to-cf",
    "llvm": "myia-grad,myia-export{entries=%s},myia-inline{simplify=true},cse,dce,"
    "myia-fuse-arrays,myia-mark-results,convert-myia-to-cf,myia-parallel-loops,myia-to-llvm",
    "cpu": "myia-grad,myia-cpu{entry=%s}",
}


def printed(tmp_path, name, stage, *flags):
    """What ``myia-opt`` prints for the program ``name`` at ``stage``."""
    argv = [__file__, "--entry", name, "-o", str(tmp_path / "out.mlir"), *flags]
    passes = STAGES[stage]
    if passes is not None:
        args = PROGRAMS[name][0]
        spec = f"myia-infer{{entry={name} args={args}}}"
        if passes:
            spec += "," + passes.replace("%s", name)
        argv += ["-p", spec]
    assert myia_opt(argv) == 0
    return (tmp_path / "out.mlir").read_text()


def assert_same(got, want):
    assert type(got) is type(want)
    if isinstance(want, tuple):
        assert len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            assert_same(g, w)
    elif isinstance(want, np.ndarray):
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-15, atol=0)
    else:
        assert got == pytest.approx(want, rel=1e-15, abs=0)


@pytest.mark.parametrize("stage", list(STAGES))
@pytest.mark.parametrize("name", list(PROGRAMS))
def test_ir_printed_at_each_stage_runs_as_jit(tmp_path, name, stage):
    args = PROGRAMS[name][1]
    text = printed(tmp_path, name, stage)
    f = compile_ir(text, name)
    expected_stage = {"untyped": "untyped", "cf": "lowered", "llvm": "lowered", "cpu": "lowered"}
    assert f.stage == expected_stage.get(stage, "typed")
    assert_same(f(*args), myia.jit(globals()[name])(*args))


@pytest.mark.parametrize("flags", [["--print-op-generic"], ["--print-debuginfo"]])
@pytest.mark.parametrize("stage", ["untyped", "grad", "llvm"])
def test_generic_syntax_and_debuginfo_are_read(tmp_path, stage, flags):
    args = PROGRAMS["grad_of"][1]
    text = printed(tmp_path, "grad_of", stage, *flags)
    if flags == ["--print-op-generic"]:
        assert '"myia.func"' in text or '"llvm.func"' in text
    else:
        assert "loc(" in text
    assert_same(compile_ir(text, "@grad_of")(*args), myia.jit(grad_of)(*args))


def test_an_untyped_entry_specializes_per_signature_as_jit(tmp_path):
    f = compile_ir(printed(tmp_path, "scalars", "untyped"), "scalars")
    assert f(1.5, 4.0) == scalars(1.5, 4.0)
    assert f(3, 4) == scalars(3, 4)  # ints: another signature
    assert f(1.5, 4.0) == scalars(1.5, 4.0)
    assert f.compilations == 2
    assert isinstance(f(np.float32(1.5), np.float32(4.0)), np.float32)
    g = compile_ir(printed(tmp_path, "arrays", "untyped"), "arrays")
    for n in range(1, 8):  # shape-generic code after a few shapes, as jit
        a = np.linspace(0.0, 1.0, n)
        np.testing.assert_allclose(g(a, a), arrays(a, a), rtol=1e-15)
    assert g.compilations < 7


def test_a_typed_entry_checks_its_arguments_and_never_infers(tmp_path):
    f = compile_ir(printed(tmp_path, "arrays", "grad"), "arrays")
    assert f.compilations == 1
    with pytest.raises(MyiaTypeError, match=r"arrays\(\): argument 'a': expected a float64 array"):
        f(np.ones(2), np.ones(3))
    with pytest.raises(MyiaTypeError, match="got an int64 array"):
        f(np.ones(3, dtype=np.int64), np.ones(3))
    with pytest.raises(MyiaTypeError, match=r"takes 2 arguments \(a, b\), got 3"):
        f(np.ones(3), np.ones(3), np.ones(3))
    assert f.compilations == 1
    lowered = compile_ir(printed(tmp_path, "arrays", "cpu"), "arrays")
    with pytest.raises(MyiaTypeError, match=r"arrays\(\): argument 'arg0': expected a float64"):
        lowered(np.ones(2), np.ones(3))


def test_typed_parameters_with_an_untyped_body_are_inferred_once():
    text = """
    myia.func @f(%x : f64, %n : i64) {
      %0 = myia.mul %x, %x
      %1 = myia.add %0, %n
      myia.return %1
    }
    """
    f = compile_ir(text, "f")
    assert f.stage == "typed"
    assert f(np.float64(1.5), np.int64(2)) == 4.25
    with pytest.raises(MyiaTypeError, match="argument 'x': expected a float"):
        f("1.5", 2)


def test_a_module_op_from_a_builder(tmp_path):
    module = parse(cube)
    assert isinstance(module, ModuleOp)
    before = str(module)
    f = compile_ir(module, "cube", backend="interp")
    assert f(0.5) == cube(0.5)
    assert str(module) == before  # (compiled from a clone)


@pytest.mark.parametrize(
    ("backend", "name"), [("interp", "grad_of"), ("interp", "loop"), ("interp-untyped", "closures")]
)
def test_other_backends(tmp_path, backend, name):
    args = PROGRAMS[name][1]
    f = compile_ir(printed(tmp_path, name, "untyped"), name, backend=backend)
    assert_same(f(*args), myia.jit(globals()[name])(*args))


def test_lowered_ir_runs_on_the_cpu_backend_only(tmp_path):
    text = printed(tmp_path, "scalars", "cf")
    with pytest.raises(MyiaIRError, match="only the cpu backend runs it"):
        compile_ir(text, "scalars", backend="interp")


def test_hand_written_func_dialect_is_exported_and_lowered():
    text = """
    func.func @axpy(%a : f64, %x : f64, %y : f64) -> f64 {
      %0 = arith.mulf %a, %x : f64
      %1 = arith.addf %0, %y : f64
      func.return %1 : f64
    }
    """
    f = compile_ir(text, "axpy")
    assert f(2.0, 3.0, 1.0) == 7.0
    with pytest.raises(MyiaTypeError, match="argument 'arg2': expected a float"):
        f(2.0, 3.0, 1)


# ---------------------------------------------------------------------------
# Errors


def located(info):
    return str(info.value).splitlines()[0]


def test_a_parse_error_is_located():
    text = "myia.func @f(%x) {\n  %0 = myia.mul %x, %x\n  myia.return %0 +\n}\n"
    with pytest.raises(MyiaIRError) as info:
        compile_ir(text, "f", filename="model.mlir")
    assert located(info).startswith("model.mlir:3:")
    assert "Traceback" not in str(info.value)


def test_a_verifier_error_is_located():
    text = "myia.func @f(%x) {\n  %0 = myia.mul %x, %x\n}\n"
    with pytest.raises(MyiaIRError) as info:
        compile_ir(text, "f")
    assert located(info).startswith("<ir>:1:1:")


def test_an_operand_defined_later_is_an_error():
    text = (
        "myia.func @f(%x) {\n  %0 = myia.mul %1, %x\n  %1 = myia.add %x, %x\n  myia.return %0\n}\n"
    )
    with pytest.raises(MyiaIRError) as info:
        compile_ir(text, "f", filename="m.mlir")
    assert located(info).startswith("m.mlir:")


def test_an_unknown_entry_lists_the_functions():
    with pytest.raises(MyiaIRError, match=r"no function @g \(its functions: @f\)"):
        compile_ir("myia.func @f(%x) {\n  myia.return %x\n}\n", "g")


def test_a_type_error_of_inference_is_an_ir_error_at_the_op():
    text = (
        "myia.func @f(%x, %y) {\n"
        "  %t = myia.tuple(%x, %y)\n"
        "  %0 = myia.mul %t, %x\n"
        "  myia.return %0\n"
        "}\n"
    )
    f = compile_ir(text, "f", filename="model.mlir")
    with pytest.raises(MyiaIRTypeError) as info:
        f(1.0, 2.0)
    assert isinstance(info.value, MyiaTypeError)
    assert located(info).startswith("model.mlir:3:")
    assert "Traceback" not in str(info.value)


def test_bad_arguments_of_an_untyped_entry():
    f = compile_ir("myia.func @f(%x) {\n  myia.return %x\n}\n", "f")
    with pytest.raises(MyiaTypeError, match=r"f\(\) takes 1 argument \(x\), got 2"):
        f(1.0, 2.0)
    with pytest.raises(MyiaTypeError, match="argument 'x': myia cannot take a str"):
        f("a")


def test_not_ir():
    with pytest.raises(MyiaError, match="textual IR or a ModuleOp"):
        compile_ir(42, "f")  # type: ignore[arg-type]


@pytest.mark.usefixtures("kernels_compile_to_ptx")
def test_user_passes_and_the_cuda_backend(tmp_path):
    text = printed(tmp_path, "arrays", "untyped")
    args = PROGRAMS["arrays"][1]
    want = myia.jit(arrays)(*args)
    assert_same(compile_ir(text, "arrays", passes="cse")(*args), want)
    got = compile_ir(printed(tmp_path, "arrays", "grad"), "arrays", backend="cuda")(*args)
    np.testing.assert_allclose(got, want, rtol=1e-15)
    with pytest.raises(MyiaShapeError, match=r"^<ir>:4:5: operands could not be broadcast"):
        compile_ir(text, "arrays", backend="cuda")(np.ones(3), np.ones(2))


def test_ir_the_backend_cannot_compile_is_an_ir_error_at_the_entry():
    text = "myia.func @f(%g : !myia.fn<@f>) -> f64 {\n  %0 = myia.const 1.0 : f64\n  myia.return %0\n}\n"
    with pytest.raises(MyiaIRError) as info:
        compile_ir(text, "f", filename="fn.mlir")
    assert located(info).startswith("fn.mlir:1:1: ")
    assert "Traceback" not in str(info.value)


def test_ir_of_the_cuda_pipeline_is_not_an_input_of_the_cpu_backend(tmp_path):
    text = printed(tmp_path, "arrays", "grad")
    module = myia.compile_ir(text, "arrays", backend="interp").module
    lowered = myia_opt_text(tmp_path, str(module), "myia-cuda{entry=arrays}")
    with pytest.raises(MyiaIRError, match="cannot compile myia_gpu.launch") as info:
        compile_ir(lowered, "arrays", filename="gpu.mlir")
    assert located(info).startswith("gpu.mlir:")


def myia_opt_text(tmp_path, text, passes):
    (tmp_path / "in.mlir").write_text(text)
    out = tmp_path / "out.mlir"
    assert myia_opt([str(tmp_path / "in.mlir"), "-p", passes, "-o", str(out)]) == 0
    return out.read_text()


@pytest.mark.parametrize("param", ["%x", "%x : i64"])
def test_an_int_too_wide_on_the_fast_path_is_named(param):
    result = "" if param == "%x" else " -> i64"
    typed = "" if param == "%x" else " : i64"
    text = (
        f"myia.func @f({param}){result} {{\n  %0 = myia.add %x, %x{typed}\n  myia.return %0\n}}\n"
    )
    f = compile_ir(text, "f")
    assert f(3) == 6  # (the int's type key is known: the next call takes the fast path)
    with pytest.raises(MyiaOverflowError, match="'x' is or holds an int that does not fit"):
        f(1 << 70)
