// The custom syntax of every structural op, a few primitives and every myia
// type reads back as itself.
// RUN: myia-opt %s | myia-opt | filecheck %s
// RUN: myia-opt %s | filecheck %s

myia.func @f(%x, %y : f64) -> f64 {
  %c = myia.const 2 : i64
  %c2 = myia.const 3
  %t = myia.const true
  %n = myia.const none
  %s = myia.const "hi"
  %w = myia.const strong 1.5 : f32
  %inf = myia.const -inf : f64
  %nn = myia.const none : !myia.none
  %u = myia.undefined "z"
  %tup = myia.tuple(%x, %y) : tuple<!myia.any, f64>
  %g = myia.tuple_get %tup[1] : f64
  %r = myia.record "mlp.Layer"(W = %x, "b c" = %y)
  %a = myia.getattr %r, "W"
  %cl = myia.closure @g(%x) : !myia.fn<@g>
  %ap = myia.apply %cl(%y)
  %k = myia.call @g(%x, %x)
  %i = myia.if %t, @g(%x, %x), @g(%x, %x)
  %s2 = myia.select %t, %x, %y
  %e = myia.sin %g : f64
  %z = myia.zip %x, %y, %x
  myia.return %e
}
myia.func private @g[%cap : !myia.list<i64>](%p : !myia.record<"m.C", a: i64, b: tensor<2x?xf32>>) owner @f attributes {foo = 1 : i64} {
  myia.return %p
}

// CHECK:      builtin.module {
// CHECK-NEXT:   myia.func @f(%x, %y : f64) -> f64 {
// CHECK-NEXT:     %c = myia.const 2 : i64
// CHECK-NEXT:     %c2 = myia.const 3
// CHECK-NEXT:     %t = myia.const true
// CHECK-NEXT:     %n = myia.const none
// CHECK-NEXT:     %s = myia.const "hi"
// CHECK-NEXT:     %w = myia.const strong 1.5 : f32
// CHECK-NEXT:     %inf = myia.const -inf : f64
// CHECK-NEXT:     %nn = myia.const none : !myia.none
// CHECK-NEXT:     %u = myia.undefined "z"
// CHECK-NEXT:     %tup = myia.tuple(%x, %y) : tuple<!myia.any, f64>
// CHECK-NEXT:     %g = myia.tuple_get %tup[1] : f64
// CHECK-NEXT:     %r = myia.record "mlp.Layer"(W = %x, "b c" = %y)
// CHECK-NEXT:     %a = myia.getattr %r, "W"
// CHECK-NEXT:     %cl = myia.closure @g(%x) : !myia.fn<@g>
// CHECK-NEXT:     %ap = myia.apply %cl(%y)
// CHECK-NEXT:     %k = myia.call @g(%x, %x)
// CHECK-NEXT:     %i = myia.if %t, @g(%x, %x), @g(%x, %x)
// CHECK-NEXT:     %s2 = myia.select %t, %x, %y
// CHECK-NEXT:     %e = myia.sin %g : f64
// CHECK-NEXT:     %z = myia.zip %x, %y, %x
// CHECK-NEXT:     myia.return %e
// CHECK-NEXT:   }
// CHECK-NEXT:   myia.func private @g[%cap : !myia.list<i64>](%p : !myia.record<"m.C", a: i64, b: tensor<2x?xf32>>) owner @f attributes {foo = 1 : i64} {
// CHECK-NEXT:     myia.return %p
// CHECK-NEXT:   }
// CHECK-NEXT: }
