# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args="!myia.list<f64>",i64,f64},dce,convert-myia-to-cf' | filecheck %s
# A list is two leaves: its buffer and its length. An append writes in place
# when the list ends its buffer's used part and there is room, else copies into
# a buffer twice as big; an index out of range raises IndexError (code 8).


def f(xs, i, x):
    ys = xs + [x]
    return ys[i]

# CHECK:       func.func @f(%[[BUF:.*]]: !llvm.ptr, %[[LEN:.*]]: i64, %[[I:.*]]: i64, %[[X:.*]]: f64) -> f64 {
# CHECK:         %[[ADDR:.*]] = llvm.ptrtoint %[[BUF]] : !llvm.ptr to i64
# CHECK:         %[[ROOM:.*]] = scf.if %{{.*}} -> (i1) {
# CHECK:           llvm.load {{.*}} -> i64
# CHECK:           arith.andi
# CHECK:         %[[NEW:.*]] = scf.if %[[ROOM]] -> (!llvm.ptr) {
# CHECK:           llvm.store %[[X]], %{{.*}} : f64, !llvm.ptr
# CHECK:           scf.yield %[[BUF]] : !llvm.ptr
# CHECK:         } else {
# CHECK:           arith.maxsi
# CHECK:           func.call @myia_alloc(
# CHECK:           func.call @memcpy(
# CHECK:           llvm.store %[[X]], %{{.*}} : f64, !llvm.ptr
# CHECK:         %[[N:.*]] = arith.addi %[[LEN]], %{{.*}} : i64
# CHECK:         %[[OUT:.*]] = arith.cmpi uge, %{{.*}}, %[[N]] : i64
# CHECK:         cf.cond_br %[[OUT]], ^[[FAIL:bb[0-9]+]], ^[[OK:bb[0-9]+]]
# CHECK:       ^[[FAIL]]:
# CHECK:         func.call @myia_raise(
# CHECK:       ^[[OK]]:
# CHECK:         llvm.getelementptr %[[NEW]][%{{.*}}]
# CHECK:         llvm.load %{{.*}} : !llvm.ptr -> f64
