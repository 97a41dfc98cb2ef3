# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args=int,float},myia-cpu{entry=f}' -t dot | filecheck %s
# RUN: not myia-opt %s --entry f -t 'dot{function=h}' 2>&1 | filecheck %s --check-prefix=ERR
# RUN: not myia-opt %s --entry f -t 'dot{graph=flow}' 2>&1 | filecheck %s --check-prefix=ERR2
# Lowered to blocks: each block is a cluster, and a branch is a bold edge from
# the terminator into the cluster of its target.

def f(n, x):
    while n > 0:
        x = x * 0.5
        n = n - 1
    return x

# CHECK:      subgraph cluster_{{n[0-9]+}} {
# CHECK-NEXT:   label="@f{{.*}}";
# CHECK:          label="^bb1"; style=dotted;
# CHECK:          [[BR:n[0-9]+]] [label="llvm.cond_br"];
# CHECK:          [[BR]] -> {{n[0-9]+}} [style=bold, color=blue, lhead=cluster_{{n[0-9]+}}];

# ERR:  error: the module has no function @h; its functions: @f, @f.while_L8, @f.while_L8.body, @f.while_L8.exit
# ERR2: error: unknown graph 'flow': the graphs are dataflow, calls
