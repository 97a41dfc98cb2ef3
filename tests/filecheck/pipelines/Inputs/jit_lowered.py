"""Print the module ``myia.jit`` compiled (cpu: the llvm dialect, before LLVM IR;
cuda: the host functions and the kernels with their source).

Usage: python jit_lowered.py PROGRAM.py FUNCTION 'ARGS' [BACKEND]

Imports PROGRAM.py, calls ``myia.jit(FUNCTION, backend=BACKEND)`` (``cpu`` by
default) with ARGS (a Python expression of the tuple of arguments; ``np`` is
numpy) and prints the module the backend compiled for that signature
(``.lowered``), so that a test can compare it with what ``myia-opt`` prints for
the same signature.
"""

import importlib.util
import sys

import numpy as np

import myia

path, name, args, *rest = sys.argv[1:]
backend = rest[0] if rest else "cpu"
spec = importlib.util.spec_from_file_location("program", path)
program = importlib.util.module_from_spec(spec)
spec.loader.exec_module(program)
f = myia.jit(getattr(program, name), backend=backend)
f(*eval(args, {"np": np}))
(run,) = f.specializations.values()
print(run.lowered)
