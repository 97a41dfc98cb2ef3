// A file whose first token does not lex (xDSL's parser reads it when it is
// made) is a diagnostic like any other: file:line:col, exit status 1.
// RUN: not myia-opt %S/Inputs/bang.mlir 2>&1 | filecheck %s --check-prefix=BANG
// RUN: not myia-opt %S/Inputs/unterminated-first.mlir 2>&1 | filecheck %s --check-prefix=FIRST
// RUN: not myia-opt %S/Inputs/unterminated-string.mlir 2>&1 | filecheck %s --check-prefix=STRING
// RUN: not myia-opt %S/Inputs/bang.mlir -p myia-infer -t llvm 2>&1 | filecheck %s --check-prefix=BANG

// BANG:      bang.mlir:1:1: error: Expected suffix identifier after !
// BANG-NEXT:     !
// BANG-NEXT:     ^
// BANG-NOT:  Traceback

// FIRST:     unterminated-first.mlir:1:1: error: End of file reached before closing string literal.
// FIRST-NOT: Traceback

// STRING:     unterminated-string.mlir:2:19: error: End of file reached before closing string literal.
// STRING-NOT: Traceback
