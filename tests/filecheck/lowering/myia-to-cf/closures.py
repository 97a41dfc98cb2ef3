# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args=i1,f64},convert-myia-to-cf' | filecheck %s
# A value that may be one of two closures is a tag and the captures of each; a
# call of it switches on the tag.

def f(c, x):
    g = (lambda v: v + x) if c else (lambda v: v * 2.0)
    return g(x)

# CHECK: func.func @f(%[[C:.*]]: i1, %[[X:.*]]: f64) -> f64 {
# CHECK:   cf.switch %{{.*}} : i32, [
# CHECK:     default: ^[[A:bb[0-9]+]],
# CHECK:     1: ^[[B:bb[0-9]+]]
# CHECK:   ]
# CHECK: ^[[A]]:
# CHECK:   func.call @f.lambda_L6(
# CHECK: ^[[B]]:
# CHECK:   func.call @f.lambda_L6_1(
