# RUN: myia-opt %s --entry f | filecheck %s
# A method call reads the method as an attribute and applies it.
from dataclasses import dataclass


@dataclass
class Line:
    a: float
    b: float

    def at(self, x):
        return self.a * x + self.b


def f(line, x):
    return line.at(x)

# CHECK-LABEL: myia.func @f(%line, %x) {
# CHECK-NEXT:    [[M:%.+]] = myia.getattr %line, "at"
# CHECK-NEXT:    [[R:%.+]] = myia.apply [[M]](%x)
# CHECK-NEXT:    myia.return [[R]]
# CHECK-NEXT:  }
