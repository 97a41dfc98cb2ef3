# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args=f32,i64}' | filecheck %s
# A loop over a range: the loop function is specialized for its carried types;
# the weak literals take x's float32.

def f(x, n):
    for i in range(n):
        x = x * 2 + 1
    return x

# CHECK-LABEL: myia.func @f(%x : f32, %n : i64) -> f32 {
# CHECK:         %{{.*}} = myia.call @f.for_L6({{.*}}) : f32
# CHECK-LABEL: myia.func private @f.for_L6(%it : tuple<i64, i64, i64>, %x : f32) -> f32 owner @f {
# CHECK:         myia.lt {{.*}} : i1
# CHECK-LABEL: myia.func private @f.for_L6.body
# CHECK:         %{{.*}} = myia.const 2.0 : f32
# CHECK:         myia.mul %x, %{{.*}} : f32
# CHECK:         myia.add %{{.*}}, %{{.*}} : f32
