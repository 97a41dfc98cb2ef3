"""Ahead-of-time export: one compiled specialization as an object file or a
shared library that a C or C++ program links, with a C header.

:func:`export_module` takes a module the ``cpu`` pipeline made (llvm dialect,
with the C-ABI wrapper ``@f__capi`` of its entry: see
:mod:`myia.lowering.llvm.capi`) and writes ``path``: an object file (``.o``) or
a shared library (``.so``, linked by the system C compiler, ``$CC`` or ``cc``),
and the header ``path.with_suffix(".h")``.

The C ABI of the exported function ``NAME``::

    int32_t NAME(<arguments>, <results>);
    const char *NAME_error_message(int32_t status);

- a scalar argument is passed by value (``double``, ``float``, ``int64_t``...,
  ``bool``); a tuple or a dataclass, field by field (``x_0``, ``x_1``...);
- an array argument is ``const T *x, const int64_t x_shape[ndim]``: C-contiguous
  (row-major) data and its dimensions. Dimensions fixed at compile time are
  checked (a status, not undefined behaviour);
- each scalar of the result is written through an out-pointer (``T *result``);
  an array result through ``T **result, int64_t result_shape[ndim]``: a new
  C-contiguous array, allocated with ``malloc``, which the caller frees with
  ``free``;
- the return value is 0, or a status whose low byte is the kind of error
  (:class:`~myia.lowering.llvm.runtime_decls.ErrorCode`, as ``#define``\\ s in the
  header) and ``NAME_error_message(status)`` a static string naming the error,
  its message and the user's ``file:line`` (as the Python exception would).

What is linked in: everything the generated code calls, but the C library, libm
and the compiler's support library (``libgcc``). The runtime
(:data:`~myia.runtime.native_runtime.STANDALONE_RUNTIME_IR`: errors, stack
checks, the arena; polls do nothing, there is no watchdog thread), the array
runtime's pieces with no dependency (a plain loop nest for matrix products
instead of numpy's OpenBLAS, loops run on the calling thread instead of
libgomp's), and the libm aliases the JIT binds at run time. The runtime's state
is thread-local, and every symbol but the two functions above is internal: the
function may be called from several threads at once, and two exported
functions link into one program. An object that would still need a symbol of
the Python process (``Py*``, ``myia_*``...) is a :class:`MyiaExportError`,
never a library that fails when loaded.

Code is generated for a portable CPU (``cpu="generic"``: x86-64's baseline) or
for the host (``cpu="host"``), position-independent.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import llvmlite.binding as llvm
from xdsl.dialects import llvm as llvm_dialect
from xdsl.dialects.builtin import (
    Float32Type,
    Float64Type,
    IntegerType,
    ModuleOp,
    NoneType,
    Signedness,
    TensorType,
    TupleType,
)
from xdsl.ir import Attribute

from myia.dialects.types import RecordType
from myia.errors import MyiaExportError, SourceLocation
from myia.lowering.exports import exports_of
from myia.lowering.llvm.capi import Signature, find_function, signature_of
from myia.lowering.llvm.error_sites import error_sites_of
from myia.lowering.llvm.runtime_decls import ERROR_SITE_SHIFT, LIBM_ALIAS_PREFIX, ErrorCode
from myia.lowering.llvm.to_llvm_ir import emit_llvm_ir
from myia.runtime.abi import ERRORS
from myia.runtime.array_runtime import PACK_IR, RESULTS_IR, SERIAL_IR
from myia.runtime.jit import initialize_llvm, optimize, undefined_symbols
from myia.runtime.native_runtime import STANDALONE_RUNTIME_IR

KINDS = {".o": "object", ".so": "shared"}
"""Output suffix -> what is written."""

_SYSTEM_PREFIXES = ("myia", "__myia", "Py", "_Py", "GOMP_", "omp_", "scipy_", "cblas_")
"""Undefined symbols with these prefixes belong to the Python process (the
runtime, Python, numpy's OpenBLAS, libgomp): exported code must not need them."""

_USER_PREFIX = "myia.user."
"""The prefix of the compiled module's own definitions in the exported object
(internal: they cannot clash with the exported names)."""


# ---------------------------------------------------------------------------
# The C form of a signature


@dataclass(frozen=True)
class Part:
    """A scalar or an array of an argument or the result, in C."""

    name: str
    type: Attribute
    """The scalar's type, or the array's (a ``TensorType``)."""

    @property
    def is_array(self) -> bool:
        return isinstance(self.type, TensorType)

    @property
    def element(self) -> Attribute:
        return self.type.element_type if isinstance(self.type, TensorType) else self.type

    @property
    def shape(self) -> tuple[int | None, ...]:
        """The array's dimensions (None: known at run time)."""
        assert isinstance(self.type, TensorType)
        return tuple(None if d < 0 else d for d in self.type.get_shape())

    @property
    def leaves(self) -> int:
        """Slots of the calling convention: pointer, sizes, strides; or 1."""
        return 1 + 2 * len(self.shape) if self.is_array else 1


def c_type(t: Attribute, where: str) -> str:
    """The C type of a scalar type."""
    if isinstance(t, IntegerType):
        width = t.width.data
        if width == 1:
            return "bool"
        if width in (8, 16, 32, 64):
            unsigned = t.signedness.data == Signedness.UNSIGNED
            return f"{'u' if unsigned else ''}int{width}_t"
    if isinstance(t, Float32Type):
        return "float"
    if isinstance(t, Float64Type):
        return "double"
    raise MyiaExportError(f"{where} has type {t}, which has no C form in an export")


def llvm_type(t: Attribute) -> str:
    """The LLVM IR type of a scalar type (see :func:`c_type`)."""
    if isinstance(t, IntegerType):
        return f"i{t.width.data}"
    return "float" if isinstance(t, Float32Type) else "double"


def _itemsize(t: Attribute) -> int:
    if isinstance(t, IntegerType):
        return max(1, t.width.data // 8)
    return 4 if isinstance(t, Float32Type) else 8


def parts_of(t: Attribute, name: str) -> list[Part]:
    """The scalars and arrays of a value of type ``t``, named after ``name``."""
    if isinstance(t, TensorType):
        c_type(t.element_type, f"the array {name}")
        return [Part(name, t)]
    if isinstance(t, TupleType):
        return [p for i, e in enumerate(t.types.data) for p in parts_of(e, f"{name}_{i}")]
    if isinstance(t, RecordType):
        return [p for field, ft in t.fields for p in parts_of(ft, f"{name}_{field}")]
    if isinstance(t, NoneType):
        return []
    c_type(t, name)
    return [Part(name, t)]


def _identifier(name: str) -> str:
    name = re.sub(r"\W", "_", name)
    return name if name and not name[0].isdigit() else f"_{name}"


# ---------------------------------------------------------------------------
# Messages


@dataclass(frozen=True)
class Status:
    """One status the exported function may return, and its message."""

    code: int
    message: str


def _error_kind(code: int) -> tuple[str, str]:
    """The Python exception name and default message of an error code."""
    factory = ERRORS.get(code)
    if factory is None:
        return "RuntimeError", f"compiled code failed with error code {code}"
    exc = factory()
    name = type(exc).__name__
    for base in type(exc).__mro__:  # MyiaZeroDivisionError -> ZeroDivisionError
        if base.__module__ == "builtins":
            name = base.__name__
            break
    message = getattr(exc, "message", None) or str(exc) or name
    return name, message


def statuses(module: ModuleOp) -> list[Status]:
    """The statuses of the module's error sites, then those of each code alone."""
    out = []
    for index, (code, location, message) in enumerate(error_sites_of(module), 1):
        kind, default = _error_kind(code)
        where = f" ({location})" if location is not None else ""
        out.append(Status(code | index << ERROR_SITE_SHIFT, f"{kind}: {message or default}{where}"))
    for code in ErrorCode:
        kind, default = _error_kind(code)
        out.append(Status(int(code), f"{kind}: {default}"))
    return out


def _c_string(text: str) -> tuple[str, int]:
    """An LLVM IR string constant's body (NUL-terminated) and its length."""
    data = text.encode() + b"\0"
    body = "".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else f"\\{b:02X}" for b in data)
    return body, len(data)


# ---------------------------------------------------------------------------
# The entry point, in LLVM IR

EXPORT_HELPERS_IR = r"""
declare ptr @malloc(i64) nounwind
declare void @free(ptr) nounwind
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
declare void @myia_arena_free_all() nounwind

@myia_results = external thread_local global [64 x ptr]
@myia_result_count = external thread_local global i64

; Free the arrays the call allocated for its results (they were copied).
define void @myia_export_release_results() nounwind {
entry:
  %count = load i64, ptr @myia_result_count
  br label %head
head:
  %i = phi i64 [ 0, %entry ], [ %i1, %body ]
  %more = icmp ult i64 %i, %count
  br i1 %more, label %body, label %done
body:
  %slot = getelementptr [64 x ptr], ptr @myia_results, i64 0, i64 %i
  %p = load ptr, ptr %slot
  call void @free(ptr %p)
  %i1 = add i64 %i, 1
  br label %head
done:
  store i64 0, ptr @myia_result_count
  ret void
}

; A C-contiguous copy, made with malloc, of the array at %src (%ndim sizes and
; strides in elements of %size bytes); null if memory runs out.
define ptr @myia_export_copy(ptr %src, i64 %ndim, ptr %dims, ptr %strides, i64 %size) nounwind {
entry:
  br label %count_head
count_head:
  %i = phi i64 [ 0, %entry ], [ %i1, %count_body ]
  %n = phi i64 [ 1, %entry ], [ %n1, %count_body ]
  %more = icmp slt i64 %i, %ndim
  br i1 %more, label %count_body, label %alloc
count_body:
  %dp = getelementptr i64, ptr %dims, i64 %i
  %d = load i64, ptr %dp
  %n1 = mul i64 %n, %d
  %i1 = add i64 %i, 1
  br label %count_head
alloc:
  %bytes0 = mul i64 %n, %size
  %none = icmp eq i64 %bytes0, 0
  %bytes = select i1 %none, i64 1, i64 %bytes0
  %dst = call ptr @malloc(i64 %bytes)
  %null = icmp eq ptr %dst, null
  %skip = or i1 %null, %none
  br i1 %skip, label %done, label %setup
setup:
  %index_bytes = shl i64 %ndim, 3
  %index = alloca i64, i64 %ndim, align 8
  call void @llvm.memset.p0.i64(ptr %index, i8 0, i64 %index_bytes, i1 false)
  %last = sub i64 %ndim, 1
  br label %copy
copy:
  %k = phi i64 [ 0, %setup ], [ %k1, %carried ]
  %off = phi i64 [ 0, %setup ], [ %off_next, %carried ]
  %from_bytes = mul i64 %off, %size
  %from = getelementptr i8, ptr %src, i64 %from_bytes
  %to_bytes = mul i64 %k, %size
  %to = getelementptr i8, ptr %dst, i64 %to_bytes
  call void @llvm.memcpy.p0.p0.i64(ptr %to, ptr %from, i64 %size, i1 false)
  %k1 = add i64 %k, 1
  %finished = icmp eq i64 %k1, %n
  br i1 %finished, label %done, label %carry
carry:
  ; the next index, last dimension first (an odometer)
  %j = phi i64 [ %last, %copy ], [ %j1, %wrap ]
  %o = phi i64 [ %off, %copy ], [ %o2, %wrap ]
  %ip = getelementptr i64, ptr %index, i64 %j
  %iv = load i64, ptr %ip
  %iv1 = add i64 %iv, 1
  %sp = getelementptr i64, ptr %strides, i64 %j
  %s = load i64, ptr %sp
  %o1 = add i64 %o, %s
  %djp = getelementptr i64, ptr %dims, i64 %j
  %dj = load i64, ptr %djp
  %inside = icmp slt i64 %iv1, %dj
  br i1 %inside, label %step, label %wrap
step:
  store i64 %iv1, ptr %ip
  br label %carried
wrap:
  store i64 0, ptr %ip
  %span = mul i64 %dj, %s
  %o2 = sub i64 %o1, %span
  %j1 = sub i64 %j, 1
  br label %carry
carried:
  %off_next = phi i64 [ %o1, %step ]
  br label %copy
done:
  ret ptr %dst
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
"""


def _entry_ir(
    name: str,
    capi: str,
    signature: Signature,
    args: Sequence[Part],
    results: Sequence[Part],
    shape_codes: Sequence[int],
    memory_code: int,
) -> str:
    """``i32 @name(<C arguments>, <out-pointers>)``: fill the calling
    convention's buffer, call ``@capi``, copy the results out."""
    params: list[str] = []
    body: list[str] = []
    slots = signature.buffer_size // 8
    body.append(f"  %buf = alloca [{slots} x i64], align 16")
    counter = iter(range(1 << 30))

    def tmp() -> str:
        return f"%t{next(counter)}"

    def slot(index: int) -> str:
        p = tmp()
        body.append(f"  {p} = getelementptr i64, ptr %buf, i64 {index}")
        return p

    leaf = 0
    checks: list[tuple[str, int]] = []  # (condition, status) per array argument
    for n, part in enumerate(args):
        if not part.is_array:
            t = llvm_type(part.type)
            ext = " zeroext" if t == "i1" else ""
            params.append(f"{t}{ext} %a{n}")
            body.append(f"  store {t} %a{n}, ptr {slot(leaf)}")
            leaf += 1
            continue
        params += [f"ptr %a{n}", f"ptr %a{n}_shape"] if part.shape else [f"ptr %a{n}"]
        body.append(f"  store ptr %a{n}, ptr {slot(leaf)}")
        shape = part.shape
        dims = []
        ok = "true"
        for d, static in enumerate(shape):
            p, v = tmp(), tmp()
            body.append(f"  {p} = getelementptr i64, ptr %a{n}_shape, i64 {d}")
            body.append(f"  {v} = load i64, ptr {p}")
            body.append(f"  store i64 {v}, ptr {slot(leaf + 1 + d)}")
            dims.append(v)
            good, both = tmp(), tmp()
            if static is None:
                body.append(f"  {good} = icmp sge i64 {v}, 0")
            else:
                body.append(f"  {good} = icmp eq i64 {v}, {static}")
            body.append(f"  {both} = and i1 {ok}, {good}")
            ok = both
        stride = "1"
        for d in reversed(range(len(shape))):
            body.append(f"  store i64 {stride}, ptr {slot(leaf + 1 + len(shape) + d)}")
            if d:
                nxt = tmp()
                body.append(f"  {nxt} = mul i64 {stride}, {dims[d]}")
                stride = nxt
        checks.append((ok, shape_codes[n]))
        leaf += part.leaves
    if leaf != len(signature.args):
        raise MyiaExportError(
            f"internal error: {leaf} argument slots, {len(signature.args)} expected"
        )

    for n, part in enumerate(results):
        params.append(f"ptr %r{n}")
        if part.is_array and part.shape:
            params.append(f"ptr %r{n}_shape")

    blocks: list[str] = []
    for k, (ok, status) in enumerate(checks):
        body.append(f"  br i1 {ok}, label %checked{k}, label %bad{k}")
        blocks.append(f"bad{k}:\n  ret i32 {status}")
        body.append(f"checked{k}:")
    body.append(f'  %rc = call i32 @"{capi}"(ptr %buf, ptr %buf)')
    body.append("  %failed = icmp ne i32 %rc, 0")
    body.append("  br i1 %failed, label %fail, label %ok")
    blocks.append(
        "fail:\n  call void @myia_export_release_results()\n"
        "  call void @myia_arena_free_all()\n  ret i32 %rc"
    )
    body.append("ok:")

    def finish(lines: list[str], code: str) -> None:
        if signature.boxed_results:  # the arena holds results until read
            nres = len(signature.results)
            chunk, cur = tmp(), tmp()
            lines.append(f"  {chunk} = load ptr, ptr {slot_in(lines, nres)}")
            lines.append(f"  {cur} = load ptr, ptr {slot_in(lines, nres + 1)}")
            lines.append(f"  call void @myia_arena_reset(ptr {chunk}, ptr {cur})")
        lines.append("  call void @myia_export_release_results()")
        lines.append("  call void @myia_arena_free_all()")
        lines.append(f"  ret i32 {code}")

    def slot_in(lines: list[str], index: int) -> str:
        p = tmp()
        lines.append(f"  {p} = getelementptr i64, ptr %buf, i64 {index}")
        return p

    # The arrays copied out first (a copy may fail: then nothing is written),
    # then every result written through its pointer.
    leaf = 0
    copies: dict[int, str] = {}
    for n, part in enumerate(results):
        if part.is_array:
            ndim = len(part.shape)
            src, copy, null = tmp(), tmp(), tmp()
            body.append(f"  {src} = load ptr, ptr {slot(leaf)}")
            dims, strides = slot(leaf + 1), slot(leaf + 1 + ndim)
            size = _itemsize(part.element)
            body.append(
                f"  {copy} = call ptr @myia_export_copy(ptr {src}, i64 {ndim}, ptr {dims}, "
                f"ptr {strides}, i64 {size})"
            )
            body.append(f"  {null} = icmp eq ptr {copy}, null")
            k = len(copies)
            body.append(f"  br i1 {null}, label %oom{k}, label %copied{k}")
            oom = [f"oom{k}:"] + [f"  call void @free(ptr {c})" for c in copies.values()]
            finish(oom, str(memory_code))
            blocks.append("\n".join(oom))
            body.append(f"copied{k}:")
            copies[n] = copy
        leaf += part.leaves
    leaf = 0
    for n, part in enumerate(results):
        if part.is_array:
            body.append(f"  store ptr {copies[n]}, ptr %r{n}")
            for d in range(len(part.shape)):
                v, p = tmp(), tmp()
                body.append(f"  {v} = load i64, ptr {slot(leaf + 1 + d)}")
                body.append(f"  {p} = getelementptr i64, ptr %r{n}_shape, i64 {d}")
                body.append(f"  store i64 {v}, ptr {p}")
        else:
            t, v = llvm_type(part.type), tmp()
            body.append(f"  {v} = load {t}, ptr {slot(leaf)}")
            body.append(f"  store {t} {v}, ptr %r{n}")
        leaf += part.leaves
    if leaf != len(signature.results):
        raise MyiaExportError(
            f"internal error: {leaf} result slots, {len(signature.results)} expected"
        )
    finish(body, "0")
    return (
        f'declare i32 @"{capi}"(ptr, ptr)\n'
        "declare void @myia_arena_reset(ptr, ptr) nounwind\n"
        "declare void @myia_arena_free_all() nounwind\n"
        "declare void @myia_export_release_results() nounwind\n"
        "declare ptr @myia_export_copy(ptr, i64, ptr, ptr, i64) nounwind\n"
        "declare void @free(ptr) nounwind\n"
        f'define i32 @"{name}"({", ".join(params)}) {{\nentry:\n'
        + "\n".join(body)
        + "\n"
        + "\n".join(blocks)
        + "\n}\n"
    )


def _messages_ir(name: str, table: Sequence[Status]) -> str:
    """``ptr @<name>_error_message(i32)``: a switch over the known statuses."""
    lines = []
    cases = []
    for n, status in enumerate(table):
        body, size = _c_string(status.message)
        lines.append(f'@.msg{n} = private unnamed_addr constant [{size} x i8] c"{body}"')
        cases.append(f"    i32 {status.code}, label %m{n}")
    for n, text in (("ok", "no error"), ("unknown", "unknown error")):
        body, size = _c_string(text)
        lines.append(f'@.msg_{n} = private unnamed_addr constant [{size} x i8] c"{body}"')
    lines.append(f'define ptr @"{name}_error_message"(i32 %code) {{\nentry:')
    lines.append("  switch i32 %code, label %unknown [\n    i32 0, label %ok")
    lines += cases
    lines.append("  ]")
    lines.append("ok:\n  ret ptr @.msg_ok\nunknown:\n  ret ptr @.msg_unknown")
    lines += [f"m{n}:\n  ret ptr @.msg{n}" for n in range(len(table))]
    lines.append("}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Linking


def _thread_local(text: str) -> str:
    """The runtime's global state, one copy per thread (``@myia_...`` globals)."""
    return re.sub(
        r'^(@"?myia_\w+"? = )(external )?global', r"\1\2thread_local global", text, flags=re.M
    )


def _libm_aliases(module: ModuleOp) -> str:
    """Definitions of the ``__myia_libm_<name>`` functions the JIT binds to libm's."""
    out = []
    for op in module.ops:
        if not isinstance(op, llvm_dialect.FuncOp) or op.body.blocks:
            continue
        name = op.sym_name.data
        if not name.startswith(LIBM_ALIAS_PREFIX):
            continue
        ftype = op.function_type
        types = [llvm_type(t) for t in ftype.inputs.data]
        ret = llvm_type(ftype.output)
        params = ", ".join(f"{t} %x{i}" for i, t in enumerate(types))
        call_args = ", ".join(f"{t} %x{i}" for i, t in enumerate(types))
        target = name[len(LIBM_ALIAS_PREFIX) :]
        out.append(
            f'declare {ret} @"{target}"({", ".join(types)})\n'
            f'define internal {ret} @"{name}"({params}) {{\n'
            f'  %r = tail call {ret} @"{target}"({call_args})\n  ret {ret} %r\n}}\n'
        )
    return "".join(out)


EXPORT_GEMM = r"""
; C = alpha op(A) op(B) (row-major; beta is 0 in lowered code, as for the
; runtime's fallback), in loops LLVM vectorizes: with B as it is, each row of C
; accumulates rows of B (i, k, j: the inner loop is contiguous); with B
; transposed, each element of C is a dot product of two contiguous rows.
define void @myia_cblas_Tgemm(i32 %order, i32 %ta, i32 %tb, i64 %m, i64 %n, i64 %k,
                              TYPE %alpha, ptr noalias %a, i64 %lda, ptr noalias %b,
                              i64 %ldb, TYPE %beta, ptr noalias %c, i64 %ldc) {
entry:
  %at = icmp eq i32 %ta, 112
  %bt = icmp eq i32 %tb, 112
  br i1 %bt, label %dot_i, label %axpy_i
axpy_i:
  %i = phi i64 [ 0, %entry ], [ %i1, %axpy_k ]
  %i_more = icmp slt i64 %i, %m
  br i1 %i_more, label %axpy_row, label %done
axpy_row:
  %c_at = mul i64 %i, %ldc
  %crow = getelementptr TYPE, ptr %c, i64 %c_at
  %row_bytes = mul i64 %n, SIZE
  call void @llvm.memset.p0.i64(ptr %crow, i8 0, i64 %row_bytes, i1 false)
  br label %axpy_k
axpy_k:
  %kk = phi i64 [ 0, %axpy_row ], [ %kk1, %axpy_j_done ]
  %i1 = add i64 %i, 1
  %k_more = icmp slt i64 %kk, %k
  br i1 %k_more, label %axpy_load, label %axpy_i
axpy_load:
  %ia0 = mul i64 %i, %lda
  %ia1 = add i64 %ia0, %kk
  %ta0 = mul i64 %kk, %lda
  %ta1 = add i64 %ta0, %i
  %ia = select i1 %at, i64 %ta1, i64 %ia1
  %pa = getelementptr TYPE, ptr %a, i64 %ia
  %va = load TYPE, ptr %pa
  %scale = fmul TYPE %alpha, %va
  %b_at = mul i64 %kk, %ldb
  %brow = getelementptr TYPE, ptr %b, i64 %b_at
  br label %axpy_j
axpy_j:
  %j = phi i64 [ 0, %axpy_load ], [ %j1, %axpy_body ]
  %j_more = icmp slt i64 %j, %n
  br i1 %j_more, label %axpy_body, label %axpy_j_done
axpy_body:
  %pb = getelementptr TYPE, ptr %brow, i64 %j
  %vb = load TYPE, ptr %pb
  %pc = getelementptr TYPE, ptr %crow, i64 %j
  %vc = load TYPE, ptr %pc
  %prod = fmul TYPE %scale, %vb
  %sum = fadd TYPE %vc, %prod
  store TYPE %sum, ptr %pc
  %j1 = add i64 %j, 1
  br label %axpy_j
axpy_j_done:
  %kk1 = add i64 %kk, 1
  br label %axpy_k
dot_i:
  %di = phi i64 [ 0, %entry ], [ %di1, %dot_j ]
  %di_more = icmp slt i64 %di, %m
  br i1 %di_more, label %dot_j_start, label %done
dot_j_start:
  br label %dot_j
dot_j:
  %dj = phi i64 [ 0, %dot_j_start ], [ %dj1, %dot_store ]
  %di1 = add i64 %di, 1
  %dj_more = icmp slt i64 %dj, %n
  br i1 %dj_more, label %dot_k_start, label %dot_i
dot_k_start:
  %db_at = mul i64 %dj, %ldb
  %dbrow = getelementptr TYPE, ptr %b, i64 %db_at
  br label %dot_k
dot_k:
  %dk = phi i64 [ 0, %dot_k_start ], [ %dk1, %dot_body ]
  %acc = phi TYPE [ 0.0, %dot_k_start ], [ %acc1, %dot_body ]
  %dk_more = icmp slt i64 %dk, %k
  br i1 %dk_more, label %dot_body, label %dot_store
dot_body:
  %dia0 = mul i64 %di, %lda
  %dia1 = add i64 %dia0, %dk
  %dta0 = mul i64 %dk, %lda
  %dta1 = add i64 %dta0, %di
  %dia = select i1 %at, i64 %dta1, i64 %dia1
  %dpa = getelementptr TYPE, ptr %a, i64 %dia
  %dva = load TYPE, ptr %dpa
  %dpb = getelementptr TYPE, ptr %dbrow, i64 %dk
  %dvb = load TYPE, ptr %dpb
  %dprod = fmul TYPE %dva, %dvb
  %acc1 = fadd TYPE %acc, %dprod
  %dk1 = add i64 %dk, 1
  br label %dot_k
dot_store:
  %dc_at0 = mul i64 %di, %ldc
  %dc_at = add i64 %dc_at0, %dj
  %dpc = getelementptr TYPE, ptr %c, i64 %dc_at
  %dr = fmul TYPE %acc, %alpha
  store TYPE %dr, ptr %dpc
  %dj1 = add i64 %dj, 1
  br label %dot_j
done:
  ret void
}
"""


def _array_runtime_ir() -> list[str]:
    """The array runtime without the process: gemm as loops, serial loops."""
    gemm = "declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)\n" + "".join(
        EXPORT_GEMM.replace("@myia_cblas_Tgemm(", f"@myia_cblas_{p}gemm(")
        .replace("TYPE", t)
        .replace("SIZE", str(size))
        for p, t, size in (("s", "float", 4), ("d", "double", 8))
    )
    pack = "".join(
        PACK_IR.replace("_T(", f"_{p}(").replace("TYPE", t)
        for p, t in (("s", "float"), ("d", "double"))
    )
    return [gemm, pack, _thread_local(RESULTS_IR), SERIAL_IR]


def target_machine(cpu: str) -> llvm.TargetMachine:
    """A target machine for this platform's triple: ``cpu="generic"`` (portable),
    ``"host"`` (this CPU and its features) or a CPU name LLVM knows."""
    initialize_llvm()
    target = llvm.Target.from_default_triple()
    features = ""
    if cpu == "host":
        cpu, features = llvm.get_host_cpu_name(), llvm.get_host_cpu_features().flatten()
    return target.create_target_machine(
        cpu=cpu, features=features, opt=3, reloc="pic", codemodel="default"
    )


def link_module(
    module: ModuleOp, entry: str, name: str, args: list[Part], results: list[Part]
) -> llvm.ModuleRef:
    """The exported code of ``entry`` as one LLVM module, every definition
    internal but ``name`` and ``name_error_message``."""
    signature = signature_of(find_function(module, entry))
    table = statuses(module)
    shape_codes = []
    next_site = len(error_sites_of(module)) + 1
    for n, part in enumerate(args):
        if part.is_array:
            dims = ", ".join("?" if d is None else str(d) for d in part.shape)
            message = (
                f"ValueError: {name}(): argument '{part.name}' (argument {n + 1}) must have "
                f"the shape ({dims}) it was exported for"
            )
            code = ErrorCode.SHAPE | next_site << ERROR_SITE_SHIFT
            next_site += 1
            table.append(Status(code, message))
            shape_codes.append(code)
        else:
            shape_codes.append(0)
    memory_code = ErrorCode.MEMORY | next_site << ERROR_SITE_SHIFT
    table.append(Status(memory_code, f"MemoryError: {name}(): out of memory copying the result"))

    user = llvm.parse_assembly(_thread_local(emit_llvm_ir(module)))
    for value in (*user.functions, *user.global_variables):
        if not value.is_declaration:  # (made internal once linked)
            value.name = _USER_PREFIX + value.name
    capi = _USER_PREFIX + signature.capi_name
    pieces = [
        _thread_local(STANDALONE_RUNTIME_IR),
        *_array_runtime_ir(),
        EXPORT_HELPERS_IR,
        _libm_aliases(module),
        _entry_ir(name, capi, signature, args, results, shape_codes, memory_code),
        _messages_ir(name, table),
    ]
    for text in pieces:
        if text:
            piece = llvm.parse_assembly(text)
            user.link_in(piece)
    public = {name, f"{name}_error_message"}
    for fn in user.functions:
        if not fn.is_declaration and fn.name not in public:
            fn.linkage = llvm.Linkage.internal
    for gv in user.global_variables:
        if not gv.is_declaration:
            gv.linkage = llvm.Linkage.internal
    user.verify()
    return user


def object_code(module: llvm.ModuleRef, cpu: str) -> bytes:
    """The optimized object file of ``module``; a :class:`MyiaExportError` if it
    still needs a symbol of the Python process."""
    tm = target_machine(cpu)
    module.triple = tm.triple
    module.data_layout = str(tm.target_data)
    optimize(module, tm, 3)
    obj = tm.emit_object(module)
    foreign = sorted(s for s in undefined_symbols(obj) if s.startswith(_SYSTEM_PREFIXES))
    if foreign:
        raise MyiaExportError(
            "this function cannot be exported: its code needs symbols of the Python "
            f"process ({', '.join(foreign)})"
        )
    return obj


def c_compiler() -> str:
    """The system C compiler (``$CC``, else ``cc``); a :class:`MyiaExportError`
    if there is none."""
    name = os.environ.get("CC") or "cc"
    path = shutil.which(name.split()[0]) if name.strip() else None
    if path is None:
        raise MyiaExportError(
            f"no C compiler found ({name!r}): a shared library is linked by the system C "
            "compiler (install gcc or clang, or set CC); an object file (.o) needs none"
        )
    return name


def link_shared(obj: bytes, path: Path) -> None:
    """``cc -shared`` of the object ``obj`` into ``path`` (with libm)."""
    cc = c_compiler()
    with tempfile.TemporaryDirectory(prefix="myia-export-") as folder:
        obj_path = Path(folder) / "export.o"
        obj_path.write_bytes(obj)
        command = [*cc.split(), "-shared", "-o", str(path), str(obj_path), "-lm"]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode:
            raise MyiaExportError(
                f"linking the shared library failed ({' '.join(command)}):\n{done.stderr.strip()}"
            )


# ---------------------------------------------------------------------------
# The header


def _c_declarations(name: str, args: Sequence[Part], results: Sequence[Part]) -> list[str]:
    """The C parameters: arguments, then out-pointers (a 0-d array has no shape)."""
    params = []
    for part in args:
        t = c_type(part.element, part.name)
        if part.is_array:
            params.append(f"const {t} *{part.name}")
            if part.shape:
                params.append(f"const int64_t {part.name}_shape[{len(part.shape)}]")
        else:
            params.append(f"{t} {part.name}")
    for part in results:
        t = c_type(part.element, part.name)
        if part.is_array:
            params.append(f"{t} **{part.name}")
            if part.shape:
                params.append(f"int64_t {part.name}_shape[{len(part.shape)}]")
        else:
            params.append(f"{t} *{part.name}")
    return params


def _describe(part: Part) -> str:
    if part.is_array:
        dims = ", ".join("?" if d is None else str(d) for d in part.shape)
        return f"{part.name}: {c_type(part.element, part.name)}[{dims}]"
    return f"{part.name}: {c_type(part.type, part.name)}"


def header_text(
    name: str,
    args: Sequence[Part],
    results: Sequence[Part],
    python_signature: str,
    origin: SourceLocation | None,
) -> str:
    guard = f"MYIA_EXPORT_{name.upper()}_H"
    params = _c_declarations(name, args, results) or ["void"]
    where = f", defined at {origin}" if origin is not None else ""
    arrays = [p for p in (*args, *results) if p.is_array]
    lines = [
        f"/* {name}: exported by myia ahead of time. Do not edit. */",
        f"#ifndef {guard}",
        f"#define {guard}",
        "",
        "#include <stdbool.h>",
        "#include <stdint.h>",
        "",
        "#ifdef __cplusplus",
        'extern "C" {',
        "#endif",
        "",
        "/* Status kinds: the low byte of a non-zero status. */",
        *[
            f"#ifndef MYIA_{code.name}\n#define MYIA_{code.name} {int(code)}\n#endif"
            for code in ErrorCode
            if code != ErrorCode.INTERRUPT
        ],
        "",
        "/**",
        f" * The Python function {python_signature}{where},",
        " * compiled for: " + (", ".join(_describe(p) for p in args) or "no arguments") + ".",
        " * Results, through the pointers: "
        + (", ".join(_describe(p) for p in results) or "none")
        + ".",
    ]
    if arrays:
        lines += [
            " * Arrays are C-contiguous (row-major); '?' dimensions are given at run time,",
            " * the others are checked. An array result is a new array allocated with",
            " * malloc (the caller frees it with free) and its shape is written to",
            " * <result>_shape.",
        ]
    lines += [
        " * Returns 0, or a non-zero status (the results are then not written):",
        f" * {name}_error_message(status) describes it. Thread-safe.",
        " */",
        f"int32_t {name}({', '.join(params)});",
        "",
        f"/** The message of a status {name} returned (a static string). */",
        f"const char *{name}_error_message(int32_t status);",
        "",
        "#ifdef __cplusplus",
        "}",
        "#endif",
        "",
        f"#endif /* {guard} */",
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Everything together


@dataclass(frozen=True)
class Exported:
    """What :func:`export_module` wrote."""

    path: Path
    header: Path
    name: str
    kind: str


def export_module(
    module: ModuleOp,
    entry: str,
    path: str | os.PathLike[str],
    *,
    name: str | None = None,
    param_names: Sequence[str] | None = None,
    python_signature: str | None = None,
    origin: SourceLocation | None = None,
    cpu: str = "generic",
) -> Exported:
    """Write the exported code of ``entry`` (a module the cpu pipeline made) to
    ``path`` (``.o`` or ``.so``) and its header next to it (``.h``).

    ``name`` is the C function's name (default: ``entry``), ``param_names`` the
    Python parameters' (they name the C parameters), ``python_signature`` what
    the header says the function was compiled for."""
    out = Path(path)
    kind = KINDS.get(out.suffix)
    if kind is None:
        raise MyiaExportError(
            f"cannot tell what to write from the suffix of {str(out)!r}: use .o (an "
            "object file) or .so (a shared library)"
        )
    if kind == "shared":
        c_compiler()  # before compiling anything
    name = _identifier(name or entry)
    exports = exports_of(module)
    if entry not in exports:
        raise MyiaExportError(f"the module exports no function {entry!r}")
    ftype = exports[entry]
    inputs = list(ftype.inputs.data)
    names = list(param_names) if param_names is not None else []
    names += [f"arg{i}" for i in range(len(names), len(inputs))]
    args = [p for t, n in zip(inputs, names) for p in parts_of(t, _identifier(n))]
    (result_type,) = ftype.outputs.data
    results = parts_of(result_type, "result")
    linked = link_module(module, entry, name, args, results)
    obj = object_code(linked, cpu)
    out.parent.mkdir(parents=True, exist_ok=True)
    if kind == "object":
        out.write_bytes(obj)
    else:
        link_shared(obj, out)
    header = out.with_suffix(".h")
    signature_text = python_signature or f"{entry}(...)"
    header.write_text(header_text(name, args, results, signature_text, origin))
    return Exported(out, header, name, kind)


__all__ = [
    "KINDS",
    "Exported",
    "Part",
    "c_compiler",
    "export_module",
    "header_text",
    "link_module",
    "object_code",
    "parts_of",
]
