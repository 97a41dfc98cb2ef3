"""``myia-opt``'s input: ``--split-input-file`` chunks, a parser that gives ops
without ``loc(...)`` their place in the input, and Python input files imported as
Python imports a script's modules."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xdsl.ir import Operation
from xdsl.parser import Parser

from myia.errors import MyiaError, MyiaSyntaxError, SourceLocation
from myia.opt_diagnostics import Expected
from myia.pyfiles import import_file

# ---------------------------------------------------------------------------
# Input


@dataclass
class Chunk:
    """A piece of the input (the whole input unless --split-input-file)."""

    text: str
    line_offset: int
    expectations: list[Expected] = field(default_factory=list)


class LocatingParser(Parser):
    """xDSL's parser, remembering where each op starts in the text so that
    verification errors point at the op's line, as MLIR's do."""

    def __init__(self, ctx: Any, text: str, name: str, positions: dict[Operation, int]):
        super().__init__(ctx, text, name)
        self.positions = positions

    def parse_operation(self) -> Operation:
        start = self._current_token.span.start
        op = super().parse_operation()
        self.positions[op] = start
        return op

    def current_position(self) -> int:
        return self._current_token.span.start


def line_col(text: str, pos: int) -> tuple[int, int]:
    """1-based line and 0-based column of a position in ``text``."""
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1)
    return line, col


def split_chunks(text: str) -> list[Chunk]:
    """Split at lines that are exactly ``// -----``, keeping line numbers."""
    chunks: list[Chunk] = []
    lines = text.splitlines(keepends=True)
    start = 0
    current: list[str] = []
    for index, line in enumerate(lines):
        if line.strip() == "// -----":
            chunks.append(Chunk("".join(current), start))
            current = []
            start = index + 1
        else:
            current.append(line)
    chunks.append(Chunk("".join(current), start))
    return chunks


def load_input_module(path: str) -> Any:
    """Import the Python input file as Python runs a script's imports: its
    directory first on ``sys.path`` (so that it can import its siblings), under
    its own name (so that its dataclasses are ``prog.Point``, not an internal
    name), unless a different module of that name is already imported."""
    # Lazy: the frontend loads only for Python inputs (start-up time).
    from myia.frontend import load_python_file

    file = Path(path).resolve()
    directory = str(file.parent)
    if directory not in sys.path:
        sys.path.insert(0, directory)
    name = file.stem
    known = sys.modules.get(name)
    if known is not None:
        known_file = getattr(known, "__file__", None)
        if known_file is not None and Path(known_file).resolve() == file:
            return known
        return load_python_file(file)  # another module has the name: a private one
    if not name.isidentifier():
        return load_python_file(file)
    try:
        module = import_file(name, file)
    except SyntaxError as exc:
        raise MyiaSyntaxError(
            exc.msg, SourceLocation(str(path), exc.lineno or 1, max((exc.offset or 1) - 1, 0))
        ) from None
    if module is None:
        raise MyiaError(f"cannot load {path} as a Python module")
    return module
