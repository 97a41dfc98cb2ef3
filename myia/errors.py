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
                return SourceLocation(
                    loc.filename.data, loc.line.data, max(loc.column.data - 1, 0)
                )
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
    it was called with (argument names and inferred types, in the talk's
    notation)."""

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
    and its argument types), it reads like the talk's slide.
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


class MyiaSyntaxError(MyiaError):
    """Python the frontend does not accept (``try``, ``global``, item assignment...)."""


class MyiaTypeError(MyiaError):
    """A type error found at compile time (or, in the interpreter, at run time)."""


class MyiaShapeError(MyiaTypeError):
    """Array shapes that cannot work together."""


class MyiaIRError(MyiaError):
    """Malformed textual IR, or IR that does not verify."""


class MyiaRuntimeError(MyiaError):
    """An error raised while running a program (unbound variable, bad value...)."""
