"""The cuda backend: its API, its kernels' shapes, its transfers and launches, its errors.

On a machine without a GPU these run on numba's CUDA simulator (tests/conftest.py),
and every kernel they generate also compiles to PTX for sm_90."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from cuda_helpers import AGAINST_CPU, kernels_compile_to_ptx  # noqa: F401
from numba import cuda
from test_array_programs import assert_agree
from test_user_passes import AddToSub
from xdsl.dialects.builtin import TensorType
from xdsl.parser import Parser

import myia
from myia.dialects.primitive import PrimOp
from myia.errors import MyiaError
from myia.lowering.arrays.fuse import fuse_arrays
from myia.lowering.cuda.to_gpu import VIEWS, convert_to_gpu
from myia.lowering.cuda.to_numba import MyiaGpuToNumba
from myia.lowering.pipelines import run_passes, simplify_passes
from myia.registry import default_registry
from myia.runtime import cuda_device
from myia.runtime.cuda_device import counters, reset_counters, simulated
from myia.runtime.cuda_launch import KernelCode
from myia.runtime.cuda_ptx import check_ptx

pytestmark = pytest.mark.usefixtures("kernels_compile_to_ptx")

EXAMPLES = Path(__file__).parent.parent / "examples"


def both(f, *args):
    """``f(*args)`` on cpu and on cuda."""
    return myia.jit(f, backend="cpu")(*args), myia.jit(f, backend="cuda")(*args)


def test_runs_on_the_simulator_or_a_gpu():
    assert simulated() or cuda.is_available()


def test_elementwise_reduction_matmul():
    def f(x, w, b):
        h = np.tanh(x @ w + b)
        return h, np.sum(h * h, axis=1), np.mean(h)

    rng = np.random.default_rng(1)
    args = (rng.standard_normal((5, 4)), rng.standard_normal((4, 3)), rng.standard_normal(3))
    cpu, gpu = both(f, *args)
    assert_agree(cpu, gpu, AGAINST_CPU)
    assert type(gpu[2]) is type(cpu[2])  # (a scalar computed on the device: numpy's type)


def test_grad_and_value_and_grad():
    def loss(w, x):
        return np.sum(np.tanh(x @ w) ** 2)

    rng = np.random.default_rng(2)
    w, x = rng.standard_normal((3, 2)), rng.standard_normal((4, 3))
    assert_agree(
        myia.grad(loss, backend="cpu")(w, x), myia.grad(loss, backend="cuda")(w, x), AGAINST_CPU
    )
    value, gradient = myia.value_and_grad(loss, argnums=(0, 1), backend="cuda")(w, x)
    expected = myia.value_and_grad(loss, argnums=(0, 1), backend="cpu")(w, x)
    assert_agree(expected, (value, gradient), AGAINST_CPU)


def test_loops_branches_and_recursion_with_arrays():
    def halve(x, n):
        if n == 0:
            return x
        return halve(x * 0.5, n - 1)

    def f(x, n):
        i = 0
        while np.sum(x) > 1.0:  # (a scalar read from the device each iteration)
            x = x * 0.5 if i % 2 else x - 0.25
            i += 1
        return halve(x, n), i

    cpu, gpu = both(f, np.arange(6.0).reshape(2, 3), 3)
    assert_agree(cpu, gpu, AGAINST_CPU)


def test_a_scalar_computed_on_the_device_stays_there():
    def center(x):
        return (x - np.mean(x)) / np.max(x), np.sum(x, axis=0) * np.min(x)

    x = np.arange(12.0).reshape(3, 4)
    compiled = myia.jit(center, backend="cuda")
    compiled(x)
    reset_counters()
    out = compiled(x)
    # mean, max and min are 0-d device arrays the kernels read: nothing comes back
    # but the two results.
    assert counters()["to_host"] == 2 and counters()["to_device"] == 1
    assert_agree(center(x), out, AGAINST_CPU)


def test_scalar_code_runs_on_the_host():
    def fib(n):
        return n if n < 2 else fib(n - 1) + fib(n - 2)

    def f(n, x):
        total = 0
        for i in range(n):
            total += fib(i) * i
        return total, x / 3.0

    assert myia.jit(f, backend="cuda")(12, 2.0) == f(12, 2.0)
    with pytest.raises(ZeroDivisionError):
        myia.jit(lambda x: 1.0 / x, backend="cuda")(0.0)


def test_float32_stays_float32():
    def f(x, y):
        return np.exp(x) * 2.0 + y, np.sum(x, axis=0)

    x = np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4)
    cpu, gpu = both(f, x, np.float32(0.5))
    assert gpu[0].dtype == np.float32 and gpu[1].dtype == np.float32
    assert_agree(cpu, gpu, AGAINST_CPU)


def test_block_reductions_and_two_passes():
    def f(x, y):
        return np.sum(x, axis=1), np.max(x), np.argmax(y), np.sum(y), np.mean(y)

    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 40))  # 40 elements per output: a block each
    y = rng.standard_normal(2100)  # one output: split in parts, then a second pass
    cpu, gpu = both(f, x, y)
    assert_agree(cpu, gpu, AGAINST_CPU)
    typed = myia.jit(f, backend="cuda")
    reset_counters()
    typed(x, y)
    # sum rows, max (2100 > 32: a block), argmax, sum and mean of y in two passes each
    assert counters()["launches"] == 1 + 1 + 1 + 2 + 2


def test_tiled_matmul_of_views():
    def f(a, b):
        return a @ b.T, a[:, ::2] @ b[::2, :3].T

    rng = np.random.default_rng(4)
    a, b = rng.standard_normal((17, 6)), rng.standard_normal((18, 6))
    cpu, gpu = both(f, a, b)
    assert_agree(cpu, gpu, AGAINST_CPU)


def test_device_arrays_in_and_out():
    def f(x, y):
        return x * 2.0 + y, np.sum(x), x.T

    x, y = np.arange(6.0).reshape(2, 3), np.ones(3)
    compiled = myia.jit(f, backend="cuda")
    dx, dy = cuda.to_device(x), cuda.to_device(y)
    reset_counters()
    out, total, transposed = compiled(dx, dy)
    assert counters()["to_device"] == 0  # (used in place)
    assert counters()["to_host"] == 1  # (the sum, a Python float)
    assert cuda.devicearray.is_cuda_ndarray(out)  # (device arrays in: device arrays out)
    np.testing.assert_array_equal(out.copy_to_host(), f(x, y)[0])
    assert total == 15.0
    # A view returned on the device is made contiguous there (a copy kernel).
    np.testing.assert_array_equal(transposed.copy_to_host(), x.T)
    host = compiled(x, y)[0]  # (numpy arrays in: numpy arrays out)
    assert isinstance(host, np.ndarray)


def test_where_results_live_is_a_backend_option():
    """results="device" keeps numpy arguments' results on the GPU; results="numpy"
    copies device arguments' results back; anything else is an error at jit."""

    def f(x):
        return x * 2.0, np.sum(x)

    x = np.arange(4.0)
    on_device = myia.jit(f, backend="cuda", backend_options={"results": "device"})
    reset_counters()
    out, total = on_device(x)
    assert cuda.devicearray.is_cuda_ndarray(out) and total == 6.0
    assert counters()["to_host"] == 1  # (the sum only)
    np.testing.assert_array_equal(out.copy_to_host(), 2.0 * x)
    on_host = myia.jit(f, backend="cuda", backend_options={"results": "numpy"})
    assert isinstance(on_host(cuda.to_device(x))[0], np.ndarray)
    grads = myia.grad(
        lambda x: np.sum(x * x), backend="cuda", backend_options={"results": "device"}
    )
    np.testing.assert_array_equal(grads(x).copy_to_host(), 2.0 * x)
    with pytest.raises(MyiaError, match="results='host' is not one of 'auto', 'numpy', 'device'"):
        myia.jit(f, backend="cuda", backend_options={"results": "host"})(x)
    with pytest.raises(
        MyiaError,
        match="the backend 'cpu' has no option 'results'; its options: check_nans, profile",
    ):
        myia.jit(f, backend_options={"results": "device"})


@dataclass(frozen=True)
class Layer:
    W: np.ndarray
    b: np.ndarray


def loop_nests(typed_module) -> int:
    """The array operations that make a new array (a loop nest each) once the cpu
    backend fused ``typed_module``: the bar for the cuda backend's launches."""
    module = typed_module.clone()
    run_passes(simplify_passes(), module)
    fuse_arrays(module)
    skipped = {f"myia.{name}" for name in VIEWS} | {"myia.cast"}
    computing = {"myia.array_reduce", "myia.sum", "myia.mean", "myia.prod", "myia.amax",
                 "myia.amin", "myia.argmax", "myia.argmin", "myia.matmul"}  # fmt: skip
    return sum(
        1
        for op in module.walk()
        if isinstance(op, PrimOp)
        and op.name not in skipped
        and (isinstance(op.results[0].type, TensorType) or op.name in computing)
    )


def test_transfers_and_launches_of_the_mlp_step():
    """Per call of examples/mlp.py's training step: one copy in per array argument,
    one copy out per array result, no more launches than the cpu's loop nests."""
    if str(EXAMPLES) not in sys.path:
        sys.path.insert(0, str(EXAMPLES))
    import mlp

    model, (x, y) = mlp.setup(sizes=(6, 8, 1), batch=8)
    step = myia.jit(mlp.step, backend="cuda")
    step(model, x, y, 0.1)
    reset_counters()
    new_model = step(model, x, y, 0.1)
    counts = counters()
    assert counts["to_device"] == 6  # W and b of two layers, x, y
    assert counts["to_host"] == 4  # the new W and b of two layers
    assert counts["allocations"] == 0  # (the second call reuses the first one's buffers)
    interpreted = myia.jit(mlp.step, backend="interp")  # (its typed module stays as is)
    interpreted(model, x, y, 0.1)
    ((typed, _),) = interpreted.typed_modules.values()
    assert counts["launches"] <= loop_nests(typed)
    assert counts["launches"] == 14
    expected = myia.jit(mlp.step, backend="cpu")(model, x, y, 0.1)
    assert_agree(expected, new_model, AGAINST_CPU)


def test_run_time_errors_are_located():
    def f(x):
        return np.max(x)

    with pytest.raises(ValueError, match="zero-size array") as info:
        myia.jit(f, backend="cuda")(np.zeros(0))
    assert isinstance(info.value, MyiaError)
    assert "test_cuda.py" in str(info.value) and "np.max(x)" in str(info.value)


def typed_ir(text: str):
    return Parser(default_registry(plugins=False).make_context(), text).parse_module()


def test_an_operation_not_lowered_is_a_located_error():
    module = typed_ir(
        """
        myia.func @f(%x : tensor<3x4xf64>) -> tensor<1x4xf64> {
          %0 = myia.const 1 : i64
          %1 = myia.const 4 : i64
          %2 = myia.tuple(%0, %1) : tuple<i64, i64>
          %3 = myia.sum_to_shape %x, %2 : tensor<1x4xf64> loc("prog.py":7:12)
          myia.return %3
        }
        """
    )
    with pytest.raises(MyiaError, match=r"prog.py:7:12: .*myia.sum_to_shape on arrays"):
        convert_to_gpu(module)


def test_a_scalar_operation_kernels_cannot_compute_is_a_located_error():
    module = typed_ir(
        """
        myia.func @f(%x : tensor<3xf64>) -> tensor<3xf64> {
          %0 = myia.closure @f.kernel : !myia.fn<@f.kernel>
          %1 = myia.array_map %0, %x : tensor<3xf64>
          myia.return %1
        }
        myia.func private @f.kernel(%x0 : f64) -> f64 attributes {myia.kernel} {
          %0 = myia.gamma %x0 : f64 loc("prog.py":3:9)
          myia.return %0
        }
        """
    )
    convert_to_gpu(module)
    with pytest.raises(MyiaError, match=r"prog.py:3:9: .*gamma"):
        MyiaGpuToNumba().apply(default_registry(plugins=False).make_context(), module)


def test_without_numba_cuda_the_backend_says_what_to_install(monkeypatch):
    monkeypatch.setattr(cuda_device, "has_numba_cuda", lambda: False)
    cuda_device.numba_cuda.cache_clear()
    try:
        with pytest.raises(MyiaError, match=r"pip install 'myia\[cuda\]'"):
            myia.jit(lambda x: x * 2.0, backend="cuda")(np.ones(3))
    finally:
        monkeypatch.undo()
        cuda_device.numba_cuda.cache_clear()


def test_the_ptx_check_reports_a_kernel_numba_cannot_compile_for_the_gpu():
    """The simulator would run both kernels (Python adds a str to an array's float);
    compiled to PTX, the second fails to type and is reported by its symbol."""
    source = "from numba import cuda\n\n@cuda.jit\ndef kernel(x):\n    x[0] = x[0] + {}\n"
    good = KernelCode("good", source.format("1.0"), "kernel", "void(float64[::1])")
    bad = KernelCode("bad", source.format("'one'"), "kernel", "void(float64[::1])")
    failures = check_ptx([good, bad])
    assert [f["symbol"] for f in failures] == ["bad"]
    assert "TypingError" in failures[0]["error"]


def test_a_users_passes_run_in_the_cuda_pipeline():
    """``passes=`` runs on the cuda backend's typed module too (after simplification,
    before fusion): here every add becomes a sub, kernels included."""

    def f(x, y):
        return np.sum(x + y)

    x, y = np.arange(6.0), np.ones(6)
    assert myia.jit(f, backend="cuda", passes=[AddToSub()])(x, y) == pytest.approx(np.sum(x - y))
    assert myia.jit(f, backend="cuda")(x, y) == pytest.approx(np.sum(x + y))


def test_cbrt_and_exp2_in_kernels():
    """numba has neither math.cbrt nor math.exp2: kernels compute them with pow, as
    numpy does within 1e-12 (and inf where 2.0 ** x would raise)."""

    def f(x):
        return np.cbrt(x) + np.exp2(x / 100.0), np.exp2(x * 20.0)

    x = np.array([-27.0, -1.0, -0.0, 0.0, 0.5, 8.0, 60.0, 1e300])
    (cpu_a, cpu_b), (gpu_a, gpu_b) = both(f, x)
    np.testing.assert_allclose(gpu_a, cpu_a, rtol=AGAINST_CPU["float64"])
    np.testing.assert_allclose(gpu_b, cpu_b, rtol=AGAINST_CPU["float64"])
    assert np.isinf(gpu_b[-1]) and np.isinf(gpu_a[-1])
