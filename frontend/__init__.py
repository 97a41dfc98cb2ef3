"""The Python frontend: turns Python functions into the myia dialect."""

from __future__ import annotations

import sys
from pathlib import Path

from xdsl.dialects.builtin import ModuleOp

from myia.errors import MyiaSyntaxError
from myia.frontend.parser import RECORD_CLASSES, Frontend, parse
from myia.pyfiles import import_file

__all__ = ["RECORD_CLASSES", "Frontend", "load_python_file", "parse", "parse_file"]


def load_python_file(path: str | Path):
    """Import a Python file as a module (registered in ``sys.modules``)."""
    path = Path(path).resolve()
    name = f"_myia_input_{path.stem}_{abs(hash(str(path)))}"
    if name in sys.modules:
        return sys.modules[name]
    try:
        module = import_file(name, path)
    except SyntaxError as exc:
        raise MyiaSyntaxError(f"{path}:{exc.lineno}: {exc.msg}") from None
    if module is None:
        raise MyiaSyntaxError(f"cannot load {path} as a Python module")
    return module


def parse_file(path: str | Path, entry: str) -> ModuleOp:
    """Parse the function ``entry`` of the Python file ``path`` (for ``myia-opt``)."""
    module = load_python_file(path)
    fn = getattr(module, entry, None)
    if fn is None:
        raise MyiaSyntaxError(f"{path} has no function named '{entry}'")
    return parse(fn)
