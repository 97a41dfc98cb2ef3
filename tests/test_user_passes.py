"""Passes a user adds to what ``myia.jit`` runs: ``myia.jit(f, passes=...)``.

They run in the cpu pipeline (``lowering/pipelines.py``) on the typed module of
each signature, after simplification; the tutorial of ``docs/passes.md`` runs as
written; compiled code cached on disk is never served for other passes.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass
from xdsl.rewriter import Rewriter

import myia
import myia.registry
from myia.dialects import PRIMITIVES, prim_op
from myia.dialects.types import AnyType
from myia.errors import MyiaError

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class AddToSub(ModulePass):
    """Replace every myia.add by a myia.sub (a test pass whose effect shows)."""

    name = "test-add-to-sub"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        add = PRIMITIVES["add"].op
        for inner in list(op.walk()):
            if isinstance(inner, add):
                new = prim_op("sub", *inner.operands, result_type=inner.results[0].type)
                new.location = inner.location
                Rewriter.replace_op(inner, new)


SEEN: list[list[str]] = []


@dataclass(frozen=True)
class RecordOps(ModulePass):
    """Record the names of the ops of the module it runs on."""

    name = "test-record-ops"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        SEEN.append([inner.name for inner in op.walk()])
        for inner in op.walk():
            for value in inner.results:
                assert not isinstance(value.type, AnyType), inner.name


def add(x, y):
    return x + y


def square(x):
    return x * x


def helper(x):
    return x * 3.0


def calls_helper(x):
    return helper(x) + 1.0


def test_a_pass_runs_in_jit():
    assert myia.jit(add)(5.0, 3.0) == 8.0
    assert myia.jit(add, passes=[AddToSub()])(5.0, 3.0) == 2.0
    assert myia.jit(add, passes=AddToSub())(5, 3) == 2  # one pass, other types


def test_decorator_form():
    @myia.jit(passes=[AddToSub()])
    def f(x):
        return x + 1

    assert f(10) == 9


def test_passes_see_typed_simplified_ir():
    """After simplification: the small helper is inlined, everything is typed."""
    SEEN.clear()
    assert myia.jit(calls_helper, passes=[RecordOps()])(2.0) == 7.0
    (names,) = SEEN
    assert "myia.mul" in names and "myia.add" in names
    assert "myia.call" not in names


def test_passes_run_on_gradient_code():
    """jit(grad(f)): the pass runs on the expanded gradient (its sum of the two
    partial derivatives of x * x becomes a difference)."""
    assert myia.jit(myia.grad(square))(3.0) == 6.0
    assert myia.jit(myia.grad(square), passes=[AddToSub()])(3.0) == 0.0


def test_a_pipeline_spec_with_registered_names(monkeypatch):
    registry = myia.registry.default_registry().copy()
    registry.register_pass(AddToSub)
    monkeypatch.setattr(myia.registry, "_DEFAULT", registry)
    assert myia.jit(add, passes="test-add-to-sub,cse")(5.0, 3.0) == 2.0
    assert myia.jit(add, passes=["cse", AddToSub()])(5.0, 3.0) == 2.0


def test_errors_are_reported_when_jit_is_called():
    with pytest.raises(MyiaError, match="no-such-pass"):
        myia.jit(add, passes="no-such-pass")
    with pytest.raises(MyiaError, match="ModulePass instances, not 42"):
        myia.jit(add, passes=[42])
    with pytest.raises(MyiaError, match="the backend 'interp' does not run passes"):
        myia.jit(add, backend="interp", passes=[AddToSub()])
    assert myia.jit(add, backend="interp", passes=[])(1.0, 2.0) == 3.0  # none to run


CHILD = """
import json, sys
sys.path.insert(0, sys.argv[1])
import myia
from myia.runtime.jit import get_jit
from test_user_passes import AddToSub, add
passes = [AddToSub()] if sys.argv[2] == "sub" else None
result = myia.jit(add, passes=passes)(5.0, 3.0)
stats = get_jit().stats
print(json.dumps({"result": result, "cache_hits": stats.cache_hits}))
"""


def test_disk_cache_keeps_code_of_other_passes_apart(tmp_path):
    """The disk cache is keyed by what the pipeline made: code compiled without
    the pass is not served to a function compiled with it, and the other way."""
    env = dict(os.environ, MYIA_CACHE_DIR=str(tmp_path / "cache"))

    def run(mode: str) -> dict:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(Path(__file__).parent), mode],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout)

    assert run("add") == {"result": 8.0, "cache_hits": 0}
    assert run("sub") == {"result": 2.0, "cache_hits": 0}
    assert run("sub") == {"result": 2.0, "cache_hits": 1}
    assert run("add") == {"result": 8.0, "cache_hits": 1}


def _block(text: str, first_line: str) -> str:
    """The fenced code block of ``text`` that starts with ``first_line``."""
    match = re.search(r"```\w*\n(" + re.escape(first_line) + r"\n.*?)```", text, re.S)
    assert match, first_line
    return match.group(1)


def test_the_tutorials_jit_example_runs_as_written(tmp_path):
    """docs/passes.md: strength.py, then run_strength.py, prints what it shows."""
    doc = (ROOT / "docs" / "passes.md").read_text()
    (tmp_path / "strength.py").write_text(_block(doc, "# strength.py"))
    example = _block(doc, "# run_strength.py")
    (tmp_path / "run_strength.py").write_text(example)
    after = doc[doc.index(example) + len(example) + len("```") :]
    expected = re.search(r"```\n(.*?)```", after, re.S)
    assert expected
    done = subprocess.run(
        [sys.executable, "run_strength.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout == textwrap.dedent(expected.group(1))
