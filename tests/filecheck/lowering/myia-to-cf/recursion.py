# RUN: myia-opt %s --entry fact -p 'myia-infer{entry=fact args=f64},convert-myia-to-cf' | filecheck %s
# Non-tail recursion keeps a frame: a real call. The branches are blocks.

def fact(x):
    if x <= 1:
        return 1
    return x * fact(x - 1)

# CHECK:      func.func @fact(%[[X:.*]]: f64) -> f64 {
# CHECK:        arith.cmpf ole, %[[X]]
# CHECK:        cf.cond_br
# CHECK:        %[[R:.*]] = func.call @fact(%{{.*}}) : (f64) -> f64
# CHECK:        arith.mulf %{{.*}}, %[[R]] : f64
# CHECK:        func.return
