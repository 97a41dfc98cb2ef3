"""Upstream operations that xDSL 0.74 lacks, and the dialects extended with them.

xDSL's ``llvm`` dialect has ``llvm.sitofp`` but no ``llvm.fptosi``, ``llvm.fptoui``
or ``llvm.uitofp``, and no ``llvm.switch``; its ``arith`` has no ``arith.remf``
and its ``math`` no ``math.erfc``. They are defined here with the syntax of their
siblings (``llvm.fptosi %x : f64 to i64``; ``llvm.switch`` is written like
``cf.switch``). :data:`LLVMWithExtras`, :data:`ArithWithExtras` and
:data:`MathWithExtras` are xDSL's dialects plus these operations, under the
upstream names: register them instead of xDSL's (myia's registry does) so that
textual IR using them parses. Their translation to LLVM IR is in
:mod:`myia.lowering.llvm.to_llvm_ir`.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import cf
from xdsl.dialects.arith import Arith, FloatingPointLikeBinaryOperation
from xdsl.dialects.builtin import (
    DenseArrayBase,
    DenseIntElementsAttr,
    SignlessIntegerConstraint,
    i32,
)
from xdsl.dialects.llvm import LLVM, GenericCastOp
from xdsl.dialects.math import FloatingPointLikeUnaryMathOperation, Math
from xdsl.ir import Attribute, Dialect, Operation, SSAValue
from xdsl.irdl import (
    AttrSizedOperandSegments,
    IRDLOperation,
    Successor,
    irdl_op_definition,
    operand_def,
    opt_prop_def,
    prop_def,
    successor_def,
    traits_def,
    var_operand_def,
    var_successor_def,
)
from xdsl.traits import IsTerminator, Pure, SameOperandsAndResultType
from xdsl.utils.exceptions import VerifyException


@irdl_op_definition
class FPToSIOp(GenericCastOp):
    """Float to signed integer (poison when the value does not fit)."""

    name = "llvm.fptosi"


@irdl_op_definition
class FPToUIOp(GenericCastOp):
    """Float to unsigned integer (poison when the value does not fit)."""

    name = "llvm.fptoui"


@irdl_op_definition
class UIToFPOp(GenericCastOp):
    """Unsigned integer to float."""

    name = "llvm.uitofp"


@irdl_op_definition
class SwitchOp(IRDLOperation):
    """Multi-way branch on an integer, written like ``cf.switch``::

    llvm.switch %x : i64, [
      default: ^bb0,
      1: ^bb1(%a : i64)
    ]
    """

    name = "llvm.switch"

    case_values = opt_prop_def(DenseIntElementsAttr)
    flag = operand_def(SignlessIntegerConstraint)
    default_operands = var_operand_def()
    case_operands = var_operand_def()
    case_operand_segments = prop_def(DenseArrayBase.constr(i32))
    default_block = successor_def()
    case_blocks = var_successor_def()

    irdl_options = (AttrSizedOperandSegments(as_property=True),)
    traits = traits_def(IsTerminator(), Pure())
    assembly_format = cf.SwitchOp.assembly_format
    custom_directives = (cf.SwitchOpCases,)

    def __init__(
        self,
        flag: Operation | SSAValue,
        default_block: Successor,
        default_operands: Sequence[Operation | SSAValue] = (),
        case_values: DenseIntElementsAttr | None = None,
        case_blocks: Sequence[Successor] = (),
        case_operands: Sequence[Sequence[Operation | SSAValue]] = (),
    ):
        if not case_operands:
            case_operands = [() for _ in case_blocks]
        properties: dict[str, Attribute] = {
            "case_operand_segments": DenseArrayBase.from_list(
                i32, tuple(len(o) for o in case_operands)
            )
        }
        if case_values is not None:
            properties["case_values"] = case_values
        super().__init__(
            operands=[flag, default_operands, [o for os in case_operands for o in os]],
            properties=properties,
            successors=[default_block, case_blocks],
        )

    def case_operand_groups(self) -> list[tuple[SSAValue, ...]]:
        """The operands passed to each case block, in case order."""
        groups, start = [], 0
        for size in self.case_operand_segments.get_values():
            groups.append(tuple(self.case_operands[start : start + size]))
            start += size
        return groups

    def case_value_list(self) -> list[int]:
        return [] if self.case_values is None else list(self.case_values.get_values())

    def verify_(self) -> None:
        values = self.case_value_list()
        if len(values) != len(self.case_blocks):
            raise VerifyException(
                f"{len(values)} case values for {len(self.case_blocks)} case blocks"
            )
        if self.case_values is not None and (self.case_values.get_element_type() != self.flag.type):
            raise VerifyException("case values must have the type of the flag")
        if len(self.case_operand_segments.get_values()) != len(self.case_blocks):
            raise VerifyException("one operand segment is needed per case block")


@irdl_op_definition
class RemFOp(FloatingPointLikeBinaryOperation):
    """Floating-point remainder with the sign of the dividend (C's ``fmod``)."""

    name = "arith.remf"

    traits = traits_def(Pure())


@irdl_op_definition
class ErfcOp(FloatingPointLikeUnaryMathOperation):
    """The complementary error function, ``1 - erf(x)`` without cancellation."""

    name = "math.erfc"

    traits = traits_def(Pure(), SameOperandsAndResultType())


EXTRA_LLVM_OPS: tuple[type[Operation], ...] = (FPToSIOp, FPToUIOp, UIToFPOp, SwitchOp)
EXTRA_ARITH_OPS: tuple[type[Operation], ...] = (RemFOp,)
EXTRA_MATH_OPS: tuple[type[Operation], ...] = (ErfcOp,)

LLVMWithExtras = Dialect("llvm", [*LLVM.operations, *EXTRA_LLVM_OPS], [*LLVM.attributes])
"""xDSL's ``llvm`` dialect plus :data:`EXTRA_LLVM_OPS`."""

ArithWithExtras = Dialect("arith", [*Arith.operations, *EXTRA_ARITH_OPS], [*Arith.attributes])
"""xDSL's ``arith`` dialect plus ``arith.remf``."""

MathWithExtras = Dialect("math", [*Math.operations, *EXTRA_MATH_OPS], [*Math.attributes])
"""xDSL's ``math`` dialect plus ``math.erfc``."""

EXTENDED_DIALECTS: dict[str, Dialect] = {
    "llvm": LLVMWithExtras,
    "arith": ArithWithExtras,
    "math": MathWithExtras,
}
"""The dialects to register in place of xDSL's, by name."""
