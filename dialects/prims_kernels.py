"""Fused kernels: ``array_map`` and ``array_reduce``, made by
``myia-fuse-arrays`` in typed IR (compiled code only)."""

from __future__ import annotations

from typing import Any

from xdsl.traits import SymbolTable

from myia.dialects.abstract import (
    Abstract,
    AbstractArray,
    AbstractScalar,
    AbstractString,
    from_type,
)
from myia.dialects.ops_function import FuncOp
from myia.dialects.primitive import PRIMITIVES, primitive
from myia.dialects.prims_array import (
    REDUCTIONS,
    broadcast_shapes,
    element,
    shape_error,
    shape_text,
    type_error,
)
from myia.dialects.types import AnyType, FunctionValueType

# ---------------------------------------------------------------------------
# Fused kernels (typed IR only, made by myia-fuse-arrays)


@primitive("array_map", (2, 64))
def _array_map(fn: Any, *inputs: Any) -> Any:
    """fn applied elementwise to the (broadcast) inputs: fn is a scalar function
    (a kernel made by myia-fuse-arrays); compiled code only"""
    raise NotImplementedError("array_map only runs in compiled code")


@primitive("array_reduce", (5, 64))
def _array_reduce(fn: Any, kind_: Any, axes: Any, keepdims: Any, *inputs: Any) -> Any:
    """A reduction (kind: "sum", "mean", "prod", "amax", "amin") over axes of
    fn applied elementwise to the inputs, without the intermediate array;
    compiled code only"""
    raise NotImplementedError("array_reduce only runs in compiled code")


def _infer_from_type(args: list[Abstract], op: Any) -> Abstract:
    result_type = getattr(op, "results", None) and op.results[0].type
    if result_type is None or isinstance(result_type, AnyType):
        type_error("kernels only exist in typed IR (myia-fuse-arrays makes them)")
    result = from_type(result_type)
    _check_kernel(op, args, result)
    return result


def _check_kernel(op: Any, args: list[Abstract], result: Abstract) -> None:
    """A kernel takes one scalar per input, of its element type; an
    ``array_map``'s inputs broadcast to its result, and an ``array_reduce`` has
    the result of its reduction of the kernel's values."""
    reduce = op.PRIMITIVE.name == "array_reduce"
    inputs = args[4:] if reduce else args[1:]
    fn_type = op.operands[0].type
    if not isinstance(fn_type, FunctionValueType) or len(fn_type.functions) != 1:
        type_error(f"the kernel of {op.name} must be one function, not {fn_type}")
    kernel = SymbolTable.lookup_symbol(op, fn_type.functions.data[0])
    if not isinstance(kernel, FuncOp):
        type_error(f"the kernel of {op.name} is not a myia.func")
    params = [from_type(a.type) for a in kernel.params]
    if [element(a) for a in inputs] != params:
        type_error(
            f"the kernel @{kernel.sym_name.data} takes {', '.join(map(str, params))}; "
            f"the inputs' elements are {', '.join(str(element(a)) for a in inputs)}"
        )
    if reduce:
        _check_reduction(args, inputs, from_type(kernel.result_type), result)
        return
    if not isinstance(result, AbstractArray):
        return
    shapes = [a.shape for a in inputs if isinstance(a, AbstractArray)]
    shape = broadcast_shapes(*shapes, result.shape)
    if len(shape) != len(result.shape) or any(
        a is not None and b is not None and a != b for a, b in zip(shape, result.shape)
    ):
        shape_error(
            f"inputs of shapes {' '.join(map(shape_text, shapes))} do not broadcast to "
            f"the result's {shape_text(result.shape)}"
        )
    if from_type(kernel.result_type) != element(result):
        type_error(f"the kernel @{kernel.sym_name.data} returns {kernel.result_type}")


def _check_reduction(
    args: list[Abstract], inputs: list[Abstract], value: Abstract, result: Abstract
) -> None:
    """The reduction of an ``array_reduce`` (its kind, axes and keepdims, by
    the inference rule of that reduction) applied to the kernel's values, of
    the inputs' broadcast shape, gives its result."""
    kind = args[1]
    if not (isinstance(kind, AbstractString) and kind.value in REDUCTIONS):
        shown = repr(kind.value) if isinstance(kind, AbstractString) else kind
        type_error(f"the kind of array_reduce is one of {', '.join(REDUCTIONS)}, not {shown}")
    shape = broadcast_shapes(*[a.shape for a in inputs if isinstance(a, AbstractArray)])
    if not isinstance(value, AbstractScalar):
        type_error(f"the kernel of array_reduce returns {value}, not a scalar")
    reduced = PRIMITIVES[kind.value].rules["infer"](
        [AbstractArray(value.dtype, shape), *args[2:4]], None
    )
    if isinstance(reduced, AbstractArray) and isinstance(result, AbstractArray):
        same = len(reduced.shape) == len(result.shape) and all(
            a is None or b is None or a == b for a, b in zip(reduced.shape, result.shape)
        )
    else:
        same = isinstance(reduced, AbstractScalar) and isinstance(result, AbstractScalar)
    same = same and element(reduced).dtype == element(result).dtype  # type: ignore[attr-defined]
    if not same:
        type_error(f"the {kind.value} of the kernel's values is {reduced}, not {result}")


PRIMITIVES["array_map"].rules["infer"] = _infer_from_type
PRIMITIVES["array_reduce"].rules["infer"] = _infer_from_type
