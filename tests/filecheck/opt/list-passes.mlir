// --list-passes names every pass with a one-line description: myia's, xDSL's,
// and those of plugins.
// RUN: myia-opt --list-passes | filecheck %s
// RUN: myia-opt --list-passes --load-pass-plugin %S/Inputs/plugin.py | filecheck %s --check-prefix=PLUGIN

// CHECK:      Available passes:
// CHECK:        canonicalize {{ +}}Fold constants, known calls and branches, and redundant tuple/bool ops.
// CHECK:        cse {{ +}}Merge ops that compute the same value (pure ops with equal operands).
// CHECK:        dce {{ +}}Erase unused pure ops and private myia functions nothing refers to.
// CHECK:        myia-cpu {{ +}}The cpu backend's passes, typed myia to the llvm dialect (what myia.jit runs).
// CHECK-NEXT:     options: entry
// CHECK:        myia-inline {{ +}}Inline calls to small, non-recursive myia functions (max-size ops at most).
// CHECK-NEXT:     options: max-size=64 remove-dead=true simplify=false max-rounds=32
// CHECK:        myia-jit {{ +}}What myia.jit compiles: myia-infer, myia-grad, then the cpu backend's passes.
// CHECK-NEXT:     options: entry args
// CHECK:        printf-to-llvm

// PLUGIN:       test-double-neg {{ +}}Replace neg(neg(x)) by x (a test plugin's pass).
