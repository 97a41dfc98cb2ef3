// RUN: myia-opt %s -p convert-myia-to-gpu | filecheck %s
// Views and shapes are computed on the host from the arrays' descriptors: no
// kernel, no copy. A reshape of an array that may be a strided view (an argument)
// first makes it contiguous if it is not when it runs ("contiguous": a copy kernel
// launched only then); a reshape of a new array does not.

myia.func @views(%x : tensor<4x6xf64>, %i : i64) -> tuple<tensor<6x4xf64>, tensor<3x8xf64>, f64, tensor<24xf64>> {
  %0 = myia.const 1 : i64
  %1 = myia.const 0 : i64
  %axes = myia.tuple(%0, %1) : tuple<i64, i64>
  %t = myia.transpose %x, %axes : tensor<6x4xf64>
  %2 = myia.const 3 : i64
  %3 = myia.const 8 : i64
  %shape = myia.tuple(%2, %3) : tuple<i64, i64>
  %r = myia.reshape %x, %shape : tensor<3x8xf64>
  %items = myia.tuple(%i, %0) : tuple<i64, i64>
  %e = myia.array_getitem %x, %items : f64
  %y = myia.exp %x : tensor<4x6xf64>
  %4 = myia.const 24 : i64
  %flat = myia.tuple(%4) : tuple<i64>
  %f = myia.reshape %y, %flat : tensor<24xf64>
  %out = myia.tuple(%t, %r, %e, %f) : tuple<tensor<6x4xf64>, tensor<3x8xf64>, f64, tensor<24xf64>>
  myia.return %out
}

// CHECK-LABEL: myia.func @views(
// CHECK:         %t = myia_gpu.host "transpose"(%x, %axes) : (tensor<4x6xf64>, tuple<i64, i64>) -> tensor<6x4xf64>
// CHECK:         %[[C:.*]] = myia_gpu.launch "contiguous" [@kernels::@views.copy](%x) config {block = 256 : i64, items = 4 : i64} : (tensor<4x6xf64>) -> tensor<4x6xf64>
// CHECK-NEXT:    %r = myia_gpu.host "reshape"(%[[C]], %shape) : (tensor<4x6xf64>, tuple<i64, i64>) -> tensor<3x8xf64>
// CHECK:         %[[E:.*]] = myia_gpu.host "array_getitem"(%x, %items) : (tensor<4x6xf64>, tuple<i64, i64>) -> tensor<f64>
// CHECK-NEXT:    %e = myia_gpu.to_host %[[E]] : tensor<f64> -> f64
// CHECK:         %y = myia_gpu.launch "map"
// CHECK-NOT:     "contiguous"
// CHECK:         %f = myia_gpu.host "reshape"(%y, %flat)
