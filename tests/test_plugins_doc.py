"""docs/plugins.md works as written: its plugin (ops with custom syntax, an
analysis pass, a primitive with type, gradient and lowering rules) is extracted
with the other ``# file:`` blocks, and run: through ``myia.jit`` and
``myia.grad`` (gradients against central finite differences, any order), and
through lit with the page's ``lit.cfg`` template and tests.

The plugin runs in subprocesses: it declares a primitive, which would otherwise
stay in this process's tables for the other tests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "plugins.md"
BLOCK = re.compile(r"```\w*\n((?:#|//) file: (\S+)\n.*?)```", re.DOTALL)
BIN = Path(sys.executable).parent

CHECKS = """
import math
import warnings

import numpy as np
import pytest

import myia
from myia.errors import MyiaTypeError, MyiaWarning
from demo_plugin import UnusedParameters, softplus


def model(x, w):
    return softplus(x * w) - softplus(-x)


def central(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


# The reference implementation, outside compiled code.
assert softplus(0.0) == math.log(2.0)
assert softplus(800.0) == 800.0

# Compiled, against the reference (CPython's math on both sides: within 2 ulp).
jitted = myia.jit(model)
for x, w in [(0.5, 3.0), (-2.0, 0.25), (30.0, 1.5), (-40.0, 2.0)]:
    assert math.isclose(jitted(x, w), model(x, w), rel_tol=4e-16, abs_tol=1e-300), (x, w)
assert jitted(800.0, 1.0) == 800.0  # no overflow in exp
assert jitted(np.float32(0.5), np.float32(3.0)).dtype == np.float32
assert myia.jit(model, backend="interp")(0.5, 3.0) == model(0.5, 3.0)

# Gradients against central finite differences in float64, first and second order.
dx = myia.grad(model)
dw = myia.grad(model, argnums=1)
ddx = myia.grad(myia.grad(model))
for x, w in [(0.5, 3.0), (-1.25, 0.75), (2.0, -1.5)]:
    assert math.isclose(dx(x, w), central(lambda t: model(t, w), x), rel_tol=1e-7), (x, w)
    assert math.isclose(dw(x, w), central(lambda t: model(x, t), w), rel_tol=1e-7), (x, w)
    assert math.isclose(
        ddx(x, w), central(lambda t: dx(t, w), x, 1e-5), rel_tol=1e-6, abs_tol=1e-9
    ), (x, w)

# A type error names the primitive's call.
with pytest.raises(MyiaTypeError, match="softplus\\\\(\\\\) takes a float"):
    myia.jit(model)(np.ones(3), 2.0)

# The analysis pass inside jit: a located Python warning, nothing on stdout.
def unused(x, y):
    return x


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    assert myia.jit(unused, passes=UnusedParameters())(1.0, 2.0) == 1.0
found = [w.message for w in caught if isinstance(w.message, MyiaWarning)]
assert found and "parameter 'y' of @unused is unused" in str(found[0]), caught
print("ok")
"""


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """The page's ``# file:`` blocks, written out in a fresh directory."""
    folder = tmp_path_factory.mktemp("plugin_doc")
    blocks = BLOCK.findall(DOC.read_text())
    assert {name for _, name in blocks} >= {
        "demo_plugin.py",
        "use_demo.py",
        "lit.cfg",
        "tests/softplus.mlir",
        "tests/unused.mlir",
    }
    for text, name in blocks:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return folder


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("MYIA_NO_PLUGINS", None)
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_the_usage_example_runs(extracted):
    result = run([sys.executable, "use_demo.py"], extracted)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.split()) == 3  # the two gradients it prints


def test_the_plugin_primitive_jits_and_differentiates(extracted):
    (extracted / "check_demo.py").write_text(textwrap.dedent(CHECKS))
    result = run([sys.executable, "check_demo.py"], extracted)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_lit_template_runs_the_tests(extracted):
    result = run([str(BIN / "lit"), "-v", "tests"], extracted)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed: 2" in result.stdout


ROUND_TRIP = """
myia.func @f(%x : f64) {
  demo.tag %x, "input" : f64
  %0 = demo.scale %x by 2.5 : f64
  %1 = myia.softplus %0 : f64
  myia.return %1
}
"""


def test_the_custom_syntax_round_trips(extracted):
    """The ops' custom syntax, and the primitive's, through the generic syntax
    and back."""
    opt = [str(BIN / "myia-opt"), "--load-pass-plugin", str(extracted / "demo_plugin.py")]
    generic = subprocess.run(
        [*opt, "--print-op-generic"], input=ROUND_TRIP, capture_output=True, text=True
    )
    assert generic.returncode == 0, generic.stderr
    assert '"demo.scale"' in generic.stdout and '"demo.tag"' in generic.stdout
    again = subprocess.run(opt, input=generic.stdout, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    for line in ROUND_TRIP.strip().splitlines():
        assert line.strip() in again.stdout
