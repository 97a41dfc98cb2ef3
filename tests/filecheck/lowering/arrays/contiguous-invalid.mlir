// RUN: not myia-opt %s -p convert-myia-to-cf 2>&1 | filecheck %s
// A `myia.contiguous` that does not say one bool for each array of the arguments
// is an error that names the function and where it is.

myia.func @bad(%x : tensor<4xf64>) -> tensor<4xf64> attributes {myia.contiguous = [true, true]} {
  myia.return %x
}

// CHECK: contiguous-invalid.mlir:5:1: error: @bad: myia.contiguous must be an array of 1 bools, one for each array its arguments hold
