# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args="tensor<3x4xf32>",i64}' | filecheck %s
# Arrays in typed IR: shapes in the types (? when known only at run time),
# numpy's dtypes (weak Python scalars), static operands as constants, methods
# bound to the array, views and reductions as primitives.
import numpy as np


def f(x, i):
    y = x * 2.0 + 1
    s = y.sum(axis=1, keepdims=True)
    z = y[i:, ::-1]
    return s, z.T, np.zeros((2, 3), dtype=np.int32), x.reshape(-1)

# CHECK-LABEL: myia.func @f(%x : tensor<3x4xf32>, %i : i64)
# CHECK:         %[[Y:.*]] = myia.add %{{.*}}, %{{.*}} : tensor<3x4xf32>
# CHECK:         %{{.*}} = myia.closure @ndarray.sum(%[[Y]]) : !myia.fn<@ndarray.sum>
# CHECK:         myia.apply {{.*}} callees [@ndarray.sum] : tensor<3x1xf32>
# CHECK:         myia.array_getitem %[[Y]], %{{.*}} : tensor<?x4xf32>
# CHECK:         myia.transpose %{{.*}}, %{{.*}} : tensor<4x?xf32>
# CHECK:         myia.full %{{.*}}, %{{.*}}, %{{.*}} : tensor<2x3xi32>
# CHECK:         myia.apply {{.*}} callees [@ndarray.reshape] : tensor<12xf32>
# CHECK-LABEL: myia.func private @ndarray.sum[%self : tensor<3x4xf32>](%axis : i64, %dtype : !myia.none, %keepdims : i1)
# CHECK:         %[[AXES:.*]] = myia.tuple(%{{.*}}) : tuple<i64>
# CHECK:         %[[KEEP:.*]] = myia.const true : i1
# CHECK:         myia.sum %self, %[[AXES]], %[[KEEP]] : tensor<3x1xf32>
