# RUN: myia-opt %s --entry f | filecheck %s
# Dataclass construction fills defaults and keywords; attribute access is getattr.
from dataclasses import dataclass


@dataclass
class Point:
    x: float
    y: float = 0.0


def f(a, b):
    p = Point(a)
    q = Point(y=a, x=b)
    return p.x + q.y

# CHECK-LABEL: myia.func @f(%a, %b) {
# CHECK-NEXT:    [[DEFAULT:%.+]] = myia.const 0.0
# CHECK-NEXT:    [[P:%.+]] = myia.record "{{.*}}.Point"(x = %a, y = [[DEFAULT]])
# CHECK-NEXT:    [[Q:%.+]] = myia.record "{{.*}}.Point"(x = %b, y = %a)
# CHECK-NEXT:    [[PX:%.+]] = myia.getattr [[P]], "x"
# CHECK-NEXT:    [[QY:%.+]] = myia.getattr [[Q]], "y"
# CHECK-NEXT:    [[R:%.+]] = myia.add [[PX]], [[QY]]
# CHECK-NEXT:    myia.return [[R]]
