// IR after myia-grad (the derivative of x**3 + 2x, as myia-opt prints it) runs
// as is; so does the same IR taken on by the cpu pipeline and read from stdin.

// RUN: myia-run %s --entry dpoly --args '2.0' | filecheck %s
// RUN: myia-opt %s -p 'myia-cpu{entry=dpoly}' | myia-run - --entry dpoly --args '2.0' | filecheck %s
// RUN: myia-opt %s -p 'myia-export{entries=dpoly},convert-myia-to-cf' | myia-run - --entry dpoly --args '2.0' | filecheck %s

// 3 * 2.0**2 + 2
// CHECK: {{^}}14.0{{$}}

builtin.module {
  myia.func @dpoly(%x : f64) -> f64 {
    %0 = myia.closure @poly : !myia.fn<@poly>
    %1 = myia.closure @poly.grad(%0) : !myia.fn<@poly.grad>
    %2 = myia.apply %1(%x) callees [@poly.grad] : f64
    myia.return %2
  }
  myia.func private @poly(%x : f64) -> f64 {
    %0 = myia.const 3.0 : f64
    %1 = myia.pow %x, %0 checked : f64
    %2 = myia.const 2.0 : f64
    %3 = myia.mul %2, %x : f64
    %4 = myia.add %1, %3 : f64
    myia.return %4
  }
  myia.func private @poly.grad[%f : !myia.fn<@poly>](%x : f64) -> f64 {
    %0 = myia.const 1.0 : f64
    %1 = myia.call @poly.jvp(%x, %0) : tuple<!myia.none, f64>
    %2 = myia.tuple_get %1[1] : f64
    myia.return %2
  }
  myia.func private @poly.jvp(%x : f64, %d_x : f64) -> tuple<!myia.none, f64> {
    %0 = myia.const 3.0 : f64
    %1 = myia.pow %x, %0 checked : f64
    %2 = myia.const 2.0 : f64
    %3 = myia.power %x, %2 : f64
    %4 = myia.mul %0, %3 : f64
    %5 = myia.mul %d_x, %4 : f64
    %6 = myia.const 2.0 : f64
    %7 = myia.mul %d_x, %6 : f64
    %8 = myia.add %5, %7 : f64
    %9 = myia.const none : !myia.none
    %10 = myia.tuple(%9, %8) : tuple<!myia.none, f64>
    myia.return %10
  }
}
