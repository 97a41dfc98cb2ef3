"""Ctrl-C and Python signal handlers interrupt long compiled calls.

Each case runs in a child process (a call that cannot be interrupted would
hang it, not pytest): the child says ``ready`` before each endless call, the
parent sends SIGINT half a second later; ``signal.setitimer`` with a handler
that raises needs no help from the parent.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

CHILD = """
import math, signal, sys, time
import numpy as np
import myia

# A parent whose SIGINT is ignored (a background job) passes that on.
signal.signal(signal.SIGINT, signal.default_int_handler)


def spin(x):
    while x > -1.0:
        x = math.sin(x) + 0.5
    return x


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def smooth(a, steps):
    i = 0
    while i < steps:
        a = a * 0.5 + np.tanh(a)
        i += 1
    return a


spin_jit, fib_jit, smooth_jit = myia.jit(spin), myia.jit(fib), myia.jit(smooth)
# Compile everything first (finite calls).
assert spin_jit(-2.0) == -2.0 and fib_jit(10) == 55
a = np.linspace(0.0, 1.0, 1000)
expected = smooth(a, 3)
assert np.allclose(smooth_jit(a, 3), expected)


def interrupted(call, *args):
    print("ready", flush=True)
    start = time.perf_counter()
    try:
        call(*args)
    except KeyboardInterrupt:
        return time.perf_counter() - start
    raise AssertionError("not interrupted")


print("loop", interrupted(spin_jit, 0.3), flush=True)
print("recursion", interrupted(fib_jit, 200), flush=True)
print("array loop", interrupted(smooth_jit, a, 1 << 62), flush=True)


class Alarm(Exception):
    pass


def on_alarm(signum, frame):
    raise Alarm


signal.signal(signal.SIGALRM, on_alarm)
for name, call, args in [("loop", spin_jit, (0.3,)), ("recursion", fib_jit, (200,))]:
    signal.setitimer(signal.ITIMER_REAL, 0.3)
    start = time.perf_counter()
    try:
        call(*args)
    except Alarm:
        print("alarm", name, time.perf_counter() - start, flush=True)

# The arena and the runtime's state are as before: later calls work.
assert fib_jit(20) == 6765 and spin_jit(-3.0) == -3.0
assert np.allclose(smooth_jit(a, 3), expected)
print("later calls ok", flush=True)
print("ready", flush=True)
spin_jit(0.3)  # not caught: the process ends with KeyboardInterrupt
"""


def test_sigint_and_signal_handlers_interrupt_compiled_code(tmp_path):
    script = tmp_path / "endless.py"
    script.write_text(textwrap.dedent(CHILD))
    child = subprocess.Popen(
        [sys.executable, str(script)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, MYIA_NUM_THREADS="1"),
    )
    lines = []
    deadline = time.monotonic() + 600  # generous: compiling is slow on a loaded machine
    try:
        assert child.stdout is not None
        for line in child.stdout:
            lines.append(line.strip())
            if line.startswith("ready"):
                time.sleep(0.5)
                child.send_signal(signal.SIGINT)
            assert time.monotonic() < deadline, lines
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            pytest.fail(f"the child hung: {lines}")
    stderr = child.stderr.read() if child.stderr else ""
    reports = {line.rsplit(" ", 1)[0]: line.rsplit(" ", 1)[1] for line in lines if " " in line}
    for name in ("loop", "recursion", "array loop", "alarm loop", "alarm recursion"):
        assert name in reports, (name, lines, stderr)
    assert "later calls ok" in lines
    assert child.returncode != 0 and stderr.rstrip().endswith("KeyboardInterrupt"), stderr


FORKED = """
import ctypes, os, sys
import myia
from myia.runtime.jit import get_jit


def loop(n):
    i = 0
    while i < n:
        i += 1
    return i


f = myia.jit(loop)
assert f(10) == 10  # the first poll starts the watchdog
jit = get_jit()
running = ctypes.c_int32.from_address(jit.runtime_global("myia_watchdog_running"))
request = ctypes.c_int32.from_address(jit.runtime_global("myia_poll_request"))
assert running.value == 1
pid = os.fork()
if pid == 0:
    ok = running.value == 0 and request.value == 1  # no watchdog here yet
    ok = ok and f(10) == 10 and running.value == 1  # started by the first poll
    os._exit(0 if ok else 1)
_, status = os.waitpid(pid, 0)
print(os.waitstatus_to_exitcode(status))
"""


def test_a_forked_child_starts_its_own_watchdog(tmp_path):
    script = tmp_path / "forked.py"
    script.write_text(textwrap.dedent(FORKED))
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0"


NESTED = """
import signal
import numpy as np
import myia


def smooth(a, x, steps):
    i = 0
    while i < steps:
        a = a * 0.5 + np.tanh(x)
        i += 1
    return a


def scaled(x):
    return np.tanh(x) * 3.0


smooth_jit, scaled_jit = myia.jit(smooth), myia.jit(scaled)
# Byte-swapped arrays are copied for the call (kept until it returns).
a = np.linspace(0.0, 1.0, 1000)
x = np.linspace(-1.0, 1.0, 1000).astype(">f8")
b = np.linspace(-2.0, 2.0, 1000).astype(">f8")
steps = 3
expected = smooth(a, x, steps)
assert np.allclose(smooth_jit(a, x, steps), expected) and np.allclose(scaled_jit(b), scaled(b))
inner = []


def on_alarm(signum, frame):
    inner.append(scaled_jit(b))  # compiled code inside compiled code's poll


signal.signal(signal.SIGALRM, on_alarm)
steps = 1
while not inner:  # longer calls until the alarm fires during one
    steps *= 4
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    outer = smooth_jit(a, x, steps)
    signal.setitimer(signal.ITIMER_REAL, 0)
assert np.allclose(outer, smooth(a, x, steps)), "the outer call's result"
assert np.allclose(inner[0], scaled(b)), "the handler's result"
assert np.allclose(smooth_jit(a, x, 3), expected)
print("ok", steps)
"""


def test_a_signal_handler_may_call_compiled_code(tmp_path):
    script = tmp_path / "nested.py"
    script.write_text(textwrap.dedent(NESTED))
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok")
