# RUN: myia-opt %s --entry f | filecheck %s
# A list literal is myia.make_list; a comprehension is a nested function (its
# loop) called where it is; xs.append(x) on a list the function built is
# rebinding xs to xs + [x].


def f(xs, n):
    ys = [x * 2.0 for x in xs if x > 0.0]
    ys.append(float(n))
    return ys[-1], len(ys)

# CHECK-LABEL: myia.func @f(%xs, %n) {
# CHECK-NEXT:    %ys = myia.call @f.listcomp_L8(%xs)
# CHECK-NEXT:    %[[N:.*]] = myia.float %n
# CHECK-NEXT:    %[[ONE:.*]] = myia.make_list %[[N]]
# CHECK-NEXT:    %ys_1 = myia.add %ys, %[[ONE]]
# CHECK:         myia.getitem %ys_1,
# CHECK:         myia.len %ys_1
# CHECK-LABEL: myia.func private @f.listcomp_L8[%xs]() {
# CHECK-NEXT:    %acc = myia.make_list
# CHECK-NEXT:    %it = myia.iter %xs
# CHECK-NEXT:    %acc_1 = myia.call @f.listcomp_L8.for_L8(%it, %acc)
# CHECK-NEXT:    myia.return %acc_1
# CHECK:       myia.func private @f.listcomp_L8.then_L8[%acc, %x]() owner @f.listcomp_L8 {
# CHECK:         %[[E:.*]] = myia.make_list %{{.*}}
# CHECK-NEXT:    %acc_1 = myia.add %acc, %[[E]]
