# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args=float,int},myia-export{entries=f},myia-fuse-arrays,myia-mark-results,convert-myia-to-cf,myia-profile-lines' | filecheck %s
# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args=float,int},myia-export{entries=f},myia-fuse-arrays,myia-mark-results,convert-myia-to-cf,myia-profile-lines' --print-op-generic | filecheck %s --check-prefix=ATOMIC
# Where the source line changes, a store of its site to @myia_profile_site
# (monotonic: it stays in its loop); the sites are the module's myia.profile_sites.

def f(x, n):
    s = 0.0
    i = 0
    while i < n:
        s = s + x * i
        i = i + 1
    return s

# CHECK:      builtin.module attributes {{{.*}}myia.profile_sites = ["{{.*}}lines.py:7:f", "{{.*}}lines.py:8:f", "{{.*}}lines.py:9:f", "{{.*}}lines.py:10:f", "{{.*}}lines.py:11:f"]
# CHECK:      {{^}}  ^bb2(
# CHECK-NEXT:   %[[A:.*]] = llvm.mlir.addressof @myia_profile_site : !llvm.ptr
# CHECK-NEXT:   %[[S:.*]] = arith.constant 4 : i32
# CHECK-NEXT:   llvm.store %[[S]], %[[A]] {alignment = 4 : i64} : i32, !llvm.ptr
# CHECK-NEXT:   arith.sitofp
# CHECK:        arith.constant 5 : i32
# CHECK:      llvm.mlir.global external @myia_profile_site() {addr_space = 0 : i32} : i32
# ATOMIC:     "llvm.store"({{.*}}) <{ordering = 2 : i64, alignment = 4 : i64}> : (i32, !llvm.ptr) -> ()
