# RUN: myia-opt %s --entry fact -p 'myia-infer{entry=fact args=float}' | filecheck %s
# Recursion reaches a fixed point; the branch that returns the int literal 1 is
# converted to the float the recursion returns.

def fact(x):
    if x <= 1:
        return 1
    return x * fact(x - 1)

# CHECK-LABEL: myia.func @fact(%x : f64) -> f64 {
# CHECK:         myia.le %x, %{{.*}} : i1
# CHECK:         myia.if %{{.*}}, @fact.then_L6.as(), @fact.after_L8(%x) : f64
# CHECK-LABEL: myia.func private @fact.then_L6.as() -> f64 owner @fact {
# CHECK:         %[[ONE:.*]] = myia.const 1.0 : f64
# CHECK-NEXT:    myia.return %[[ONE]]
# CHECK-LABEL: myia.func private @fact.after_L8[%x : f64]() -> f64 owner @fact {
# CHECK:         myia.call @fact(%{{.*}}) : f64
# CHECK:         myia.mul %x, %{{.*}} : f64
