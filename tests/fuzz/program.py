"""A generated program: one Python module, written to a file and imported.

myia reads a function's source with ``inspect``, so a program must live in a
real file. Its module defines ``main`` (the entry), optionally ``loss`` (a float
function of main's arguments, for gradients) and ``CASES`` (argument tuples),
so that the file alone reproduces a failure.
"""

from __future__ import annotations

import ast
import hashlib
import itertools
import math
import sys
import tempfile
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from myia.pyfiles import import_file

HEADER = "import math\n\nimport numpy as np\n"


@dataclass(frozen=True)
class Program:
    """The source of a module defining ``main``, ``CASES`` and maybe ``loss``."""

    source: str
    #: Where it came from (``seed:index``), for messages.
    origin: str = ""

    @property
    def tree(self) -> ast.Module:
        return ast.parse(self.source)

    def with_source(self, source: str) -> Program:
        return Program(source, self.origin)


def value_expr(value: Any) -> ast.expr:
    """The expression that rebuilds an argument value: floats keep their bits
    (``-0.0``, ``math.inf``, ``math.nan``), arrays their dtype."""
    if isinstance(value, bool) or value is None:
        return ast.Constant(value)
    if isinstance(value, int):
        return ast.Constant(value) if value >= 0 else _neg(ast.Constant(-value))
    if isinstance(value, float):
        if math.isnan(value):
            return _attr("math", "nan")
        if math.isinf(value):
            inf = _attr("math", "inf")
            return inf if value > 0 else _neg(inf)
        if math.copysign(1.0, value) < 0:
            return _neg(ast.Constant(-value))
        return ast.Constant(value)
    if isinstance(value, tuple):
        return ast.Tuple([value_expr(v) for v in value], ast.Load())
    if isinstance(value, np.ndarray):
        dtype = ast.keyword("dtype", _attr("np", str(value.dtype)))
        if value.size == 0:
            return ast.Call(_attr("np", "zeros"), [value_expr(value.shape)], [dtype])
        return ast.Call(_attr("np", "array"), [value_expr(_nested(value))], [dtype])
    if isinstance(value, np.generic):
        return ast.Call(_attr("np", type(value).__name__), [value_expr(value.item())], [])
    raise TypeError(f"no expression for {value!r}")


def _nested(array: np.ndarray) -> tuple:
    if array.ndim == 1:
        return tuple(array.tolist())
    return tuple(_nested(row) for row in array)


def _neg(operand: ast.expr) -> ast.expr:
    return ast.UnaryOp(ast.USub(), operand)


def _attr(base: str | ast.expr, name: str) -> ast.expr:
    value = ast.Name(base, ast.Load()) if isinstance(base, str) else base
    return ast.Attribute(value, name, ast.Load())


def module_source(body: list[ast.stmt], cases: list[tuple]) -> str:
    """The source of a program module: the header, ``body`` and ``CASES``."""
    cases_stmt = ast.Assign(
        [ast.Name("CASES", ast.Store())],
        ast.List([value_expr(c) for c in cases], ast.Load()),
    )
    tree = ast.Module([*body, cases_stmt], type_ignores=[])
    ast.fix_missing_locations(tree)
    return HEADER + "\n\n" + ast.unparse(tree) + "\n"


# ---------------------------------------------------------------------------
# Files


_counter = itertools.count()
_directory: Path | None = None


def program_directory() -> Path:
    """A temporary directory for this process's program files."""
    global _directory
    if _directory is None:
        _directory = Path(tempfile.mkdtemp(prefix="myia-fuzz-"))
    return _directory


def load(program: Program | str) -> types.ModuleType:
    """Write the program to a new file and import it. Each call makes a new
    file and module name, so that no cache (``linecache``, myia's) sees an
    older program under the same name."""
    source = program.source if isinstance(program, Program) else program
    digest = hashlib.sha1(source.encode()).hexdigest()[:12]
    name = f"fuzz_{digest}_{next(_counter)}"
    path = program_directory() / f"{name}.py"
    path.write_text(source)
    module = import_file(name, path)
    assert module is not None
    return module


def unload(module: types.ModuleType) -> None:
    """Forget a module loaded by :func:`load` and delete its file."""
    sys.modules.pop(module.__name__, None)
    path = getattr(module, "__file__", None)
    if path:
        Path(path).unlink(missing_ok=True)
