# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args=f64,i64},myia-inline{simplify=true},dce,convert-myia-to-cf' | filecheck %s
# Tuples and records are their scalars (leaves): no memory; a function returning
# a pair returns two values.
from dataclasses import dataclass

@dataclass
class P:
    x: float
    n: int

def swap(t):
    return t[1], t[0]

def f(x, n):
    p = P(x, n)
    return swap((p.x, p.n))

# CHECK: func.func @f(%[[X:.*]]: f64, %[[N:.*]]: i64) -> (i64, f64) {
# CHECK-NEXT: func.return %[[N]], %[[X]] : i64, f64
