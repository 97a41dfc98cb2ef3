// RUN: not myia-opt %s -p convert-myia-to-gpu 2>&1 | filecheck %s
// An array operation the cuda backend does not lower is an error at the user's
// line, naming the operation (sum_to_shape only exists before specialization: it is
// written here on purpose).

myia.func @f(%x : tensor<3x4xf64>) -> tensor<1x4xf64> {
  %0 = myia.const 1 : i64
  %1 = myia.const 4 : i64
  %2 = myia.tuple(%0, %1) : tuple<i64, i64>
  %3 = myia.sum_to_shape %x, %2 : tensor<1x4xf64> loc("prog.py":7:12)
  myia.return %3
}

// CHECK: prog.py:7:12: error: the cuda backend does not lower myia.sum_to_shape on arrays yet
