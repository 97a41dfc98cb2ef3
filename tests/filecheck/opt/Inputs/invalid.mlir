myia.func @f(%x) {
  %0 = myia.call @g(%x)
  myia.return %0
}
myia.func @g(%a, %b) {
  myia.return %a
}
