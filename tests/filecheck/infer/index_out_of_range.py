# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args="tuple<i64,i64,i64>",int,"!myia.list<i64>"}' | filecheck %s
# A tuple indexed out of range where inference knows it (a constant index too
# large, any index of an empty tuple) has no value, as after a call that never
# returns, but the check of the index stays: it raises IndexError where the code
# runs (myia.tuple_index never returns there). enumerate's state is (start,
# position, iterator): a count is start + position, a Python int (`checked`)
# taken where it is used.


def f(t, i, xs):
    if i > 2:
        return t[5]
    e = ()
    if i < -3:
        return e[i]
    total = 0
    for k, x in enumerate(xs, 10):
        total += k * x
    return t[i] + total


# CHECK-LABEL: myia.func private @f.then_L11.as[%t : tuple<i64, i64, i64>]() -> i64 owner @f {
# CHECK-NEXT:    %0 = myia.const 5 : i64
# CHECK-NEXT:    %1 = myia.const 3 : i64
# CHECK-NEXT:    %2 = myia.tuple_index %0, %1 : i64
# CHECK-NEXT:    %3 = myia.undefined "<unreachable>" : !myia.none
# CHECK-NEXT:    %4 = myia.undefined "<unreachable>" : i64
# CHECK-NEXT:    myia.return %4

# CHECK-LABEL: myia.func private @f.then_L14.as[%i : i64, %e : tuple<>]() -> i64 owner @f {
# CHECK-NEXT:    %0 = myia.const 0 : i64
# CHECK-NEXT:    %1 = myia.tuple_index %i, %0 : i64
# CHECK-NEXT:    %2 = myia.undefined "<unreachable>" : !myia.none

# CHECK-LABEL: myia.func private @f.after_L16
# CHECK:         %[[START:.*]] = myia.const 10 : i64
# CHECK-NEXT:    %[[POSITION:.*]] = myia.const 0 : i64
# CHECK:         %it = myia.tuple(%[[START]], %[[POSITION]], %{{.*}}) : tuple<i64, i64, tuple<!myia.list<i64>, i64>>

# CHECK-LABEL: myia.func private @f.for_L17.body
# CHECK-NEXT:    %[[S:.*]] = myia.tuple_get %it[0] : i64
# CHECK-NEXT:    %[[P:.*]] = myia.tuple_get %it[1] : i64
# CHECK:         %[[COUNT:.*]] = myia.add %[[S]], %[[P]] checked : i64
# CHECK-NEXT:    %[[ONE:.*]] = myia.const 1 : i64
# CHECK-NEXT:    %[[NEXT:.*]] = myia.add %[[P]], %[[ONE]] : i64
# CHECK:         myia.tuple(%[[S]], %[[NEXT]], %{{.*}})
