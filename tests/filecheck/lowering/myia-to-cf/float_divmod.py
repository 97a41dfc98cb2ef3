# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args=float,float},convert-myia-to-cf' | filecheck %s
# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args=f64,f64},convert-myia-to-cf' | filecheck %s --check-prefix=NUMPY
# Float // and % are CPython's float_divmod: on Python floats a zero divisor
# raises (on numpy's float64, see NUMPY below, it gives inf or nan), fmod's
# remainder moves to the divisor's sign (a zero remainder is a zero of that sign:
# -0.0 % 1.0 is 0.0), the quotient is the floor of (a - fmod) / b snapped to the
# nearest integer, and a zero quotient has the sign of a / b (-0.0 // 0.25 is -0.0).


def f(a, b):
    return a % b, a // b


# CHECK-LABEL: func.func @f(
# CHECK-SAME:    %[[A:.*]]: f64, %[[B:.*]]: f64
# The remainder, after the zero-divisor check:
# CHECK:         arith.cmpf oeq, %[[B]]
# CHECK:         myia_raise
# CHECK:         %[[R:.*]] = arith.remf %[[A]], %[[B]] : f64
# CHECK:         %[[NZ:.*]] = arith.cmpf une, %[[R]]
# CHECK:         %[[FIX:.*]] = arith.andi
# CHECK:         %[[MOVED:.*]] = arith.addf %[[R]], %[[B]]
# CHECK:         %[[FIXED:.*]] = arith.select %[[FIX]], %[[MOVED]], %[[R]]
# CHECK:         %[[ZERO:.*]] = math.copysign %{{.*}}, %[[B]]
# CHECK:         %[[MOD:.*]] = arith.select %[[NZ]], %[[FIXED]], %[[ZERO]]
# The quotient:
# CHECK:         myia_raise
# CHECK:         %[[R2:.*]] = arith.remf %[[A]], %[[B]] : f64
# CHECK:         %[[DIFF:.*]] = arith.subf %[[A]], %[[R2]]
# CHECK:         %[[DIV:.*]] = arith.divf %[[DIFF]], %[[B]]
# CHECK:         math.floor
# CHECK:         arith.cmpf ogt
# CHECK:         %[[Q:.*]] = arith.divf %[[A]], %[[B]]
# CHECK:         %[[QZERO:.*]] = math.copysign %{{.*}}, %[[Q]]
# CHECK:         %[[FLOOR:.*]] = arith.select %{{.*}}, %[[QZERO]], %{{.*}}
# CHECK:         return %[[MOD]], %[[FLOOR]] : f64, f64

# numpy's float64: the same algorithm, no error branch, and for a zero divisor
# fmod (nan) for % and a / b (inf or nan) for //.
# NUMPY-LABEL: func.func @f(
# NUMPY-SAME:    %[[A:.*]]: f64, %[[B:.*]]: f64
# NUMPY-NOT:     myia_raise
# NUMPY:         math.copysign
# NUMPY-NEXT:    %[[MOD:.*]] = arith.select %{{.*}}, %{{.*}}, %{{.*}} : f64
# NUMPY-NEXT:    %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
# NUMPY-NEXT:    %[[AT_ZERO:.*]] = arith.cmpf oeq, %[[B]], %[[ZERO]] : f64
# NUMPY-NEXT:    %[[NAN:.*]] = arith.remf %[[A]], %[[B]] : f64
# NUMPY-NEXT:    %{{.*}} = arith.select %[[AT_ZERO]], %[[NAN]], %[[MOD]] : f64
# NUMPY-NOT:     myia_raise
# NUMPY:         %[[Q_AT_ZERO:.*]] = arith.cmpf oeq, %[[B]], %{{.*}} : f64
# NUMPY-NEXT:    %[[Q:.*]] = arith.divf %[[A]], %[[B]] : f64
# NUMPY-NEXT:    %{{.*}} = arith.select %[[Q_AT_ZERO]], %[[Q]], %{{.*}} : f64
# NUMPY-NOT:     myia_raise
# NUMPY:         return
