"""myia-opt's plugins: installed ones that fail to load do not break the tool,
``--no-plugins`` / ``MYIA_NO_PLUGINS`` skip them, and ``--load-pass-plugin``
files (without ``register``, importing their siblings, replacing an installed
plugin's pass)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

import myia
import myia.registry as registry_module
from myia.errors import MyiaError
from myia.opt import main
from myia.registry import default_registry

PASS_TEMPLATE = '''
"""A plugin with one pass that marks the module it ran on."""
from dataclasses import dataclass

from xdsl.dialects.builtin import ModuleOp, StringAttr
from xdsl.passes import ModulePass


@dataclass(frozen=True)
class Mark(ModulePass):
    """Mark the module (a test plugin's pass)."""

    name = "test-mark"

    def apply(self, ctx, op: ModuleOp) -> None:
        op.attributes["test.marked_by"] = StringAttr("{who}")


def register(registry):
    registry.register_pass(Mark)
'''

IR = "myia.func @f(%x) {\n  myia.return %x\n}\n"


def run_opt(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A directory on ``sys.path`` for plugin modules; the default registry is
    rebuilt with the fake entry points, and forgotten after the test."""
    monkeypatch.syspath_prepend(str(tmp_path))
    before = set(sys.modules)
    registry_module.reset_default_registry()
    yield tmp_path
    for name in set(sys.modules) - before:
        if name.startswith(("myia_test_", "_myia_plugin_")):
            del sys.modules[name]
    registry_module.reset_default_registry()


def fake_entry_points(monkeypatch, **values: str) -> None:
    """Installed plugins: ``name=module[:attr]`` under ``myia.plugins``."""
    eps = [EntryPoint(name=n, value=v, group="myia.plugins") for n, v in values.items()]
    monkeypatch.setattr(
        registry_module, "entry_points", lambda group: eps if group == "myia.plugins" else []
    )
    registry_module.reset_default_registry()


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text))
    return path


# ---------------------------------------------------------------------------
# A broken installed plugin


@pytest.mark.parametrize("how", ["import", "register"])
def test_broken_plugin_does_not_break_the_tool(site, monkeypatch, capsys, how):
    write(site / "myia_test_good.py", PASS_TEMPLATE.format(who="good"))
    if how == "import":
        write(site / "myia_test_broken.py", "SETTINGS = {}\nLEVEL = SETTINGS['level']\n")
    else:
        # It registers a pass, then fails: what it registered is taken back.
        write(
            site / "myia_test_broken.py",
            PASS_TEMPLATE.format(who="broken").replace("test-mark", "test-half")
            + "\n    raise RuntimeError('no licence')\n",
        )
    fake_entry_points(monkeypatch, good="myia_test_good", broken="myia_test_broken")
    reg = default_registry()
    assert "test-mark" in reg.passes and "test-half" not in reg.passes
    assert list(reg.broken) == ["broken"]

    with pytest.raises(SystemExit) as exit_help:
        main(["--help"])
    assert exit_help.value.code == 0
    assert "--no-plugins" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_version:
        main(["--version"])
    assert exit_version.value.code == 0
    assert "myia-opt" in capsys.readouterr().out

    status, out, err = run_opt(capsys, "--list-passes")
    assert status == 0, err
    assert "test-mark" in out
    error = "KeyError: 'level'" if how == "import" else "RuntimeError: no licence"
    broken_line = next(line for line in out.splitlines() if line.startswith("  broken  "))
    assert "(broken)" in broken_line and error in broken_line
    assert "myia_test_broken.py:" in broken_line  # where it failed

    ir = write(site / "in.mlir", IR)
    status, out, err = run_opt(capsys, str(ir), "-p", "test-mark")
    assert status == 0, err
    assert 'test.marked_by = "good"' in out and err == ""

    # A pass the broken plugin may have provided: the error says why it may be missing.
    status, _, err = run_opt(capsys, str(ir), "-p", "test-half")
    assert status == 1
    assert "unknown pass 'test-half'" in err
    assert "the plugin 'broken' failed to load (see --list-passes)" in err
    assert "Traceback" not in err


def test_clashing_plugin_is_broken_not_fatal(site, monkeypatch, capsys):
    write(site / "myia_test_good.py", PASS_TEMPLATE.format(who="first"))
    write(site / "myia_test_again.py", PASS_TEMPLATE.format(who="second"))
    fake_entry_points(monkeypatch, a="myia_test_good", b="myia_test_again")
    reg = default_registry()
    assert reg.origins[("pass", "test-mark")].startswith("plugin 'a'")
    assert "'test-mark' is already registered by plugin 'a'" in reg.broken["b"].message


def test_no_plugins_skips_entry_points(site, monkeypatch, capsys):
    write(site / "myia_test_good.py", PASS_TEMPLATE.format(who="good"))
    write(site / "myia_test_broken.py", "raise ImportError('nope')\n")
    fake_entry_points(monkeypatch, good="myia_test_good", broken="myia_test_broken")
    ir = write(site / "in.mlir", IR)

    status, out, _ = run_opt(capsys, "--list-passes", "--no-plugins")
    assert status == 0 and "test-mark" not in out and "broken" not in out
    status, _, err = run_opt(capsys, str(ir), "--no-plugins", "-p", "test-mark")
    assert status == 1 and "unknown pass 'test-mark'" in err and "failed to load" not in err

    monkeypatch.setenv("MYIA_NO_PLUGINS", "1")
    registry_module.reset_default_registry()
    assert "test-mark" not in default_registry().passes
    status, out, _ = run_opt(capsys, "--list-passes")
    assert status == 0 and "test-mark" not in out and "broken" not in out
    monkeypatch.setenv("MYIA_NO_PLUGINS", "0")  # "0" (or "") loads them
    registry_module.reset_default_registry()
    assert "test-mark" in default_registry().passes


def test_broken_installed_distribution_in_a_subprocess(tmp_path):
    """A real distribution (a dist-info on sys.path) whose plugin cannot be
    imported: --help, --version and --list-passes still work."""
    write(tmp_path / "myia_test_broken_dist.py", "import no_such_module_anywhere\n")
    dist = tmp_path / "myia_test_broken_dist-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: myia-test-broken\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[myia.plugins]\nbroken = myia_test_broken_dist\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    env.pop("MYIA_NO_PLUGINS", None)
    opt = [sys.executable, "-m", "myia.opt"]
    for flags in (["--help"], ["--version"]):
        result = subprocess.run([*opt, *flags], capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    result = subprocess.run([*opt, "--list-passes"], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert "ModuleNotFoundError: No module named 'no_such_module_anywhere'" in result.stdout


# ---------------------------------------------------------------------------
# --load-pass-plugin files


def test_plugin_file_without_register_registers_its_passes(site, capsys):
    plugin = write(
        site / "auto_plugin.py",
        '''
        """No register(): every named pass defined here is registered."""
        from dataclasses import dataclass

        from xdsl.dialects.builtin import StringAttr
        from xdsl.passes import ModulePass

        from myia.passes.cse import CSEPass  # imported, not defined here: not registered


        @dataclass(frozen=True)
        class Tag(ModulePass):
            """Tag the module."""

            name = "test-tag"
            value: str = "x"

            def apply(self, ctx, op):
                op.attributes["test.tag"] = StringAttr(self.value)


        class Base(ModulePass):
            """No name: a base class, not a pass."""
        ''',
    )
    ir = write(site / "in.mlir", IR)
    status, out, err = run_opt(
        capsys, str(ir), "--load-pass-plugin", str(plugin), "-p", "test-tag{value=yes}"
    )
    assert status == 0, err
    assert 'test.tag = "yes"' in out


def test_plugin_file_with_nothing_to_register_is_an_error(site, capsys):
    plugin = write(site / "empty_plugin.py", "X = 1\n")
    status, _, err = run_opt(capsys, "--list-passes", "--load-pass-plugin", str(plugin))
    assert status == 1
    assert "defines no pass" in err and "Traceback" not in err


def test_plugin_file_imports_its_siblings(site, tmp_path_factory, capsys):
    folder = tmp_path_factory.mktemp("plugin_dir")  # not on sys.path
    write(folder / "myia_test_helpers.py", "LABEL = 'from the sibling'\n")
    plugin = write(
        folder / "sibling_plugin.py",
        """
        from dataclasses import dataclass

        from xdsl.dialects.builtin import StringAttr
        from xdsl.passes import ModulePass

        from myia_test_helpers import LABEL


        @dataclass(frozen=True)
        class Label(ModulePass):
            name = "test-label"

            def apply(self, ctx, op):
                op.attributes["test.label"] = StringAttr(LABEL)
        """,
    )
    ir = write(site / "in.mlir", IR)
    status, out, err = run_opt(
        capsys, str(ir), "--load-pass-plugin", str(plugin), "-p", "test-label"
    )
    assert status == 0, err
    assert 'test.label = "from the sibling"' in out
    assert str(folder) not in sys.path  # only while it loads


def test_plugin_file_replaces_an_installed_plugins_pass(site, monkeypatch, capsys):
    """Editing an installed plugin: the file given with --load-pass-plugin wins,
    without uninstalling the package, and without a warning."""
    write(site / "myia_test_good.py", PASS_TEMPLATE.format(who="installed"))
    fake_entry_points(monkeypatch, mine="myia_test_good")
    edited = write(site / "edited.py", PASS_TEMPLATE.format(who="edited"))
    ir = write(site / "in.mlir", IR)
    status, out, err = run_opt(capsys, str(ir), "-p", "test-mark")
    assert status == 0 and 'test.marked_by = "installed"' in out
    status, out, err = run_opt(
        capsys, str(ir), "--load-pass-plugin", str(edited), "-p", "test-mark"
    )
    assert status == 0, err
    assert 'test.marked_by = "edited"' in out and err == ""
    # The installed registry itself is unchanged (the file applies to that run).
    assert default_registry().origins[("pass", "test-mark")].startswith("plugin 'mine'")


def test_plugin_file_does_not_silently_replace_builtin_passes(site, capsys):
    plugin = write(
        site / "shadow.py",
        PASS_TEMPLATE.format(who="shadow").replace('name = "test-mark"', 'name = "cse"'),
    )
    status, _, err = run_opt(capsys, "--list-passes", "--load-pass-plugin", str(plugin))
    assert status == 1
    assert "the pass 'cse' is already registered by myia; pass replace=True" in err


def test_jit_names_the_broken_plugin_of_a_missing_pass(site, monkeypatch):
    write(site / "myia_test_broken.py", "raise ImportError('nope')\n")
    fake_entry_points(monkeypatch, broken="myia_test_broken")

    def f(x):
        return x + 1.0

    with pytest.raises(MyiaError, match="the plugin 'broken' failed to load"):
        myia.jit(f, passes="test-mark")(1.0)
