# RUN: myia-opt %s --entry memcpy -p 'myia-infer{entry=memcpy args=float,int},myia-grad,myia-cpu{entry=memcpy}' > %t.opt
# RUN: %python %S/Inputs/jit_lowered.py %s memcpy '(1.5, 3)' | myia-opt > %t.jit
# RUN: diff %t.opt %t.jit
# RUN: filecheck %s < %t.opt
# A function named like a C library function is lowered under another name
# (memcpy$, so that LLVM's own memcpy calls reach libc's); the tables of entry
# points follow it, and the wrapper Python calls is that function's.


def memcpy(x, n):
    s = 0.0
    for i in range(n):
        s = s + x
    return s

# CHECK:       builtin.module attributes {myia.exports = {memcpy$ = (f64, i64) -> f64}} {
# CHECK-LABEL:   llvm.func @memcpy$(
# CHECK-LABEL:   llvm.func @memcpy$__capi(
# CHECK:           llvm.call @memcpy$(
