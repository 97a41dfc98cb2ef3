myia.func @f(%x) {
  // expected-error @+1 {{this is not the message}}
  %0 = myia.call @g(%x)
  myia.return %0
}
myia.func @g(%a, %b) {
  // expected-error @+1 {{never happens}}
  myia.return %a
}
