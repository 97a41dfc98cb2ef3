# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args=int,float},myia-grad,myia-cpu{entry=f}' > %t.opt
# RUN: %python %S/Inputs/jit_lowered.py %s f '(4, 0.5)' | myia-opt > %t.jit
# RUN: diff %t.opt %t.jit
# RUN: filecheck %s < %t.opt
# A function returning a list: its buffer lives in the call's arena, so the
# result is a pointer and the wrapper hands the arena mark to Python, which
# reads the list before rewinding it.


def f(n, x):
    out = []
    for i in range(n):
        out.append((i, x * i))
    return out

# CHECK:       builtin.module attributes {myia.exports = {f = (i64, f64) -> !myia.list<tuple<i64, f64>>}
# CHECK-LABEL: llvm.func @f(%{{.*}}: i64, %{{.*}}: f64) -> !llvm.struct<(!llvm.ptr, i64)>
# CHECK-LABEL: llvm.func @f__capi(
# CHECK:         llvm.call @f(
# CHECK-NOT:     llvm.call @myia_arena_reset
# CHECK:         llvm.return
