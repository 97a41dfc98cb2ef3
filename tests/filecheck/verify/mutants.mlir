// What the mutation campaign of tests/mutate_ir.py found: IR that made
// myia-opt fail with an internal error (a Python exception) instead of a
// diagnostic. Each is now an error at its line, and myia-opt exits with 1.
// RUN: myia-opt %s --split-input-file --verify-diagnostics
// RUN: not myia-opt %S/Inputs/huge-string.mlir -p myia-infer 2>&1 | filecheck %s --check-prefix=STRING
// RUN: not myia-opt %S/Inputs/huge-tuple.mlir -p myia-infer 2>&1 | filecheck %s --check-prefix=TUPLE
// RUN: not myia-opt %S/Inputs/foreign-param.mlir -p myia-infer 2>&1 | filecheck %s --check-prefix=PARAM

// The inputs of a fused kernel must broadcast to its result (they did not: a
// ValueError in the lowering).
myia.func @entry(%x : tensor<64x8xf32>, %b : tensor<8xf32>) -> tensor<4x8xf32> {
  %k = myia.closure @entry.kernel : !myia.fn<@entry.kernel>
  // expected-error @+1 {{operands could not be broadcast together with shapes (64, 8) (8,) (4, 8)}}
  %t = myia.array_map %k, %x, %b : tensor<4x8xf32>
  myia.return %t
}
myia.func private @entry.kernel(%x0 : f32, %x1 : f32) -> f32 attributes {myia.kernel} {
  %0 = myia.add %x0, %x1 : f32
  myia.return %0
}

// -----

// A kernel takes one scalar per input, of its element type.
myia.func @entry(%x : tensor<8xf32>) -> tensor<8xf32> {
  %k = myia.closure @entry.kernel : !myia.fn<@entry.kernel>
  // expected-error @+1 {{the kernel @entry.kernel takes f32, f32; the inputs' elements are f32}}
  %t = myia.array_map %k, %x : tensor<8xf32>
  myia.return %t
}
myia.func private @entry.kernel(%x0 : f32, %x1 : f32) -> f32 attributes {myia.kernel} {
  %0 = myia.add %x0, %x1 : f32
  myia.return %0
}

// -----

// A value of another function, defined after the use (xDSL's parser then
// accepts it: the translation to LLVM IR failed on it).
llvm.func @f(%n : i64) -> i64 {
  // expected-error @+1 {{operand 0 of llvm.return is not defined where it is used}}
  llvm.return %c : i64
}
llvm.func @g(%n : i64) -> i64 {
  %c = llvm.mlir.constant(2 : i64) : i64
  llvm.return %c : i64
}

// -----

// A value of a block that does not dominate the use.
llvm.func @f(%b : i1) -> i64 {
  llvm.cond_br %b, ^bb1, ^bb2
^bb1:
  %one = llvm.mlir.constant(1 : i64) : i64
  llvm.br ^bb2
^bb2:
  // expected-error @+1 {{operand 0 of llvm.return is not defined where it is used}}
  llvm.return %one : i64
}

// -----

// The grad of argument 2 of a function of one parameter (an IndexError in
// myia-grad).
myia.func @main(%x : f64) -> f64 {
  %0 = myia.closure @h : !myia.fn<@h>
  %1 = myia.closure @h.grad(%0) : !myia.fn<@h.grad>
  %2 = myia.apply %1(%x) callees [@h.grad] : f64
  myia.return %2
}
myia.func private @h(%x : f64) -> f64 {
  myia.return %x
}
myia.func private @h.grad[%f : !myia.fn<@h>](%x : f64) -> f64 {
  // expected-error @+1 {{myia.grad_apply: argnum 2 is not one of the 1 parameter(s) of @h}}
  %0 = myia.grad_apply %f(%x) callee @h argnums [2] : f64
  myia.return %0
}

// A string repeated 10**11 times (inference folds it: a MemoryError), and a
// tuple repeated as often.
// STRING: huge-string.mlir:5:3: error: this string would have 200000000000 characters (at most 1048576)
// STRING-NOT: Traceback
// TUPLE: huge-tuple.mlir:5:3: error: this tuple would have 200000000000 elements (at most 100000)
// TUPLE-NOT: Traceback

// An entry whose parameter has a type inference does not start from.
// PARAM: foreign-param.mlir:2:1: error: @main: cannot start inference from the type !llvm.ptr
// PARAM-NOT: Traceback

// -----

// An array_reduce has the result of its reduction of the kernel's values: its
// axes within the inputs' rank (an axis out of range was an IndexError in the
// lowering), one of the reductions as its kind (another compiled as some
// reduction), the reduction's shape and dtype as its type.
myia.func @g(%x : tensor<8xf32>) -> f32 {
  %k = myia.closure @g.kernel : !myia.fn<@g.kernel>
  %kind = myia.const "sum" : !myia.str
  %one = myia.const 1 : i64
  %axes = myia.tuple(%one) : tuple<i64>
  %keep = myia.const false : i1
  // expected-error @+1 {{numpy.sum: axis 1 is out of bounds for array of dimension 1}}
  %r = myia.array_reduce %k, %kind, %axes, %keep, %x : f32
  myia.return %r
}
myia.func private @g.kernel(%x0 : f32) -> f32 attributes {myia.kernel} {
  myia.return %x0
}

// -----

myia.func @g(%x : tensor<8xf32>) -> f32 {
  %k = myia.closure @g.kernel : !myia.fn<@g.kernel>
  %kind = myia.const "median" : !myia.str
  %none = myia.const none : !myia.none
  %keep = myia.const false : i1
  // expected-error @+1 {{the kind of array_reduce is one of sum, mean, prod, amax, amin, not 'median'}}
  %r = myia.array_reduce %k, %kind, %none, %keep, %x : f32
  myia.return %r
}
myia.func private @g.kernel(%x0 : f32) -> f32 attributes {myia.kernel} {
  myia.return %x0
}

// -----

myia.func @g(%x : tensor<8x3xf32>) -> tensor<8xf32> {
  %k = myia.closure @g.kernel : !myia.fn<@g.kernel>
  %kind = myia.const "sum" : !myia.str
  %zero = myia.const 0 : i64
  %axes = myia.tuple(%zero) : tuple<i64>
  %keep = myia.const false : i1
  // expected-error @+1 {{the sum of the kernel's values is f32 x 3, not f32 x 8}}
  %r = myia.array_reduce %k, %kind, %axes, %keep, %x : tensor<8xf32>
  myia.return %r
}
myia.func private @g.kernel(%x0 : f32) -> f32 attributes {myia.kernel} {
  myia.return %x0
}

// -----

myia.func @g(%x : tensor<8x3xi8>) -> tensor<3xi8> {
  %k = myia.closure @g.kernel : !myia.fn<@g.kernel>
  %kind = myia.const "sum" : !myia.str
  %zero = myia.const 0 : i64
  %axes = myia.tuple(%zero) : tuple<i64>
  %keep = myia.const false : i1
  // expected-error @+1 {{the sum of the kernel's values is i64 x 3, not i8 x 3}}
  %r = myia.array_reduce %k, %kind, %axes, %keep, %x : tensor<3xi8>
  myia.return %r
}
myia.func private @g.kernel(%x0 : i8) -> i8 attributes {myia.kernel} {
  myia.return %x0
}
