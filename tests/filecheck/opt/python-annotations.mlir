// A Python input's entry takes its parameter types from its annotations when
// the pipeline gives myia-infer no args= (float, int, bool: Python scalars;
// numpy scalar types; IR types as strings; tuples and dataclasses). An explicit
// args= wins. A missing or meaningless annotation names the parameter.
// RUN: myia-opt %S/Inputs/annotated.py --entry f -p myia-infer | filecheck %s
// RUN: myia-opt %S/Inputs/annotated.py --entry f -p 'myia-infer{entry=f args=i32,f32}' | filecheck %s --check-prefix=EXPLICIT
// RUN: myia-opt %S/Inputs/annotated.py --entry mixed -p myia-infer | filecheck %s --check-prefix=MIXED
// RUN: myia-opt %S/Inputs/annotated.py --entry f -p 'myia-jit{entry=f}' | filecheck %s --check-prefix=JIT
// RUN: not myia-opt %S/Inputs/annotated.py --entry partly -p myia-infer 2>&1 | filecheck %s --check-prefix=MISSING
// RUN: not myia-opt %S/Inputs/annotated.py --entry typo -p myia-infer 2>&1 | filecheck %s --check-prefix=TYPO
// RUN: not myia-opt %S/Inputs/annotated.py --entry array -p myia-infer 2>&1 | filecheck %s --check-prefix=ARRAY
// Without myia-infer in the pipeline, annotations are not needed.
// RUN: myia-opt %S/Inputs/annotated.py --entry partly -p canonicalize | filecheck %s --check-prefix=UNTYPED

// CHECK:      myia.func @f(%x : f64, %y : f64) -> f64 {
// CHECK-NEXT:   %0 = myia.const 2.0 : f64
// CHECK-NEXT:   %1 = myia.mul %x, %0 : f64
// CHECK-NEXT:   %2 = myia.add %1, %y : f64
// CHECK-NEXT:   myia.return %2

// EXPLICIT:   myia.func @f(%x : i32, %y : f32) -> f64 attributes {myia.numpy_scalars = [""]} {

// MIXED:      myia.func @mixed(%a : tensor<3xf64>, %s : f32, %t : tuple<f64, i64>, %p : !myia.record<"geometry.Point", x: f64, y: f64>) -> tensor<3xf64> {

// The named jit pipeline: inference, gradients, the cpu backend's passes.
// JIT:        builtin.module attributes {myia.exports = {f = (f64, f64) -> f64}} {
// JIT-NEXT:     llvm.func @f(%0: f64, %1: f64) -> f64 {
// JIT:          llvm.func @f__capi(

// MISSING:    annotated.py:9:12: error: parameter 'x' of partly has no type annotation: annotate it (x: float, or an IR type such as x: "tensor<3xf64>") or give myia-infer{args=...}
// MISSING-NEXT:     def partly(x, y: int):
// MISSING-NEXT:                ^
// MISSING-NOT: Traceback

// TYPO:       annotated.py:17:10: error: parameter 'x' of typo: the annotation 'tensor<3xf64' is neither a Python type nor an IR type (Expected '>' after builtin parameter list)
// ARRAY:      annotated.py:21:11: error: parameter 'x' of array: the annotation ndarray gives no rank: annotate arrays with their IR type, e.g. "tensor<3xf64>" or "tensor<?x?xf32>"

// UNTYPED:    myia.func @partly(%x, %y) {
