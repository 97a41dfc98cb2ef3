"""Importing a Python file as a module, for the three places that run a user's
file (myia-opt's Python input, the frontend's ``load_python_file``, pass
plugins): registered in ``sys.modules`` while it runs (its dataclasses and
functions refer to their module by name), taken back out if running it fails,
so that a corrected file can be loaded again under the same name."""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path


def import_file(name: str, path: str | Path) -> types.ModuleType | None:
    """Run ``path`` as the module ``name``; None if it cannot be a Python
    module. Exceptions of the file's own code propagate."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module
