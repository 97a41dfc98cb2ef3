// Loops whose trip count is not fixed on entry poll @myia_poll_request at
// their head (an atomic load: read on every iteration); loops from scf.for
// (their header's branch is marked myia.bounded_loop) and functions whose
// address is taken do not. Recursive functions without a stack check poll on
// entry; with one, their check polls.
// RUN: myia-opt %s -p myia-poll | filecheck %s

// CHECK-LABEL: llvm.func @spin(%x: f64) -> f64 {
// CHECK-NEXT:    llvm.br ^loop(%x : f64)
// CHECK-NEXT:  ^loop(%y: f64):
// CHECK-NEXT:    %0 = llvm.mlir.addressof @myia_poll_request : !llvm.ptr
// CHECK-NEXT:    %1 = llvm.load %0 atomic monotonic {alignment = 4 : i64} : !llvm.ptr -> i32
// CHECK-NEXT:    %2 = llvm.mlir.constant(0 : i32) : i32
// CHECK-NEXT:    %3 = llvm.icmp "ne" %1, %2 : i32
// CHECK-NEXT:    llvm.cond_br %3, ^bb2, ^bb3
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    llvm.call @myia_poll() : () -> ()
// CHECK-NEXT:    llvm.br ^bb3
// CHECK-NEXT:  ^bb3:
// CHECK-NEXT:    %c = llvm.fcmp "ogt" %y, %x : f64
// CHECK-NEXT:    llvm.cond_br %c, ^loop(%y : f64), ^exit
llvm.func @spin(%x: f64) -> f64 {
  llvm.br ^loop(%x : f64)
^loop(%y: f64):
  %c = llvm.fcmp "ogt" %y, %x : f64
  llvm.cond_br %c, ^loop(%y : f64), ^exit
^exit:
  llvm.return %y : f64
}

// CHECK-LABEL: llvm.func @counted(%n: i64) {
// CHECK-NOT:     myia_poll
// CHECK:         llvm.return
llvm.func @counted(%n: i64) {
  %0 = llvm.mlir.constant(0 : i64) : i64
  llvm.br ^head(%0 : i64)
^head(%i: i64):
  %more = llvm.icmp "slt" %i, %n : i64
  llvm.cond_br %more, ^body, ^exit {myia.bounded_loop}
^body:
  %1 = llvm.mlir.constant(1 : i64) : i64
  %next = llvm.add %i, %1 : i64
  llvm.br ^head(%next : i64)
^exit:
  llvm.return
}

// A loop body run on the thread pool (its address is taken): never polls.
// CHECK-LABEL: llvm.func @body(%ctx: !llvm.ptr) {
// CHECK-NOT:     myia_poll
// CHECK:         llvm.return
llvm.func @body(%ctx: !llvm.ptr) {
  llvm.br ^loop
^loop:
  llvm.br ^loop
^exit:
  llvm.return
}
llvm.func @launch() -> !llvm.ptr {
  %f = llvm.mlir.addressof @body : !llvm.ptr
  llvm.return %f : !llvm.ptr
}

// CHECK-LABEL: llvm.func @rec(%{{.*}}: i64) -> i64 {
// CHECK-NEXT:    %{{.*}} = llvm.mlir.addressof @myia_poll_request : !llvm.ptr
// CHECK:         llvm.call @myia_poll() : () -> ()
llvm.func @rec(%n: i64) -> i64 {
  %r = llvm.call @rec(%n) : (i64) -> i64
  llvm.return %r : i64
}

// CHECK: llvm.mlir.global external @myia_poll_request() {addr_space = 0 : i32} : i32
// CHECK: llvm.func @myia_poll() attributes {passthrough = ["cold"]}
