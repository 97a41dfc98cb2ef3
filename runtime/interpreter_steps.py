"""What the interpreter compiles a ``myia.func`` into: a :class:`Code` of steps.

A step is a small closure over the slots of its operands in the environment of a
call; a *handler* (:func:`register_op`, :data:`OP_HANDLERS`) turns one op into one
step. The handlers live in ``interpreter_ops`` (structural ops) and
``interpreter_prims`` (primitives); the machine that runs the steps is
``interpreter``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from xdsl.dialects.builtin import SymbolRefAttr
from xdsl.ir import Operation, SSAValue

from myia.dialects import CallOp, FuncOp, IfOp
from myia.errors import MyiaIRError
from myia.runtime.myia_values import Undefined

if TYPE_CHECKING:
    from myia.runtime.interpreter import Interpreter

Step = Callable[[list[Any]], "tuple[Code, list[Any]] | None"]

# ---------------------------------------------------------------------------
# Compiled functions


class Code:
    """A ``myia.func`` prepared for the machine.

    The environment of a call is a list: the function's arguments (captures, then
    parameters) in slots ``0..nargs-1``, then one slot per op result. ``pad`` is the
    initial content of the result slots (the constants are already there), so a
    call's environment is ``args + pad``. ``steps`` is None until the function is
    first entered.
    """

    __slots__ = (
        "continues",
        "func",
        "generated",
        "nargs",
        "ops",
        "outs",
        "pad",
        "ret",
        "slots",
        "steps",
        "symbol",
        "tail",
        "user",
    )  # fmt: skip

    def __init__(self, func: FuncOp):
        self.func = func
        self.symbol: str = func.sym_name.data
        #: The user function this one belongs to: its ``owner``, or itself.
        self.generated = func.owner is not None
        self.user: str = func.owner.root_reference.data if func.owner is not None else self.symbol
        self.nargs = len(func.entry.args)
        self.steps: list[Step] | None = None
        self.pad: list[Any] = []
        #: Per step: the op, the output slot, and whether a call made by this step
        #: stays in the same user function (an ``if`` or a loop of the frontend).
        #: ``ops`` ends with the ``myia.return``.
        self.ops: list[Operation] = []
        self.outs: list[int] = []
        self.continues: list[bool] = []
        #: The index of the step whose call is a tail call, or -1.
        self.tail = -1
        self.ret = 0
        self.slots: dict[SSAValue, int] = {}

    def __repr__(self) -> str:
        return f"<Code @{self.symbol}>"


class Prefill:
    """What a handler returns for an op whose result is known before running
    (a constant): the value is put in the environment once and for all."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value


class StepBuilder:
    """What a handler gets to compile one op: the slots of its operands, its output
    slot, and the interpreter (to find the functions it refers to)."""

    def __init__(self, interpreter: Interpreter, code: Code):
        self.interpreter = interpreter
        self.code = code
        self.out = -1

    def slot(self, value: SSAValue) -> int:
        try:
            return self.code.slots[value]
        except KeyError:
            raise MyiaIRError(f"@{self.code.symbol} uses a value defined outside of it") from None

    def slots(self, values: Sequence[SSAValue]) -> tuple[int, ...]:
        return tuple(self.slot(v) for v in values)

    def function(self, ref: SymbolRefAttr | str, nargs: int | None = None) -> Code:
        """The compiled function ``ref`` names, checking how many arguments it
        takes when ``nargs`` is given."""
        symbol = ref if isinstance(ref, str) else ref.root_reference.data
        target = self.interpreter.code(symbol)
        if nargs is not None and nargs != target.nargs:
            raise MyiaIRError(
                f"@{self.code.symbol} passes {nargs} value(s) to @{symbol}, "
                f"which takes {target.nargs}"
            )
        return target


Handler = Callable[[StepBuilder, Operation], "Step | Prefill"]

#: The handler of each op class. A handler returns a :data:`Step` or a
#: :class:`Prefill`; primitive ops without a handler of their own use
#: ``OP_HANDLERS[PrimOp]``.
OP_HANDLERS: dict[type[Operation], Handler] = {}

#: Ops whose call (when their step returns one) may stay inside the same user
#: function: those are merged into their owner's frame in tracebacks.
LOCAL_CALL_OPS = (CallOp, IfOp)


def register_op(*op_classes: type[Operation]) -> Callable[[Handler], Handler]:
    """Register the handler compiling ops of ``op_classes`` into steps."""

    def register(handler: Handler) -> Handler:
        for cls in op_classes:
            OP_HANDLERS[cls] = handler
        return handler

    return register


def handler_for(cls: type[Operation]) -> Handler | None:
    for base in cls.__mro__:
        handler = OP_HANDLERS.get(base)
        if handler is not None:
            return handler
    return None


def call_step(target: Code, slots: tuple[int, ...]) -> Step:
    """A step calling ``target`` with the values of ``slots`` (unrolled for few
    arguments: this is the hot path of loops)."""
    if not slots:
        return lambda env: (target, [])
    if len(slots) == 1:
        (a,) = slots
        return lambda env: (target, [env[a]])
    if len(slots) == 2:
        a, b = slots
        return lambda env: (target, [env[a], env[b]])
    if len(slots) == 3:
        a, b, c = slots
        return lambda env: (target, [env[a], env[b], env[c]])
    if len(slots) == 4:
        a, b, c, d = slots
        return lambda env: (target, [env[a], env[b], env[c], env[d]])
    getter = itemgetter(*slots)
    return lambda env: (target, list(getter(env)))


def gather_slots(slots: tuple[int, ...]) -> Callable[[list[Any]], list[Any]]:
    """A function reading ``slots`` from an environment into a new list."""
    if not slots:
        return lambda env: []
    if len(slots) == 1:
        (a,) = slots
        return lambda env: [env[a]]
    if len(slots) == 2:
        a, b = slots
        return lambda env: [env[a], env[b]]
    if len(slots) == 3:
        a, b, c = slots
        return lambda env: [env[a], env[b], env[c]]
    getter = itemgetter(*slots)
    return lambda env: list(getter(env))


def check_defined(values: Sequence[Any]) -> None:
    for value in values:
        if value.__class__ is Undefined:
            raise value.error()


# ---------------------------------------------------------------------------
# Attribute lookup

FIELD = "field"
CALL = "call"


def method_symbol_base(cls: type, name: str) -> str:
    """The symbol the Python frontend gives the method ``name`` of ``cls``."""
    qualname = f"{cls.__qualname__}.{name}".replace("<locals>.", "")
    return re.sub(r"[^A-Za-z0-9_$.]", "_", qualname).strip(".")
