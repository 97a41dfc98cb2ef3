// RUN: myia-opt %s -p myia-fuse-arrays,convert-myia-to-cf | filecheck %s
// RUN: myia-opt %s -p myia-fuse-arrays,convert-myia-to-cf,myia-to-llvm -t llvm | filecheck %s --check-prefix=IR
// The arrays an entry takes are never written by it (myia has no mutation)
// and the arrays it makes are fresh memory: the data pointers of its array
// arguments are listed in `myia.read_only_args` and become `noalias`, and the
// allocation functions return `noalias` memory. LLVM then knows that a loop
// writing a new array does not overlap what it reads: no run-time overlap
// test, no second version of the loop (the test and the versioning cost
// tanh(z + b) 66 us instead of 54 over 256x256 float32).

myia.func @entry(%x : tensor<4x8xf32>, %p : tuple<f32, tensor<8xf32>>) -> tuple<tensor<4x8xf32>, tensor<4x8xf32>> attributes {myia.contiguous = [true, true]} {
  %b = myia.tuple_get %p[1] : tensor<8xf32>
  %s = myia.add %x, %b : tensor<4x8xf32>
  %t = myia.tanh %s : tensor<4x8xf32>
  %u = myia.mul %t, %t : tensor<4x8xf32>
  %r = myia.tuple(%t, %u) : tuple<tensor<4x8xf32>, tensor<4x8xf32>>
  myia.return %r
}

// Leaves: %x is (ptr, 2 sizes, 2 strides) at 0-4, %p's f32 at 5, its array at 6-8.
// CHECK-LABEL: func.func @entry(
// CHECK-SAME:    myia.read_only_args = [0 : i64, 6 : i64]
// CHECK:         func.call @myia_alloc_array(

// IR:     define {{.*}} @"entry"(ptr noalias %".1", i64 %".2", i64 %".3", i64 %".4", i64 %".5", float %".6", ptr noalias %".7", i64 %".8", i64 %".9")
// IR:     declare noalias ptr @"myia_alloc_array"(i64 %".1")
