"""The LLVM IR of an ahead-of-time export (:mod:`.aot`): the C entry point
around the calling convention's wrapper, the table of error messages, the
helpers they call, and what stands in for the Python process (a gemm of loops,
thread-local runtime state, libm aliases)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.dialects import llvm as llvm_dialect
from xdsl.dialects.builtin import ModuleOp

from myia.errors import MyiaExportError
from myia.lowering.llvm.capi import Signature
from myia.lowering.llvm.error_sites import error_sites_of
from myia.lowering.llvm.runtime_decls import ERROR_SITE_SHIFT, LIBM_ALIAS_PREFIX, ErrorCode
from myia.runtime.abi import ERRORS
from myia.runtime.aot_c import Part, itemsize, llvm_type
from myia.runtime.array_runtime import PACK_IR, RESULTS_IR, SERIAL_IR

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


def entry_ir(
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
            size = itemsize(part.element)
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


def messages_ir(name: str, table: Sequence[Status]) -> str:
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


def thread_local(text: str) -> str:
    """The runtime's global state, one copy per thread (``@myia_...`` globals)."""
    return re.sub(
        r'^(@"?myia_\w+"? = )(external )?global', r"\1\2thread_local global", text, flags=re.M
    )


def libm_aliases(module: ModuleOp) -> str:
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


def array_runtime_ir() -> list[str]:
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
    return [gemm, pack, thread_local(RESULTS_IR), SERIAL_IR]


__all__ = [
    "EXPORT_GEMM",
    "EXPORT_HELPERS_IR",
    "Status",
    "array_runtime_ir",
    "entry_ir",
    "libm_aliases",
    "messages_ir",
    "statuses",
    "thread_local",
]
