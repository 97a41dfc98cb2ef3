// --timing reports the wall time of each step on stderr, as mlir-opt's
// -mlir-timing does.
// RUN: myia-opt %s -p canonicalize,cse,cse --timing -o %t 2>&1 | filecheck %s

// CHECK:      ===-------------------------------------------------------------------------===
// CHECK-NEXT:                          ... Execution time report ...
// CHECK-NEXT: ===-------------------------------------------------------------------------===
// CHECK-NEXT:   Total Execution Time: {{[0-9.]+}} seconds
// CHECK-EMPTY:
// CHECK-NEXT:   ----Wall Time----  ----Name----
// CHECK-NEXT:   {{ *[0-9.]+}} ({{ *[0-9.]+}}%)  Parser
// CHECK-NEXT:   {{ *[0-9.]+}} ({{ *[0-9.]+}}%)  Verifier
// CHECK-NEXT:   {{ *[0-9.]+}} ({{ *[0-9.]+}}%)  canonicalize
// CHECK-NEXT:   {{ *[0-9.]+}} ({{ *[0-9.]+}}%)  cse #1
// CHECK-NEXT:   {{ *[0-9.]+}} ({{ *[0-9.]+}}%)  cse #2
// CHECK-NEXT:   {{ *[0-9.]+}} ({{ *[0-9.]+}}%)  Output
// CHECK-NEXT:   {{ *[0-9.]+}} (100.0%)  Total

myia.func @f(%x) {
  %0 = myia.add %x, %x
  myia.return %0
}
