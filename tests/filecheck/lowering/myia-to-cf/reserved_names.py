# RUN: myia-opt %s --entry fmod -p 'myia-infer{entry=fmod args=f64,f64},convert-myia-to-cf' | filecheck %s --check-prefix=LIBM
# RUN: myia-opt %s --entry memcpy -p 'myia-infer{entry=memcpy args=f64},convert-myia-to-cf' | filecheck %s --check-prefix=RUNTIME
# RUN: myia-opt %s --entry fmod -p 'myia-infer{entry=fmod args=f64,f64},convert-myia-to-cf,myia-to-llvm' -t llvm | filecheck %s --check-prefix=LLVM
# A user's function may have the name of a libm function it calls: libm's is
# then called through its alias __myia_libm_<name>, which the JIT binds to
# libm (the module used to define and declare @fmod: llvmlite's
# DuplicatedNameError). A function named like one of the runtime or the C
# library (myia_*, memcpy...) is renamed name$ instead.
import math


def fmod(x, y):
    return math.fmod(x, y)

# LIBM:      func.func @fmod(
# LIBM:        func.call @__myia_libm_fmod(%{{.*}}, %{{.*}}) : (f64, f64) -> f64
# LIBM:      func.func private @__myia_libm_fmod(f64, f64) -> f64

# LLVM:      define double @"fmod"(
# LLVM:        call ccc double @"__myia_libm_fmod"(
# LLVM:      declare double @"__myia_libm_fmod"(double


def memcpy(x):
    return x + 1.0

# RUNTIME:     func.func @memcpy$(%{{.*}}: f64) -> f64
# RUNTIME-NOT: func.func @memcpy(
