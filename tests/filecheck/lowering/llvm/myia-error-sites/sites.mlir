// RUN: myia-opt %s -p myia-error-sites | filecheck %s
// RUN: myia-opt %s -p myia-error-sites,myia-error-sites | filecheck %s
// Each myia_raise with a source location or a message of its own gets an index
// in the module's error-site table (1-based), and raises code | index << 8;
// raises of the same code, location and message share an index. (A raise with
// neither keeps its plain code; myia-opt gives an op without a loc its place
// in the input.) The table goes on the module for the runtime,
// which turns a returned code into the exception, with the user's file:line
// and message. Running the pass again changes nothing.

llvm.func @myia_raise(i32)

llvm.func @f(%c : i1) {
  llvm.cond_br %c, ^a, ^b
^a:
  %0 = llvm.mlir.constant(1 : i32) : i32
  llvm.call @myia_raise(%0) : (i32) -> () loc("prog.py":4:11)
  llvm.unreachable
^b:
  %1 = llvm.mlir.constant(1 : i32) : i32
  llvm.call @myia_raise(%1) {myia.error_message = "float floor division by zero"} : (i32) -> () loc("prog.py":7:9)
  llvm.unreachable
}

llvm.func @g(%c : i1) {
  llvm.cond_br %c, ^a, ^b
^a:
  %0 = llvm.mlir.constant(1 : i32) : i32
  llvm.call @myia_raise(%0) : (i32) -> () loc("prog.py":4:11)
  llvm.unreachable
^b:
  %1 = llvm.mlir.constant(2 : i32) : i32
  llvm.call @myia_raise(%1) : (i32) -> () loc("prog.py":4:11)
  llvm.unreachable
}

// CHECK:       builtin.module attributes {myia.error_sites = [
// CHECK-SAME:    {code = 1 : i32, loc = loc("prog.py":4:11)},
// CHECK-SAME:    {code = 1 : i32, loc = loc("prog.py":7:9), message = "float floor division by zero"},
// CHECK-SAME:    {code = 2 : i32, loc = loc("prog.py":4:11)}]} {
// CHECK-LABEL: llvm.func @f(
// CHECK:         %[[A:.*]] = llvm.mlir.constant(257 : i32) : i32
// CHECK-NEXT:    llvm.call @myia_raise(%[[A]])
// CHECK:         %[[B:.*]] = llvm.mlir.constant(513 : i32) : i32
// CHECK-NEXT:    llvm.call @myia_raise(%[[B]]) {myia.error_message = "float floor division by zero"}
// CHECK-LABEL: llvm.func @g(
// CHECK:         %[[C:.*]] = llvm.mlir.constant(257 : i32) : i32
// CHECK-NEXT:    llvm.call @myia_raise(%[[C]])
// CHECK:         %[[D:.*]] = llvm.mlir.constant(770 : i32) : i32
// CHECK-NEXT:    llvm.call @myia_raise(%[[D]]) : (i32) -> ()
