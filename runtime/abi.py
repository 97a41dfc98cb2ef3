"""The calling convention between Python and compiled code.

Native side -- :func:`add_capi_wrapper` adds to a module (in the llvm dialect,
before emission) a C-ABI entry point for a function of scalars::

    i32 @<name>__capi(ptr %buf, ptr %out)

``%buf`` holds the arguments, one 8-byte slot each (i1 i8 i16 i32 i64 f16 f32
f64 ptr, stored in the slot's first bytes); the results are written to ``%out``
the same way (it may be ``%buf`` itself: every argument is read before the call).
A packed buffer was chosen over an array of pointers to each argument: Python
fills it with one ``struct.pack_into`` call, which also checks types and ranges
(ctypes scalars truncate silently). Measured on the host, call with one f64
result: 3 f64 arguments 419 ns packed vs 423 ns through pointers, 7 arguments
474 vs 557 ns (the bare ``ctypes`` call is 241 ns of it).
The wrapper

1. records the arena position and the previous ``jmp_buf``, and calls
   ``myia_stack_enter`` (which sets the stack limit for the calling thread);
2. calls ``_setjmp`` (``returns_twice``) on a ``jmp_buf`` in its own frame and
   publishes it in ``@myia_jmpbuf``, so that ``myia_raise(code)`` anywhere below
   lands back here and the wrapper returns ``code`` (after rewinding the arena);
3. calls the function, stores the results, and returns 0. If no result is a
   pointer, it rewinds the arena itself; otherwise it stores the arena mark in
   two more slots after the results and Python rewinds it once it has read them.

Python side -- :class:`NativeFunction` is the callable: it packs the Python
scalars (``int``/``float``/``bool``, converted like ``struct`` does: an int is
accepted for a float, a float for an int is a ``TypeError``, out of range is an
``OverflowError``), calls the wrapper through ``ctypes.PYFUNCTYPE`` (the GIL is
held: the runtime's state is process-global), raises the Python exception of a
non-zero code (:data:`ERRORS`, extensible with :func:`register_error`) and returns
the tuple of results. The exception is a located ``MyiaRuntimeError`` that is also
the Python exception (``MyiaZeroDivisionError``...): the code's low byte is the
error, the rest the index of its site in the module's error-site table
(:func:`number_error_sites`, made just before the module is emitted), which gives
the user's source location and Python's message.

:func:`compile_native` does all of it for a module: lowering (if needed), the
wrappers, LLVM IR, the JIT.

Stack depth: compiled code runs on the calling thread, whose stack bounds the
recursion (8 MiB: about 500,000 frames of a small recursive function). A call
that runs out of it is made again, once, on a thread with a 512 MiB stack
(:func:`call_with_stack`: about 33 million such frames); compiled code has no
side effects, so the second call is the first one over. Past that limit it
raises :class:`MyiaRecursionError`. While native code runs it holds the GIL;
its loops and recursive functions poll for signals (see
:mod:`.native_runtime`), so that Ctrl-C interrupts it on the main thread.
"""

from __future__ import annotations

import ctypes
import struct
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from xdsl.dialects import llvm
from xdsl.dialects.builtin import (
    DenseArrayBase,
    Float16Type,
    Float32Type,
    Float64Type,
    IntegerAttr,
    IntegerType,
    ModuleOp,
    StringAttr,
    i8,
    i32,
    i64,
)
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue

from myia.errors import (
    NEGATIVE_POWER_MESSAGE,
    MyiaError,
    MyiaRecursionError,
    MyiaRuntimeError,
    SourceLocation,
    runtime_error,
)
from myia.lowering.llvm.common import (
    LoweringError,
    declare_function,
    declare_global,
    icmp,
)
from myia.lowering.llvm.runtime_decls import (
    ERROR_MESSAGE_ATTR,
    ERROR_SITE_SHIFT,
    MYIA_RAISE,
    ErrorCode,
)

from .native_runtime import JMP_BUF_SIZE

# ---------------------------------------------------------------------------
# Errors


ERRORS: dict[int, Callable[[], BaseException]] = {
    ErrorCode.ZERO_DIVISION: lambda: ZeroDivisionError("integer division or modulo by zero"),
    ErrorCode.RECURSION: lambda: MyiaRecursionError("maximum recursion depth exceeded"),
    ErrorCode.NEGATIVE_POWER: lambda: ValueError(NEGATIVE_POWER_MESSAGE),
    ErrorCode.MEMORY: lambda: MemoryError("out of memory in compiled code"),
    ErrorCode.ASSERTION: lambda: AssertionError("assertion failed in compiled code"),
    ErrorCode.OVERFLOW: lambda: OverflowError("integer overflow in compiled code"),
    ErrorCode.VALUE: lambda: ValueError("math domain error"),
    ErrorCode.INDEX: lambda: IndexError("index out of range"),
    ErrorCode.UNBOUND_LOCAL: lambda: UnboundLocalError(
        "local variable referenced before assignment"
    ),
    # (ctypes raises the exception of the signal handler first; this is a fallback)
    ErrorCode.INTERRUPT: KeyboardInterrupt,
}
"""Error code (the low byte of ``myia_raise``'s argument) -> the Python exception
to raise (its type, and its message unless the error site has its own)."""


def register_error(
    code: int, factory: Callable[[], BaseException], *, replace: bool = False
) -> None:
    """Make ``myia_raise(code)`` raise ``factory()`` in Python."""
    if not 0 < code < 1 << ERROR_SITE_SHIFT:
        raise ValueError(f"error codes are between 1 and {(1 << ERROR_SITE_SHIFT) - 1}")
    if code in ERRORS and not replace:
        raise ValueError(f"error code {code} is already registered")
    ERRORS[code] = factory


@dataclass(frozen=True)
class ErrorSite:
    """Where a ``myia_raise`` of compiled code is, and what it reports."""

    code: int
    location: SourceLocation | None
    message: str | None = None


def number_error_sites(module: ModuleOp) -> list[ErrorSite]:
    """Give each ``myia_raise(code)`` call of ``module`` (llvm dialect) that has a
    source location or a message of its own an index in the returned table, and
    make it raise ``code | index << ERROR_SITE_SHIFT``: the native call returns that
    value, and :func:`error_for` finds the site (1-based) in the table. Calls of
    the same code, location and message share an index."""
    sites: list[ErrorSite] = []
    index: dict[ErrorSite, int] = {}
    for op in module.walk():
        if not (
            isinstance(op, llvm.CallOp)
            and op.callee is not None
            and op.callee.string_value() == MYIA_RAISE
            and len(op.args) == 1
        ):
            continue
        const = op.args[0].owner
        if not isinstance(const, llvm.ConstantOp) or not isinstance(const.value, IntegerAttr):
            continue
        code = const.value.value.data
        message = op.attributes.get(ERROR_MESSAGE_ATTR)
        site = ErrorSite(
            code,
            SourceLocation.from_attr(op.location),
            message.data if isinstance(message, StringAttr) else None,
        )
        if (site.location is None and site.message is None) or code >> ERROR_SITE_SHIFT:
            continue
        number = index.get(site)
        if number is None:
            sites.append(site)
            number = index[site] = len(sites)
            if number >= 1 << (31 - ERROR_SITE_SHIFT):
                break  # (never in practice) the rest keep their plain codes
        located = _const(code | number << ERROR_SITE_SHIFT, i32)
        parent = op.parent_block()
        assert parent is not None
        parent.insert_op_before(located, op)
        op.operands[0] = located.result
    return sites


def error_for(code: int, sites: Sequence[ErrorSite] = ()) -> BaseException:
    """The Python exception of a native call that returned ``code``: a
    :class:`~myia.errors.MyiaRuntimeError` that is also the Python exception of
    the code (``MyiaZeroDivisionError``...), with the message and source location
    of its error site when the code names one."""
    base, number = code & ((1 << ERROR_SITE_SHIFT) - 1), code >> ERROR_SITE_SHIFT
    site = sites[number - 1] if 0 < number <= len(sites) else None
    factory = ERRORS.get(base)
    if factory is None:
        return MyiaRuntimeError(
            f"compiled code failed with error code {base}",
            site.location if site is not None else None,
        )
    exc = factory()
    if isinstance(exc, MyiaError):
        message = exc.message
    else:
        message = str(exc) or type(exc).__name__
    location = None
    if site is not None:
        message = site.message or message
        location = site.location
    try:
        return runtime_error(type(exc), message, location)
    except TypeError:  # an exception class with its own constructor
        return exc


# ---------------------------------------------------------------------------
# Signatures

SLOT = 8
"""Bytes per argument or result in the buffer."""

_FORMATS = {
    "i1": "?7x",
    "i8": "b7x",
    "i16": "h6x",
    "i32": "i4x",
    "i64": "q",
    "f16": "e6x",
    "f32": "f4x",
    "f64": "d",
    "ptr": "Q",
}


def kind_of(type_: Attribute) -> str:
    """The ABI kind of a scalar type: ``i1``... ``i64``, ``f16``, ``f32``, ``f64``, ``ptr``."""
    if isinstance(type_, IntegerType) and type_.width.data in (1, 8, 16, 32, 64):
        return f"i{type_.width.data}"
    if isinstance(type_, Float16Type):
        return "f16"
    if isinstance(type_, Float32Type):
        return "f32"
    if isinstance(type_, Float64Type):
        return "f64"
    if isinstance(type_, llvm.LLVMPointerType):
        return "ptr"
    raise LoweringError(f"type {type_} cannot cross the Python boundary")


@dataclass(frozen=True)
class Signature:
    """What crosses the boundary for one entry point."""

    name: str
    args: tuple[str, ...]
    results: tuple[str, ...]

    @property
    def capi_name(self) -> str:
        return f"{self.name}__capi"

    @property
    def boxed_results(self) -> bool:
        """Whether a result is a pointer (then Python rewinds the arena)."""
        return "ptr" in self.results

    @property
    def result_slots(self) -> int:
        return len(self.results) + (2 if self.boxed_results else 0)

    @property
    def buffer_size(self) -> int:
        return SLOT * max(len(self.args), self.result_slots, 1)


def _find_function(module: ModuleOp, name: str) -> llvm.FuncOp:
    for op in module.ops:
        if isinstance(op, llvm.FuncOp) and op.sym_name.data == name:
            return op
    raise LoweringError(f"no llvm.func @{name} in the module (lower it first)")


def signature_of(func: llvm.FuncOp) -> Signature:
    ftype = func.function_type
    args = tuple(kind_of(t) for t in ftype.inputs.data)
    output = ftype.output
    if isinstance(output, llvm.LLVMVoidType):
        results: tuple[str, ...] = ()
    elif isinstance(output, llvm.LLVMStructType):
        results = tuple(kind_of(t) for t in output.types.data)
    else:
        results = (kind_of(output),)
    return Signature(func.sym_name.data, args, results)


# ---------------------------------------------------------------------------
# The native wrapper


def _const(value: int, type_: Attribute) -> llvm.ConstantOp:
    return llvm.ConstantOp(IntegerAttr(value, type_), type_)


def _slot(ops: list[Operation], base: SSAValue, index: int) -> SSAValue:
    if index == 0:
        return base
    gep = llvm.GEPOp(base, [index * SLOT], i8)
    ops.append(gep)
    return gep.result


def _global(ops: list[Operation], name: str) -> SSAValue:
    op = llvm.AddressOfOp(name, llvm.LLVMPointerType())
    ops.append(op)
    return op.result


def add_capi_wrapper(module: ModuleOp, name: str) -> Signature:
    """Add ``@<name>__capi`` for the llvm function ``@name`` (see the module
    docstring) and return the signature. The function itself must be exported
    (not ``internal``)."""
    func = _find_function(module, name)
    sig = signature_of(func)
    ptr = llvm.LLVMPointerType()
    declare_function(module, "_setjmp", [ptr], i32, ("returns_twice", "nounwind"))
    declare_function(module, "myia_stack_enter", [], None, ("nounwind",))
    declare_function(module, "myia_arena_reset", [ptr, ptr], None, ("nounwind",))
    for glob in ("myia_jmpbuf", "myia_arena_chunk", "myia_arena_cur"):
        declare_global(module, glob, ptr)

    entry = Block(arg_types=[ptr, ptr])
    run = Block()
    fail = Block()
    buf, out = entry.args

    ops: list[Operation] = []
    one = _const(1, i64)
    jmp_buf = llvm.AllocaOp(one.result, llvm.LLVMArrayType(JMP_BUF_SIZE // 8, i64), 16)
    ops += [one, jmp_buf]
    jb_global = _global(ops, "myia_jmpbuf")
    previous = llvm.LoadOp(jb_global, ptr)
    chunk_global = _global(ops, "myia_arena_chunk")
    chunk = llvm.LoadOp(chunk_global, ptr)
    cur_global = _global(ops, "myia_arena_cur")
    cur = llvm.LoadOp(cur_global, ptr)
    ops += [previous, chunk, cur, llvm.CallOp("myia_stack_enter")]
    rc = llvm.CallOp("_setjmp", jmp_buf.res, return_type=i32)
    zero = _const(0, i32)
    ok = icmp("eq", rc.returned, zero.result)  # type: ignore[arg-type]
    ops += [rc, zero, ok, llvm.CondBrOp(ok.res, run, (), fail, ())]
    entry.add_ops(ops)

    # ^run: publish the jmp_buf, load the arguments, call, store the results.
    ops = [llvm.StoreOp(jmp_buf.res, jb_global)]
    args: list[SSAValue] = []
    for i, t in enumerate(func.function_type.inputs.data):
        load = llvm.LoadOp(_slot(ops, buf, i), t)
        ops.append(load)
        args.append(load.dereferenced_value)
    output = func.function_type.output
    returns = None if isinstance(output, llvm.LLVMVoidType) else output
    call = llvm.CallOp(name, *args, return_type=returns)
    ops.append(call)
    if isinstance(output, llvm.LLVMStructType):
        for i, t in enumerate(output.types.data):
            part = llvm.ExtractValueOp(DenseArrayBase.from_list(i64, [i]), call.returned, t)  # type: ignore[arg-type]
            ops.append(part)
            ops.append(llvm.StoreOp(part.res, _slot(ops, out, i)))
    elif returns is not None:
        ops.append(llvm.StoreOp(call.returned, out))  # type: ignore[arg-type]
    ops.append(llvm.StoreOp(previous.dereferenced_value, jb_global))
    if sig.boxed_results:
        n = len(sig.results)
        ops.append(llvm.StoreOp(chunk.dereferenced_value, _slot(ops, out, n)))
        ops.append(llvm.StoreOp(cur.dereferenced_value, _slot(ops, out, n + 1)))
    else:
        ops.append(
            llvm.CallOp("myia_arena_reset", chunk.dereferenced_value, cur.dereferenced_value)
        )
    zero_run = _const(0, i32)
    ops += [zero_run, llvm.ReturnOp(zero_run.result)]
    run.add_ops(ops)

    # ^fail: myia_raise longjmp'ed here with the code in %rc.
    fail.add_ops(
        [
            llvm.StoreOp(previous.dereferenced_value, jb_global),
            llvm.CallOp("myia_arena_reset", chunk.dereferenced_value, cur.dereferenced_value),
            llvm.ReturnOp(rc.returned),
        ]
    )
    wrapper = llvm.FuncOp(
        sig.capi_name,
        llvm.LLVMFunctionType([ptr, ptr], i32),
        linkage=llvm.LinkageAttr("external"),
        body=Region([entry, run, fail]),
    )
    module.body.block.add_op(wrapper)
    return sig


# ---------------------------------------------------------------------------
# The Python callable

_CAPI = ctypes.PYFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_void_p)
_RESET = ctypes.PYFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p)


class NativeFunction:
    """A compiled function called with Python scalars; returns a tuple of results.

    ``result_converter`` (for pointer results: boxed values in the arena) gets
    the raw tuple and returns what the call returns; it runs before the arena
    is rewound.
    """

    def __init__(
        self,
        signature: Signature,
        address: int,
        *,
        arena_reset: int | None = None,
        result_converter: Callable[[tuple[Any, ...]], Any] | None = None,
        keepalive: Any = None,
        error_sites: Sequence[ErrorSite] = (),
    ):
        self.signature = signature
        self.error_sites = tuple(error_sites)
        """The error-site table of the function's module (:func:`number_error_sites`)."""
        self.address = address
        self.keepalive = keepalive
        self.__name__ = signature.name
        self._pack = struct.Struct("=" + "".join(_FORMATS[k] for k in signature.args))
        out_kinds = list(signature.results) + (["ptr", "ptr"] if signature.boxed_results else [])
        self._unpack = struct.Struct("=" + "".join(_FORMATS[k] for k in out_kinds))
        self._size = signature.buffer_size
        self._cfunc = _CAPI(address)
        self._pool: list[tuple[Any, int]] = []
        if signature.boxed_results:
            if arena_reset is None:
                raise ValueError("a function with pointer results needs arena_reset")
            reset = _RESET(arena_reset)
        else:
            reset = None
        self.call = self._make_call(reset, result_converter)
        """The call itself, as a plain function (a little faster than the object)."""

    def _new_buffer(self) -> tuple[Any, int]:
        buffer = (ctypes.c_char * self._size)()
        return buffer, ctypes.addressof(buffer)

    def _make_call(self, reset: Any, convert: Callable[[tuple[Any, ...]], Any] | None):
        """The call as a function of exactly the right arity, generated with
        ``exec``: ``pack_into(buffer, 0, *args)`` costs 0.3 us more than naming
        the arguments."""
        params = ", ".join(f"a{i}" for i in range(len(self.signature.args)))
        packed = f"{params}," if params else ""
        name = "".join(c if c.isalnum() or c == "_" else "_" for c in self.signature.name)
        if not name or name[0].isdigit():
            name = "_" + name
        nres = len(self.signature.results)
        if reset is None:
            finish = "    return results\n"
        else:
            finish = (
                "    try:\n"
                f"        value = results[:{nres}]\n"
                "        return convert(value) if convert is not None else value\n"
                "    finally:\n"
                f"        reset(results[{nres}], results[{nres + 1}])\n"
            )
        body = (
            "    if pool:\n"
            "        buffer, address = pool.pop()\n"
            "    else:\n"
            "        buffer, address = new_buffer()\n"
            "    try:\n"
            f"        pack_into(buffer, 0, {params})\n"
            "    except struct_error as exc:\n"
            "        pool.append((buffer, address))\n"
            f"        raise bad_arguments(({packed}), exc) from None\n"
            "    code = cfunc(address, address)\n"
            "    if code:\n"
            "        pool.append((buffer, address))\n"
            "        if code & site_mask == recursion and not on_large_stack.active:\n"
            f"            return again_on_large_stack(({packed}))\n"
            "        raise error_for(code)\n"
            "    results = unpack_from(buffer)\n"
            "    pool.append((buffer, address))\n" + finish
        )
        self_params = f"self, {params}" if params else "self"
        source = f"def {name}({params}):\n{body}\ndef __call__({self_params}):\n{body}"
        namespace: dict[str, Any] = {
            "pool": self._pool,
            "new_buffer": self._new_buffer,
            "pack_into": self._pack.pack_into,
            "unpack_from": self._unpack.unpack_from,
            "cfunc": self._cfunc,
            "struct_error": struct.error,
            "bad_arguments": self._bad_arguments,
            "error_for": self._error,
            "site_mask": (1 << ERROR_SITE_SHIFT) - 1,
            "recursion": ErrorCode.RECURSION,
            "on_large_stack": _ON_LARGE_STACK,
            "again_on_large_stack": self._again_on_large_stack,
            "reset": reset,
            "convert": convert,
        }
        exec(compile(source, f"<native {self.signature.name}>", "exec"), namespace)
        # A class per function so that calling the object costs no extra frame.
        method = namespace["__call__"]
        method.__name__ = method.__qualname__ = name
        self.__class__ = type("NativeFunction", (NativeFunction,), {"__call__": method})
        return namespace[name]

    def __call__(self, *args: Any) -> Any:  # replaced by a class per function
        return self.call(*args)

    def _error(self, code: int) -> BaseException:
        return error_for(code, self.error_sites)

    def _again_on_large_stack(self, args: tuple[Any, ...]) -> Any:
        """The call that ran out of stack, made on a thread with a large one."""

        def run() -> Any:
            _ON_LARGE_STACK.active = True
            return self.call(*args)

        return call_with_stack(run)

    def _bad_arguments(self, args: Sequence[Any], exc: struct.error) -> Exception:
        kinds = self.signature.args
        for i, (value, kind) in enumerate(zip(args, kinds)):
            try:
                struct.pack("=" + _FORMATS[kind], value)
            except struct.error as err:
                message = str(err)
                cls = (
                    OverflowError
                    if "range" in message or "format requires" in message
                    else TypeError
                )
                return cls(
                    f"{self.signature.name}(): argument {i} ({value!r}) cannot be "
                    f"passed as {kind}: {message}"
                )
        return TypeError(f"{self.signature.name}(): {exc}")

    def __repr__(self) -> str:
        return f"<NativeFunction {self.signature.name}{self.signature.args} -> {self.signature.results}>"


def call_with_stack(fn: Callable[..., Any], *args: Any, stack_size: int = 512 << 20) -> Any:
    """``fn(*args)`` on a new thread with a ``stack_size``-byte stack (for
    recursion deeper than the calling thread's stack allows); exceptions are
    re-raised here."""
    outcome: list[Any] = []
    forget = _stack_forget()

    def run() -> None:
        try:
            outcome.append((True, fn(*args)))
        except BaseException as exc:
            outcome.append((False, exc))
        finally:
            forget()  # a later thread may get this id with a smaller stack

    with _STACK_SIZE_LOCK:
        previous = threading.stack_size(stack_size)
        try:
            thread = threading.Thread(target=run, name="myia-large-stack")
            thread.start()
        finally:
            threading.stack_size(previous)
    thread.join()
    ok, value = outcome[0]
    if ok:
        return value
    raise value


_STACK_SIZE_LOCK = threading.Lock()


def _stack_forget() -> Callable[[], None]:
    """The runtime's ``myia_stack_forget`` (see :mod:`.native_runtime`)."""
    from .jit import get_jit

    return ctypes.PYFUNCTYPE(None)(get_jit().runtime_function("myia_stack_forget"))


class _LargeStack(threading.local):
    active = False


_ON_LARGE_STACK = _LargeStack()
"""Whether this thread is the large-stack thread of a call made again (which
does not try a third time)."""


# ---------------------------------------------------------------------------
# Everything together


def _is_lowered(module: ModuleOp) -> bool:
    return all(isinstance(op, llvm.FuncOp | llvm.GlobalOp) for op in module.ops)


def compile_native(
    module: ModuleOp,
    entries: str | Iterable[str],
    *,
    jit: Any = None,
    lower: bool | None = None,
    result_converters: dict[str, Callable[[tuple[Any, ...]], Any]] | None = None,
    **lowering_options: Any,
) -> dict[str, NativeFunction]:
    """Compile ``module`` and return a :class:`NativeFunction` per entry name.

    The module is lowered to the llvm dialect first (``myia-to-llvm``) unless it
    already is (or ``lower=False``); it is modified in place (wrappers added).
    """
    from myia.lowering.llvm.emit import emit_llvm_ir
    from myia.lowering.llvm.pipeline import lower_to_llvm

    from .jit import get_jit

    jit = jit or get_jit()
    names = [entries] if isinstance(entries, str) else list(entries)
    if lower is None:
        lower = not _is_lowered(module)
    if lower:
        lower_to_llvm(module, **lowering_options)
    signatures = [add_capi_wrapper(module, name) for name in names]
    sites = number_error_sites(module)
    compiled = jit.compile_ir(emit_llvm_ir(module, triple=jit.triple))
    reset = jit.runtime_function("myia_arena_reset")
    converters = result_converters or {}
    return {
        sig.name: NativeFunction(
            sig,
            compiled.address(sig.capi_name),
            arena_reset=reset,
            result_converter=converters.get(sig.name),
            keepalive=compiled,
            error_sites=sites,
        )
        for sig in signatures
    }


__all__ = [
    "ERRORS",
    "ErrorSite",
    "MyiaRecursionError",
    "NativeFunction",
    "Signature",
    "add_capi_wrapper",
    "call_with_stack",
    "compile_native",
    "error_for",
    "number_error_sites",
    "register_error",
    "signature_of",
]
