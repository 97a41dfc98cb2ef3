"""Finds every subpackage of ``myia`` for setuptools.

The top-level folders are subpackages of ``myia``, mapped in pyproject.toml's
``[tool.setuptools.package-dir]`` (``"myia.passes" = "passes"``). setuptools' own
discovery cannot prefix what it finds under such a folder with the folder's package
name, so this script does: each mapped folder is searched, and ``passes/grad`` becomes
``myia.passes.grad``. Everything else is declared in pyproject.toml.
"""

import tomllib
from pathlib import Path

from setuptools import find_packages, setup

ROOT = Path(__file__).resolve().parent


def myia_packages() -> list[str]:
    """Each mapped package and every package found below its folder."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    package_dir = config["tool"]["setuptools"]["package-dir"]
    found = set(package_dir)
    for package, folder in package_dir.items():
        found.update(f"{package}.{sub}" for sub in find_packages(str(ROOT / folder)))
    return sorted(found)


setup(packages=myia_packages())
