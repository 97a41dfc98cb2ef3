# RUN: not myia-opt %s --entry talk -p 'myia-infer{entry=talk args="tensor<3x12xf64>","tensor<14x1xf64>"}' 2>&1 | filecheck %s --check-prefix=DOT
# RUN: not myia-opt %s --entry broadcast -p 'myia-infer{entry=broadcast args="tensor<3x4xf64>","tensor<3xf64>"}' 2>&1 | filecheck %s --check-prefix=BROADCAST
# RUN: not myia-opt %s --entry reshape -p 'myia-infer{entry=reshape args="tensor<3x4xf64>"}' 2>&1 | filecheck %s --check-prefix=RESHAPE
# RUN: not myia-opt %s --entry method -p 'myia-infer{entry=method args="tensor<3x4xf64>"}' 2>&1 | filecheck %s --check-prefix=METHOD
# RUN: not myia-opt %s --entry concat -p 'myia-infer{entry=concat args="tensor<3x4xf64>","tensor<3x5xf64>"}' 2>&1 | filecheck %s --check-prefix=CONCAT
# Shape mistakes are MyiaShapeError with numpy's message, after a traceback
# through the user's functions (methods of arrays show as the user's call).
import numpy as np


def layer(x, w):
    return np.tanh(x @ w)


def talk(x, w):
    return layer(x, w)

# DOT:      in talk(
# DOT:      in layer(
# DOT-NEXT:   x :: f64 x 3 x 12,
# DOT-NEXT:   w :: f64 x 14 x 1
# DOT:      return np.tanh(x @ w)
# DOT:      in dot(f64 x 3 x 12, f64 x 14 x 1)
# DOT:      MyiaShapeError: Incompatible shapes in dot: (3, 12) and (14, 1)


def broadcast(x, b):
    return x + b

# BROADCAST: MyiaShapeError: operands could not be broadcast together with shapes (3, 4) (3,)


def reshape(x):
    return x.reshape(5, -1)

# RESHAPE:      in reshape(
# RESHAPE:      return x.reshape(5, -1)
# RESHAPE:      in reshape(f64 x 3 x 4, (i64, i64))
# RESHAPE:      MyiaShapeError: cannot reshape array of size 12 into shape (5, -1)


def method(x):
    return x.sum(axis=2)

# METHOD-NOT:   ndarray
# METHOD:       return x.sum(axis=2)
# METHOD:       MyiaShapeError: numpy.sum: axis 2 is out of bounds for array of dimension 2


def concat(a, b):
    return np.concatenate((a, b), axis=0)

# CONCAT: MyiaShapeError: all the input array dimensions except for the concatenation axis must match exactly, but along dimension 1, the array at index 0 has size 4 and the array at index 1 has size 5
