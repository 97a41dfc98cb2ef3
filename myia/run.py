"""``myia-run``: run a function of textual IR, in the spirit of
``mlir-cpu-runner`` and ``xdsl-run``, so that lit tests can execute code::

    myia-run prog.mlir --entry f --args '1.0, 2.0'
    myia-run prog.mlir --entry g --args 'array([1.0, 2.0]), 3'   # arrays
    myia-run prog.py --entry f --args '1.0'                       # Python input

The file is compiled with :func:`myia.compile_ir` (any stage ``myia-opt``
prints; ``-`` reads standard input) on ``--backend`` (``cpu`` by default), or,
for a ``.py`` file, its function ``--entry`` with ``myia.jit``. ``--args`` are
Python literals (numbers, ``True``/``False``/``None``, strings, tuples, lists,
``inf`` and ``nan``), numpy arrays written ``array([...])`` or
``array([...], dtype=int32)`` (``np.array`` works too), and numpy scalars
written ``float32(1.5)``, ``int8(3)``... (``np.`` optional). The result is
printed on one line: its ``repr`` (numpy's for arrays and numpy scalars, every
element shown). Errors print ``file:line:col: error: message`` on standard
error (``<args>`` for an error in ``--args``) and exit with status 1.
"""

from __future__ import annotations

import argparse
import ast
import math
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from myia.api import available_backends, jit
from myia.embed import compile_ir
from myia.errors import MyiaError, SourceLocation
from myia.opt_diagnostics import render_error
from myia.opt_input import load_input_module

__all__ = ["main", "parse_args_literal"]

ARGS_FILENAME = "<args>"

_NAMES: dict[str, Any] = {"inf": math.inf, "nan": math.nan}

_SCALARS = {
    name: np.dtype(name).type
    for name in (
        "bool_",
        "int8",
        "int16",
        "int32",
        "int64",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "float16",
        "float32",
        "float64",
    )
}


class _ArgsError(Exception):
    def __init__(self, message: str, node: ast.AST | None):
        super().__init__(message)
        self.node = node


def parse_args_literal(text: str) -> tuple[Any, ...]:
    """The arguments ``--args`` writes (see the module docstring); a
    :class:`MyiaError` at ``<args>:1:col`` for anything else."""
    if not text.strip():
        return ()
    source = f"({text},)"  # (one argument is a tuple of one too)
    try:
        tree = ast.parse(source, ARGS_FILENAME, mode="eval")
    except SyntaxError as exc:
        column = max((exc.offset or 1) - 2, 0)  # (the added parenthesis)
        raise MyiaError(f"--args: {exc.msg}", SourceLocation(ARGS_FILENAME, 1, column)) from None
    try:
        value = _literal(tree.body)
    except _ArgsError as exc:
        column = max(getattr(exc.node, "col_offset", 1) - 1, 0)
        raise MyiaError(f"--args: {exc}", SourceLocation(ARGS_FILENAME, 1, column)) from None
    assert isinstance(value, tuple)
    return value


def _literal(node: ast.AST) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Tuple):
        return tuple(map(_literal, node.elts))
    if isinstance(node, ast.List):
        return list(map(_literal, node.elts))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        operand = _literal(node.operand)
        if isinstance(operand, int | float) and not isinstance(operand, bool):
            return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Name) and node.id in _NAMES:
        return _NAMES[node.id]
    if isinstance(node, ast.Call):
        return _call(node)
    raise _ArgsError(
        "expected a literal (number, string, tuple, list), array([...]) or a numpy "
        "scalar such as float32(1.5)",
        node,
    )


def _function_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in ("np", "numpy")
    ):
        return node.attr
    return None


def _call(node: ast.Call) -> Any:
    name = _function_name(node.func)
    if name == "array":
        if len(node.args) != 1 or any(k.arg != "dtype" for k in node.keywords):
            raise _ArgsError("array() takes a nested list and an optional dtype=", node)
        dtype = None
        for keyword in node.keywords:
            dtype = _dtype(keyword.value)
        return np.array(_literal(node.args[0]), dtype=dtype)
    if name in _SCALARS and len(node.args) == 1 and not node.keywords:
        return _SCALARS[name](_literal(node.args[0]))
    raise _ArgsError(f"unknown function {ast.unparse(node.func)!r}", node)


def _dtype(node: ast.expr) -> np.dtype:
    name = node.value if isinstance(node, ast.Constant) else _function_name(node)
    if not isinstance(name, str) or name.removesuffix("_") not in {
        n.removesuffix("_") for n in _SCALARS
    }:
        raise _ArgsError(f"unknown dtype {ast.unparse(node)}", node)
    return np.dtype(name.removesuffix("_") if name != "bool_" else "bool")


def format_result(value: Any) -> str:
    """The result on one line: its ``repr`` (numpy's, every element shown; the
    rows of an array of several dimensions one after the other)."""
    with np.printoptions(threshold=sys.maxsize, linewidth=sys.maxsize):
        return re.sub(r"\n\s*", " ", repr(value))


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="myia-run",
        description="Compile a function of textual myia IR (or of a Python file) "
        "and run it once on the given arguments; print the result.",
    )
    parser.add_argument("input_file", help="textual IR (- for standard input), or a .py file")
    parser.add_argument("--entry", "-e", required=True, help="the function to run")
    parser.add_argument(
        "--args",
        default="",
        help="the arguments, as Python literals: '1.0, (2, 3), array([1.0, 2.0]), float32(1.5)'",
    )
    parser.add_argument(
        "--backend",
        default="cpu",
        help=f"the backend (default cpu; available: {', '.join(available_backends())})",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``myia-run`` script; returns the exit status."""
    options = _arguments().parse_args(argv)
    try:
        result = _run(options)
    except MyiaError as exc:
        sys.stderr.write(f"{render_error(exc)}\n")
        return 1
    except BrokenPipeError:
        return 1
    except (OSError, UnicodeDecodeError) as exc:
        sys.stderr.write(f"myia-run: error: {exc}\n")
        return 1
    except KeyboardInterrupt:
        return 130
    sys.stdout.write(format_result(result) + "\n")
    return 0


def _run(options: argparse.Namespace) -> Any:
    path = options.input_file
    args = parse_args_literal(options.args)
    if path.endswith(".py"):
        module = load_input_module(path)
        fn = getattr(module, options.entry, None)
        if fn is None:
            raise MyiaError(f"{path} has no function named '{options.entry}'")
        return jit(fn, backend=options.backend)(*args)
    if path == "-":
        text, name = sys.stdin.read(), "<stdin>"
    else:
        text, name = Path(path).read_text(), path
    return compile_ir(text, options.entry, backend=options.backend, filename=name)(*args)


if __name__ == "__main__":
    sys.exit(main())
