// RUN: myia-opt %s -p myia-fuse-arrays,dce | filecheck %s
// RUN: myia-opt %s -p myia-fuse-arrays | filecheck %s --check-prefix=NODCE
// Elementwise chains become one kernel: an op joins its consumer's group when
// it is its only user and has its shape. A value used twice, or of another
// shape (it would be computed again for every element it is broadcast to), is
// made once.

myia.func @chain(%x : tensor<4x5xf32>, %b : tensor<5xf32>) -> tensor<4x5xf32> {
  %two = myia.const 2.0 : f32
  %m = myia.mul %x, %two : tensor<4x5xf32>
  %a = myia.add %m, %b : tensor<4x5xf32>
  %t = myia.tanh %a : tensor<4x5xf32>
  myia.return %t
}

// CHECK-LABEL: myia.func @chain(%x : tensor<4x5xf32>, %b : tensor<5xf32>) -> tensor<4x5xf32> {
// CHECK-NEXT:    %[[K:.*]] = myia.closure @chain.kernel : !myia.fn<@chain.kernel>
// CHECK-NEXT:    %[[T:.*]] = myia.array_map %[[K]], %x, %b : tensor<4x5xf32>
// CHECK-NEXT:    myia.return %[[T]]

// The constants a kernel copies are erased by fusion itself when nothing else
// uses them (no dce needed); one used outside the group stays.
// NODCE-LABEL: myia.func @chain(
// NODCE-NEXT:    myia.closure @chain.kernel
// NODCE-NEXT:    myia.array_map
// NODCE-NEXT:    myia.return
// NODCE-LABEL: myia.func @constant_used_outside(
// NODCE-NEXT:    %two = myia.const 2.0 : f64
// NODCE-NEXT:    myia.closure @constant_used_outside.kernel
// NODCE-NEXT:    myia.array_map
// NODCE-NEXT:    myia.tuple(%{{.*}}, %two)
myia.func @constant_used_outside(%x : tensor<4xf64>) -> tuple<tensor<4xf64>, f64> {
  %two = myia.const 2.0 : f64
  %m = myia.mul %x, %two : tensor<4xf64>
  %e = myia.exp %m : tensor<4xf64>
  %r = myia.tuple(%e, %two) : tuple<tensor<4xf64>, f64>
  myia.return %r
}

// The reduced array of a sum of a map is never made.
myia.func @energy(%x : tensor<1000xf32>) -> f32 {
  %s = myia.sin %x : tensor<1000xf32>
  %e = myia.exp %s : tensor<1000xf32>
  %p = myia.mul %e, %x : tensor<1000xf32>
  %zero = myia.const 0 : i64
  %axes = myia.tuple(%zero) : tuple<i64>
  %keep = myia.const false : i1
  %r = myia.sum %p, %axes, %keep : f32
  myia.return %r
}

// CHECK-LABEL: myia.func @energy(%x : tensor<1000xf32>) -> f32 {
// CHECK:         %[[KIND:.*]] = myia.const "sum" : !myia.str
// CHECK:         %[[K:.*]] = myia.closure @energy.kernel : !myia.fn<@energy.kernel>
// CHECK:         %[[R:.*]] = myia.array_reduce %[[K]], %[[KIND]], %{{.*}}, %{{.*}}, %x : f32
// CHECK-NEXT:    myia.return %[[R]]

// %e is used twice, by ops of one group: it joins it (and is computed once per
// element in the kernel). %c has the shape of %b only: it is made once rather
// than recomputed for every row of %x.
myia.func @shared(%x : tensor<3x4xf64>, %b : tensor<4xf64>) -> tensor<3x4xf64> {
  %e = myia.exp %x : tensor<3x4xf64>
  %c = myia.cos %b : tensor<4xf64>
  %y = myia.mul %e, %e : tensor<3x4xf64>
  %z = myia.add %y, %c : tensor<3x4xf64>
  %w = myia.sub %z, %e : tensor<3x4xf64>
  myia.return %w
}

// CHECK-LABEL: myia.func @shared(
// CHECK-NEXT:    %[[C:.*]] = myia.cos %b : tensor<4xf64>
// CHECK-NEXT:    %[[K:.*]] = myia.closure @shared.kernel
// CHECK-NEXT:    %[[W:.*]] = myia.array_map %[[K]], %x, %[[C]] : tensor<3x4xf64>
// CHECK-NEXT:    myia.return %[[W]]

// A value also used outside the group is made (the group reads it).
myia.func @escapes(%x : tensor<3xf64>) -> tuple<tensor<3xf64>, tensor<3xf64>> {
  %e = myia.exp %x : tensor<3xf64>
  %n = myia.neg %e : tensor<3xf64>
  %s = myia.sqrt %n : tensor<3xf64>
  %t = myia.tuple(%e, %s) : tuple<tensor<3xf64>, tensor<3xf64>>
  myia.return %t
}

// CHECK-LABEL: myia.func @escapes(
// CHECK-NEXT:    %[[E:.*]] = myia.exp %x : tensor<3xf64>
// CHECK-NEXT:    %[[K:.*]] = myia.closure @escapes.kernel
// CHECK-NEXT:    %[[S:.*]] = myia.array_map %[[K]], %[[E]] : tensor<3xf64>

// The kernels: functions of scalars (constants copied in).
// CHECK-LABEL: myia.func private @chain.kernel(%x0 : f32, %x1 : f32) -> f32 attributes {myia.kernel} {
// CHECK-NEXT:    %[[TWO:.*]] = myia.const 2.0 : f32
// CHECK-NEXT:    %[[M:.*]] = myia.mul %x0, %[[TWO]] : f32
// CHECK-NEXT:    %[[A:.*]] = myia.add %[[M]], %x1 : f32
// CHECK-NEXT:    %[[T:.*]] = myia.tanh %[[A]] : f32
// CHECK-NEXT:    myia.return %[[T]]
// CHECK-LABEL: myia.func private @energy.kernel(%x0 : f32) -> f32 attributes {myia.kernel} {
// CHECK-NEXT:    myia.sin %x0
// CHECK-NEXT:    myia.exp
// CHECK-NEXT:    myia.mul
// CHECK-LABEL: myia.func private @shared.kernel(%x0 : f64, %x1 : f64) -> f64 attributes {myia.kernel} {
// CHECK-NEXT:    %[[E:.*]] = myia.exp %x0 : f64
// CHECK-NEXT:    %[[Y:.*]] = myia.mul %[[E]], %[[E]] : f64
// CHECK-NEXT:    %[[Z:.*]] = myia.add %[[Y]], %x1 : f64
// CHECK-NEXT:    %[[W:.*]] = myia.sub %[[Z]], %[[E]] : f64
// CHECK-NEXT:    myia.return %[[W]]

// A kernel computes one element: the `where` of its scalars is a scalar (as
// typed IR, numpy's where of scalars is a 0-d array), and the verifier
// accepts it.
myia.func @relu(%x : tensor<4xf64>) -> tensor<4xf64> {
  %zero = myia.const 0.0 : f64
  %c = myia.gt %x, %zero : tensor<4xi1>
  %y = myia.where %c, %x, %zero : tensor<4xf64>
  myia.return %y
}

// CHECK-LABEL: myia.func private @relu.kernel(%x0 : f64) -> f64 attributes {myia.kernel} {
// CHECK-NEXT:    %zero = myia.const 0.0 : f64
// CHECK-NEXT:    %[[C:.*]] = myia.gt %x0, %zero : i1
// CHECK-NEXT:    %[[Y:.*]] = myia.where %[[C]], %x0, %zero : f64
// CHECK-NEXT:    myia.return %[[Y]]
