# RUN: myia-opt %s --entry ones -p 'myia-infer{entry=ones args=int}' | filecheck %s --check-prefix=ONE
# RUN: myia-opt %s --entry fives -p 'myia-infer{entry=fives args=int}' | filecheck %s --check-prefix=FIVE
# A range's counter is a Python int that must not wrap around: with a step of 1
# it cannot (the current element is before the stop, itself at most 2**63 - 1),
# so it is one add; with another step, where current + step would not fit the
# counter becomes the stop, which ends the loop as Python's would.


def ones(n):
    s = 0
    for i in range(n):
        s = s + i
    return s


def fives(n):
    s = 0
    for i in range(0, n, 5):
        s = s + i
    return s

# ONE-LABEL:  myia.func private @ones.for_L{{[0-9]+}}.body
# ONE:          %[[CUR:.*]] = myia.tuple_get %it[0] : i64
# ONE:          %[[STOP:.*]] = myia.tuple_get %it[1] : i64
# ONE-NEXT:     %[[NEXT:.*]] = myia.add %[[CUR]], %{{.*}} : i64
# ONE-NEXT:     %{{.*}} = myia.tuple(%[[NEXT]], %[[STOP]], %{{.*}}) : tuple<i64, i64, i64>

# FIVE-LABEL: myia.func private @fives.for_L{{[0-9]+}}.body
# FIVE:         %[[CUR:.*]] = myia.tuple_get %it[0] : i64
# FIVE:         %[[STOP:.*]] = myia.tuple_get %it[1] : i64
# FIVE-NEXT:    %[[SUM:.*]] = myia.add %[[CUR]], %{{.*}} : i64
# FIVE-NEXT:    %[[LIMIT:.*]] = myia.const 9223372036854775802 : i64
# FIVE-NEXT:    %[[BEYOND:.*]] = myia.gt %[[CUR]], %[[LIMIT]] : i1
# FIVE-NEXT:    %[[NEXT:.*]] = myia.select %[[BEYOND]], %[[STOP]], %[[SUM]] : i64
# FIVE-NEXT:    %{{.*}} = myia.tuple(%[[NEXT]], %[[STOP]], %{{.*}}) : tuple<i64, i64, i64>
