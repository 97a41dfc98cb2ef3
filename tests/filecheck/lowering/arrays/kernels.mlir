// RUN: myia-opt %s -p convert-myia-to-cf | filecheck %s
// A fused kernel is emitted in the loop body, one element at a time: no array
// for the intermediate values, and no function of its own.

myia.func @f(%x : tensor<8xf64>, %b : tensor<8xf64>) -> tensor<8xf64> {
  %k = myia.closure @f.kernel : !myia.fn<@f.kernel>
  %r = myia.array_map %k, %x, %b : tensor<8xf64>
  myia.return %r
}
myia.func private @f.kernel(%x0 : f64, %x1 : f64) -> f64 attributes {myia.kernel} {
  %0 = myia.const 2.0 : f64
  %1 = myia.mul %x0, %0 : f64
  %2 = myia.add %1, %x1 : f64
  %3 = myia.sqrt %2 : f64
  myia.return %3
}

// CHECK-LABEL: func.func @f(
// CHECK:         %[[TWO:.*]] = arith.constant 2.0
// CHECK-COUNT-1: func.call @myia_alloc
// CHECK:         scf.for
// CHECK:           %[[M:.*]] = arith.mulf %{{.*}}, %[[TWO]]
// CHECK:           %[[A:.*]] = arith.addf %[[M]]
// CHECK:           math.sqrt %[[A]]
// CHECK-NOT:   func.func {{.*}}@f.kernel

// A map followed by a reduction: the mapped array is never made.
myia.func @g(%x : tensor<8xf32>) -> f32 {
  %k = myia.closure @g.kernel : !myia.fn<@g.kernel>
  %kind = myia.const "sum" : !myia.str
  %zero = myia.const 0 : i64
  %axes = myia.tuple(%zero) : tuple<i64>
  %keep = myia.const false : i1
  %r = myia.array_reduce %k, %kind, %axes, %keep, %x : f32
  myia.return %r
}
myia.func private @g.kernel(%x0 : f32) -> f32 attributes {myia.kernel} {
  %0 = myia.mul %x0, %x0 : f32
  myia.return %0
}

// CHECK-LABEL: func.func @g(
// CHECK-NOT:     func.call @myia_alloc
// CHECK:         scf.for {{.*}} iter_args
// CHECK:           arith.mulf
// CHECK:           arith.addf {{.*}} fastmath<reassoc>
