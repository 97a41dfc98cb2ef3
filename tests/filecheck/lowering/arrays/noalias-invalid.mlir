// RUN: not myia-opt %s -t llvm 2>&1 | filecheck %s
// `myia.read_only_args` must list pointer arguments (it makes them noalias).

llvm.func @f(%x : i64) -> i64 attributes {myia.read_only_args = [0 : i64]} {
  llvm.return %x : i64
}

// CHECK: noalias-invalid.mlir:4:1: error: @f: myia.read_only_args must list the positions of pointer arguments
