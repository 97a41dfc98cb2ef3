# myia-run also runs a function of a Python file (with myia.jit).

# RUN: myia-run %s --entry dist --args '3.0, 4.0' | filecheck %s
# RUN: not myia-run %s --entry missing 2>&1 | filecheck %s --check-prefix=MISSING

# CHECK: {{^}}5.0{{$}}
# MISSING: python.py has no function named 'missing'

import math


def dist(x, y):
    return math.sqrt(x * x + y * y)
