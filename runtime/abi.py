"""The calling convention between Python and compiled code.

Native side -- the pass ``myia-capi-wrappers`` (:mod:`myia.lowering.llvm.capi`)
gives each exported function a C-ABI entry point::

    i32 @<name>__capi(ptr %buf, ptr %out)

Arguments and results travel in 8-byte slots of one packed buffer. A packed
buffer was chosen over an array of pointers to each argument: Python fills it
with one ``struct.pack_into`` call, which also checks types and ranges (ctypes
scalars truncate silently).

Python side -- :class:`NativeFunction` is the callable: it packs the Python
scalars (``int``/``float``/``bool``, converted like ``struct`` does: an int is
accepted for a float, a float for an int is a ``TypeError``, out of range is an
``OverflowError``), calls the wrapper through ``ctypes.PYFUNCTYPE`` (the GIL is
held: the runtime's state is process-global), raises the Python exception of a
non-zero code (:data:`ERRORS`, extensible with :func:`register_error`) and returns
the tuple of results. The exception is a located ``MyiaRuntimeError`` that is also
the Python exception (``MyiaZeroDivisionError``...): the code's low byte is the
error, the rest the index of its site in the module's error-site table (left on
the module by ``myia-error-sites``), which gives the user's source location and
Python's message.

:func:`load_native` compiles a module the native pipeline made and returns its
functions; it reads the module and never changes it. :func:`compile_native`
runs the end of the pipeline on a module written below myia first.

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
from xdsl.dialects.builtin import ModuleOp

from myia.errors import (
    NEGATIVE_POWER_MESSAGE,
    MyiaError,
    MyiaRecursionError,
    MyiaRuntimeError,
    SourceLocation,
    runtime_error,
)
from myia.lowering.exports import exports_of
from myia.lowering.llvm.capi import Signature, find_function, signature_of
from myia.lowering.llvm.error_sites import error_sites_of
from myia.lowering.llvm.runtime_decls import ERROR_SITE_SHIFT, ErrorCode
from myia.lowering.llvm.to_llvm_ir import emit_llvm_ir
from myia.lowering.pipelines import native_pipeline, run_passes
from myia.runtime.jit import get_jit

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
    ErrorCode.FLOATING_POINT: lambda: FloatingPointError("NaN or infinity"),
    ErrorCode.SHAPE: lambda: ValueError(
        "array sizes known only at run time do not match (a broadcast, or a reshape "
        "that would change the number of elements)"
    ),
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
"""The ``struct`` format of each ABI kind in its 8-byte slot."""


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
        ``exec``: ``pack_into(buffer, 0, *args)`` costs more than naming the
        arguments (figures in bench/RESULTS.md)."""
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
    return ctypes.PYFUNCTYPE(None)(get_jit().runtime_function("myia_stack_forget"))


class _LargeStack(threading.local):
    active = False


_ON_LARGE_STACK = _LargeStack()
"""Whether this thread is the large-stack thread of a call made again (which
does not try a third time)."""


# ---------------------------------------------------------------------------
# Everything together


def load_native(
    module: ModuleOp,
    *,
    jit: Any = None,
    result_converters: dict[str, Callable[[tuple[Any, ...]], Any]] | None = None,
) -> dict[str, NativeFunction]:
    """Compile ``module`` (llvm dialect, with the C-ABI wrappers of its
    ``myia.exports``: the end of a native pipeline) and return a
    :class:`NativeFunction` per exported function."""
    jit = jit or get_jit()
    signatures = [signature_of(find_function(module, name)) for name in exports_of(module)]
    sites = [ErrorSite(*fields) for fields in error_sites_of(module)]
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
    """Compile a module of ``func``/``cf``/``arith``/``math`` (or of the llvm
    dialect) and return a :class:`NativeFunction` per entry name.

    The module goes through :func:`myia.lowering.pipelines.native_pipeline`
    first, in place: lowered to the llvm dialect (``myia-to-llvm``, with
    ``lowering_options``) unless it already is (or ``lower=False``), then given
    its wrappers and error sites.
    """
    names = [entries] if isinstance(entries, str) else list(entries)
    if lower is None:
        lower = not _is_lowered(module)
    run_passes(native_pipeline(names, lower=lower, **lowering_options), module)
    return load_native(module, jit=jit, result_converters=result_converters)


__all__ = [
    "ERRORS",
    "ErrorSite",
    "MyiaRecursionError",
    "NativeFunction",
    "Signature",
    "call_with_stack",
    "compile_native",
    "error_for",
    "load_native",
    "register_error",
]
