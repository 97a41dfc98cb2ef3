# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args=f64},myia-grad,myia-check-nans' | filecheck %s
# RUN: myia-opt %s --entry g -p 'myia-infer{entry=g args=tensor<2xf64>},myia-grad,myia-check-nans' --print-debuginfo | filecheck %s --check-prefix=REV
# After each op with a float result, a check located at that op: isfinite of
# a scalar, of sum(r * 0) for an array; the message names the phase.

import numpy as np
import myia

def f(x):
    y = np.log(x)
    return y * y

def s(x):
    return np.sum(np.sqrt(x))

def g(x):
    return myia.grad(s)(x)

# CHECK-LABEL: myia.func @f(%x : f64) -> f64
# CHECK-NEXT:    %y = myia.log %x : f64
# CHECK-NEXT:    %0 = myia.isfinite %y : i1
# CHECK-NEXT:    %1 = myia.const "log gave NaN or infinity in the forward pass" : !myia.str
# CHECK-NEXT:    %2 = myia.check_float %0, %1 : !myia.none
# CHECK-NEXT:    %3 = myia.mul %y, %y : f64
# CHECK-NEXT:    %4 = myia.isfinite %3 : i1
# CHECK-NEXT:    %5 = myia.const "mul gave NaN or infinity in the forward pass" : !myia.str
# CHECK-NEXT:    %6 = myia.check_float %4, %5 : !myia.none
# CHECK-NEXT:    myia.return %3

# REV-LABEL: myia.func private @s(%x : tensor<2xf64>) -> f64
# REV:         %[[R:.*]] = myia.sqrt %x : tensor<2xf64> loc("{{.*}}phases.py":14:19)
# REV-NEXT:    %[[Z:.*]] = myia.const 0.0 : f64 loc("{{.*}}phases.py":14:19)
# REV-NEXT:    %[[M:.*]] = myia.mul %[[R]], %[[Z]] : tensor<2xf64> loc("{{.*}}phases.py":14:19)
# REV-NEXT:    %[[N:.*]] = myia.const none : !myia.none
# REV-NEXT:    %[[K:.*]] = myia.const false : i1
# REV-NEXT:    %[[S:.*]] = myia.sum %[[M]], %[[N]], %[[K]] : f64
# REV-NEXT:    %[[OK:.*]] = myia.isfinite %[[S]] : i1
# REV-NEXT:    %[[T:.*]] = myia.const "sqrt gave NaN or infinity in the forward pass" : !myia.str
# REV-NEXT:    myia.check_float %[[OK]], %[[T]] : !myia.none loc("{{.*}}phases.py":14:19)
# REV-LABEL: myia.func private @s.bprop
# REV:         myia.const "divide gave NaN or infinity in the reverse phase (a gradient)" : !myia.str loc("{{.*}}phases.py":14:19)
