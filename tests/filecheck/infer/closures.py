# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args=int}' | filecheck %s
# Function values have the type of the functions they may be; a function applied
# to functions is specialized for each.

def compose(g, h):
    return lambda v: g(h(v))

def f(x):
    inc = lambda v: v + 1
    dbl = lambda v: v * 2
    return compose(inc, dbl)(x) + compose(dbl, inc)(x)

# CHECK-LABEL: myia.func @f(%x : i64) -> i64 {
# CHECK:         %[[C1:.*]] = myia.call @compose(%{{.*}}, %{{.*}}) : !myia.fn<@compose.lambda_L6>
# CHECK:         myia.apply %[[C1]](%x) callees [@compose.lambda_L6] : i64
# CHECK:         %[[C2:.*]] = myia.call @compose_1(%{{.*}}, %{{.*}}) : !myia.fn<@compose.lambda_L6_1>
# CHECK:         myia.apply %[[C2]](%x) callees [@compose.lambda_L6_1] : i64
# CHECK-LABEL: myia.func private @compose(%g : !myia.fn<@f.inc>, %h : !myia.fn<@f.dbl>) -> !myia.fn<@compose.lambda_L6> {
# CHECK-LABEL: myia.func private @compose.lambda_L6[%g : !myia.fn<@f.inc>, %h : !myia.fn<@f.dbl>](%v : i64) -> i64 {
# CHECK-NEXT:    %{{.*}} = myia.apply %h(%v) callees [@f.dbl] : i64
