# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args="tensor<4xi1>","tensor<4xi1>"}' | filecheck %s
# RUN: not myia-opt %s --entry g -p 'myia-infer{entry=g args="tensor<4xi1>","tensor<4xi1>"}' 2>&1 | filecheck %s --check-prefix=SUB
# numpy's arithmetic on bools: + and * stay bool as the logical `or` and `and`
# (i1 has no arithmetic), //, % and ** compute in int8, - is a type error.
import numpy as np


def f(a, b):
    return a + b, a * b, a // b, a**b, np.maximum(a, b), a / b

# CHECK-LABEL: myia.func @f(%a : tensor<4xi1>, %b : tensor<4xi1>)
# CHECK:         myia.bitor %a, %b : tensor<4xi1>
# CHECK:         myia.bitand %a, %b : tensor<4xi1>
# CHECK:         %[[A8:.*]] = myia.astype %a, %{{.*}} : tensor<4xi8>
# CHECK:         %[[B8:.*]] = myia.astype %b, %{{.*}} : tensor<4xi8>
# CHECK:         myia.floordiv %[[A8]], %[[B8]] : tensor<4xi8>
# CHECK:         myia.pow %{{.*}}, %{{.*}} : tensor<4xi8>
# CHECK:         myia.bitor %a, %b : tensor<4xi1>
# CHECK:         myia.truediv %{{.*}}, %{{.*}} : tensor<4xf64>


def g(a, b):
    return a - b

# SUB:      bool_arrays.py:23:12: error: numpy boolean subtract, the `-` operator, is not supported
# SUB-NEXT: bool_arrays.py:23
# SUB-NEXT: in g(
# SUB:      23: return a - b
# SUB:      MyiaTypeError: numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead
