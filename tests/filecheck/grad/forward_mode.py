# RUN: myia-opt %s --entry one -p 'myia-infer{entry=one args=f64,i64},myia-grad' | filecheck %s --check-prefix=ONE
# RUN: myia-opt %s --entry one -p 'myia-infer{entry=one args=f64,i64},myia-grad,myia-inline{simplify=true},cse,dce' | filecheck %s --check-prefix=SIMPLE
# RUN: myia-opt %s --entry one -p 'myia-infer{entry=one args=f64,i64},myia-grad{forward=never}' | filecheck %s --check-prefix=NEVER
# RUN: myia-opt %s --entry two -p 'myia-infer{entry=two args=f64,f64,i64},myia-grad' | filecheck %s --check-prefix=TWO
# RUN: myia-opt %s --entry arrays -p 'myia-infer{entry=arrays args=f64,"tensor<3xf64>"},myia-grad' | filecheck %s --check-prefix=ARRAYS
# RUN: not myia-opt %s --entry one -p 'myia-grad{forward=sometimes}' 2>&1 | filecheck %s --check-prefix=BAD
# A gradient with respect to one float scalar of scalar code is a forward-mode
# derivative (myia-grad{forward=auto}, the default): each function gets a .jvp
# taking the tangents of its active arguments and returning (value, tangent);
# there is no backpropagator and no tape, and a loop's derivative stays a loop
# (the tail call stays a tail call). Two scalars, or arrays, take reverse mode.

import math

import numpy as np

import myia


def loop(x, y, n):
    i = 0
    while i < n:
        x = math.tanh(x) * y
        i = i + 1
    return x


def one(x, n):
    return myia.grad(loop)(x, 1.5, n)


def two(x, y, n):
    return myia.grad(loop, (0, 1))(x, y, n)


def arrays(x, a):
    return myia.grad(lambda s: np.sum(np.tanh(a * s)))(x)

# ONE-NOT:     bprop
# ONE-LABEL: myia.func private @loop.grad
# ONE:         %[[SEED:.*]] = myia.const 1.0 : f64
# ONE:         myia.call @loop.jvp(%x, %y, %n, %[[SEED]]) : tuple<!myia.none, f64>
# ONE:       myia.func private @loop.jvp(%x : f64, %y : f64, %n : i64, %d_x : f64) -> tuple<!myia.none, f64>
# ONE:       myia.func private @loop.while_L{{[0-9]+}}.body.jvp
# ONE-NEXT:    %[[T:.*]] = myia.math_tanh %x : f64
# ONE-NEXT:    %[[ONE:.*]] = myia.const 1.0 : f64
# ONE-NEXT:    %[[SQ:.*]] = myia.mul %[[T]], %[[T]] : f64
# ONE-NEXT:    %[[D:.*]] = myia.sub %[[ONE]], %[[SQ]] : f64
# ONE-NEXT:    %[[DT:.*]] = myia.mul %d_x, %[[D]] : f64
# ONE-NEXT:    %[[X:.*]] = myia.mul %[[T]], %y : f64
# ONE-NEXT:    %[[DX:.*]] = myia.mul %[[DT]], %y : f64
# ONE:         myia.call @loop.while_L{{[0-9]+}}_1.jvp(%y, %n, %[[X]], %{{.*}}, %[[DX]])
# ONE-NOT:     bprop

# The loop is a tail call of its jvp, passing the tangent along: no closure.
# SIMPLE-LABEL: myia.func @one
# SIMPLE-NOT:    myia.closure
# SIMPLE:        myia.func private @loop.while_L{{[0-9]+}}.body{{.*}}.jvp
# SIMPLE-NOT:    myia.closure
# SIMPLE:          myia.call @loop.while_L{{[0-9_]+}}.jvp(
# SIMPLE-NOT:    myia.closure

# NEVER: @loop.J
# NEVER: @loop.bprop

# TWO-NOT: .jvp
# TWO:     @loop.J
# TWO-NOT: .jvp

# ARRAYS-NOT: .jvp
# ARRAYS:     .J
# ARRAYS-NOT: .jvp

# BAD: invalid options for pass 'myia-grad': forward='sometimes', expected one of: auto, never
