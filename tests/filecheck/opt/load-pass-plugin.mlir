// --load-pass-plugin imports a Python file whose register(registry) adds
// passes and dialects.
// RUN: myia-opt %s --load-pass-plugin %S/Inputs/plugin.py -p test-double-neg,dce | filecheck %s
// RUN: not myia-opt %s -p test-double-neg 2>&1 | filecheck %s --check-prefix=NOPASS
// RUN: not myia-opt %s 2>&1 | filecheck %s --check-prefix=NODIALECT
// RUN: not myia-opt %s --load-pass-plugin %S/Inputs/broken_plugin.py 2>&1 | filecheck %s --check-prefix=BROKEN
// RUN: not myia-opt %s --load-pass-plugin %S/Inputs/clashing_plugin.py 2>&1 | filecheck %s --check-prefix=CLASH
// RUN: not myia-opt %s --load-pass-plugin %S/Inputs/missing_plugin.py 2>&1 | filecheck %s --check-prefix=MISSING

// CHECK:      myia.func @f(%x) {
// CHECK-NEXT:   testplugin.mark %x : !myia.any
// CHECK-NEXT:   myia.return %x

// NOPASS:     myia-opt: error: unknown pass 'test-double-neg' (see --list-passes)
// NODIALECT:  load-pass-plugin.mlir:28:{{[0-9]+}}: error: Operation testplugin.mark is not registered

// BROKEN:     broken_plugin.py:4:1: error: pass plugin {{.*}}broken_plugin.py failed to load: KeyError: 'level'
// BROKEN-NEXT:    LEVEL = SETTINGS["level"]
// BROKEN-NOT: Traceback

// CLASH:      myia-opt: error: pass plugin {{.*}}clashing_plugin.py: the pass 'cse' is already registered by myia; pass replace=True to replace it on purpose

// MISSING:    myia-opt: error: cannot load the pass plugin {{.*}}missing_plugin.py: no such file

myia.func @f(%x) {
  %0 = myia.neg %x
  %1 = myia.neg %0
  testplugin.mark %1 : !myia.any
  myia.return %1
}
