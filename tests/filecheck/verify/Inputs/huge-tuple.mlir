// (see ../mutants.mlir)
myia.func @f(%x : f64) {
  %t = myia.tuple(%x, %x)
  %n = myia.const 100000000000
  %e = myia.mul %t, %n
  myia.return %e
}
