"""The ``myia_gpu`` dialect: the host side of the cuda backend.

Host functions stay myia functions, whose values are immutable: an array operation
of the ``cuda`` pipeline is one of three value ops, each making a new value.

* ``%r = myia_gpu.launch "map" [@kernels::@f.k](%x, %y) config {block = 256, items = 4}``
  allocates its result on the device and launches a ``gpu.func`` of the module's
  ``gpu.module``: a kernel of the given kind, with its launch configuration (the grid is
  computed when it runs, from the sizes);
* ``%v = myia_gpu.host "transpose"(%x, %axes)`` computes an array primitive on the host,
  from the arrays' descriptors: views (transpose, slicing, reshape of a contiguous
  array, broadcasting, new axes) and shapes, with no kernel and no copy;
* ``%s = myia_gpu.to_host %r`` copies a 0-d device array to a host scalar (where host
  code needs a value computed on the device: a branch, Python arithmetic).

``gpu.launch_func`` does not fit the host: it writes into memrefs and takes its grid in
the IR, which would mean bufferizing host functions, closures and tuples included.
"""

from __future__ import annotations

from xdsl.dialects.builtin import ArrayAttr, DictionaryAttr, StringAttr, SymbolRefAttr
from xdsl.ir import Attribute, Dialect, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    irdl_op_definition,
    operand_def,
    prop_def,
    result_def,
    traits_def,
    var_operand_def,
)
from xdsl.traits import Pure

__all__ = ["HostOp", "LaunchOp", "MyiaGpu", "ToHostOp"]


@irdl_op_definition
class LaunchOp(IRDLOperation):
    """Launch kernels of the module's ``gpu.module`` on the operands, into a new array:
    ``kernels`` are the variants or passes of one operation (a map's flat and strided
    variants, a reduction and the reduction of its partial results); ``config`` holds
    the launch configuration and the operation's static parameters."""

    name = "myia_gpu.launch"
    kind = prop_def(StringAttr)
    kernels = prop_def(ArrayAttr[SymbolRefAttr])
    config = prop_def(DictionaryAttr)
    args = var_operand_def()
    result = result_def()
    traits = traits_def(Pure())

    assembly_format = "$kind $kernels `(` $args `)` `config` $config attr-dict `:` functional-type($args, $result)"

    def __init__(
        self,
        kind: str,
        kernels: list[SymbolRefAttr],
        args: list[SSAValue],
        config: dict[str, Attribute],
        result_type: Attribute,
    ):
        super().__init__(
            operands=[args],
            result_types=[result_type],
            properties={
                "kind": StringAttr(kind),
                "kernels": ArrayAttr(kernels),
                "config": DictionaryAttr(config),
            },
        )


@irdl_op_definition
class HostOp(IRDLOperation):
    """An array primitive computed on the host from device array descriptors (views,
    shapes): ``%v = myia_gpu.host "transpose"(%x, %axes)``."""

    name = "myia_gpu.host"
    primitive = prop_def(StringAttr)
    args = var_operand_def()
    result = result_def()
    traits = traits_def(Pure())

    assembly_format = "$primitive `(` $args `)` attr-dict `:` functional-type($args, $result)"

    def __init__(self, primitive: str, args: list[SSAValue], result_type: Attribute):
        super().__init__(
            operands=[args],
            result_types=[result_type],
            properties={"primitive": StringAttr(primitive)},
        )


@irdl_op_definition
class ToHostOp(IRDLOperation):
    """The value of a 0-d device array, copied to the host: ``%s = myia_gpu.to_host %r``."""

    name = "myia_gpu.to_host"
    array = operand_def()
    result = result_def()
    traits = traits_def(Pure())

    assembly_format = "$array attr-dict `:` type($array) `->` type($result)"

    def __init__(self, array: SSAValue, result_type: Attribute):
        super().__init__(operands=[array], result_types=[result_type])


MyiaGpu = Dialect("myia_gpu", [LaunchOp, HostOp, ToHostOp], [])
