// RUN: myia-opt %s -p 'myia-export{entries=f,pair,box,nothing},myia-capi-wrappers' | filecheck %s
// Each exported llvm function gets a C-ABI entry point i32 @f__capi(buf, out):
// arguments are read from 8-byte slots of buf, results written to slots of
// out; a _setjmp in the wrapper's frame catches myia_raise (its code is the
// return value); the arena is rewound on the way out, except when a result is
// a pointer into it: then the arena mark goes in two more slots and Python
// rewinds it once it has read the results.

llvm.func @f(%x : f64, %n : i64) -> f64 {
  llvm.return %x : f64
}
llvm.func @pair(%n : i32) -> !llvm.struct<(f32, i1)> {
  %0 = llvm.mlir.undef : !llvm.struct<(f32, i1)>
  llvm.return %0 : !llvm.struct<(f32, i1)>
}
llvm.func @box(%n : i64) -> !llvm.ptr {
  %0 = llvm.mlir.zero : !llvm.ptr
  llvm.return %0 : !llvm.ptr
}
llvm.func @nothing() {
  llvm.return
}

// CHECK:      llvm.func @_setjmp(!llvm.ptr) -> i32 attributes {passthrough = ["returns_twice", "nounwind"]}
// CHECK:      llvm.func @myia_stack_enter()
// CHECK:      llvm.func @myia_arena_reset(!llvm.ptr, !llvm.ptr)

// CHECK-LABEL: llvm.func @f__capi(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) -> i32 {
// CHECK:         %[[JB:.*]] = llvm.alloca %{{.*}} x !llvm.array<64 x i64> {alignment = 16 : i64}
// CHECK:         %[[JBG:.*]] = llvm.mlir.addressof @myia_jmpbuf
// CHECK:         %[[PREV:.*]] = llvm.load %[[JBG]]
// CHECK:         %[[CHUNK:.*]] = llvm.load
// CHECK:         %[[CUR:.*]] = llvm.load
// CHECK:         llvm.call @myia_stack_enter()
// CHECK:         %[[RC:.*]] = llvm.call @_setjmp(%[[JB]])
// CHECK:         llvm.cond_br %{{.*}}, ^[[GO:.*]], ^[[FAIL:.*]]
// CHECK:       ^[[GO]]:
// CHECK-NEXT:    llvm.store %[[JB]], %[[JBG]]
// CHECK-NEXT:    %[[X:.*]] = llvm.load %[[BUF:.*]] : !llvm.ptr -> f64
// CHECK-NEXT:    %[[P1:.*]] = llvm.getelementptr %[[BUF]][8] : (!llvm.ptr) -> !llvm.ptr, i8
// CHECK-NEXT:    %[[N:.*]] = llvm.load %[[P1]] : !llvm.ptr -> i64
// CHECK-NEXT:    %[[R:.*]] = llvm.call @f(%[[X]], %[[N]]) : (f64, i64) -> f64
// CHECK-NEXT:    llvm.store %[[R]], %[[OUT:.*]] : f64, !llvm.ptr
// CHECK-NEXT:    llvm.store %[[PREV]], %[[JBG]]
// CHECK-NEXT:    llvm.call @myia_arena_reset(%[[CHUNK]], %[[CUR]])
// CHECK:         llvm.return %{{.*}} : i32
// CHECK:       ^[[FAIL]]:
// CHECK-NEXT:    llvm.store %[[PREV]], %[[JBG]]
// CHECK-NEXT:    llvm.call @myia_arena_reset(%[[CHUNK]], %[[CUR]])
// CHECK-NEXT:    llvm.return %[[RC]] : i32

// Several results: one slot each.
// CHECK-LABEL: llvm.func @pair__capi(
// CHECK:         %[[S:.*]] = llvm.call @pair(%{{.*}}) : (i32) -> !llvm.struct<(f32, i1)>
// CHECK-NEXT:    %[[A:.*]] = llvm.extractvalue %[[S]][0]
// CHECK-NEXT:    llvm.store %[[A]], %[[OUT:.*]] : f32, !llvm.ptr
// CHECK-NEXT:    %[[B:.*]] = llvm.extractvalue %[[S]][1]
// CHECK-NEXT:    %[[P:.*]] = llvm.getelementptr %[[OUT]][8]
// CHECK-NEXT:    llvm.store %[[B]], %[[P]] : i1, !llvm.ptr

// A pointer result: the arena mark goes to Python, in the slots after it.
// CHECK-LABEL: llvm.func @box__capi(
// CHECK:         %{{.*}} = llvm.load
// CHECK-NEXT:    %[[CHUNK:.*]] = llvm.load
// CHECK-NEXT:    %[[CUR:.*]] = llvm.load
// CHECK:         llvm.call @box(
// CHECK:         llvm.store %{{.*}}, %[[OUT:.*]] : !llvm.ptr, !llvm.ptr
// CHECK-NEXT:    llvm.store
// CHECK-NEXT:    %[[M0:.*]] = llvm.getelementptr %[[OUT]][8]
// CHECK-NEXT:    llvm.store %[[CHUNK]], %[[M0]]
// CHECK-NEXT:    %[[M1:.*]] = llvm.getelementptr %[[OUT]][16]
// CHECK-NEXT:    llvm.store %[[CUR]], %[[M1]]
// CHECK-NEXT:    llvm.mlir.constant(0 : i32)

// CHECK-LABEL: llvm.func @nothing__capi(
// CHECK:         llvm.call @nothing() : () -> ()
