# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args=float},myia-grad,myia-cpu{entry=f}' > %t.opt
# RUN: %python %S/Inputs/jit_lowered.py %s f '(1.0,)' | myia-opt > %t.jit
# RUN: diff %t.opt %t.jit
# RUN: filecheck %s < %t.opt
# numpy's functions give numpy scalars, of Python floats too: myia-infer marks
# them in the result (myia.numpy_scalars, a path per scalar), myia-export puts
# the marks in the module's table, and the runtime reads them there to give
# Python an np.float64 for the first element and a float for the second.
import numpy as np


def f(x):
    return np.sin(x), x + 1.0

# CHECK: builtin.module attributes {myia.exports = {f = (f64) -> tuple<f64, f64>}, myia.numpy_scalars = {f = ["0"]}} {
