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


class MyiaError(Exception):
    """Base of every error caused by a user's program or IR."""

    def __init__(
        self,
        message: str,
        location: SourceLocation | None = None,
        frames: Sequence[str] = (),
    ):
        self.message = message
        self.location = location
        self.frames = list(frames)
        super().__init__(self.render())

    def render(self) -> str:
        parts = list(self.frames)
        if self.location is not None:
            head = f"{self.location}: {self.message}"
            excerpt = self.location.excerpt()
            parts.append(f"{head}\n{excerpt}" if excerpt else head)
        else:
            parts.append(self.message)
        return "\n".join(parts)


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
