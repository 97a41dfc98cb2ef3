"""``MYIA_PERF_MAP=1``: every function the JIT loads is named in
``/tmp/perf-PID.map``, where ``perf`` looks for the symbols of JIT code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

PROGRAM = textwrap.dedent(
    """
    import json, os, myia

    @myia.jit
    def halve(x, n):
        while n > 0:
            x = x * 0.5
            n = n - 1
        return x

    assert halve(2.0, 3) == 0.25
    (run,) = halve.specializations.values()
    print(json.dumps({"pid": os.getpid(), "capi": run.native.address}))
    """
)


def run_program(env_value: str, cache_dir: Path) -> tuple[dict, str | None]:
    env = {**os.environ, "MYIA_PERF_MAP": env_value, "MYIA_CACHE_DIR": str(cache_dir)}
    program = cache_dir / "program.py"
    program.write_text(PROGRAM)
    out = subprocess.run(
        [sys.executable, str(program)], env=env, capture_output=True, text=True, check=True
    )
    facts = json.loads(out.stdout.splitlines()[-1])
    path = f"/tmp/perf-{facts['pid']}.map"
    try:
        with open(path) as f:
            return facts, f.read()
    except FileNotFoundError:
        return facts, None
    finally:
        if os.path.exists(path):
            os.remove(path)


def test_jit_functions_are_named_in_the_perf_map(tmp_path):
    # Twice: compiled, then loaded from the disk cache: both are named.
    for _ in range(2):
        facts, text = run_program("1", tmp_path)
        entries = {}
        for line in text.splitlines():
            start, size, name = line.split(" ", 2)
            entries[name] = (int(start, 16), int(size, 16))
        assert entries["myia:halve__capi"][0] == facts["capi"]
        assert entries["myia:halve"][1] > 0
        assert "myia:myia_arena_reset" in entries  # the runtime's functions too


def test_no_perf_map_unless_asked(tmp_path):
    assert run_program("0", tmp_path)[1] is None
