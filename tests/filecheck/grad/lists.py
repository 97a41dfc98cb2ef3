# RUN: myia-opt %s --entry g -p 'myia-infer{entry=g args="!myia.list<f64>"},myia-grad' | filecheck %s
# The gradient of a loop over a list: each iteration adds the sensitivity of
# its element in place into the list's (list.add_at), so the backward pass is
# linear in the length; the gradient returned has the list's length
# (list.dense fills a zero, the empty list, from the list itself).
from myia import grad


def f(xs):
    s = 0.0
    for x in xs:
        s = s + x * x
    return s


def g(xs):
    return grad(f)(xs)

# CHECK-LABEL: myia.func private @f.grad
# CHECK:         myia.call @list.dense(%{{.*}}, %xs) : !myia.list<f64>
# CHECK-LABEL: myia.func private @list.add_at(%acc : !myia.list<f64>, %xs : !myia.list<f64>, %i : i64, %d : f64)
# CHECK:         myia.if %{{.*}}, @list.add_at.first(%xs, %i, %d), @list.add_at.update(%acc, %i, %d)
# CHECK-LABEL: myia.func private @list.add_at.update(%acc : !myia.list<f64>, %i : i64, %d : f64)
# CHECK-NEXT:    %[[OLD:.*]] = myia.list_getitem %acc, %i : f64
# CHECK-NEXT:    %[[NEW:.*]] = myia.add %[[OLD]], %d : f64
# CHECK-NEXT:    myia.list_set %acc, %i, %[[NEW]] : !myia.list<f64>
# CHECK:       myia.func private @f.for_L11.body.bprop.at
# CHECK-NOT:     @list.one_hot
# CHECK:         myia.call @list.add_at(
