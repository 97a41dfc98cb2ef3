# RUN: myia-opt %s --entry f --print-debuginfo | filecheck %s
# Every op carries the file:line:col of the Python code it comes from.


def f(x):
    y = x * 2
    if y > 3:
        return y
    return -y

# CHECK-LABEL: myia.func @f(%x) {
# CHECK-NEXT:    [[TWO:%.+]] = myia.const 2 loc("{{.*}}locations.py":6:13)
# CHECK-NEXT:    [[Y:%.+]] = myia.mul %x, [[TWO]] loc("{{.*}}locations.py":6:9)
# CHECK-NEXT:    [[THREE:%.+]] = myia.const 3 loc("{{.*}}locations.py":7:12)
# CHECK-NEXT:    [[C:%.+]] = myia.gt [[Y]], [[THREE]] loc("{{.*}}locations.py":7:8)
# CHECK-NEXT:    [[R:%.+]] = myia.if [[C]], @f.then_L7([[Y]]), @f.after_L9([[Y]]) loc("{{.*}}locations.py":7:5)
# CHECK-NEXT:    myia.return [[R]] loc("{{.*}}locations.py":7:5)
# CHECK-NEXT:  } loc("{{.*}}locations.py":5:1)
# CHECK-LABEL: myia.func private @f.then_L7[%y]() owner @f {
# CHECK-NEXT:    myia.return %y loc("{{.*}}locations.py":8:9)
# CHECK-NEXT:  } loc("{{.*}}locations.py":7:5)
# CHECK-LABEL: myia.func private @f.after_L9[%y]() owner @f {
# CHECK-NEXT:    [[NEG:%.+]] = myia.neg %y loc("{{.*}}locations.py":9:12)
# CHECK-NEXT:    myia.return [[NEG]] loc("{{.*}}locations.py":9:5)
# CHECK-NEXT:  } loc("{{.*}}locations.py":9:5)
