"""Print the module ``myia.jit`` compiled (the llvm dialect, before LLVM IR).

Usage: python jit_lowered.py PROGRAM.py FUNCTION 'ARGS'

Imports PROGRAM.py, calls ``myia.jit(FUNCTION)`` with ARGS (a Python
expression of the tuple of arguments; ``np`` is numpy) and prints the module
the ``cpu`` backend compiled for that signature (``.lowered``), so that a test
can compare it with what ``myia-opt`` prints for the same signature.
"""

import importlib.util
import sys

import numpy as np

import myia

path, name, args = sys.argv[1:]
spec = importlib.util.spec_from_file_location("program", path)
program = importlib.util.module_from_spec(spec)
spec.loader.exec_module(program)
f = myia.jit(getattr(program, name))
f(*eval(args, {"np": np}))
(run,) = f.specializations.values()
print(run.lowered)
