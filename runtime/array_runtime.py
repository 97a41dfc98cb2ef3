"""What compiled array code needs from the process: BLAS and threads.

:func:`ensure` (idempotent, called before loading a module that calls one of them)
binds the symbols lowered array code calls:

``myia_cblas_sgemm``, ``myia_cblas_dgemm``
    ``cblas_sgemm``/``cblas_dgemm`` of the OpenBLAS inside numpy's wheel
    (``numpy.libs/libscipy_openblas64_*.so``: 64-bit integers, symbols
    ``scipy_cblas_?gemm64_``), found at run time; nothing is downloaded. Without
    it (another numpy build), a plain loop nest written in LLVM IR stands in.

``myia_pack_s``, ``myia_pack_d`` ``(src, rows, cols, row_stride, col_stride, dst)``
    copy a strided matrix to a contiguous row-major one, for BLAS.

``myia_alloc_result(n)``
    memory for an array the compiled function returns: outside the arena,
    listed for Python, whose numpy array then owns it (no copy); see
    :mod:`myia.runtime.array_values`. These allocations return null when memory
    runs out: the lowering raises ``MemoryError`` at the user's line.

``myia_alloc_result_slot(n, k)``
    the array of result slot ``k`` (static shape), which numpy allocated before
    the call (Python makes the numpy array it returns first: no
    ``__array_interface__`` round trip, nothing to free); ``myia_alloc_result``
    when the slot is empty.

``myia_alloc_array(n)``
    an array in the call's arena: ``myia_try_alloc``, behind a call that lowered
    code declares ``noalias`` like ``myia_alloc_result`` (inlined, the bump
    allocation would hide that the memory is new, and every loop writing an
    array would test at run time whether it overlaps its inputs).

``myia_parallel_for(fn, ctx, lo, hi, min)``
    runs ``fn(ctx, start, stop)`` over a partition of ``[lo, hi)`` on the
    threads of libgomp's pool (``GOMP_parallel``), or ``fn(ctx, lo, hi)`` on the
    calling thread when there are fewer than ``min`` iterations, libgomp is
    missing or ``MYIA_NUM_THREADS=1``. ``OMP_WAIT_POLICY`` defaults to
    ``PASSIVE``: idle threads spinning would take the cores from OpenBLAS's
    (the MLP forward pass is several times slower; bench/RESULTS.md); the price
    is a slower wake-up, which the lowering's threshold for threads accounts for.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import glob
import os
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from myia.runtime import array_values
from myia.runtime.jit import get_jit

_LOCK = threading.Lock()
ARRAY_RUNTIME_FUNCTIONS = frozenset(
    {"myia_cblas_sgemm", "myia_cblas_dgemm", "myia_pack_s", "myia_pack_d", "myia_alloc_result",
     "myia_alloc_result_slot", "myia_alloc_array", "myia_parallel_for"}
)  # fmt: skip
"""The functions :func:`ensure` binds (a module that calls one needs it)."""
_STATE: ArrayRuntime | None = None


@dataclass
class ArrayRuntime:
    blas_path: str | None
    threads: int
    gomp_path: str | None


def find_openblas() -> str | None:
    """The OpenBLAS library inside numpy's wheel, if there is one."""
    base = os.path.dirname(os.path.dirname(np.__file__))
    candidates = sorted(glob.glob(os.path.join(base, "numpy.libs", "libscipy_openblas*.so*")))
    candidates += sorted(
        glob.glob(os.path.join(os.path.dirname(np.__file__), ".libs", "libscipy_openblas*.so*"))
    )
    candidates += sorted(glob.glob(os.path.join(base, "numpy.libs", "libopenblas*.so*")))
    return candidates[0] if candidates else None


def _gemm_symbol(lib: ctypes.CDLL, prefix: str) -> int | None:
    for name in (f"scipy_cblas_{prefix}gemm64_", f"cblas_{prefix}gemm64_", f"cblas_{prefix}gemm"):
        try:
            return ctypes.cast(getattr(lib, name), ctypes.c_void_p).value
        except AttributeError:
            continue
    return None


FALLBACK_GEMM = r"""
; A row-major gemm with transposition flags and leading dimensions (no BLAS).
define void @myia_fallback_gemm_T(i32 %order, i32 %ta, i32 %tb, i64 %m, i64 %n, i64 %k,
                                  TYPE %alpha, ptr %a, i64 %lda, ptr %b, i64 %ldb,
                                  TYPE %beta, ptr %c, i64 %ldc) {
entry:
  %at = icmp eq i32 %ta, 112
  %bt = icmp eq i32 %tb, 112
  br label %i_head
i_head:
  %i = phi i64 [0, %entry], [%i1, %j_exit]
  %i_ok = icmp slt i64 %i, %m
  br i1 %i_ok, label %j_head, label %done
j_head:
  %j = phi i64 [0, %i_head], [%j1, %k_exit]
  %j_ok = icmp slt i64 %j, %n
  br i1 %j_ok, label %k_head, label %j_exit
k_head:
  %kk = phi i64 [0, %j_head], [%kk1, %k_body]
  %acc = phi TYPE [ZERO, %j_head], [%acc1, %k_body]
  %k_ok = icmp slt i64 %kk, %k
  br i1 %k_ok, label %k_body, label %k_exit
k_body:
  %ia0 = mul i64 %i, %lda
  %ia1 = add i64 %ia0, %kk
  %ta0 = mul i64 %kk, %lda
  %ta1 = add i64 %ta0, %i
  %ia = select i1 %at, i64 %ta1, i64 %ia1
  %ib0 = mul i64 %kk, %ldb
  %ib1 = add i64 %ib0, %j
  %tb0 = mul i64 %j, %ldb
  %tb1 = add i64 %tb0, %kk
  %ib = select i1 %bt, i64 %tb1, i64 %ib1
  %pa = getelementptr TYPE, ptr %a, i64 %ia
  %pb = getelementptr TYPE, ptr %b, i64 %ib
  %va = load TYPE, ptr %pa
  %vb = load TYPE, ptr %pb
  %p = fmul TYPE %va, %vb
  %acc1 = fadd TYPE %acc, %p
  %kk1 = add i64 %kk, 1
  br label %k_head
k_exit:
  %ic0 = mul i64 %i, %ldc
  %ic = add i64 %ic0, %j
  %pc = getelementptr TYPE, ptr %c, i64 %ic
  %r = fmul TYPE %acc, %alpha
  store TYPE %r, ptr %pc
  %j1 = add i64 %j, 1
  br label %j_head
j_exit:
  %i1 = add i64 %i, 1
  br label %i_head
done:
  ret void
}
"""

PARALLEL_IR = r"""
%task = type { ptr, ptr, i64, i64 }

declare void @GOMP_parallel(ptr, ptr, i32, i32)
declare i32 @omp_get_thread_num()
declare i32 @omp_get_num_threads()

; One thread's share of [lo, hi): contiguous blocks, the first ones one longer.
define internal void @myia_parallel_worker(ptr %t) {
entry:
  %fn_p = getelementptr %task, ptr %t, i32 0, i32 0
  %fn = load ptr, ptr %fn_p
  %ctx_p = getelementptr %task, ptr %t, i32 0, i32 1
  %ctx = load ptr, ptr %ctx_p
  %lo_p = getelementptr %task, ptr %t, i32 0, i32 2
  %lo = load i64, ptr %lo_p
  %hi_p = getelementptr %task, ptr %t, i32 0, i32 3
  %hi = load i64, ptr %hi_p
  %tid32 = call i32 @omp_get_thread_num()
  %nt32 = call i32 @omp_get_num_threads()
  %tid = sext i32 %tid32 to i64
  %nt = sext i32 %nt32 to i64
  %count = sub i64 %hi, %lo
  %base = sdiv i64 %count, %nt
  %extra = srem i64 %count, %nt
  %before = call i64 @llvm.smin.i64(i64 %tid, i64 %extra)
  %skip = mul i64 %tid, %base
  %start0 = add i64 %lo, %skip
  %start = add i64 %start0, %before
  %longer = icmp slt i64 %tid, %extra
  %one = zext i1 %longer to i64
  %len = add i64 %base, %one
  %stop = add i64 %start, %len
  %any = icmp slt i64 %start, %stop
  br i1 %any, label %run, label %done
run:
  call void %fn(ptr %ctx, i64 %start, i64 %stop)
  br label %done
done:
  ret void
}

declare i64 @llvm.smin.i64(i64, i64)

define void @myia_parallel_for(ptr %fn, ptr %ctx, i64 %lo, i64 %hi, i64 %min) {
entry:
  %count = sub i64 %hi, %lo
  %small = icmp slt i64 %count, %min
  br i1 %small, label %serial, label %threads
serial:
  call void %fn(ptr %ctx, i64 %lo, i64 %hi)
  ret void
threads:
  %t = alloca %task
  %fn_p = getelementptr %task, ptr %t, i32 0, i32 0
  store ptr %fn, ptr %fn_p
  %ctx_p = getelementptr %task, ptr %t, i32 0, i32 1
  store ptr %ctx, ptr %ctx_p
  %lo_p = getelementptr %task, ptr %t, i32 0, i32 2
  store i64 %lo, ptr %lo_p
  %hi_p = getelementptr %task, ptr %t, i32 0, i32 3
  store i64 %hi, ptr %hi_p
  call void @GOMP_parallel(ptr @myia_parallel_worker, ptr %t, i32 NTHREADS, i32 0)
  ret void
}
"""

PACK_IR = r"""
; A strided matrix copied to a contiguous row-major one: what BLAS is given when
; a view is neither row- nor column-major. One function per element type here,
; rather than a loop nest in every compiled matmul (a rare path, which LLVM
; vectorized in each module all the same).
define void @myia_pack_T(ptr %src, i64 %rows, i64 %cols, i64 %sr, i64 %sc, ptr %dst) nounwind {
entry:
  br label %i_head
i_head:
  %i = phi i64 [0, %entry], [%i1, %j_exit]
  %i_more = icmp slt i64 %i, %rows
  br i1 %i_more, label %i_body, label %done
i_body:
  %row = mul i64 %i, %sr
  %orow = mul i64 %i, %cols
  br label %j_head
j_head:
  %j = phi i64 [0, %i_body], [%j1, %j_body]
  %j_more = icmp slt i64 %j, %cols
  br i1 %j_more, label %j_body, label %j_exit
j_body:
  %col = mul i64 %j, %sc
  %at = add i64 %row, %col
  %from = getelementptr TYPE, ptr %src, i64 %at
  %v = load TYPE, ptr %from
  %oat = add i64 %orow, %j
  %to = getelementptr TYPE, ptr %dst, i64 %oat
  store TYPE %v, ptr %to
  %j1 = add i64 %j, 1
  br label %j_head
j_exit:
  %i1 = add i64 %i, 1
  br label %i_head
done:
  ret void
}
"""

RESULTS_IR = r"""
; Arrays returned to Python: allocated outside the arena, their pointers listed
; for Python, which takes them over (numpy arrays own them) or frees them.
@myia_results = global [64 x ptr] zeroinitializer
@myia_result_count = global i64 0

declare ptr @aligned_alloc(i64, i64) nounwind
declare ptr @myia_try_alloc(i64)

define ptr @myia_alloc_result(i64 %n) {
entry:
  %count = load i64, ptr @myia_result_count
  %full = icmp uge i64 %count, 64
  br i1 %full, label %arena, label %heap
heap:
  %n63 = add i64 %n, 63
  %rounded = and i64 %n63, -64
  %empty = icmp eq i64 %rounded, 0
  %size = select i1 %empty, i64 64, i64 %rounded
  %p = call ptr @aligned_alloc(i64 64, i64 %size)
  %null = icmp eq ptr %p, null
  br i1 %null, label %arena, label %listed
listed:
  %slot = getelementptr [64 x ptr], ptr @myia_results, i64 0, i64 %count
  store ptr %p, ptr %slot
  %next = add i64 %count, 1
  store i64 %next, ptr @myia_result_count
  ret ptr %p
arena:
  %a = call ptr @myia_try_alloc(i64 %n)
  ret ptr %a
}

; Arrays of static shape the entry returns: numpy allocates them just before the
; call and lists them here, by slot (myia.result = k on the op making it), with
; their sizes in bytes (a request larger than its slot is not served from it).
@myia_result_slots = global [64 x ptr] zeroinitializer
@myia_result_slot_sizes = global [64 x i64] zeroinitializer

define noalias ptr @myia_alloc_result_slot(i64 %n, i64 %k) {
entry:
  %slot = getelementptr [64 x ptr], ptr @myia_result_slots, i64 0, i64 %k
  %p = load ptr, ptr %slot
  %size_p = getelementptr [64 x i64], ptr @myia_result_slot_sizes, i64 0, i64 %k
  %size = load i64, ptr %size_p
  %none = icmp eq ptr %p, null
  %small = icmp ult i64 %size, %n
  %no = or i1 %none, %small
  br i1 %no, label %alloc, label %given
given:
  store ptr null, ptr %slot
  ret ptr %p
alloc:
  %q = call ptr @myia_alloc_result(i64 %n)
  ret ptr %q
}

define noalias ptr @myia_alloc_array(i64 %n) {
  %p = call ptr @myia_try_alloc(i64 %n)
  ret ptr %p
}
"""

SERIAL_IR = r"""
define void @myia_parallel_for(ptr %fn, ptr %ctx, i64 %lo, i64 %hi, i64 %min) {
entry:
  call void %fn(ptr %ctx, i64 %lo, i64 %hi)
  ret void
}
"""


def _threads() -> int:
    env = os.environ.get("MYIA_NUM_THREADS")
    if env:
        try:
            return max(1, int(env))
        except ValueError:
            pass
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )


def _compile_per_type(jit: Any, template: str, name: str) -> dict[str, int]:
    """Compile an IR template (``@<name>_T``, element type ``TYPE``, its zero
    ``ZERO``) for float and double; the addresses of ``<name>_s`` and ``<name>_d``."""
    types = (("s", "float"), ("d", "double"))
    text = "".join(
        template.replace("_T(", f"_{p}(").replace("TYPE", t).replace("ZERO", "0.0")
        for p, t in types
    )
    compiled = jit.compile_ir(text, permanent=True)
    return {p: compiled.address(f"{name}_{p}") for p, _ in types}


def ensure() -> ArrayRuntime:
    """Bind the array runtime's symbols in the JIT (once per process)."""
    global _STATE
    if _STATE is not None:
        return _STATE
    with _LOCK:
        if _STATE is not None:
            return _STATE
        import llvmlite.binding as llvm

        jit = get_jit()
        blas_path = find_openblas()
        bound = False
        if blas_path is not None:
            lib = ctypes.CDLL(blas_path)
            addresses = {p: _gemm_symbol(lib, p) for p in ("s", "d")}
            if all(addresses.values()):
                for p, address in addresses.items():
                    llvm.add_symbol(f"myia_cblas_{p}gemm", address)  # type: ignore[arg-type]
                bound = True
        if not bound:
            blas_path = None
            for p, address in _compile_per_type(jit, FALLBACK_GEMM, "myia_fallback_gemm").items():
                llvm.add_symbol(f"myia_cblas_{p}gemm", address)
        threads = _threads()
        gomp_path = None
        if threads > 1:
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            gomp_path = ctypes.util.find_library("gomp")
            if gomp_path is not None:
                try:
                    llvm.load_library_permanently(gomp_path)
                except RuntimeError:
                    gomp_path = None
        if gomp_path is not None:
            compiled = jit.compile_ir(PARALLEL_IR.replace("NTHREADS", str(threads)), permanent=True)
        else:
            threads = 1
            compiled = jit.compile_ir(SERIAL_IR, permanent=True)
        llvm.add_symbol("myia_parallel_for", compiled.address("myia_parallel_for"))
        for p, address in _compile_per_type(jit, PACK_IR, "myia_pack").items():
            llvm.add_symbol(f"myia_pack_{p}", address)
        results = jit.compile_ir(RESULTS_IR, permanent=True)
        for name in ("myia_alloc_result", "myia_alloc_result_slot", "myia_alloc_array"):
            llvm.add_symbol(name, results.address(name))

        array_values.bind_results(
            results.address("myia_results"),
            results.address("myia_result_count"),
            results.address("myia_result_slots"),
            results.address("myia_result_slot_sizes"),
        )
        _STATE = ArrayRuntime(blas_path, threads, gomp_path)
        return _STATE
