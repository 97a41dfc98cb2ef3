// cf branches become llvm branches with the same block arguments.
// RUN: myia-opt %s -p convert-cf-to-llvm | filecheck %s

// A loop is a back edge to a block with arguments.
// CHECK-LABEL: func.func @loop(%n: i64) -> i64 {
// CHECK-NEXT:    %c0 = arith.constant 0 : i64
// CHECK-NEXT:    llvm.br ^header(%c0 : i64)
// CHECK-NEXT:  ^header(%i: i64):
// CHECK-NEXT:    %done = arith.cmpi sge, %i, %n : i64
// CHECK-NEXT:    llvm.cond_br %done, ^exit(%i : i64), ^body
// CHECK-NEXT:  ^body:
// CHECK-NEXT:    %c1 = arith.constant 1 : i64
// CHECK-NEXT:    %next = arith.addi %i, %c1 : i64
// CHECK-NEXT:    llvm.br ^header(%next : i64)
// CHECK-NEXT:  ^exit(%r: i64):
// CHECK-NEXT:    func.return %r : i64
func.func @loop(%n: i64) -> i64 {
  %c0 = arith.constant 0 : i64
  cf.br ^header(%c0 : i64)
^header(%i: i64):
  %done = arith.cmpi sge, %i, %n : i64
  cf.cond_br %done, ^exit(%i : i64), ^body
^body:
  %c1 = arith.constant 1 : i64
  %next = arith.addi %i, %c1 : i64
  cf.br ^header(%next : i64)
^exit(%r: i64):
  func.return %r : i64
}

// CHECK-LABEL: func.func @switch(%x: i32, %a: i64) -> i64 {
// CHECK-NEXT:    llvm.switch %x : i32, [
// CHECK-NEXT:    default: ^bb1(%a : i64),
// CHECK-NEXT:      0: ^bb2,
// CHECK-NEXT:      7: ^bb1(%a : i64)
// CHECK-NEXT:    ]
func.func @switch(%x: i32, %a: i64) -> i64 {
  cf.switch %x : i32, [
    default: ^bb1(%a : i64),
    0: ^bb2,
    7: ^bb1(%a : i64)
  ]
^bb1(%v: i64):
  func.return %v : i64
^bb2:
  func.return %a : i64
}

// A failed cf.assert calls myia_raise(5) (AssertionError).
// CHECK-LABEL: func.func @assert(%ok: i1) {
// CHECK-NEXT:    %0 = llvm.mlir.constant(true) : i1
// CHECK-NEXT:    %1 = llvm.xor %ok, %0 : i1
// CHECK-NEXT:    llvm.cond_br %1, ^bb2, ^bb1
// CHECK-NEXT:  ^bb1:
// CHECK-NEXT:    func.return
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    %2 = llvm.mlir.constant(5 : i32) : i32
// CHECK-NEXT:    llvm.call @myia_raise(%2) : (i32) -> ()
// CHECK-NEXT:    llvm.unreachable
// CHECK:       llvm.func @myia_raise(i32) attributes {passthrough = ["noreturn", "cold"]}
func.func @assert(%ok: i1) {
  cf.assert %ok, "not ok"
  func.return
}
