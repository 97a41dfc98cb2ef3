myia.func @f() {
  %0 = myia.const "unterminated
