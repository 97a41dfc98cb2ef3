"""No module of the package is over 800 lines: a longer one is split along its seams
(issue 14), and this keeps it so."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 800


def package_modules() -> list[Path]:
    """Every module under the folders pyproject.toml maps to ``myia``."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    folders = config["tool"]["setuptools"]["package-dir"].values()
    return sorted(path for folder in folders for path in (ROOT / folder).rglob("*.py"))


def line_count(path: Path) -> int:
    with path.open(encoding="utf-8") as f:
        return sum(1 for _ in f)


def test_the_package_has_modules():
    modules = package_modules()
    assert len(modules) > 50
    assert ROOT / "runtime" / "interpreter.py" in modules


def test_no_module_over_the_limit():
    too_long = {
        path.relative_to(ROOT).as_posix(): n
        for path in package_modules()
        if (n := line_count(path)) > MAX_LINES
    }
    assert not too_long, f"modules over {MAX_LINES} lines (split them): {too_long}"


def test_line_count_counts_lines(tmp_path):
    path = tmp_path / "m.py"
    path.write_text("a = 1\n" * (MAX_LINES + 1))
    assert line_count(path) == MAX_LINES + 1
