// myia-run compiles untyped IR (as the Python frontend prints it) for the
// arguments' types, as myia.jit does: Python floats, ints, numpy scalars.

// RUN: myia-run %s --entry f --args '1.5, 4.0' | filecheck %s --check-prefix=FLOAT
// RUN: myia-run %s --entry f --args '3, 4' | filecheck %s --check-prefix=INT
// RUN: myia-run %s --entry f --args 'float32(1.5), float32(4.0)' | filecheck %s --check-prefix=F32
// RUN: myia-run %s --entry f --args '1.5, 4.0' --backend interp | filecheck %s --check-prefix=FLOAT
// RUN: myia-run %s --entry pair --args '(1.0, 2), 3' | filecheck %s --check-prefix=PAIR

// FLOAT: {{^}}7.0{{$}}
// INT: {{^}}13{{$}}
// F32: {{^}}np.float32(7.0){{$}}
// PAIR: {{^}}(3.0, 5){{$}}

builtin.module {
  myia.func @f(%x, %y) {
    %0 = myia.mul %x, %y
    %1 = myia.const 1
    %2 = myia.add %0, %1
    myia.return %2
  }
  myia.func @pair(%t, %n) {
    %a = myia.tuple_get %t[0]
    %b = myia.tuple_get %t[1]
    %0 = myia.mul %a, %n
    %1 = myia.add %b, %n
    %2 = myia.tuple(%0, %1)
    myia.return %2
  }
}
