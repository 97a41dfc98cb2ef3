// RUN: rm -rf %t && mkdir -p %t
// RUN: myia-opt %s -p 'myia-cpu{entry=f}' -t 'obj{path="%t/f.o"}' | filecheck %s
// RUN: cc -o %t/main %S/Inputs/call_f.c -I%t %t/f.o -lm && %t/main | filecheck %s --check-prefix=EXEC
// RUN: myia-opt %s -p 'myia-cpu{entry=f}' -t 'shared{path="%t/libf.so" symbol=scaled}' | filecheck %s --check-prefix=SHARED
// RUN: not myia-opt %s -p 'myia-cpu{entry=f}' -t obj 2>&1 | filecheck %s --check-prefix=NOPATH
// RUN: not myia-opt %s -t 'obj{path="%t/g.o"}' 2>&1 | filecheck %s --check-prefix=LOWER
// -t obj and -t shared (runtime/aot_target.py) export the entry of a module at
// the end of the cpu pipeline to an object file or a shared library; the C
// header, written beside it, is also the output.

myia.func @f(%x : i64, %n : i64) -> i64 {
  %0 = myia.call @twice(%x) : i64
  %1 = myia.floordiv %0, %n checked : i64
  myia.return %1
}
myia.func private @twice(%v : i64) -> i64 {
  %0 = myia.add %v, %v checked : i64
  myia.return %0
}

// CHECK:      #ifndef MYIA_EXPORT_F_H
// CHECK:      #define MYIA_ZERO_DIVISION 1
// CHECK:      * The Python function f(arg0: i64, arg1: i64) -> i64,
// CHECK-NEXT: * compiled for: arg0: int64_t, arg1: int64_t.
// CHECK:      int32_t f(int64_t arg0, int64_t arg1, int64_t *result);
// CHECK:      const char *f_error_message(int32_t status);

// EXEC:      status 0 result -2
// EXEC-NEXT: status 1 (MYIA_ZERO_DIVISION 1): ZeroDivisionError: integer division or modulo by zero

// SHARED: int32_t scaled(int64_t arg0, int64_t arg1, int64_t *result);

// NOPATH: error: -t obj writes a file: give its path, ending in .o (-t 'obj{path=out.o}')

// LOWER: error: -t obj exports a module at the end of the cpu pipeline: run -p 'myia-cpu{entry=f}' first
