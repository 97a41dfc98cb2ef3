"""myia-opt, the registry and its plugins, and the passes' invariants.

The FileCheck tests (tests/filecheck/) cover what myia-opt prints; these cover
what is easier to check from Python: the registry API, plugins found through the
``myia.plugins`` entry point group (faked, and installed for real on a temporary
``sys.path``), that no user mistake ends in a traceback, and that every pass
keeps the corpus programs' IR valid.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import textwrap
import time
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Dialect
from xdsl.parser import Parser
from xdsl.passes import ModulePass
from xdsl.printer import Printer

import myia.registry as registry_module
from myia.context import make_context
from myia.opt import main
from myia.opt_signature import annotated_args
from myia.pyfiles import import_file
from myia.registry import PluginError, Registry, default_registry

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ROOT / "tests" / "programs"


def run_opt(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# ---------------------------------------------------------------------------
# Registry


def test_default_registry_has_myia_and_upstream():
    reg = default_registry()
    assert "myia" in reg.dialects and "arith" in reg.dialects and "builtin" in reg.dialects
    for name in ("cse", "dce", "canonicalize", "myia-inline"):
        assert reg.origins[("pass", name)] == "myia"
        assert reg.get_pass(name).name == name
    # Upstream passes stay available under their own names.
    assert reg.origins[("pass", "convert-linalg-to-loops")] == "xdsl"


def test_registering_a_name_twice_is_an_error_unless_replaced():
    reg = Registry(origin="first")

    @dataclass_pass("p")
    class First(ModulePass):
        def apply(self, ctx, op):
            pass

    reg.register_pass(First)
    reg.origin = "second"
    with pytest.raises(PluginError, match="'p' is already registered by first"):
        reg.register_pass("p", lambda: First)
    reg.register_pass("p", lambda: First, replace=True)
    assert reg.origins[("pass", "p")] == "second"
    with pytest.raises(PluginError, match="not a ModulePass"):
        reg.register_pass(int)  # type: ignore[arg-type]
    with pytest.raises(PluginError, match="factory"):
        reg.register_dialect("d", "not callable")  # type: ignore[arg-type]


def dataclass_pass(name: str):
    """Make a frozen-dataclass pass with ``name`` (pass classes need both)."""
    from dataclasses import dataclass

    def wrap(cls):
        cls.name = name
        return dataclass(frozen=True)(cls)

    return wrap


def test_make_context_parses_myia_and_upstream_dialects():
    ctx = make_context()
    text = """
    myia.func @f(%x) {
      %0 = myia.add %x, %x
      myia.return %0
    }
    func.func @g(%a: i64) -> i64 {
      %b = arith.addi %a, %a : i64
      func.return %b : i64
    }
    """
    module = Parser(ctx, text).parse_module()
    module.verify()
    assert [op.name for op in module.ops] == ["myia.func", "func.func"]


# ---------------------------------------------------------------------------
# Plugins from the myia.plugins entry point group


PLUGIN_SOURCE = '''
"""A third-party plugin: a dialect and a pass."""
from dataclasses import dataclass
from xdsl.ir import Dialect
from xdsl.irdl import IRDLOperation, irdl_op_definition, operand_def
from xdsl.passes import ModulePass


@irdl_op_definition
class ProbeOp(IRDLOperation):
    name = "probe.use"
    value = operand_def()
    assembly_format = "$value attr-dict `:` type($value)"


Probe = Dialect("probe", [ProbeOp])


@dataclass(frozen=True)
class EraseProbes(ModulePass):
    """Erase every probe.use op."""

    name = "erase-probes"

    def apply(self, ctx, op):
        for inner in list(op.walk()):
            if isinstance(inner, ProbeOp):
                inner.detach()
                inner.erase()


def register(registry):
    registry.register_dialect(Probe)
    registry.register_pass(EraseProbes)


# The declarative form: dicts of factories.
dialects = {"probe": lambda: Probe}
passes = {"erase-probes": lambda: EraseProbes}
'''

PROBE_IR = """
myia.func @f(%x) {
  probe.use %x : !myia.any
  myia.return %x
}
"""


@pytest.fixture
def plugin_package(tmp_path, monkeypatch):
    """A plugin module importable from ``sys.path``."""
    (tmp_path / "myia_probe_plugin.py").write_text(PLUGIN_SOURCE)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    sys.modules.pop("myia_probe_plugin", None)
    registry_module.reset_default_registry()


def fake_entry_points(monkeypatch, *values: str):
    eps = [
        EntryPoint(name=f"plugin{i}", value=value, group="myia.plugins")
        for i, value in enumerate(values)
    ]

    def entry_points(group: str):
        return eps if group == "myia.plugins" else []

    monkeypatch.setattr(registry_module, "entry_points", entry_points)
    registry_module.reset_default_registry()


@pytest.mark.parametrize(
    "value", ["myia_probe_plugin", "myia_probe_plugin:register"], ids=["module", "function"]
)
def test_entry_point_plugin_with_register(plugin_package, monkeypatch, capsys, value):
    fake_entry_points(monkeypatch, value)
    reg = default_registry()
    assert reg.origins[("pass", "erase-probes")].startswith("plugin 'plugin0'")
    ir = plugin_package / "probe.mlir"
    ir.write_text(PROBE_IR)
    status, out, err = run_opt(capsys, str(ir), "-p", "erase-probes")
    assert status == 0, err
    assert "probe.use" not in out and "myia.return %x" in out


def test_entry_point_plugin_with_dicts(plugin_package, monkeypatch):
    fake_entry_points(monkeypatch, "myia_probe_plugin:passes")
    # An object without register() but a `passes`/`dialects` attribute: here the
    # entry point is the dict itself, which has neither, so point at a namespace.
    import types

    import myia_probe_plugin

    namespace = types.SimpleNamespace(
        dialects=myia_probe_plugin.dialects, passes=myia_probe_plugin.passes
    )
    reg = Registry(origin="test")
    reg.apply_plugin(namespace, "namespace plugin")
    assert "erase-probes" in reg.passes and "probe" in reg.dialects
    assert isinstance(reg.dialects["probe"](), Dialect)


def test_installed_plugin_is_found_without_code_changes(tmp_path):
    """A real installed distribution (a dist-info on sys.path) with a
    ``myia.plugins`` entry point: myia-opt finds it by itself."""
    (tmp_path / "myia_probe_plugin.py").write_text(PLUGIN_SOURCE)
    dist = tmp_path / "myia_probe_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: myia-probe-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[myia.plugins]\nprobe = myia_probe_plugin\n")
    (tmp_path / "probe.mlir").write_text(PROBE_IR)
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    opt = [sys.executable, "-m", "myia.opt"]
    result = subprocess.run(
        [*opt, str(tmp_path / "probe.mlir"), "-p", "erase-probes"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "probe.use" not in result.stdout


# ---------------------------------------------------------------------------
# Errors: one paragraph, no traceback


BAD_INPUTS = {
    "unparsable": (
        "myia.func @f(%x) {\n  %0 = myia.add %x,\n  myia.return %0\n}\n",
        [],
        ":3:3: error:",
    ),
    "invalid": (
        "myia.func @f(%x) {\n  %0 = myia.neg %x, %x\n  myia.return %0\n}\n",
        [],
        ":2:3: error: myia.neg takes 1 operand, got 2",
    ),
    "unknown pass": ("", ["-p", "no-such-pass"], "unknown pass 'no-such-pass'"),
    "bad option": ("", ["-p", "myia-inline{max-size=x}"], "invalid options for pass 'myia-inline'"),
    "bad pipeline": ("", ["-p", "cse,,{"], "invalid pass pipeline"),
    "undefined ssa": ("myia.func @f() {\n  myia.return %nope\n}\n", [], "error:"),
    "not utf-8": (b"\xff\xfe", [], "is not UTF-8"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_user_mistakes_are_one_paragraph(tmp_path, capsys, case):
    text, extra, expected = BAD_INPUTS[case]
    path = tmp_path / "input.mlir"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    status, out, err = run_opt(capsys, str(path), *extra)
    assert status == 1
    assert expected in err
    assert "Traceback" not in err + out
    assert err.count("\n\n") == 0  # one paragraph


def test_python_input_errors(tmp_path, capsys):
    bad_syntax = tmp_path / "syntax.py"
    bad_syntax.write_text("def f(x):\n    return x +\n")
    status, _, err = run_opt(capsys, str(bad_syntax), "--entry", "f")
    assert status == 1 and "Traceback" not in err and "syntax.py" in err

    raises = tmp_path / "raises.py"
    raises.write_text("import math\n\nVALUE = 1 / 0\n\ndef f(x):\n    return x\n")
    status, _, err = run_opt(capsys, str(raises), "--entry", "f")
    assert status == 1 and "Traceback" not in err
    assert "raises.py:3:" in err and "ZeroDivisionError" in err

    status, _, err = run_opt(capsys, str(tmp_path / "missing.py"), "--entry", "f")
    assert status == 1 and "cannot read" in err


def test_internal_errors_are_reported_and_traceback_on_request(tmp_path, capsys):
    plugin = tmp_path / "crash.py"
    plugin.write_text(
        textwrap.dedent(
            '''
            from dataclasses import dataclass
            from xdsl.passes import ModulePass

            @dataclass(frozen=True)
            class Crash(ModulePass):
                """Always fails."""
                name = "crash"

                def apply(self, ctx, op):
                    raise RuntimeError("boom")

            def register(registry):
                registry.register_pass(Crash)
            '''
        )
    )
    ir = tmp_path / "in.mlir"
    ir.write_text("myia.func @f(%x) {\n  myia.return %x\n}\n")
    status, _, err = run_opt(capsys, str(ir), "--load-pass-plugin", str(plugin), "-p", "crash")
    assert status == 1
    assert "internal error in pass 'crash': RuntimeError: boom" in err
    assert "crash.py:11" in err and "Traceback" not in err
    status, _, err = run_opt(
        capsys, str(ir), "--load-pass-plugin", str(plugin), "-p", "crash", "--traceback"
    )
    assert status == 1 and "Traceback" in err


# ---------------------------------------------------------------------------
# Passes keep the IR valid, on every program of the corpus


def corpus_modules() -> list[tuple[str, ModuleOp]]:
    """Fresh copies of the corpus programs' IR (parsed once per session)."""
    return [(name, module.clone()) for name, module in _parsed_corpus()]


@functools.cache
def _parsed_corpus() -> list[tuple[str, ModuleOp]]:
    from myia.frontend import load_python_file, parse

    modules = []
    for path in sorted(PROGRAMS.glob("*.py")):
        try:
            fn = load_python_file(path).main
            modules.append((path.stem, parse(fn)))
        except Exception:  # frontend bugs are tests/test_programs.py's business
            continue
    return modules


@pytest.mark.parametrize(
    "pipeline",
    [
        "canonicalize",
        "cse",
        "dce",
        "myia-inline",
        "canonicalize,myia-inline,canonicalize,cse,dce",
        "myia-inline{simplify=true},cse,dce",
    ],
)
def test_passes_keep_corpus_ir_valid(pipeline):
    from xdsl.passes import PassPipeline

    reg = default_registry(plugins=False)
    ctx = make_context(reg)
    modules = corpus_modules()
    assert len(modules) > 50
    passes = PassPipeline.parse_spec(reg.passes, pipeline).passes
    for name, module in modules:
        for pass_ in passes:
            pass_.apply(ctx, module)
            try:
                module.verify()
            except Exception as exc:  # pragma: no cover - the message is the point
                raise AssertionError(f"{name}: {pass_.name} broke the IR: {exc}") from exc


def test_optimized_corpus_agrees_with_cpython():
    """The optimized IR computes what the program computes, on the reference
    interpreter, wherever the unoptimized IR does."""
    interpreter = pytest.importorskip("myia.runtime.interpreter")
    from xdsl.passes import PassPipeline

    from myia.frontend import load_python_file, parse

    reg = default_registry(plugins=False)
    ctx = make_context(reg)
    pipeline = PassPipeline.parse_spec(reg.passes, "myia-inline{simplify=true},cse,dce")
    checked = 0
    for path in sorted(PROGRAMS.glob("*.py")):
        module_py = load_python_file(path)
        try:
            before = parse(module_py.main)
            after = parse(module_py.main)
        except Exception:
            continue
        pipeline.apply(ctx, after)
        for args in getattr(module_py, "CASES", []):
            expected = module_py.main(*args)
            try:
                reference = interpreter.Interpreter(before).call("main", *args)
            except Exception:
                continue  # the interpreter's business, not the passes'
            if reference != expected:
                continue
            result = interpreter.Interpreter(after).call("main", *args)
            assert result == expected, f"{path.stem}{args}: {result!r} != {expected!r}"
            checked += 1
    assert checked > 0


# ---------------------------------------------------------------------------
# Speed of the driver: parse + print of a large module


def big_module_text(n_ops: int) -> str:
    """A module of about ``n_ops`` ops: functions of 100 primitives each."""
    lines = []
    per_func = 100
    for f in range(max(1, n_ops // per_func)):
        lines.append(f"myia.func @f{f}(%x, %y) {{")
        lines.append("  %v0 = myia.add %x, %y")
        for i in range(1, per_func - 2):
            op = ("add", "mul", "sub")[i % 3]
            lines.append(f"  %v{i} = myia.{op} %v{i - 1}, %x")
        lines.append(f"  %c = myia.call @f{max(f - 1, 0)}(%v{per_func - 3}, %y)")
        lines.append("  myia.return %c")
        lines.append("}")
    return "\n".join(lines) + "\n"


def test_large_module_round_trips(tmp_path, capsys):
    path = tmp_path / "big.mlir"
    path.write_text(big_module_text(2000))
    status, out, err = run_opt(capsys, str(path))
    assert status == 0, err
    assert out.count("myia.func") == 20


def measure(n_ops: int = 10_000) -> None:  # pragma: no cover - run by hand
    """``python tests/test_opt.py``: time parse+verify+print of a 10,000-op
    module, through myia-opt's driver and through xDSL directly."""
    import io
    import tempfile

    text = big_module_text(n_ops)
    with tempfile.NamedTemporaryFile("w", suffix=".mlir", delete=False) as f:
        f.write(text)
    ctx = make_context()
    start = time.perf_counter()
    module = Parser(ctx, text).parse_module()
    module.verify()
    Printer(stream=io.StringIO()).print_op(module)
    direct = time.perf_counter() - start
    start = time.perf_counter()
    with open(os.devnull, "w") as devnull:
        saved, sys.stdout = sys.stdout, devnull
        try:
            main([f.name, "--timing"])
        finally:
            sys.stdout = saved
    driver = time.perf_counter() - start
    ops = sum(1 for _ in module.walk())
    print(f"{ops} ops: xDSL parse+verify+print {direct:.3f} s; myia-opt driver {driver:.3f} s")
    os.unlink(f.name)


if __name__ == "__main__":  # pragma: no cover
    measure()


# ---------------------------------------------------------------------------
# Pass options that are IR types


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("cse,dce", "cse,dce"),
        ("myia-infer{entry=f args=f64,i64}", "myia-infer{entry=f args=f64,i64}"),
        (
            "myia-infer{entry=f args=tuple<i64,f64>,f64}",
            'myia-infer{entry=f args="tuple<i64,f64>",f64}',
        ),
        (
            "myia-infer{args=f64,tuple<i64,tuple<f64,f64>>},dce",
            'myia-infer{args=f64,"tuple<i64,tuple<f64,f64>>"},dce',
        ),
        (
            'myia-infer{args="tuple<i64, f64>",f64}',
            'myia-infer{args="tuple<i64, f64>",f64}',
        ),
        (
            'myia-infer{args=!myia.record<"m.P", x: f64>}',
            'myia-infer{args="!myia.record<\\"m.P\\", x: f64>"}',
        ),
    ],
)
def test_bracketed_pass_options_are_quoted(spec, expected):
    from xdsl.utils.arg_spec import parse_pipeline

    from myia.opt import quote_bracketed_options

    assert quote_bracketed_options(spec) == expected
    list(parse_pipeline(quote_bracketed_options(spec)))  # xDSL accepts it


# ---------------------------------------------------------------------------
# Python input: the entry's types from its annotations


ANNOTATED = """
from __future__ import annotations

import numpy as np


def f(x: float, n: int, b: bool, s: np.float32, t: tuple[int, bool], a: "tensor<?x3xf32>"):
    return x
"""


def test_annotations_as_strings_are_evaluated_in_the_module(tmp_path):
    path = tmp_path / "myia_test_annotated.py"
    path.write_text(ANNOTATED)
    module = import_file("myia_test_annotated", path)
    try:
        args = annotated_args(module.f, make_context())
    finally:
        sys.modules.pop("myia_test_annotated", None)
    assert args == ("float", "int", "bool", "f32", "tuple<i64, i1>", "tensor<?x3xf32>")


def test_annotated_entry_infers_as_jit_calls_it(tmp_path, capsys):
    """``x: float`` is what jit sees for a Python float: weak, so that
    ``x * np.float32(2)`` is an f32, as in numpy 2 (and as jit(f)(1.0) gives)."""
    source = tmp_path / "prog.py"
    source.write_text("import numpy as np\n\n\ndef f(x: float):\n    return x * np.float32(2)\n")
    status, out, err = run_opt(capsys, str(source), "--entry", "f", "-p", "myia-infer")
    assert status == 0, err
    assert "myia.func @f(%x : f64) -> f32" in out
