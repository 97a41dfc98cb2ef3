# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args="!myia.list<f64>",i64,f64},dce' | filecheck %s
# Lists in typed IR: `xs + [x]` is an append, an index is normalized (negative
# indices) before myia.list_getitem checks it, a slice's bounds are clamped
# as slice.indices does, and myia.tree_map becomes calls of functions made
# for the structure of the tree (a loop for a list).
from myia import tree_map


def f(xs, i, x):
    ys = xs + [x]
    zs = ys[1:i]
    return ys[i], tree_map(lambda v: v * x, (x, zs))

# CHECK-LABEL: myia.func @f(%xs : !myia.list<f64>, %i : i64, %x : f64)
# CHECK:         %ys = myia.list_append %xs, %x : !myia.list<f64>
# CHECK:         %zs = myia.list_slice %ys, %{{.*}}, %{{.*}}, %{{.*}} : !myia.list<f64>
# CHECK:         %[[N:.*]] = myia.len %ys : i64
# CHECK:         %[[NEG:.*]] = myia.lt %i, %{{.*}} : i1
# CHECK:         %[[WRAP:.*]] = myia.add %i, %[[N]] : i64
# CHECK:         %[[I:.*]] = myia.select %[[NEG]], %[[WRAP]], %i : i64
# CHECK:         myia.list_getitem %ys, %[[I]] : f64
# CHECK:         myia.call @tree_map(%{{.*}}, %{{.*}}) : tuple<f64, !myia.list<f64>>
# CHECK-LABEL: myia.func private @tree_map(%fn : !myia.fn<@f.lambda_L12>, %t0 : tuple<f64, !myia.list<f64>>)
# CHECK:         myia.call @tree_map_1(%fn, %{{.*}}) : f64
# CHECK:         myia.call @tree_map_2(%fn, %{{.*}}) : !myia.list<f64>
# CHECK-LABEL: myia.func private @tree_map_1(%fn : !myia.fn<@f.lambda_L12>, %t0 : f64) -> f64
# CHECK-NEXT:    myia.apply %fn(%t0) callees [@f.lambda_L12] : f64
# CHECK-LABEL: myia.func private @tree_map_2(%fn : !myia.fn<@f.lambda_L12>, %t0 : !myia.list<f64>)
# CHECK:         myia.call @tree_map_2.loop(
# CHECK:       myia.func private @tree_map_2.body(
# CHECK:         myia.list_getitem %t0, %i : f64
# CHECK:         myia.list_append
