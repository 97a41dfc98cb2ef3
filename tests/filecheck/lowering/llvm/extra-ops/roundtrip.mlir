// The operations xDSL lacks parse, print, and translate to LLVM IR.
// RUN: myia-opt %s | filecheck %s
// RUN: myia-opt %s -t llvm | filecheck %s --check-prefix=IR

// CHECK-LABEL: llvm.func @casts(%f: f64, %i: i64) -> i64 {
// CHECK-NEXT:    %a = llvm.fptosi %f : f64 to i64
// CHECK-NEXT:    %b = llvm.fptoui %f : f64 to i64
// CHECK-NEXT:    %c = llvm.uitofp %i : i64 to f32
// CHECK-NEXT:    %d = llvm.fcmp "ord" %f, %f : f64

// IR-LABEL: define i64 @"casts"(double %".1", i64 %".2")
// IR-NEXT:  {
// IR-NEXT:  {{.*}}:
// IR-NEXT:    %{{.*}} = fptosi double %".1" to i64
// IR-NEXT:    %{{.*}} = fptoui double %".1" to i64
// IR-NEXT:    %{{.*}} = uitofp i64 %".2" to float
// IR-NEXT:    %{{.*}} = fcmp ord double %".1", %".1"
llvm.func @casts(%f: f64, %i: i64) -> i64 {
  %a = llvm.fptosi %f : f64 to i64
  %b = llvm.fptoui %f : f64 to i64
  %c = llvm.uitofp %i : i64 to f32
  %d = llvm.fcmp "ord" %f, %f : f64
  %s = llvm.add %a, %b : i64
  llvm.return %s : i64
}

// A switch (and a conditional branch) reaching one block twice with different
// arguments goes through an extra block per repeated edge: phis take one value
// per predecessor.
// CHECK-LABEL: llvm.func @switch(%x: i64, %a_1: i64) -> i64 {
// CHECK-NEXT:    llvm.switch %x : i64, [
// CHECK-NEXT:    default: ^bb1(%x : i64),
// CHECK-NEXT:      1: ^bb1(%a_1 : i64),
// CHECK-NEXT:      2: ^bb2
// CHECK-NEXT:    ]

// IR-LABEL: define i64 @"switch"(i64 %".1", i64 %".2")
// IR-NEXT:  {
// IR-NEXT:  [[ENTRY:\.[0-9]+]]:
// IR-NEXT:    switch i64 %".1", label %"[[OUT:\.[0-9]+]]" [i64 1, label %"[[EXTRA:\.[0-9]+]]" i64 2, label %"{{\.[0-9]+}}"]
// IR-NEXT:  [[OUT]]:
// IR-NEXT:    %{{.*}} = phi  i64 [%".1", %"[[ENTRY]]"], [%".2", %"[[EXTRA]]"]
// IR:       [[EXTRA]]:
// IR-NEXT:    br label %"[[OUT]]"
llvm.func @switch(%x: i64, %a: i64) -> i64 {
  llvm.switch %x : i64, [
    default: ^bb1(%x : i64),
    1: ^bb1(%a : i64),
    2: ^bb2
  ]
^bb1(%r: i64):
  llvm.return %r : i64
^bb2:
  llvm.return %a : i64
}

// Function attributes and linkage reach LLVM IR.
// IR: declare i32 @"_setjmp"(ptr %".1") nounwind returns_twice
// IR: define internal i64 @"hidden"(i64 %".1") noinline
llvm.func @_setjmp(!llvm.ptr) -> i32 attributes {passthrough = ["returns_twice", "nounwind"]}
llvm.func internal @hidden(%a: i64) -> i64 attributes {passthrough = ["noinline"]} {
  llvm.return %a : i64
}
