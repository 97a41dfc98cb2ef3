// RUN: myia-opt %s -p myia-parallel-loops | filecheck %s
// A loop marked myia.parallel is outlined into a function of (context, start,
// stop), called through the runtime's myia_parallel_for, which splits the
// iterations over threads when there are at least as many as the mark (else it
// calls the function once on this thread). Constants are copied into the
// outlined function; other values go through the context.

builtin.module {
  func.func @scale(%p : !llvm.ptr, %n : i64, %a : f64) {
    %zero = arith.constant 0 : i64
    %one = arith.constant 1 : i64
    scf.for %i = %zero to %n step %one : i64 {
      %q = llvm.getelementptr %p[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f64
      %v = llvm.load %q : !llvm.ptr -> f64
      %w = arith.mulf %v, %a : f64
      llvm.store %w, %q : f64, !llvm.ptr
    } {myia.parallel = 1000 : i64}
    func.return
  }
}

// CHECK-LABEL: func.func @scale(%p: !llvm.ptr, %n: i64, %a: f64) {
// CHECK:         %[[CTX:.*]] = func.call @myia_alloc(%{{.*}}) : (i64) -> !llvm.ptr
// CHECK:         llvm.store %p, %{{.*}} : !llvm.ptr, !llvm.ptr
// CHECK:         llvm.store %a, %{{.*}} : f64, !llvm.ptr
// CHECK:         %[[FN:.*]] = llvm.mlir.addressof @scale.parallel_0 : !llvm.ptr
// CHECK-NEXT:    %[[MIN:.*]] = arith.constant 1000 : i64
// CHECK-NEXT:    func.call @myia_parallel_for(%[[FN]], %[[CTX]], %zero, %n, %[[MIN]])
// CHECK-NOT:     scf.for
// CHECK:         func.return
// CHECK-LABEL: func.func private @scale.parallel_0(
// CHECK-SAME:    %{{.*}}: !llvm.ptr, %[[START:.*]]: i64, %[[STOP:.*]]: i64) {
// CHECK:         %[[P:.*]] = llvm.load %{{.*}} : !llvm.ptr -> !llvm.ptr
// CHECK:         %[[A:.*]] = llvm.load %{{.*}} : !llvm.ptr -> f64
// CHECK:         scf.for %[[I:.*]] = %[[START]] to %[[STOP]] step %{{.*}} : i64 {
// CHECK-NEXT:      llvm.getelementptr %[[P]][%[[I]]]
// CHECK:           arith.mulf %{{.*}}, %[[A]] : f64
// CHECK:       func.func private @myia_parallel_for(!llvm.ptr, !llvm.ptr, i64, i64, i64)
// CHECK:       func.func private @myia_alloc(i64) -> !llvm.ptr
