// A --load-pass-plugin file without register(registry): every pass class it
// defines is registered; it imports its sibling modules.
// RUN: myia-opt %s --load-pass-plugin %S/Inputs/auto_plugin/plugin.py -p 'test-tag-module{value=yes}' | filecheck %s
// RUN: myia-opt --list-passes --load-pass-plugin %S/Inputs/auto_plugin/plugin.py | filecheck %s --check-prefix=LIST

// CHECK:      builtin.module attributes {test.tag = "yes"} {
// LIST:         test-tag-module {{ +}}Tag the module with a string (a test plugin's pass).
// LIST-NEXT:      options: value=tagged

myia.func @f(%x) {
  myia.return %x
}
