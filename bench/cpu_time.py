"""Run a benchmark script timing CPU time instead of wall time.

Run: .venv/bin/python bench/cpu_time.py bench/bench_scalar.py

``time.perf_counter`` becomes ``time.process_time`` (the CPU time of this
process), so that on a shared, loaded machine a call preempted by other work is
not counted as slower. For single-threaded code only (the CPU time of threads
adds up), and with the coarser resolution of that clock (a cold compile reads
in whole milliseconds).
"""

from __future__ import annotations

import runpy
import sys
import time
from pathlib import Path

if __name__ == "__main__":
    script = sys.argv[1]
    time.perf_counter = time.process_time
    sys.argv = sys.argv[1:]
    sys.path.insert(0, str(Path(script).resolve().parent))
    runpy.run_path(script, run_name="__main__")
