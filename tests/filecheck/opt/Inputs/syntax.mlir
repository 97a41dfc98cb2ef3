myia.func @f(%x) {
  %0 = myia.add %x %x
  myia.return %0
}
