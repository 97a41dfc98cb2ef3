# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args=float,int}' -t dot | filecheck %s
# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args=float,int}' -t 'dot{function=g}' | filecheck %s --check-prefix=ONE
# Each function is a cluster labelled with its source line; ops are boxes with
# their result's type and line, operands edges, references to other functions
# dashed edges into their cluster.

def g(x, y):
    return x * y + 1.0

def f(x, n):
    s = 0.0
    while n > 0:
        s = s + g(x, s)
        n = n - 1
    return s

# CHECK:      digraph myia {
# CHECK:        subgraph cluster_[[F:n[0-9]+]] {
# CHECK-NEXT:     label="@f  (dataflow.py:10)";
# CHECK-NEXT:     [[F]] [label="@f", shape=component];
# CHECK-NEXT:     [[X:n[0-9]+]] [label="%x : f64", shape=ellipse];
# CHECK-NEXT:     [[N:n[0-9]+]] [label="%n : i64", shape=ellipse];
# CHECK-NEXT:     [[C:n[0-9]+]] [label="myia.const 0.0\n%s = f64\ndataflow.py:11"];
# CHECK-NEXT:     [[CALL:n[0-9]+]] [label="myia.call @f.while_L12\n%s = f64\ndataflow.py:12"];
# CHECK-NEXT:     [[X]] -> [[CALL]];
# CHECK-NEXT:     [[N]] -> [[CALL]];
# CHECK-NEXT:     [[C]] -> [[CALL]];
# CHECK:        subgraph cluster_[[LOOP:n[0-9]+]] {
# CHECK-NEXT:     label="@f.while_L12  (dataflow.py:12)";
# CHECK:          [[IF:n[0-9]+]] [label="myia.if @f.while_L12.body @f.while_L12.exit\nf64\ndataflow.py:12"];
# CHECK:          label="@g  (dataflow.py:7)";
# CHECK:          {{n[0-9]+}} [label="myia.mul\nf64\ndataflow.py:8"];
# CHECK:        [[CALL]] -> [[LOOP]] [style=dashed, lhead=cluster_[[LOOP]], label="call"];
# CHECK:        [[IF]] -> {{n[0-9]+}} [style=dashed, lhead=cluster_{{n[0-9]+}}, label="if"];
# CHECK:      }

# ONE:     label="@g  (dataflow.py:7)";
# ONE-NOT: cluster
# ONE:     }
