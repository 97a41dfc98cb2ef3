// No user mistake produces a Python traceback: each is one paragraph naming
// file:line:col, and a non-zero exit status.
// RUN: not myia-opt %S/Inputs/syntax.mlir 2>&1 | filecheck %s --check-prefix=SYNTAX
// RUN: not myia-opt %S/Inputs/invalid.mlir 2>&1 | filecheck %s --check-prefix=INVALID
// RUN: not myia-opt %s -p no-such-pass 2>&1 | filecheck %s --check-prefix=PASS
// RUN: not myia-opt %s -p myia-inlin 2>&1 | filecheck %s --check-prefix=CLOSE
// RUN: not myia-opt %s -p 'myia-inline{max-size=big}' 2>&1 | filecheck %s --check-prefix=OPTION
// RUN: not myia-opt %s -p 'myia-inline{no-such-option=1}' 2>&1 | filecheck %s --check-prefix=OPTNAME
// RUN: not myia-opt %s -p 'cse{' 2>&1 | filecheck %s --check-prefix=PIPELINE
// RUN: not myia-opt %S/Inputs/no-such-file.mlir 2>&1 | filecheck %s --check-prefix=MISSING
// RUN: not myia-opt %S/Inputs/unsupported.py --entry f 2>&1 | filecheck %s --check-prefix=PYTHON
// RUN: not myia-opt %S/Inputs/prog.py 2>&1 | filecheck %s --check-prefix=ENTRY
// RUN: not myia-opt %S/Inputs/prog.py --entry nope 2>&1 | filecheck %s --check-prefix=NOFUNC
// RUN: not myia-opt %s --entry f 2>&1 | filecheck %s --check-prefix=NOTPY
// RUN: not myia-opt %s --no-such-flag 2>&1 | filecheck %s --check-prefix=FLAG
// RUN: not myia-opt %s -o %S/no-such-dir/out.mlir 2>&1 | filecheck %s --check-prefix=OUTPUT

// SYNTAX:      syntax.mlir:3:3: error: Expected '=' after operation result list
// SYNTAX-NEXT:     myia.return %0
// SYNTAX-NEXT:     ^
// SYNTAX-NOT:  Traceback

// INVALID:     invalid.mlir:2:3: error: myia.call passes 1 value(s) to @g, which takes 2 (0 captured, 2 parameters)
// INVALID-NEXT:    %0 = myia.call @g(%x)
// INVALID-NEXT:    ^
// INVALID-NOT: Traceback

// PASS:        myia-opt: error: unknown pass 'no-such-pass' (see --list-passes)
// CLOSE:       myia-opt: error: unknown pass 'myia-inlin' (did you mean 'myia-inline'{{.*}}?)
// OPTION:      myia-opt: error: invalid options for pass 'myia-inline': Incompatible types: given ('big',), expected <class 'int'>
// OPTNAME:     myia-opt: error: unknown option 'no-such-option' for pass 'myia-inline' (options: max-size, remove-dead, {{.*}})
// PIPELINE:    myia-opt: error: invalid pass pipeline:
// PIPELINE-NOT: Traceback
// MISSING:     myia-opt: error: cannot read {{.*}}no-such-file.mlir: No such file or directory

// PYTHON:      unsupported.py:7:5: error: try statements are not supported: myia programs have no exceptions
// PYTHON-NEXT:     try:
// PYTHON-NEXT:     ^
// ENTRY:       myia-opt: error: {{.*}}prog.py is a Python file: say which function to parse with --entry NAME
// NOFUNC:      error: {{.*}}prog.py has no function named 'nope'
// NOTPY:       myia-opt: error: --entry only applies to Python input files (.py)
// FLAG:        myia-opt: error: unrecognized arguments: --no-such-flag
// OUTPUT:      myia-opt: error: cannot write {{.*}}out.mlir: No such file or directory

myia.func @f(%x) {
  myia.return %x
}
