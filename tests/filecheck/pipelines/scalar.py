# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args=float,int},myia-grad,myia-cpu{entry=f}' > %t.opt
# RUN: %python %S/Inputs/jit_lowered.py %s f '(1.5, 3)' | myia-opt > %t.jit
# RUN: diff %t.opt %t.jit
# RUN: filecheck %s < %t.opt
# myia-cpu is the pipeline myia.jit runs on the typed module: myia-opt prints
# the module jit compiles for the same signature (a loop, a gradient in forward
# mode, a division that may raise, its error site).
import myia


def poly(x, n):
    s = 0.0
    for i in range(n):
        s = s + x**i
    return s


def f(x, n):
    return myia.grad(poly)(x, n) // x

# CHECK:       builtin.module attributes {myia.exports = {f = (f64, i64) -> f64},
# CHECK-SAME:    myia.error_sites = [{code = 1 : i32, loc = loc("{{.*}}scalar.py":19:12), message = "float floor division by zero"}
# CHECK-LABEL: llvm.func @f(%{{.*}}: f64, %{{.*}}: i64) -> f64 {
# CHECK:         llvm.mlir.constant(257 : i32)
# CHECK-LABEL: llvm.func @f__capi(
