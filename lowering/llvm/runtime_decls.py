"""The interface between lowered code and myia's native runtime.

Lowered code may call these functions and read these globals; the runtime
(:mod:`myia.runtime.native_runtime`) defines them, and the calling convention
(:mod:`myia.runtime.abi`) turns error codes into Python exceptions.

=====================  ===========================================================
``myia_raise(i32)``    leave the current native call with an error code (longjmp to
                       the entry wrapper, which returns the code). Never returns.
``myia_alloc(i64)``    bump-allocate that many bytes (16-byte aligned) in the arena
                       of the current call; freed when the call's results are read.
``myia_check_stack()`` raise :attr:`ErrorCode.RECURSION` if the native stack is
                       nearly exhausted (``myia-stack-check`` inlines the same test).
``@myia_stack_limit``  i64: the lowest frame address allowed in the current call.
``myia_poll()``        run Python's pending signal handlers (or leave the call with
                       :attr:`ErrorCode.INTERRUPT` if one raised); called when
``@myia_poll_request`` i32 is set (see ``myia-poll``).
=====================  ===========================================================
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xdsl.ir import Attribute

MYIA_RAISE = "myia_raise"
MYIA_ALLOC = "myia_alloc"
MYIA_CHECK_STACK = "myia_check_stack"
MYIA_STACK_LIMIT = "myia_stack_limit"
MYIA_POLL = "myia_poll"
MYIA_STACK_EXHAUSTED = "myia_stack_exhausted"
MYIA_POLL_REQUEST = "myia_poll_request"

JMP_BUF_SIZE = 512
"""Bytes reserved for a ``jmp_buf`` in the frame of an entry wrapper (glibc: 200
on x86-64, 312 on AArch64)."""


class ErrorCode(IntEnum):
    """Codes passed to ``myia_raise`` (0 means success and is never raised).

    The Python exception each code becomes is in :mod:`myia.runtime.abi`
    (``ERRORS``, extensible with ``register_error``); codes from 65 to 255 are
    free for other lowerings.
    """

    ZERO_DIVISION = 1
    RECURSION = 2
    NEGATIVE_POWER = 3
    MEMORY = 4
    ASSERTION = 5
    OVERFLOW = 6
    VALUE = 7
    INDEX = 8
    UNBOUND_LOCAL = 9
    INTERRUPT = 10
    """A Python signal handler raised during a poll (``myia_poll``); the
    exception it raised is the one Python sees."""
    FLOATING_POINT = 11
    """A NaN or an infinity that ``check_nans`` found (``myia.check_float``)."""
    SHAPE = 64
    """Array sizes known only at run time do not match (a broadcast, a reshape)."""


ERROR_SITE_SHIFT = 8
"""A raise's argument is ``code | site << ERROR_SITE_SHIFT``: the low byte is the
:class:`ErrorCode` (so codes are below 256), the rest the 1-based index of the
raise in the error-site table of its module (0: no site), which gives the
error's source location and message (``myia-error-sites``)."""

ERROR_MESSAGE_ATTR = "myia.error_message"
"""The attribute of a ``myia_raise`` call holding the message of its error, when
it is not the code's default (``float division by zero``, the name of an unbound
variable...)."""


READ_ONLY_ARGS = "myia.read_only_args"
"""Attribute of a function (``func.func``, then ``llvm.func``): the positions of
its pointer arguments that point to memory it never writes and never allocates
(the data of the arrays Python passes in): ``noalias`` in LLVM IR, so that the
arrays it writes (fresh memory) are known not to overlap them."""

FRESH_MEMORY = ("myia_alloc_result", "myia_alloc_result_slot", "myia_alloc_array")
"""Runtime functions returning memory nothing else points to: declared with a
``noalias`` result, so that LLVM knows the arrays they make do not overlap the
arguments (without it, each loop writing one is versioned on a run-time
overlap test, and the kernels' vector constants no longer fit in registers:
``tanh(z + b)`` took 66 us instead of 48 over 256x256 float32)."""


LIBM_FUNCTIONS = (
    "tan",
    "tanh",
    "sinh",
    "cosh",
    "asin",
    "acos",
    "atan",
    "atan2",
    "asinh",
    "acosh",
    "atanh",
    "erf",
    "erfc",
    "expm1",
    "log1p",
    "cbrt",
    "lgamma",
    "tgamma",
    "hypot",
    "fmod",
)
"""libm functions that lowered code calls by name (and their ``f`` variants)."""

RESERVED_SYMBOLS = frozenset(
    (
        "memcpy",
        "memset",
        "memmove",
        "malloc",
        "free",
        "aligned_alloc",
        "abort",
        "longjmp",
        "_setjmp",
    )
)
"""C library functions that lowered code, LLVM's code generator or the runtime
call: a function of the module cannot have these names (see
:func:`reserved_symbol`; libm's are called through aliases instead:
``LIBM_ALIAS_PREFIX``)."""


def reserved_symbol(name: str) -> bool:
    """Whether a function of a lowered module must not be called ``name``: a
    C library function, a runtime function (``myia_*``), a compiler helper
    (``__*``), an entry point's wrapper (``*__capi``)."""
    return (
        name in RESERVED_SYMBOLS
        or name.startswith(("myia_", "__", "llvm."))
        or name.endswith("__capi")
    )


LIBM_ALIAS_PREFIX = "__myia_libm_"
"""When a module defines a function with a libm name, its libm calls go to
``__myia_libm_<name>`` instead; the JIT binds these aliases to libm."""


def runtime_function_type(
    name: str,
) -> tuple[tuple[Attribute, ...], Attribute | None, tuple[str, ...]]:
    """``(argument types, result type or None, function attributes)`` of a runtime
    function lowered code may call (xDSL is imported only here, so that the JIT
    can use this module without it)."""
    from xdsl.dialects import llvm
    from xdsl.dialects.builtin import i1, i32, i64

    table = {
        MYIA_RAISE: ((i32,), None, ("noreturn", "cold")),
        MYIA_ALLOC: ((i64,), llvm.LLVMPointerType(), ()),
        MYIA_CHECK_STACK: ((), None, ()),
        MYIA_POLL: ((), None, ("cold",)),
        MYIA_STACK_EXHAUSTED: ((), i1, ("cold",)),
    }
    return table[name]
