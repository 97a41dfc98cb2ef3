"""The errors a user can cause, each pointing at the user's own source.

Every error myia raises because of its input is a :class:`MyiaError`. Its message
starts with ``file:line:col``, quotes the source line and puts a caret under the
column, like Python's own ``SyntaxError``; compile-time tracebacks (type and shape
errors) put one such frame per user function before the message.
"""

from __future__ import annotations

import functools
import linecache
from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.dialects.builtin import CallSiteLoc, FileLineColLoc, IntAttr, NameLoc, StringAttr
from xdsl.ir import Attribute


@dataclass(frozen=True)
class SourceLocation:
    """A point in a user's source file (1-based line, 0-based column, as ``ast``)."""

    filename: str
    line: int
    column: int = 0

    def __str__(self) -> str:
        return f"{self.filename}:{self.line}:{self.column + 1}"

    def source_line(self) -> str | None:
        text = linecache.getline(self.filename, self.line)
        return text.rstrip("\n") if text else None

    def excerpt(self, caret: bool = True) -> str:
        """The source line, dedented, with a caret under the column."""
        text = self.source_line()
        if text is None:
            return ""
        stripped = text.lstrip()
        indent = len(text) - len(stripped)
        lines = [f"    {stripped}"]
        if caret:
            col = max(self.column - indent, 0)
            lines.append("    " + " " * col + "^")
        return "\n".join(lines)

    def to_attr(self) -> FileLineColLoc:
        return _location_attr(self.filename, self.line, self.column + 1)

    @staticmethod
    def from_attr(loc: Attribute | None) -> SourceLocation | None:
        """The user location an IR location stands for (the innermost call site)."""
        while True:
            if isinstance(loc, FileLineColLoc):
                return SourceLocation(loc.filename.data, loc.line.data, max(loc.column.data - 1, 0))
            if isinstance(loc, CallSiteLoc):
                loc = loc.callee
            elif isinstance(loc, NameLoc):
                loc = loc.location
            else:
                return None


@functools.lru_cache(maxsize=65536)
def _location_attr(filename: str, line: int, column: int) -> FileLineColLoc:
    return FileLineColLoc(StringAttr(filename), IntAttr(line), IntAttr(column))


@dataclass
class Frame:
    """One user function on the path to a compile-time error: where it was, what
    it was called with (argument names and inferred types, in the original
    myia talk's notation, see docs/user_guide.md)."""

    location: SourceLocation | None
    function: str
    args: list[tuple[str, str]]

    def render(self) -> str:
        lines = []
        if self.location is not None:
            lines.append(f"{self.location.filename}:{self.location.line}")
        if self.args:
            params = ",\n".join(f"  {name} :: {text}" for name, text in self.args)
            lines.append(f"in {self.function}(\n{params}\n)")
        else:
            lines.append(f"in {self.function}()")
        if self.location is not None and (text := self.location.source_line()) is not None:
            lines.append(f"{self.location.line}: {text.strip()}")
        return "\n".join(lines)


class MyiaError(Exception):
    """Base of every error caused by a user's program or IR.

    Without ``frames``, the message reads ``file:line:col: message`` followed by
    the source line and a caret. With ``frames`` (a compile-time traceback, one
    per user function, outermost first) and ``operation`` (the failing primitive
    and its argument types), it reads like the original myia talk's slide (docs/user_guide.md,
    ``tests/infer_inputs/mlp_talk.py``).
    """

    def __init__(
        self,
        message: str,
        location: SourceLocation | None = None,
        frames: Sequence[Frame] = (),
        operation: str | None = None,
    ):
        self.message = message
        self.location = location
        self.frames = list(frames)
        self.operation = operation
        super().__init__(self.render())

    def render(self) -> str:
        if self.frames or self.operation:
            parts = [frame.render() for frame in self.frames]
            if self.operation:
                parts.append(f"in {self.operation}")
            body = "\n=====\n".join(parts)
            return f"\n{body}\n~~~~~\n{type(self).__name__}: {self.message}"
        if self.location is not None:
            head = f"{self.location}: {self.message}"
            excerpt = self.location.excerpt()
            return f"{head}\n{excerpt}" if excerpt else head
        return self.message


class MyiaWarning(UserWarning):
    """A finding about the user's program that is not an error, at a place in it:
    what an analysis pass reports, with ``warnings.warn(MyiaWarning(message,
    location))``. ``myia-opt`` prints it as ``file:line:col: warning: message``
    on stderr (``--verify-diagnostics`` checks ``expected-warning``); elsewhere
    Python's warning filters apply (``warnings.simplefilter("error", MyiaWarning)``
    makes it an exception)."""

    def __init__(self, message: str, location: SourceLocation | None = None):
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location is not None else self.message


class MyiaCacheWarning(UserWarning):
    """A damaged entry of the disk cache (``MYIA_CACHE_DIR``): it was ignored,
    and the module compiled again and stored in its place."""


class MyiaSyntaxError(MyiaError):
    """Python the frontend does not accept (``try``, ``global``, item assignment...)."""


class MyiaTypeError(MyiaError):
    """A type error found at compile time (or, in the interpreter, at run time)."""


class MyiaShapeError(MyiaTypeError):
    """Array shapes that cannot work together."""


class MyiaIRError(MyiaError):
    """Malformed textual IR, or IR that does not verify."""


class MyiaExportError(MyiaError):
    """A function that cannot be exported ahead of time (``JitFunction.export``):
    a type with no C form, a missing C compiler, an unknown output kind."""


class MyiaIRTypeError(MyiaIRError, MyiaTypeError):
    """A type error found while inferring IR (``myia.compile_ir`` of an untyped
    entry): IR that cannot run with the arguments it was called with."""


class MyiaIRShapeError(MyiaIRTypeError, MyiaShapeError):
    """A shape error found while inferring IR."""


class MyiaRuntimeError(MyiaError):
    """An error raised while running a program (unbound variable, bad value...)."""


class MyiaGradientCheckError(MyiaError, AssertionError):
    """A derivative that disagrees with finite differences (``myia.check_grads``)."""


# ---------------------------------------------------------------------------
# Run-time errors that are also Python's own exceptions
#
# A program that divides by zero raises an exception that is both a
# :class:`MyiaRuntimeError` (located at the failing operation of the user's
# source) and a ``ZeroDivisionError``, on every backend, so that
# ``except ZeroDivisionError`` works as it would around the Python function.


class MyiaZeroDivisionError(MyiaRuntimeError, ZeroDivisionError):
    """Division or modulo by zero."""


class MyiaValueError(MyiaRuntimeError, ValueError):
    """A value an operation cannot take (an int to a negative int power...)."""


class MyiaOverflowError(MyiaRuntimeError, OverflowError):
    """A result too large for its type (a float too large for an int...)."""


class MyiaIndexError(MyiaRuntimeError, IndexError):
    """An index out of range."""


class MyiaUnboundLocalError(MyiaRuntimeError, UnboundLocalError):
    """A local variable read before it was assigned."""


class MyiaAssertionError(MyiaRuntimeError, AssertionError):
    """An assertion that failed."""


class MyiaMemoryError(MyiaRuntimeError, MemoryError):
    """Compiled code ran out of memory."""


class MyiaRecursionError(MyiaRuntimeError, RecursionError):
    """Too deep recursion (compiled code: the native stack ran out)."""


class MyiaFloatingPointError(MyiaRuntimeError, FloatingPointError):
    """A NaN or an infinity where ``check_nans`` watches for them."""


NEGATIVE_POWER_MESSAGE = (
    "ints to negative integer powers are not allowed in typed code: Python's result "
    "would be a float, but a ** b of ints is typed as an int (write float(a) ** b)"
)
"""The message of the ``MyiaValueError`` that typed backends (``interp``, ``cpu``)
raise for ``a ** b`` with ints ``a`` and ``b < 0`` known only at run time."""

COMPLEX_POWER = (
    "a negative float to a fractional power: Python's result is a complex number, "
    "which myia does not support (math.pow raises ValueError there, np.power gives nan)"
)
"""The message of the ``MyiaValueError`` that every backend raises for ``x ** y``
on Python floats where CPython's result is complex (``(-8.0) ** 0.5``)."""

# Python's messages for the other errors of typed integers (see the interpreter's
# "Typed integers" section), shared by the interpreter and the native lowering.
FLOAT_NAN_TO_INT = "cannot convert float NaN to integer"
FLOAT_INF_TO_INT = "cannot convert float infinity to integer"
FLOAT_OUT_OF_I64 = "cannot convert float to a 64-bit int: out of range"
NEGATIVE_SHIFT = "negative shift count"


def int_overflow_message(operator: str) -> str:
    """The message of the ``MyiaOverflowError`` of Python-int arithmetic whose
    exact result does not fit in 64 bits (``operator`` as Python spells it;
    ``int()`` of a numpy uint64)."""
    what = "int() of this uint64" if operator == "int()" else f"the result of {operator}"
    return (
        f"integer overflow: {what} does not fit in a 64-bit Python int (compiled "
        "code computes Python ints in 64 bits)"
    )


_RUNTIME_CLASSES: dict[type[BaseException], type[MyiaRuntimeError]] = {}
for _cls in (
    MyiaZeroDivisionError,
    MyiaValueError,
    MyiaOverflowError,
    MyiaIndexError,
    MyiaUnboundLocalError,
    MyiaAssertionError,
    MyiaMemoryError,
    MyiaRecursionError,
    MyiaFloatingPointError,
):
    _RUNTIME_CLASSES[_cls.__bases__[1]] = _cls


def runtime_error_class(exc_type: type[BaseException]) -> type[MyiaRuntimeError]:
    """The :class:`MyiaRuntimeError` subclass that is also an ``exc_type``
    (``MyiaZeroDivisionError`` for ``ZeroDivisionError``...), made on first use
    for types without a predefined class; ``MyiaRuntimeError`` itself for types
    that cannot be combined with it (and for ``MyiaError`` subclasses, which are
    returned as they are)."""
    if issubclass(exc_type, MyiaError):
        return exc_type  # type: ignore[return-value]
    cls = _RUNTIME_CLASSES.get(exc_type)
    if cls is None:
        cls = MyiaRuntimeError
        if issubclass(exc_type, Exception):
            try:
                cls = type(
                    f"Myia{exc_type.__name__}",
                    (MyiaRuntimeError, exc_type),
                    {
                        "__module__": __name__,
                        "__str__": BaseException.__str__,
                        "__doc__": f"A {exc_type.__name__} raised by a myia program.",
                    },
                )
                cls("probe")  # some built-in exceptions cannot be combined
            except TypeError:
                # (numpy's _ArrayMemoryError takes other arguments): its base's.
                base = exc_type.__base__
                generic = base is None or base is Exception or base is BaseException
                cls = MyiaRuntimeError if generic else runtime_error_class(base)
        _RUNTIME_CLASSES[exc_type] = cls
    return cls


def runtime_error(
    exc_type: type[BaseException], message: str, location: SourceLocation | None = None
) -> MyiaRuntimeError:
    """A located run-time error that is also an ``exc_type`` when possible."""
    return runtime_error_class(exc_type)(message, location)
