myia.func @f(%x) {
  %0 = myia.neg %x
  // expected-warning @below {{another negation}}
  %1 = myia.neg %0
  myia.return %1
}
