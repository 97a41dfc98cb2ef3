# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args=i64},convert-myia-to-cf' | filecheck %s
# A loop is a tail-recursive function: contified into its caller, its tail call
# back to the header is a branch (a real loop), and its exit returns. The sums
# are of Python ints: exact, or OverflowError (code 6) where they do not fit.

def f(n):
    s = 0
    i = 0
    while i < n:
        s = s + i
        i = i + 1
    return s

# CHECK:      func.func @f(%[[N:.*]]: i64) -> i64 {
# CHECK:        cf.br ^[[HEADER:bb[0-9]+]](
# CHECK:      ^[[HEADER]](%{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64):
# CHECK:        %[[C:.*]] = arith.cmpi slt
# CHECK:        cf.cond_br %[[C]], ^[[BODY:bb[0-9]+]]({{.*}}), ^[[EXIT:bb[0-9]+]]
# CHECK:      ^[[BODY]](
# CHECK:        llvm.call_intrinsic "llvm.sadd.with.overflow.i64"
# CHECK:        cf.cond_br %{{.*}}, ^[[RAISE:bb[0-9]+]], ^[[OK:bb[0-9]+]]
# CHECK:      ^[[EXIT]](
# CHECK:        func.return
# CHECK:      ^[[RAISE]]:
# CHECK:        func.call @myia_raise
# CHECK:      ^[[OK]]:
# CHECK:        llvm.call_intrinsic "llvm.sadd.with.overflow.i64"
# CHECK:        cf.br ^[[HEADER]](
# CHECK-NOT:  func.func {{.*}}@f
