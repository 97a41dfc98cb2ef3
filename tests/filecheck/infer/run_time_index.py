# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args=i64}' | filecheck %s
# RUN: myia-opt %s --entry g -p 'myia-infer{entry=g args=i64,i64}' | filecheck %s --check-prefix=RANGE
# A tuple or a range indexed at run time checks the index first, as Python does
# (IndexError out of range, negative indices from the end): tuple_index and
# range_index give the index in range, then the element is chosen.


def f(i):
    return (10, 20, 30)[i]


def g(n, i):
    return range(0, n, 2)[i]

# CHECK-LABEL: myia.func @f(%i : i64) -> i64 {
# CHECK:         %[[T:.*]] = myia.tuple(%{{.*}}, %{{.*}}, %{{.*}}) : tuple<i64, i64, i64>
# CHECK:         %[[N:.*]] = myia.const 3 : i64
# CHECK-NEXT:    %[[I:.*]] = myia.tuple_index %i, %[[N]] : i64
# CHECK:         %[[IS1:.*]] = myia.eq %[[I]], %{{.*}} : i1
# CHECK:         %[[IS0:.*]] = myia.eq %[[I]], %{{.*}} : i1
# CHECK-NEXT:    %[[R:.*]] = myia.select %[[IS0]], %{{.*}}, %{{.*}} : i64
# CHECK-NEXT:    myia.return %[[R]]

# RANGE-LABEL: myia.func @g(%n : i64, %i : i64) -> i64 {
# RANGE:         %[[LEN:.*]] = myia.max %{{.*}}, %{{.*}} : i64
# RANGE-NEXT:    %[[I:.*]] = myia.range_index %i, %[[LEN]] : i64
# RANGE:         %[[STEP:.*]] = myia.mul %[[I]], %{{.*}} : i64
# RANGE-NEXT:    %[[R:.*]] = myia.add %{{.*}}, %[[STEP]] : i64
# RANGE-NEXT:    myia.return %[[R]]
