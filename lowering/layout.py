"""How typed myia values become machine values: each value is a list of scalars
(its *leaves*).

A scalar is one leaf; ``None`` and strings have none; a tuple or a record is the
concatenation of its elements' leaves; a closure of ``!myia.fn<@f>`` is the leaves
of what it captured (``@f``'s leading parameters); a value that may be one of
several closures (``!myia.fn<@f, @g>``) is an ``i32`` tag (the index of the
function) followed by the leaves of each alternative's captures. Values of the
same type always have the same leaves, so function signatures, branches and loops
carry them as plain SSA values: no memory traffic for tuples, records or closures.

Closures whose captures contain closures of the same class, directly or not (the
backpropagators of loops and recursion, a list of steps), would have infinitely
many leaves: one class of each such cycle is *boxed*. Its leaf is one pointer to
the leaves of its captures, allocated in the call's arena.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xdsl.dialects import llvm
from xdsl.dialects.builtin import (
    Float16Type,
    Float32Type,
    Float64Type,
    IntegerType,
    ModuleOp,
    Signedness,
    TensorType,
    TupleType,
    i32,
)
from xdsl.ir import Attribute

from myia.dialects.ops_function import FuncOp
from myia.dialects.types import (
    EnvSensType,
    FunctionValueType,
    ListType,
    NoneType,
    RecordType,
    StringType,
    closure_classes_in,
)
from myia.errors import MyiaTypeError
from myia.passes.symbol_uses import strongly_connected_components

TAG = i32
POINTER = llvm.LLVMPointerType()


class LayoutError(MyiaTypeError):
    """A value the native backend cannot represent (yet)."""


def machine_scalar(t: Attribute) -> Attribute:
    """The signless type that holds a scalar (unsigned ints are signless ints)."""
    if isinstance(t, IntegerType) and t.signedness.data != Signedness.SIGNLESS:
        return IntegerType(t.width.data)
    return t


def is_scalar(t: Attribute) -> bool:
    return isinstance(t, IntegerType | Float16Type | Float32Type | Float64Type)


def is_unsigned(t: Attribute) -> bool:
    return isinstance(t, IntegerType) and t.signedness.data == Signedness.UNSIGNED


@dataclass
class Layout:
    """Leaves of the types of one typed module (closure types need the functions)."""

    module: ModuleOp
    _funcs: dict[str, FuncOp] = field(default_factory=dict)
    _cache: dict[Attribute, list[Attribute]] = field(default_factory=dict)
    _in_progress: set[str] = field(default_factory=set)
    boxed: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._funcs = {f.sym_name.data: f for f in self.module.ops if isinstance(f, FuncOp)}
        self.boxed = self._recursive_classes()

    def _recursive_classes(self) -> set[str]:
        """Closure classes to box so that no class contains itself unboxed.

        Boxing one class of each cycle is enough. A loop's backpropagator
        ``bprop`` captures ``body_bprop | exit_bprop``, and ``body_bprop``
        captures the next ``bprop`` and the iteration's values: boxing both
        made two allocations an iteration. Boxing only the class that carries
        data (``body_bprop``) makes one, and none on the exit branch (none at
        the leaves of a recursion). So, in each cyclic component, the class
        with the most captures that hold no class of the component is boxed;
        the rest is searched again for cycles.
        """
        graph: dict[str, set[str]] = {}
        for name in self._funcs:
            graph[name] = set()
            for t in self.capture_types(name):
                graph[name] |= closure_classes_in(t)
        boxed: set[str] = set()
        while True:
            cyclic = [
                set(component)
                for component in strongly_connected_components(graph)
                if len(component) > 1 or component[0] in graph.get(component[0], ())
            ]
            if not cyclic:
                return boxed
            for component in cyclic:
                chosen = max(sorted(component), key=lambda c: self._data_captures(c, component))
                boxed.add(chosen)
                graph[chosen] = set()  # its box breaks the cycles through it

    def _data_captures(self, symbol: str, component: set[str]) -> int:
        """How many captures of ``symbol`` hold no closure class of ``component``."""
        return sum(1 for t in self.capture_types(symbol) if not closure_classes_in(t) & component)

    def func(self, symbol: str) -> FuncOp:
        return self._funcs[symbol]

    def leaves(self, t: Attribute) -> list[Attribute]:
        cached = self._cache.get(t)
        if cached is None:
            cached = self._cache[t] = self._leaves(t)
        return cached

    def count(self, t: Attribute) -> int:
        return len(self.leaves(t))

    def _leaves(self, t: Attribute) -> list[Attribute]:
        if is_scalar(t):
            return [machine_scalar(t)]
        if isinstance(t, NoneType | StringType):
            return []
        if isinstance(t, TupleType):
            return [leaf for e in t.types.data for leaf in self.leaves(e)]
        if isinstance(t, RecordType):
            return [leaf for _, ft in t.fields for leaf in self.leaves(ft)]
        if isinstance(t, FunctionValueType):
            alternatives = self.alternatives(t)
            parts = [leaf for sym in alternatives for leaf in self.closure_leaves(sym)]
            return parts if len(alternatives) == 1 else [TAG, *parts]
        if isinstance(t, EnvSensType):
            return [POINTER]  # a box of the captures' sensitivities, null for zero
        if isinstance(t, TensorType):  # pointer, sizes, strides (lowering/arrays)
            return [POINTER, *[IntegerType(64)] * (2 * len(t.get_shape()))]
        if isinstance(t, ListType):  # buffer, length (lowering/native_lists)
            return [POINTER, IntegerType(64)]
        raise LayoutError(f"the native backend cannot represent values of type {t} yet")

    @staticmethod
    def alternatives(t: FunctionValueType) -> list[str]:
        return [r.root_reference.data for r in t.functions.data]

    def capture_types(self, symbol: str) -> list[Attribute]:
        func = self.func(symbol)
        return [a.type for a in func.args[: func.num_captures.data]]

    def closure_leaves(self, symbol: str) -> list[Attribute]:
        """The leaves of a closure of class ``symbol``: a pointer to its box, or
        the leaves of its captures."""
        if symbol in self.boxed:
            return [POINTER]
        return self.capture_leaves(symbol)

    def capture_leaves(self, symbol: str) -> list[Attribute]:
        if symbol in self._in_progress:
            raise LayoutError(
                f"closures of @{symbol} capture closures of themselves: recursive closure "
                "types are not supported by the native backend yet"
            )
        self._in_progress.add(symbol)
        try:
            return [leaf for t in self.capture_types(symbol) for leaf in self.leaves(t)]
        finally:
            self._in_progress.discard(symbol)

    # -- positions of parts ------------------------------------------------------

    def tensor_positions(self, t: Attribute, start: int = 0) -> list[tuple[int, TensorType]]:
        """Where the arrays of a value of type ``t`` start among its leaves, in
        order (arrays held directly or in tuples and records, not in lists)."""
        if isinstance(t, TensorType):
            return [(start, t)]
        if isinstance(t, TupleType | RecordType):
            out: list[tuple[int, TensorType]] = []
            types = t.types.data if isinstance(t, TupleType) else [ft for _, ft in t.fields]
            for e in types:
                out += self.tensor_positions(e, start)
                start += self.count(e)
            return out
        return []

    def element_slice(self, t: TupleType | RecordType, index: int) -> slice:
        """Where element ``index`` of a tuple or record is among its leaves."""
        types = t.types.data if isinstance(t, TupleType) else [ft for _, ft in t.fields]
        start = sum(self.count(e) for e in types[:index])
        return slice(start, start + self.count(types[index]))

    def alternative_slice(self, t: FunctionValueType, symbol: str) -> slice:
        """Where the captures of alternative ``symbol`` are among a function value's
        leaves (after the tag, when there are several alternatives)."""
        alternatives = self.alternatives(t)
        start = 0 if len(alternatives) == 1 else 1
        for sym in alternatives:
            n = len(self.closure_leaves(sym))
            if sym == symbol:
                return slice(start, start + n)
            start += n
        raise KeyError(symbol)
