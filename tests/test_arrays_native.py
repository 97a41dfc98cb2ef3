"""Arrays in native code: zero-copy arguments, memory, shape errors, the
accuracy of the vectorized math functions, BLAS on views, threads, and the
primitives gradients are made of (through textual IR)."""

from __future__ import annotations

import dataclasses
import os

import numpy as np
import pytest

import myia
from myia.errors import MyiaShapeError, MyiaTypeError

rng = np.random.default_rng(7)


def cpu(fn):
    return myia.jit(fn, backend="cpu")


# ---------------------------------------------------------------------------
# Arguments cross without copies


def total(x):
    return np.sum(x * 2.0)


def test_strided_views_are_passed_without_copies(monkeypatch):
    from myia.runtime import array_values

    base = rng.standard_normal((40, 30))
    views = [base[::3, 1::2], base.T, base[::-1, ::-2], base[5:25, 3]]
    f = cpu(total)
    for v in views:
        f(v)  # compile
    copies = []
    monkeypatch.setattr(
        array_values.np, "ascontiguousarray", lambda *a, **k: copies.append(a) or a[0]
    )
    for v in views:
        assert f(v) == pytest.approx(np.sum(v * 2.0), rel=1e-12)
    assert copies == []


def scale_add(x, y):
    return x * 2.0 + y


def test_contiguous_and_strided_arrays_get_their_own_specializations():
    # numba's 'C' and 'A' layouts: code for C-contiguous arrays uses strides
    # known from the shape (one flat loop); a strided view gets its own code.
    from myia.dialects.ops_function import FuncOp
    from myia.lowering.arrays.array_codegen import CONTIGUOUS

    base = rng.standard_normal((6, 8))
    view = rng.standard_normal((6, 16))[:, ::2]
    f = cpu(scale_add)
    np.testing.assert_allclose(f(base, base), base * 3.0, rtol=1e-15)
    np.testing.assert_allclose(f(view, base), view * 2.0 + base, rtol=1e-15)
    np.testing.assert_allclose(f(base, view), base * 2.0 + view, rtol=1e-15)
    np.testing.assert_allclose(f(view, view), view * 3.0, rtol=1e-15)
    assert f.compilations == 4
    layouts = set()
    for module, entry in f.typed_modules.values():
        func = next(op for op in module.ops if isinstance(op, FuncOp) and op.sym_name.data == entry)
        flags = func.attributes.get(CONTIGUOUS)
        layouts.add(None if flags is None else tuple(bool(a.value.data) for a in flags.data))
    assert layouts == {(True, True), (False, True), (True, False), None}
    f(base.copy(), base.copy())  # contiguous again: no new compilation
    assert f.compilations == 4


@dataclasses.dataclass(frozen=True)
class Layer:
    w: np.ndarray
    b: np.ndarray


def test_contiguous_arrays_in_records_and_tuples():
    from myia.dialects.abstract import AbstractArray
    from myia.dialects.abstract_of_values import abstract_of, array_layout

    a, b = np.ones((2, 3)), np.ones((3, 4))[:, ::2]
    signature = (abstract_of((a, 1.0, [a]), layout=True), abstract_of(Layer(b, a), layout=True))
    assert array_layout(signature) == (True, False, True)  # the list's element is not counted
    assert abstract_of(a) == AbstractArray("float64", (2, 3))  # inference never sees it


def test_leaves_of_a_view_are_its_own_pointer_and_strides():
    from xdsl.dialects.builtin import TensorType, f64

    from myia.runtime.array_values import array_flattener

    base = rng.standard_normal((6, 8))
    view = base[1::2, ::-3]
    out: list = []
    array_flattener(TensorType(f64, [3, 3]))(view, out)
    assert out[0] == view.__array_interface__["data"][0]
    assert out[1:] == [3, 3, 16, -3]


def test_data_pointers_are_read_from_numpy_s_struct():
    from myia.runtime.array_values import _struct_pointer, data_pointer

    assert data_pointer is _struct_pointer  # the check at import found numpy's layout
    base = rng.standard_normal((6, 8))
    for v in (base, base[2:, 3:], base[::-1, ::-2], base.T, base[5, 7:]):
        assert data_pointer(v) == v.__array_interface__["data"][0]


def first_and_last(x):
    return x[0, 0], x[-1, -1]


def test_native_code_reads_the_view_in_place():
    base = np.arange(64.0).reshape(8, 8)
    view = base[2::3, ::-2]
    assert cpu(first_and_last)(view) == (view[0, 0], view[-1, -1])


def test_arguments_numpy_cannot_describe_are_copied():
    big_endian = np.arange(6.0).astype(">f8").reshape(2, 3)
    assert cpu(total)(big_endian) == pytest.approx(30.0)


# ---------------------------------------------------------------------------
# Memory


def rss_pages() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1])


def step(x, w):
    h = np.tanh(x @ w)
    return h.T @ h, np.sum(h)


def test_memory_stays_flat_over_100000_calls():
    f = cpu(step)
    x, w = rng.standard_normal((8, 5)), rng.standard_normal((5, 4))
    for _ in range(30_000):  # warm up: Python's and numpy's allocators settle
        f(x, w)
    before = rss_pages()
    for _ in range(100_000):
        f(x, w)
    grown_kib = (rss_pages() - before) * os.sysconf("SC_PAGE_SIZE") // 1024
    assert grown_kib < 2048, f"RSS grew by {grown_kib} KiB"


def doubled_prefix(x, n):
    return x[:n] * 2.0


def test_results_are_new_arrays(monkeypatch):
    # An array the function makes and returns is handed over, not copied: of a
    # static shape, numpy allocates it before the call (a result slot); of a
    # shape known only at run time, the runtime does, and numpy takes it over.
    made = []
    real_empty = np.empty

    def recording_empty(*args, **kwargs):
        made.append(real_empty(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(np, "empty", recording_empty)
    f = cpu(step)
    x, w = rng.standard_normal((8, 5)), rng.standard_normal((5, 4))
    a, _ = f(x, w)
    b, _ = f(x * 2, w)
    assert not np.shares_memory(a, b)
    np.testing.assert_allclose(a, step(x, w)[0])
    assert any(a is m for m in made) and any(b is m for m in made)
    c = cpu(doubled_prefix)(x[:, 0], 3)
    np.testing.assert_array_equal(c, x[:3, 0] * 2.0)
    assert type(c.base).__name__ == "_Owner"


def views_and_twice(x):
    y = x * 2.0
    return x.T, y, y, x[1:]


def test_results_that_are_views_or_repeated():
    x = rng.standard_normal((3, 4))
    t, y1, y2, s = cpu(views_and_twice)(x)
    np.testing.assert_array_equal(t, x.T)
    np.testing.assert_array_equal(s, x[1:])
    assert not np.shares_memory(t, x) and not np.shares_memory(s, x)
    assert y1 is y2
    np.testing.assert_array_equal(y1, x * 2.0)


# ---------------------------------------------------------------------------
# Shape errors: compile-time tracebacks


def layer(x, w):
    return np.tanh(x @ w)


def model(x, w1, w2):
    return layer(layer(x, w1), w2)


def test_matmul_shape_error_traceback():
    f = myia.jit(model, backend="cpu")
    with pytest.raises(MyiaShapeError) as info:
        f(np.zeros((3, 10)), np.zeros((10, 12)), np.zeros((14, 1)))
    text = str(info.value)
    assert "in model(" in text and "in layer(" in text
    assert "w :: f64 x 14 x 1" in text
    assert "return np.tanh(x @ w)" in text
    assert "in dot(f64 x 3 x 12, f64 x 14 x 1)" in text
    assert text.endswith("MyiaShapeError: Incompatible shapes in dot: (3, 12) and (14, 1)")


def reshaped(x):
    return x.reshape(5, -1)


def broadcasted(x, y):
    return x * y


def joined(a, b):
    return np.concatenate([a, b], axis=1)


@pytest.mark.parametrize(
    ("fn", "args", "message"),
    [
        (reshaped, (np.zeros((3, 4)),), "cannot reshape array of size 12 into shape (5, -1)"),
        (
            broadcasted,
            (np.zeros((3, 4)), np.zeros(3)),
            "could not be broadcast together with shapes (3, 4) (3,)",
        ),
        (
            joined,
            (np.zeros((2, 3)), np.zeros((3, 3))),
            "along dimension 0, the array at index 0 has size 2",
        ),
    ],
)
def test_shape_errors(fn, args, message):
    for backend in ("interp", "cpu"):
        with pytest.raises(MyiaShapeError) as info:
            myia.jit(fn, backend=backend)(*args)
        assert message in str(info.value)
        assert f"in {fn.__name__}(" in str(info.value)


def sum_axis(x):
    return x.sum(axis=3)


def test_method_errors_show_the_users_call():
    with pytest.raises(MyiaShapeError) as info:
        cpu(sum_axis)(np.zeros((2, 2)))
    text = str(info.value)
    assert "return x.sum(axis=3)" in text
    assert "ndarray" not in text and "numpy_api" not in text


def truth(x):
    if x > 0:
        return 1.0
    return 0.0


def test_truth_of_an_array_is_a_type_error():
    with pytest.raises(MyiaTypeError, match="ambiguous|must be a bool, not bool x 3"):
        cpu(truth)(np.ones(3))


def at(x, i):
    return x[i]


def test_dynamic_index_out_of_bounds_raises_index_error():
    f = cpu(at)
    x = np.arange(4.0)
    assert f(x, -1) == 3.0
    with pytest.raises(IndexError):
        f(x, 4)
    with pytest.raises(IndexError):
        f(x, -5)


# ---------------------------------------------------------------------------
# Vectorized math: accuracy against numpy


def ulps(got, ref, dtype):
    got, ref = got.astype(np.float64), ref.astype(np.float64)
    same = (got == ref) | (np.isnan(got) & np.isnan(ref))
    spacing = np.spacing(np.abs(ref).astype(dtype)).astype(np.float64)
    with np.errstate(all="ignore"):
        d = np.abs(got - ref) / spacing
    d[same] = 0
    return d


def m_exp(x):
    return np.exp(x)


def m_log(x):
    return np.log(x)


def m_sin(x):
    return np.sin(x)


def m_cos(x):
    return np.cos(x)


def m_tanh(x):
    return np.tanh(x)


MATH = [
    (m_exp, np.exp, [(-110, 100), (-1, 1), (-750, 710)]),
    (m_log, np.log, [(0, 10), (1e-40, 1e-30), (0, 1e300)]),
    (m_sin, np.sin, [(-10, 10), (-1e5, 1e5), (-1e12, 1e12)]),
    (m_cos, np.cos, [(-10, 10), (-1e5, 1e5)]),
    (m_tanh, np.tanh, [(-1, 1), (-20, 20), (-0.7, 0.7)]),
]
SPECIALS = [
    0.0,
    -0.0,
    np.inf,
    -np.inf,
    np.nan,
    1e-45,
    1e-310,
    1.0,
    -1.0,
    88.7,
    89.0,
    -104.0,
    709.78,
    710.0,
    -745.2,
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("fn", "ref", "ranges"), MATH, ids=lambda v: getattr(v, "__name__", ""))
def test_vectorized_math_accuracy(fn, ref, ranges, dtype):
    f = cpu(fn)
    limit = 1 if dtype == np.float32 else 2
    for lo, hi in ranges:
        with np.errstate(all="ignore"):
            x = rng.uniform(lo, hi, 20000).astype(dtype)
            x = x[np.isfinite(x)]
            if not x.size:
                continue
            expected = ref(x.astype(np.float64)).astype(dtype)
            assert ulps(f(x), expected, dtype).max() <= limit, (lo, hi)
    with np.errstate(all="ignore"):
        x = np.array(SPECIALS, dtype=dtype)
        expected = ref(x.astype(np.float64)).astype(dtype)
        got = f(x)
    bad = ulps(got, expected, dtype) > limit
    assert not bad.any(), list(zip(x[bad], got[bad], expected[bad]))


def test_float32_tanh_near_its_switches():
    # every float32 around the switch to 1 - 2/(e**2x + 1) (0.625), where tanh
    # rounds to 1 (9.01) and the clamp (9.5), both signs; then the specials
    def around(v, k):
        b = np.float32(v).view(np.int32)
        return np.arange(b - k, b + k, dtype=np.int32).view(np.float32)

    x = np.concatenate([around(0.625, 1 << 16), around(9.0, 1 << 16), around(9.5, 1 << 16)])
    x = np.concatenate([x, -x])
    expected = np.tanh(x.astype(np.float64)).astype(np.float32)
    assert ulps(cpu(m_tanh)(x), expected, np.float32).max() <= 1
    x = np.array(
        [0.0, -0.0, 1e-45, -1e-45, -1e-40, 1e-30, np.inf, -np.inf, np.nan, 30.0], np.float32
    )
    got = cpu(m_tanh)(x)
    np.testing.assert_array_equal(got[:6], x[:6])
    assert np.signbit(got[1]) and np.isnan(got[8])
    np.testing.assert_array_equal(got[[6, 7, 9]], [1.0, -1.0, 1.0])


def test_sin_of_huge_arguments_is_nan():
    x = np.array([1e16, -3e30, 1e300])
    assert np.isnan(cpu(m_sin)(x)).all()


# ---------------------------------------------------------------------------
# Sizes that take the other paths: threads, chunks, nests, BLAS on views


def mixed(x, b):
    return np.sum(np.exp(np.sin(x)) * x), np.tanh(x[:, None] * b).mean(axis=0), np.max(np.abs(x))


def test_large_arrays_threads_and_chunks():
    x = rng.standard_normal(300_001).astype(np.float32)
    b = rng.standard_normal(7).astype(np.float32)
    got = cpu(mixed)(x, b)
    want = mixed(x, b)
    np.testing.assert_allclose(got[0], want[0], rtol=1e-4)
    np.testing.assert_allclose(got[1], want[1], rtol=1e-4, atol=1e-6)
    assert got[2] == want[2]


def matmuls(a, b):
    return a @ b, a.T @ a, b @ b.T


def test_blas_on_views():
    base = rng.standard_normal((30, 40))
    cases = [
        (base[:5, :7], base[:7, :3]),
        (base[::2, ::3][:4, :6], base[1::3, 2::2][:6, :5]),
        (base[:6, :8].T, base[:6, :9]),
        (base[::-1, :][:3, :4], base[:4, ::-1][:, :2]),
        (base[:1, :5], base[:5, :1]),
        (np.zeros((3, 0)), np.zeros((0, 2))),
    ]
    f = cpu(matmuls)
    for a, b in cases:
        for got, want in zip(f(a, b), matmuls(a, b)):
            np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def test_blas_float32():
    a = rng.standard_normal((64, 33)).astype(np.float32)
    b = rng.standard_normal((33, 17)).astype(np.float32)
    got = cpu(matmuls)(a, b)
    for g, w in zip(got, matmuls(a, b)):
        assert g.dtype == np.float32
        np.testing.assert_allclose(g, w, rtol=1e-4, atol=1e-4)


def test_array_runtime_finds_numpys_openblas():
    from myia.runtime.array_runtime import ensure

    rt = ensure()
    assert rt.blas_path is None or "openblas" in os.path.basename(rt.blas_path)
    assert rt.threads >= 1


# ---------------------------------------------------------------------------
# The primitives gradients are made of, from textual IR (interp and cpu)

GRAD_PRIMS_IR = """
myia.func @f(%x, %b, %d) {
  %s0 = myia.const 1 : i64
  %s1 = myia.const 4 : i64
  %shape = myia.tuple(%s0, %s1)
  %g = myia.sum_to_shape %x, %shape
  %zero = myia.const 0.0
  %none = myia.const none
  %f64 = myia.const "float64"
  %xs = myia.array_shape %x
  %zeros = myia.full %xs, %zero, %f64
  %lo = myia.const 1 : i64
  %sl = myia.tuple(%lo, %none, %none)
  %items = myia.tuple(%sl)
  %scatter = myia.array_setitem %zeros, %items, %d
  %three = myia.const 3 : i64
  %four = myia.const 4 : i64
  %bshape = myia.tuple(%three, %four)
  %bb = myia.broadcast_to %b, %bshape
  %p = myia.const 0 : i64
  %ax = myia.tuple(%s0, %p)
  %t = myia.transpose %bb, %ax
  %gt = myia.gt %x, %zero
  %w = myia.where %gt, %x, %zero
  %r = myia.tuple(%g, %scatter, %t, %w)
  myia.return %r
}
"""


def test_gradient_primitives_from_ir():
    from xdsl.parser import Parser

    from myia.api import get_backend
    from myia.dialects.abstract_of_values import abstract_of
    from myia.passes.infer import infer_module
    from myia.registry import default_registry

    x = rng.standard_normal((3, 4))
    b = rng.standard_normal((1, 4))
    d = rng.standard_normal((2, 4))
    expected = (
        x.sum(axis=0, keepdims=True),
        np.concatenate([np.zeros((1, 4)), d]),
        np.broadcast_to(b, (3, 4)).T,
        np.where(x > 0, x, 0.0),
    )
    ctx = default_registry(plugins=False).make_context()
    for backend in ("interp-untyped", "interp", "cpu"):
        module = Parser(ctx, GRAD_PRIMS_IR).parse_module()
        if backend == "interp-untyped":
            run = get_backend("interp")(module, "f")
        else:
            typed, entry = infer_module(module, "f", [abstract_of(v) for v in (x, b, d)])
            run = get_backend(backend)(typed, entry)
        for got, want in zip(run(x, b, d), expected, strict=True):
            np.testing.assert_allclose(got, want, rtol=1e-12, err_msg=backend)


def dyn_reshape(x, n):
    return x.reshape(n, -1) + 1.0, x.reshape(n, 6 // n)


def dyn_broadcast(x, i):
    return x[i:] + x


def test_sizes_known_at_run_time_are_checked():
    x = np.arange(6.0)
    for backend in ("interp", "cpu"):
        a, b = myia.jit(dyn_reshape, backend=backend)(x, 2)
        np.testing.assert_array_equal(a, x.reshape(2, 3) + 1.0)
        np.testing.assert_array_equal(b, x.reshape(2, 3))
        f = myia.jit(dyn_broadcast, backend=backend)
        np.testing.assert_array_equal(f(x, 0), x + x)
        np.testing.assert_array_equal(f(x, 5), x[5:] + x)  # size 1 broadcasts
        with pytest.raises(ValueError):
            f(x, 2)
    with pytest.raises(ValueError):
        cpu(dyn_reshape)(x, 4)


def test_gemm_without_blas_matches_numpy():
    # What the runtime binds when numpy's wheel has no OpenBLAS: its own loops.
    import ctypes

    from myia.runtime.array_runtime import FALLBACK_GEMM, _compile_per_type
    from myia.runtime.jit import get_jit

    gemm = _compile_per_type(get_jit(), FALLBACK_GEMM, "myia_fallback_gemm")
    for p, dtype, ctype in (("s", np.float32, ctypes.c_float), ("d", np.float64, ctypes.c_double)):
        fn = ctypes.CFUNCTYPE(
            None,
            ctypes.c_int32,
            ctypes.c_int32,
            ctypes.c_int32,
            ctypes.c_int64,
            ctypes.c_int64,
            ctypes.c_int64,
            ctype,
            ctypes.c_void_p,
            ctypes.c_int64,
            ctypes.c_void_p,
            ctypes.c_int64,
            ctype,
            ctypes.c_void_p,
            ctypes.c_int64,
        )(gemm[p])
        a, b = rng.standard_normal((3, 4)).astype(dtype), rng.standard_normal((4, 5)).astype(dtype)
        for ta, tb in ((111, 111), (112, 111), (111, 112), (112, 112)):
            am = np.ascontiguousarray(a.T) if ta == 112 else a
            bm = np.ascontiguousarray(b.T) if tb == 112 else b
            c = np.zeros((3, 5), dtype)
            fn(
                101,
                ta,
                tb,
                3,
                5,
                4,
                1.0,
                am.ctypes.data,
                am.shape[1],
                bm.ctypes.data,
                bm.shape[1],
                0.0,
                c.ctypes.data,
                5,
            )
            np.testing.assert_allclose(c, a @ b, rtol=1e-5 if dtype == np.float32 else 1e-12)


def products(a, b, w):
    return a @ b, a @ w.T, np.sum(a @ b)


def test_short_contractions_are_loops_that_match_numpy():
    # K <= SMALL_K: fused multiply-add loops instead of BLAS (row-major and
    # transposed right operands, K of 1 and 16); K = 17: BLAS again.
    from myia.lowering.arrays.matmul import SMALL_K

    f = cpu(products)
    for k in (1, 3, SMALL_K, SMALL_K + 1):
        for dtype, rtol in ((np.float32, 1e-5), (np.float64, 1e-12)):
            a = rng.standard_normal((33, k)).astype(dtype)
            b = rng.standard_normal((k, 20)).astype(dtype)
            w = rng.standard_normal((20, k)).astype(dtype)
            got, want = f(a, b, w), products(a, b, w)
            for g, e in zip(got, want, strict=True):
                np.testing.assert_allclose(g, e, rtol=rtol, atol=rtol * 10)


def test_result_slots_serve_only_requests_that_fit():
    # myia_alloc_result_slot(n, k): slot k's array when it holds n bytes (then
    # the slot is emptied), the runtime's own allocation otherwise.
    import ctypes

    import llvmlite.binding as llvm

    from myia.runtime import array_values
    from myia.runtime.array_runtime import ensure

    ensure()  # binds the array runtime's symbols
    alloc = ctypes.CFUNCTYPE(ctypes.c_uint64, ctypes.c_int64, ctypes.c_int64)(
        llvm.address_of_symbol("myia_alloc_result_slot")
    )
    table, sizes = array_values._SLOTS
    a = np.empty(4, np.float32)
    table[3], sizes[3] = a.ctypes.data, a.nbytes
    try:
        too_big = alloc(32, 3)
        assert too_big != a.ctypes.data and table[3] == a.ctypes.data
        assert alloc(16, 3) == a.ctypes.data
        assert table[3] == 0
    finally:
        table[3] = 0
        array_values._release_results({})  # frees the runtime's allocation
