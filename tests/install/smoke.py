"""Smoke test of an installed myia, run by check_wheel.sh outside the checkout.

Usage: python -I smoke.py CHECKOUT. Checks that every module of the checkout's package
folders is installed and imports (without numba.cuda: the ``cuda`` extra is optional), that ``jit`` and ``grad`` of an array function work,
that ``myia-opt --list-passes`` imports every pass, and that no myia module was loaded
from anywhere but this environment.
"""

import importlib
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np

import myia


def checkout_modules(checkout: Path) -> list[str]:
    """The dotted name of every module under the folders pyproject.toml maps to myia."""
    config = tomllib.loads((checkout / "pyproject.toml").read_text())
    names = set()
    for package, folder in config["tool"]["setuptools"]["package-dir"].items():
        for path in (checkout / folder).rglob("*.py"):
            parts = path.relative_to(checkout / folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            names.add(".".join((package, *parts)))
    return sorted(names)


def check_modules(checkout: Path) -> None:
    modules = checkout_modules(checkout)
    for name in modules:
        importlib.import_module(name)  # raises ModuleNotFoundError if the wheel lacks it
    print(f"{len(modules)} modules of the checkout import")


def check_jit_and_grad() -> None:
    def poly(x):
        return 3.0 * x * x + 2.0 * x

    def loss(w, x):
        return np.sum(np.tanh(w * x) * x)

    assert myia.jit(poly)(2.0) == poly(2.0)
    w = np.array([0.5, -1.0, 2.0])
    x = np.array([1.0, 2.0, -0.5])
    dw = myia.grad(loss)(w, x)
    expected = x * x * (1.0 - np.tanh(w * x) ** 2)
    np.testing.assert_allclose(dw, expected, rtol=1e-12)
    print("jit and grad of an array function work")


def check_list_passes() -> None:
    myia_opt = Path(sys.executable).parent / "myia-opt"
    listing = subprocess.run(
        [myia_opt, "--list-passes"], capture_output=True, text=True, check=True
    ).stdout
    broken = [line.strip() for line in listing.splitlines() if "(cannot be imported)" in line]
    assert not broken, "passes that cannot be imported:\n" + "\n".join(broken)
    for name in ("myia-infer", "myia-grad", "myia-fuse-arrays", "convert-myia-to-cf"):
        assert f"  {name} " in listing, f"{name} is not listed"
    print("myia-opt --list-passes imports every pass")


def check_cuda_is_optional() -> None:
    """No module needs numba-cuda (the ``cuda`` extra) to import: the cuda backend
    imports ``numba.cuda`` when it first compiles."""
    assert "numba.cuda" not in sys.modules, "importing myia imported numba.cuda"
    print("myia imports without numba.cuda")


def check_origin() -> None:
    """Every myia module comes from this environment, none from the checkout."""
    prefix = Path(sys.prefix).resolve()
    elsewhere = [
        f"{name}: {module.__file__}"
        for name, module in sys.modules.items()
        if (name == "myia" or name.startswith("myia."))
        and not Path(module.__file__).resolve().is_relative_to(prefix)
    ]
    assert not elsewhere, "myia modules loaded from outside the environment:\n" + "\n".join(
        elsewhere
    )


def main() -> None:
    checkout = Path(sys.argv[1]).resolve()
    assert not Path.cwd().resolve().is_relative_to(checkout), "run me outside the checkout"
    check_jit_and_grad()
    check_list_passes()
    check_modules(checkout)
    check_cuda_is_optional()
    check_origin()
    print(f"the wheel works: {Path(myia.__file__).parent}")


if __name__ == "__main__":
    main()
