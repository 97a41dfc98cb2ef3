# RUN: not myia-opt %s --entry f 2>&1 | filecheck --strict-whitespace %s
# Unsupported Python is reported at its file:line:col, with the line and a caret.


def f(x):
    y = x + 1
    return {x: y}


# CHECK:      syntax_error.py:7:12: error: dicts are not supported
# CHECK-NEXT:     return {x: y}
# CHECK-NEXT: {{^}}           ^{{$}}
# CHECK-NOT:  Traceback
