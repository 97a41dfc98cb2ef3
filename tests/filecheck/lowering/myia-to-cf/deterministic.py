# RUN: env PYTHONHASHSEED=1 myia-opt %s --entry matmul -p 'myia-infer{entry=matmul args="!myia.list<!myia.list<f64>>","!myia.list<!myia.list<f64>>"},myia-inline{simplify=true},cse,dce,convert-myia-to-cf' > %t.1
# RUN: env PYTHONHASHSEED=4 myia-opt %s --entry matmul -p 'myia-infer{entry=matmul args="!myia.list<!myia.list<f64>>","!myia.list<!myia.list<f64>>"},myia-inline{simplify=true},cse,dce,convert-myia-to-cf' > %t.2
# RUN: diff %t.1 %t.2
# RUN: filecheck %s < %t.1
# Which functions become blocks of another (contification) does not depend on
# Python's string hashing: the same module lowers to the same code in every
# process (it once depended on the iteration order of a set of names).


def transpose(m):
    if not m:
        return []
    return [[row[j] for row in m] for j in range(len(m[0]))]


def matmul(a, b):
    bt = transpose(b)
    out = []
    for row in a:
        new_row = []
        for col in bt:
            s = 0.0
            for x, y in zip(row, col):
                s += x * y
            new_row.append(s)
        out.append(new_row)
    return out

# CHECK-LABEL: func.func @matmul(
