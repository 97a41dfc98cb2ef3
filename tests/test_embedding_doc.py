"""docs/embedding.md's examples run: its Python blocks in order, in one
namespace, and its ``$ myia-run`` lines (run from the repository's root) print
what the page shows after them."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
from pathlib import Path

import pytest

from myia.run import main as myia_run

ROOT = Path(__file__).resolve().parent.parent
PATH = ROOT / "docs" / "embedding.md"
DOC = PATH.read_text()
BLOCKS = re.findall(r"^```(\w*)\n(.*?)^```$", DOC, re.M | re.S)


def test_the_python_examples_run():
    # Each block compiled at its lines of the page (the frontend reads the
    # source of the functions it defines from there).
    namespace: dict[str, object] = {}
    python = [m for m in re.finditer(r"^```python\n(.*?)^```$", DOC, re.M | re.S)]
    assert len(python) >= 5
    for match in python:
        first_line = DOC.count("\n", 0, match.start(1))
        code = "\n" * first_line + match.group(1)
        exec(compile(code, str(PATH), "exec"), namespace)


def sessions():
    """Each ``$ myia-run`` line of the page and the lines it prints."""
    out = []
    for lang, code in BLOCKS:
        if lang or "$ myia-run" not in code:
            continue
        for chunk in re.split(r"^\$ ", code, flags=re.M)[1:]:
            command, *printed = chunk.rstrip("\n").split("\n")
            out.append((command, "\n".join(printed)))
    return out


@pytest.mark.parametrize(("command", "printed"), sessions())
def test_the_myia_run_examples_print_what_the_page_shows(command, printed, monkeypatch):
    monkeypatch.chdir(ROOT)
    argv = shlex.split(command)
    assert argv[0] == "myia-run"
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = myia_run(argv[1:])
    shown = stdout.getvalue() if status == 0 else stderr.getvalue()
    assert shown.rstrip("\n") == printed
    assert status == (1 if "error:" in printed else 0)
    assert os.getcwd() == str(ROOT)
