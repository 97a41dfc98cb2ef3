# RUN: myia-opt %s --entry f | filecheck %s
# A break or continue in a loop's else block leaves the enclosing loop: the
# inner loop is emitted in continuation-passing style (as for a return), and
# its exit tail-calls the enclosing loop's header (continue) or returns its
# result (break).


def f(n):
    s = 0
    for i in range(n):
        for j in range(2):
            s += j
        else:
            if i == 3:
                break
            continue
    return s

# CHECK-LABEL: myia.func private @f.for_L10.body[%it, %s]() owner @f {
# The inner loop's result is the outer body's result.
# CHECK:         [[R:%.+]] = myia.call @f.for_L11(%it_1, %i, %it_2, %s)
# CHECK-NEXT:    myia.return [[R]]
# The inner exit: break returns the outer loop's result, continue calls its header.
# CHECK-LABEL: myia.func private @f.for_L11.exit[%it, %s, %i]() owner @f {
# CHECK:         [[T:%.+]] = myia.if {{%.+}}, @f.then_L14(%s), @f.after_L16(%it, %s)
# CHECK-NEXT:    myia.return [[T]]
# CHECK-LABEL: myia.func private @f.then_L14[%s]() owner @f {
# CHECK-NEXT:    myia.return %s
# CHECK-LABEL: myia.func private @f.after_L16[%it, %s]() owner @f {
# CHECK-NEXT:    [[C:%.+]] = myia.call @f.for_L10(%it, %s)
# CHECK-NEXT:    myia.return [[C]]
