# RUN: myia-opt %s --entry f | filecheck %s
# numpy's functions are primitives marked `numpy` (numpy's semantics, numpy
# scalars of Python scalars too); Python's operators and math's functions that
# share a primitive with numpy (math.fabs) are not.

import math

import numpy as np


def f(x, y):
    return np.power(x, y), x**y, np.square(x), np.fabs(x), math.fabs(x), np.minimum(x, y)


# CHECK-LABEL: myia.func @f(%x, %y) {
# CHECK-NEXT:    %0 = myia.pow %x, %y numpy
# CHECK-NEXT:    %1 = myia.pow %x, %y
# CHECK-NEXT:    %2 = myia.mul %x, %x numpy
# CHECK-NEXT:    %3 = myia.fabs %x numpy
# CHECK-NEXT:    %4 = myia.float %x
# CHECK-NEXT:    %5 = myia.fabs %4
# CHECK-NEXT:    %6 = myia.min %x, %y numpy
