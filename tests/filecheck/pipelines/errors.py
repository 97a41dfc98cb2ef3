# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args=int,int,"tuple<f64,f64,f64>"},myia-grad,myia-cpu{entry=f}' > %t.opt
# RUN: %python %S/Inputs/jit_lowered.py %s f '(8, 3, (1.0, 2.0, 3.0))' | myia-opt > %t.jit
# RUN: diff %t.opt %t.jit
# RUN: filecheck %s < %t.opt
# Each located raise of the program is a site of the module's error-site
# table: an int division by zero, a tuple index out of range, a math domain
# error (with its message), an unbound local, and the overflow checks of
# Python ints. The native call returns the site's index
# with the error's code; the runtime reads the table from the module.
import math


def f(a, b, t):
    q = a // b
    y = t[q]
    if a > 3:
        z = math.sqrt(y + 10.0)
    return a * b + q, z

# CHECK:      builtin.module attributes {myia.exports = {f = (i64, i64, tuple<f64, f64, f64>) -> tuple<i64, f64>},
# CHECK-SAME:   myia.error_sites = [
# CHECK-SAME:   {code = 1 : i32, loc = loc("{{.*}}errors.py":14:9), message = "integer division or modulo by zero"},
# CHECK-SAME:   {code = 6 : i32, loc = loc("{{.*}}errors.py":14:9), message = "integer overflow: the result of // does not fit
# CHECK-SAME:   {code = 8 : i32, loc = loc("{{.*}}errors.py":15:9), message = "tuple index out of range"},
# CHECK-SAME:   {code = 6 : i32, loc = loc("{{.*}}errors.py":18:12), message = "integer overflow: the result of * does not fit
# CHECK-SAME:   {code = 6 : i32, loc = loc("{{.*}}errors.py":18:12), message = "integer overflow: the result of + does not fit
# CHECK-SAME:   {code = 9 : i32, loc = loc("{{.*}}errors.py":18:5), message = "local variable 'z' referenced before assignment"},
# CHECK-SAME:   {code = 7 : i32, loc = loc("{{.*}}errors.py":17:13), message = "math domain error"},
# The code of each site's raise is its index in the table (from 1) shifted
# left by 8, plus the error's code (1 << 8 | 1 = 257: the division by zero).
# CHECK-LABEL: llvm.func @f(
# CHECK:         llvm.mlir.constant(257 : i32)
