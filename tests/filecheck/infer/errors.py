# RUN: not myia-opt %s --entry branches -p 'myia-infer{entry=branches args=i64}' 2>&1 | filecheck %s --check-prefix=BRANCH
# RUN: not myia-opt %s --entry grows -p 'myia-infer{entry=grows args=i64}' 2>&1 | filecheck %s --check-prefix=GROW
# RUN: not myia-opt %s --entry forever -p 'myia-infer{entry=forever args=i64}' 2>&1 | filecheck %s --check-prefix=FOREVER
# Type errors are compile-time tracebacks through the user's functions.

def branches(x):
    if x > 0:
        return None
    return 1.5

# BRANCH: in branches(
# BRANCH-NEXT:   x :: i64
# BRANCH: MyiaTypeError: the branches of this conditional return different types: None (line 8) and f64 (line 9)

def grows(n):
    t = ()
    for i in range(n):
        t = t + (i,)
    return t

# GROW: in grows(
# GROW: 17: for i in range(n):
# GROW: MyiaTypeError: the type of 't' changes at every step of the loop at line 17 of grows (e.g. a tuple that grows): (), (i64,), (i64, i64), ...

def forever(x):
    return forever(x + 1)

# FOREVER: MyiaTypeError: forever never returns: it recurses with no base case
