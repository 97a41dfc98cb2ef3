"""myia's layers import one way (docs/architecture.md): base <- dialects <- frontend
<- passes <- lowering <- runtime <- API. Checked twice: statically (every import
statement of the sources) and at run time (what importing a layer loads)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FOLDERS = {
    "myia": "myia",
    "dialects": "myia.dialects",
    "frontend": "myia.frontend",
    "passes": "myia.passes",
    "lowering": "myia.lowering",
    "runtime": "myia.runtime",
}
"""Each top-level folder and the package it is (pyproject's package-dir)."""

ORDER = ["base", "dialects", "frontend", "passes", "lowering", "runtime", "api"]
"""The layers, lowest first: a module may import its own layer and lower ones."""

BASE = ("myia.errors", "myia.registry", "myia.identity_cache", "myia.context", "myia.tree")
BASE += ("myia.pyfiles",)
"""The modules of ``myia/`` in the base layer (the others are the API)."""

KNOWN_UPWARD: set[tuple[str, str]] = set()
"""Upward imports still to remove: (file, package) pairs."""

MAX_IN_FUNCTION_IMPORTS = 25
"""Imports of myia inside functions: only for lazy loading (start-up time), each
with its reason."""


def layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "myia":
        return None
    if len(parts) > 1 and f"myia.{parts[1]}" in FOLDERS.values() and parts[1] != "myia":
        return parts[1]
    if any(module == b or module.startswith(b + ".") for b in BASE):
        return "base"
    return "api"


def modules() -> list[tuple[Path, str]]:
    """Every source file of myia and its module name."""
    out = []
    for folder, package in FOLDERS.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            out.append((path, ".".join([package, *parts]).removesuffix(".__init__")))
    return out


def imports(path: Path, module: str) -> list[tuple[int, str, bool]]:
    """``(line, imported module, inside a function)`` of each import statement
    of myia in ``path`` (those under ``if TYPE_CHECKING:`` are left out)."""
    tree = ast.parse(path.read_text())
    parents = {c: n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                package = module if path.name == "__init__.py" else module.rpartition(".")[0]
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
        elif isinstance(node, ast.Import):
            target = node.names[0].name
        else:
            continue
        if layer(target) is None:
            continue
        in_function, parent = False, parents.get(node)
        while parent is not None:
            if isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef):
                in_function = True
            if isinstance(parent, ast.If) and "TYPE_CHECKING" in ast.unparse(parent.test):
                break
            parent = parents.get(parent)
        else:
            out.append((node.lineno, target, in_function))
    return out


def test_layer_of_modules():
    assert layer("myia.errors") == "base"
    assert layer("myia.passes.grad.transform") == "passes"
    assert layer("myia.api") == "api"
    assert layer("numpy") is None


def test_no_upward_imports():
    upward = []
    for path, module in modules():
        own = layer(module)
        assert own is not None
        for line, target, _ in imports(path, module):
            rel = str(path.relative_to(ROOT))
            if ORDER.index(layer(target)) > ORDER.index(own):
                if (rel, ".".join(target.split(".")[:2])) not in KNOWN_UPWARD:
                    upward.append(f"{rel}:{line} imports {target}")
    assert upward == []


def test_passes_do_not_import_the_frontend():
    """Inference and gradients get Python functions' IR from the API layer
    (``set_method_resolver``, ``PythonCompiler``): the frontend is one source of
    IR among others."""
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path, module in modules()
        if layer(module) == "passes"
        for line, target, _ in imports(path, module)
        if layer(target) == "frontend"
    ]
    assert found == []


def test_few_imports_inside_functions():
    found = [
        f"{path.relative_to(ROOT)}:{line} {target}"
        for path, module in modules()
        for line, target, in_function in imports(path, module)
        if in_function
    ]
    assert len(found) <= MAX_IN_FUNCTION_IMPORTS, "\n".join(found)


def test_the_check_sees_imports_inside_functions(tmp_path):
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "from myia.errors import MyiaError\n"
        "if TYPE_CHECKING:\n    from myia.api import jit\n"
        "def f():\n    from myia.runtime import cpu\n    from . import sibling\n"
    )
    assert imports(source, "myia.passes.m") == [
        (2, "myia.errors", False),
        (6, "myia.runtime", True),
        (7, "myia.passes", True),
    ]


def _loaded_after(statement: str) -> list[str]:
    """The myia modules a fresh interpreter has loaded after ``statement``."""
    code = (
        f"import json, sys\n{statement}\n"
        "print(json.dumps(sorted(m for m in sys.modules if m == 'myia' or m.startswith('myia.'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(result.stdout.splitlines()[-1])


def test_import_myia_loads_nothing_else():
    """``import myia`` is lazy (PEP 562): the API loads when a name is used."""
    assert _loaded_after("import myia") == ["myia"]
    loaded = _loaded_after("import myia; myia.jit")
    assert "myia.api" in loaded
    assert not [m for m in loaded if layer(m) not in ("base", "api")]


def test_import_errors_loads_only_the_base_layer():
    loaded = _loaded_after("import myia.errors")
    assert "myia.errors" in loaded
    assert [m for m in loaded if m != "myia" and layer(m) != "base"] == []


@pytest.mark.parametrize("name", ["base", "dialects", "frontend", "passes", "lowering", "runtime"])
def test_a_layer_loads_no_higher_layer(name):
    """Every module of the layer imported: nothing of a higher layer is loaded."""
    own = [m for _, m in modules() if layer(m) == name and not m.endswith("__main__")]
    loaded = _loaded_after("".join(f"import {m}\n" for m in own))
    assert set(own) <= set(loaded)
    higher = [m for m in loaded if m != "myia" and ORDER.index(layer(m)) > ORDER.index(name)]
    assert higher == []
