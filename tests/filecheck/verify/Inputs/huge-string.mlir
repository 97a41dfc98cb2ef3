// (see ../mutants.mlir)
myia.func @f() {
  %s = myia.const "ab"
  %n = myia.const 100000000000
  %e = myia.mul %s, %n
  myia.return %e
}
