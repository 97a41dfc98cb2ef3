# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args=i64},convert-myia-to-cf' | filecheck %s
# A loop is a tail-recursive function: contified into its caller, its tail call
# back to the header is a branch (a real loop), and its exit returns.

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
# CHECK:        arith.addi
# CHECK:        cf.br ^[[HEADER]](
# CHECK:      ^[[EXIT]](
# CHECK:        func.return
# CHECK-NOT:  func.func
