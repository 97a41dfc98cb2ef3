# RUN: myia-opt %s --entry g -p 'myia-infer{entry=g args=f64},myia-grad{forward=never}' | filecheck %s
# The J transform of a function whose result nobody reads returns none (its
# backpropagator is not needed either). Its caller took that result apart
# (tuple_get) to put the primal value, unread, in a tuple: the unread element
# becomes none too, and the tuple_get of a none goes (the interpreter raised
# "'NoneType' object is not subscriptable" on it).
import myia


def nothing(x):
    pass


def loss(x):
    t = (nothing(x), x)
    return t[1] * 2.0


def g(x):
    return myia.value_and_grad(loss)(x)


# CHECK-LABEL: myia.func private @loss.J(%x : f64) -> tuple<f64, !myia.fn<@loss.bprop>> {
# CHECK-NEXT:    %[[R:.*]] = myia.call @nothing.J(%x) : !myia.none
# CHECK-NEXT:    %[[NONE:.*]] = myia.const none : !myia.none
# CHECK-NEXT:    %t = myia.tuple(%[[NONE]], %x) : tuple<!myia.none, f64>
# CHECK-NOT:     myia.tuple_get %[[R]]
# CHECK:         myia.return

# CHECK-LABEL: myia.func private @nothing.J(%x : f64) -> !myia.none {
