# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args=float,int}' -t 'dot{graph=calls}' | filecheck %s
# The call graph: a node per function (with its line), an edge per reference,
# labelled with how (call, if, closure).

def g(x, y):
    return x * y + 1.0

def f(x, n):
    s = 0.0
    while n > 0:
        s = s + g(x, s)
        n = n - 1
    return s

# CHECK:      digraph myia {
# CHECK:        [[F:n[0-9]+]] [label="@f\ncalls.py:8"];
# CHECK-NEXT:   [[LOOP:n[0-9]+]] [label="@f.while_L10\ncalls.py:10"];
# CHECK-NEXT:   [[BODY:n[0-9]+]] [label="@f.while_L10.body\ncalls.py:10"];
# CHECK-NEXT:   [[EXIT:n[0-9]+]] [label="@f.while_L10.exit\ncalls.py:10"];
# CHECK-NEXT:   [[G:n[0-9]+]] [label="@g\ncalls.py:5"];
# CHECK-NEXT:   [[F]] -> [[LOOP]] [label="call"];
# CHECK-NEXT:   [[LOOP]] -> [[BODY]] [label="if"];
# CHECK-NEXT:   [[LOOP]] -> [[EXIT]] [label="if"];
# CHECK-NEXT:   [[BODY]] -> [[G]] [label="call"];
# CHECK-NEXT:   [[BODY]] -> [[LOOP]] [label="call"];
# CHECK-NEXT: }
