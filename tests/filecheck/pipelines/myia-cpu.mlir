// RUN: myia-opt %s -p 'myia-cpu{entry=f}' | filecheck %s
// RUN: myia-opt %s -p 'myia-cpu{entry=f}' --print-ir-after-all 2>&1 >/dev/null | filecheck %s --check-prefix=PASSES
// RUN: not myia-opt %s -p myia-cpu 2>&1 | filecheck %s --check-prefix=ENTRY
// myia-cpu is the cpu backend's pipeline (lowering/pipelines.py) as one pass:
// typed myia in, the llvm dialect with C-ABI entry points out. myia-opt runs
// it as its passes, so that --print-ir-after-all and --timing show each.

myia.func @f(%x : f64, %n : i64) -> f64 {
  %0 = myia.call @twice(%x) : f64
  myia.return %0
}
myia.func private @twice(%v : f64) -> f64 {
  %0 = myia.add %v, %v : f64
  myia.return %0
}

// CHECK:       builtin.module attributes {myia.exports = {f = (f64, i64) -> f64}} {
// CHECK-LABEL:   llvm.func @f(%{{.*}}: f64, %{{.*}}: i64) -> f64 {
// CHECK-NEXT:      %[[R:.*]] = llvm.fadd %{{.*}}, %{{.*}} : f64
// CHECK-NEXT:      llvm.return %[[R]] : f64
// CHECK-NOT:     llvm.func @twice
// CHECK-LABEL:   llvm.func @f__capi(

// PASSES:      IR Dump After myia-export
// PASSES:      IR Dump After myia-inline
// PASSES:      IR Dump After cse
// PASSES:      IR Dump After dce
// PASSES:      IR Dump After myia-fuse-arrays
// PASSES:      IR Dump After myia-mark-results
// PASSES:      IR Dump After convert-myia-to-cf
// PASSES:      IR Dump After myia-parallel-loops
// PASSES:      IR Dump After myia-to-llvm
// PASSES:      IR Dump After myia-capi-wrappers
// PASSES:      IR Dump After myia-error-sites
// PASSES-NOT:  IR Dump After

// ENTRY: error: invalid options for pass 'myia-cpu': {{.*}}entry
