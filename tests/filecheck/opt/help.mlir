// --help documents the flags mlir-opt users look for (each help text on one
// line here: a long flag's text starts on the line after it).
// RUN: env COLUMNS=1000 myia-opt --help | filecheck %s

// CHECK:      -o OUTPUT_FILE, --output-file OUTPUT_FILE
// CHECK-NEXT: output file ('-' or none: stdout)
// CHECK:      -p PASSES, --passes PASSES
// CHECK-NEXT: pass pipeline: 'pass1,pass2{opt=1 other=true}' (see --list-passes); named pipelines: 'myia-jit{entry=f}' (what myia.jit compiles: infer, grad, the cpu backend's passes)
// CHECK:      --verify-diagnostics {{ +}}check the errors and the passes' warnings against the input's '// expected-error {{[{][{]}}message{{[}][}]}}' and 'expected-warning' annotations {{.*}}: exit 0 only if exactly the expected diagnostics occur, each at its line. Without annotations, print the errors on stdout and exit 0
// CHECK:      --pass-pipeline PIPELINE
// CHECK-NEXT: pass pipeline in MLIR's syntax: 'builtin.module(pass1,pass2{opt=1})'
// CHECK:      --entry ENTRY {{ +}}the function to parse when the input is a Python file; its parameters' annotations
// CHECK:      --print-ir-after PASS
// CHECK-NEXT: print the IR after each run of PASS
// CHECK:      --print-ir-after-change
// CHECK-NEXT: print the IR after a pass only if the pass changed it
// CHECK:      --print-ir-after-failure
// CHECK-NEXT: when a pass fails, print the IR it was given
// CHECK:      --load-pass-plugin FILE.py
// CHECK-NEXT: load a Python file that registers passes and dialects
// CHECK:      --no-plugins {{ +}}do not load the plugins installed under the myia.plugins entry point group (also: environment variable MYIA_NO_PLUGINS=1)
