// Arrays: array([...]) in --args (dtype= for others than float64 and int64),
// printed with numpy's repr on one line.

// RUN: myia-run %s --entry scale --args 'array([1.0, 2.0, 3.0]), 2.0' | filecheck %s
// RUN: myia-run %s --entry scale --args 'array([[1, 2], [3, 4]], dtype=float32), float32(0.5)' | filecheck %s --check-prefix=F32
// RUN: myia-run %s --entry scale --args 'np.array([1, 2, 3]), 2' | filecheck %s --check-prefix=INT
// RUN: not myia-run %s --entry scale --args 'array([1.0, 2.0]), foo' 2>&1 | filecheck %s --check-prefix=ARGS

// CHECK: {{^}}array([ 8., 10., 12.]){{$}}
// F32: {{^}}array({{\[}}[10.5, 11. ], [11.5, 12. ]], dtype=float32){{$}}
// INT: {{^}}array([ 8, 10, 12]){{$}}
// ARGS: <args>:1:20: error: --args: expected a literal

builtin.module {
  myia.func @scale(%a, %k) {
    %0 = myia.mul %a, %k
    %1 = myia.const none
    %2 = myia.const false
    %3 = myia.sum %a, %1, %2
    %4 = myia.add %0, %3
    myia.return %4
  }
}
