"""Compilations reported on the ``myia.compile`` logger (``MYIA_LOG=compile``),
and the phases of a long compilation shown on stderr while it runs."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import time

import numpy as np

import myia
from myia import compile_log

LINE = r"compiled {}\({}\) in [0-9.]+ s \[parse [0-9.]+, infer [0-9.]+, lower [0-9.]+, llvm [0-9.]+\]; {}"


def scaled_sum(x, n):
    return np.sum(x) * n


def test_each_compilation_is_logged_with_its_phases_and_reason(caplog):
    f = myia.jit(scaled_sum)
    with caplog.at_level(logging.INFO, logger="myia.compile"):
        f(np.ones(3), 2)
        f(np.ones(3), 3)  # no compilation
        f(np.ones(4), 2)
        f(np.ones(4), 2.0)
    messages = [r.getMessage() for r in caplog.records if r.name == "myia.compile"]
    assert len(messages) == 3

    assert re.fullmatch(LINE.format("scaled_sum", "x: f64 x 3, n: i64", "first call"), messages[0])
    assert messages[1].endswith("new signature: 'x' was f64 x 3, now f64 x 4")
    assert messages[2].endswith("new signature: 'n' was i64, now f64")


def test_myia_log_compile_prints_on_stderr(tmp_path):
    program = tmp_path / "prog.py"
    program.write_text("import myia\n\n@myia.jit\ndef f(x):\n    return x + 1.0\n\nf(1.0)\n")
    env = {**os.environ, "MYIA_LOG": "compile"}
    result = subprocess.run(
        [sys.executable, str(program)], env=env, capture_output=True, text=True, check=True
    )
    assert result.stderr.startswith("myia: compiled f(x: f64) in "), result.stderr
    env["MYIA_LOG"] = ""
    quiet = subprocess.run(
        [sys.executable, str(program)], env=env, capture_output=True, text=True, check=True
    )
    assert quiet.stderr == ""


def test_a_long_compilation_shows_its_phases(monkeypatch, capsys):
    monkeypatch.setenv("MYIA_PROGRESS", "1")
    monkeypatch.setattr(compile_log, "PROGRESS_AFTER", 0.1)
    report = compile_log.Compilation("model", "x: f64", "first call")
    with report.phase("infer"):
        time.sleep(0.5)  # the progress timer fires: the current phase shows
    with report.phase("lower"):
        pass
    report.done()
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "myia: compiling model: infer..."
    assert err[1] == "myia: compiling model: lower..."
    assert err[2].startswith("myia: compiled model in ")


def test_no_progress_when_stderr_is_not_a_terminal_unless_asked(monkeypatch, capsys):
    monkeypatch.delenv("MYIA_PROGRESS", raising=False)
    assert compile_log.Compilation("f", "", "first call")._timer is None  # (pytest captures stderr)
    monkeypatch.setenv("MYIA_PROGRESS", "0")
    assert compile_log.Compilation("f", "", "first call")._timer is None
