"""The errors a program raises under the interpreter: located
:class:`InterpreterError` exceptions that are also the original Python exception, with the
user functions on the call stack."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from myia.errors import MyiaRuntimeError, SourceLocation, runtime_error_class

# ---------------------------------------------------------------------------
# Errors


class InterpreterError(MyiaRuntimeError):
    """An error raised while interpreting a program.

    ``location`` is the failing op; ``stack`` the user functions that were
    running, outermost first: ``(function, location of its current op)``, the last
    being the function of the failing op. ``python_type`` is the type of the Python
    exception that was raised, which the exception also is an instance of.
    """

    python_type: type[BaseException] | None = None

    def __init__(
        self,
        message: str,
        location: SourceLocation | None = None,
        stack: Sequence[tuple[str, SourceLocation | None]] = (),
    ):
        self.stack = list(stack)
        super().__init__(message, location)

    def render(self) -> str:
        lines: list[str] = []
        callers, here = self.stack[:-1], self.stack[-1:] or [(None, None)]
        for name, location in _collapse(callers):
            if name is None:
                lines.append(str(location))
            elif location is None:
                lines.append(f"in {name}")
            else:
                lines.append(f"{location}: in {name}")
                excerpt = location.excerpt()
                if excerpt:
                    lines.append(excerpt)
        function = here[0][0]
        message = f"in {function}: {self.message}" if function else self.message
        if self.location is not None:
            lines.append(f"{self.location}: {message}")
            excerpt = self.location.excerpt()
            if excerpt:
                lines.append(excerpt)
        else:
            lines.append(message)
        return "\n".join(lines)

    def __reduce__(self) -> tuple[Any, ...]:
        return (runtime_error, (self.python_type, self.message, self.location, self.stack))


def _collapse(
    frames: list[tuple[str, SourceLocation | None]], keep: int = 3, limit: int = 60
) -> list[tuple[Any, Any]]:
    """Shorten a long call stack as Python does: runs of one repeated frame keep
    their first ``keep`` entries, and at most ``limit`` entries are shown."""
    out: list[tuple[Any, Any]] = []
    i = 0
    while i < len(frames):
        j = i
        while j < len(frames) and frames[j] == frames[i]:
            j += 1
        out.extend(frames[i : min(j, i + keep)])
        if j - i > keep:
            out.append((None, f"  [previous frame repeated {j - i - keep} more times]"))
        i = j
    if len(out) > limit:
        half = limit // 2
        skipped = len(out) - 2 * half
        out = [*out[:half], (None, f"  [... {skipped} more frames ...]"), *out[-half:]]
    return out


_ERROR_CLASSES: dict[type[BaseException], type[InterpreterError]] = {}


def _error_class(exc_type: type[BaseException]) -> type[InterpreterError]:
    """An InterpreterError that is also ``exc_type``, through the class the cpu
    backend raises too (``myia.errors.MyiaZeroDivisionError``...)."""
    cls = _ERROR_CLASSES.get(exc_type)
    if cls is None:
        try:
            common = runtime_error_class(exc_type)
            cls = type(
                exc_type.__name__,
                (InterpreterError, common if common is not MyiaRuntimeError else exc_type),
                {
                    "__module__": "myia",
                    "__qualname__": exc_type.__name__,
                    "__str__": BaseException.__str__,
                    "python_type": exc_type,
                    "__doc__": f"A {exc_type.__name__} raised by a myia program.",
                },
            )
        except TypeError:
            cls = InterpreterError
        _ERROR_CLASSES[exc_type] = cls
    return cls


def runtime_error(
    exc_type: type[BaseException] | None,
    message: str,
    location: SourceLocation | None = None,
    stack: Sequence[tuple[str, SourceLocation | None]] = (),
) -> InterpreterError:
    """An :class:`InterpreterError` that is also an ``exc_type`` when possible."""
    if exc_type is not None and issubclass(exc_type, Exception):
        cls = _error_class(exc_type)
        if cls is not InterpreterError:
            try:
                err = cls(message, location, stack)
                str(err)
                return err
            except Exception:
                _ERROR_CLASSES[exc_type] = InterpreterError
    err = InterpreterError(message, location, stack)
    err.python_type = exc_type
    return err
