"""The reference interpreter: runs a myia module on Python values.

It is the oracle every backend is tested against, and the base of the step
debugger, so it favours being obviously right; it is still reasonably fast.

**An explicit machine.** There is no Python recursion per myia call. The machine
holds the current frame (a compiled function, its environment of SSA values, the
index of the next step) and a stack of suspended frames. ``myia.call``,
``myia.apply`` and ``myia.if`` push a frame; a call whose result is returned at
once (a *tail call*: loops are tail-recursive functions) replaces the current
frame instead, so a loop of a million iterations runs in constant memory.

**Compiled steps.** Each ``myia.func`` is compiled once, on first entry, into a
list of *steps*: small Python closures over the slot numbers of their operands in
the environment (a list). A step stores its result and returns None, or returns
``(function, arguments)`` for the machine to call; the result of that call goes
into the step's output slot. Constants are not steps: they are in the
environment from the start. Which step an op becomes is data-driven:
:data:`OP_HANDLERS` maps an op class to a *handler* (see :func:`register_op`);
every primitive op goes through one generic handler that calls the primitive's
reference implementation (``PRIMITIVES[name].impl``).

**Errors.** An exception raised while running (by a primitive, or by the
machine: an unbound variable, a call with the wrong number of arguments) reaches
the user as an exception that is both a :class:`myia.MyiaRuntimeError` and an
instance of the original Python exception type, located at the failing op, with
the user functions on the call stack.

**Debugger hook.** ``Interpreter(module, on_step=fn)`` calls ``fn(frame, op)``
before each step (:class:`Frame` is a view of the machine's frame). Without it
the steps are not wrapped, so it costs nothing. With it, tail calls keep their
caller's frame (the debugger shows its variables) and the return of each
function is a step (the debugger stops at its line).
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Operation, SSAValue

from myia.dialects import (
    CallOp,
    FuncOp,
    ReturnOp,
)
from myia.dialects.prims_array import ARRAY_METHOD_NAMES, METHOD_SYMBOL_PREFIX
from myia.dialects.record_classes import RECORD_CLASSES
from myia.errors import (
    MyiaError,
    MyiaIRError,
    MyiaTypeError,
    SourceLocation,
)

# The handler modules register the ops they compile (OP_HANDLERS) when imported.
from myia.runtime import interpreter_ops, interpreter_prims  # noqa: F401
from myia.runtime.interpreter_errors import InterpreterError, runtime_error
from myia.runtime.interpreter_ops import attribute_value
from myia.runtime.interpreter_steps import (
    CALL,
    FIELD,
    LOCAL_CALL_OPS,
    Code,
    Prefill,
    Step,
    StepBuilder,
    handler_for,
    method_symbol_base,
)
from myia.runtime.myia_values import (
    BoundMethod,
    Closure,
    Record,
    Undefined,
    contains_undefined,
)

__all__ = ["MAX_DEPTH", "Frame", "Interpreter"]

#: The default limit on the number of suspended frames (non-tail calls).
MAX_DEPTH = 1_000_000


# ---------------------------------------------------------------------------
# Frames, for debuggers


class Frame:
    """A view of one frame of the machine: a function, its environment, and the
    index of the step it is at."""

    __slots__ = ("code", "env", "index")

    def __init__(self, code: Code, env: list[Any], index: int):
        self.code = code
        self.env = env
        self.index = index

    @property
    def function(self) -> FuncOp:
        return self.code.func

    @property
    def op(self) -> Operation:
        return self.code.ops[self.index]

    @property
    def location(self) -> SourceLocation | None:
        return SourceLocation.from_attr(self.op.location)

    def value(self, ssa: SSAValue) -> Any:
        return self.env[self.code.slots[ssa]]

    def values(self) -> dict[str, Any]:
        """The named values computed so far (arguments and constants included)."""
        out: dict[str, Any] = {}
        for ssa, slot in self.code.slots.items():
            if ssa.name_hint is not None and slot < len(self.env):
                out.setdefault(ssa.name_hint, self.env[slot])
        return out

    def __repr__(self) -> str:
        return f"<Frame @{self.code.symbol} at {self.op.name}>"


def _no_step(env: list[Any]) -> None:
    """A step that does nothing (where the debugger needs an op to stop at)."""


# ---------------------------------------------------------------------------
# The interpreter


class Interpreter:
    """Runs the functions of ``module`` on Python values.

    ``resolver`` (a :class:`myia.frontend.Frontend` whose module is ``module``)
    parses the methods of dataclasses on demand, into ``module``; functions added
    to the module are found when first referred to. Functions already compiled
    are not recompiled: do not change them while the interpreter is in use.
    """

    def __init__(
        self,
        module: ModuleOp,
        resolver: Any = None,
        *,
        on_step: Callable[[Frame, Operation], None] | None = None,
        max_depth: int = MAX_DEPTH,
    ):
        self.module = module
        self.resolver = resolver
        self.max_depth = max_depth
        self._on_step = on_step
        self.codes: dict[str, Code] = {}
        self._attributes: dict[tuple[type, str], tuple[str, Any]] = {}
        self._init_fields: dict[type, frozenset[str]] = {}
        self._stack: list[tuple[Code, list[Any], int]] = []
        self._scan()

    # -- public API ------------------------------------------------------------

    @property
    def on_step(self) -> Callable[[Frame, Operation], None] | None:
        return self._on_step

    @on_step.setter
    def on_step(self, hook: Callable[[Frame, Operation], None] | None) -> None:
        """Setting the hook recompiles the functions (to wrap, or unwrap, steps)."""
        self._on_step = hook
        for code in self.codes.values():
            code.steps = None

    def call(self, symbol: str, *args: Any) -> Any:
        """Call the function ``symbol`` with ``args`` (its captures, then its
        parameters) and return its result."""
        code = self.code(symbol)
        if len(args) != code.nargs:
            raise runtime_error(
                TypeError,
                f"@{symbol} takes {code.nargs} argument(s) but {len(args)} were given",
                SourceLocation.from_attr(code.func.location),
            )
        return self._run(code, list(args))

    def callers(self) -> list[Frame]:
        """While it runs (from an ``on_step`` hook), the frames waiting for a
        call to return, outermost first."""
        return [Frame(code, env, pc) for code, env, pc in self._stack]

    def user_stack(self, frame: Frame) -> list[tuple[str, SourceLocation | None]]:
        """While it runs, the user functions on the stack down to ``frame``,
        outermost first, each with where it is (see :meth:`_user_stack`)."""
        return self._user_stack(self._stack, frame.code, frame.index)

    def apply(self, fn: Any, *args: Any) -> Any:
        """Call a function value (a :class:`Closure` or :class:`BoundMethod`)."""
        try:
            code, full = self.call_request(fn, list(args))
        except MyiaError:
            raise
        except Exception as exc:
            raise runtime_error(type(exc), str(exc)) from None
        return self._run(code, full)

    def code(self, symbol: str) -> Code:
        """The compiled function ``symbol`` (looking for new functions in the module
        when it is not known yet)."""
        code = self.codes.get(symbol)
        if code is None:
            self._scan()
            code = self.codes.get(symbol)
            if code is None:
                raise MyiaIRError(f"there is no function @{symbol}")
        return code

    # -- run-time support used by steps ----------------------------------------

    def call_request(
        self,
        fn: Any,
        args: list[Any],
        targets: dict[str, Code] | None = None,
        keywords: tuple[str, ...] = (),
    ) -> tuple[Code, list[Any]]:
        """What calling the function value ``fn`` with ``args`` runs; ``targets``
        maps the function of a closure to the function to run instead (the
        specializations named by a typed ``myia.apply``); the last arguments are
        passed by the names in ``keywords``."""
        cls = fn.__class__
        if cls is Closure:
            code = None
            if targets is not None:
                code = targets.get(fn.symbol)
            if code is None:
                code = self.codes.get(fn.symbol) or self.code(fn.symbol)
            leading: list[Any] = list(fn.captures)
        elif cls is BoundMethod:
            code = self.codes.get(fn.symbol) or self.code(fn.symbol)
            leading = [fn.self]
        elif cls is Undefined:
            raise fn.error()
        else:
            raise TypeError(f"'{type(fn).__name__}' object is not callable by myia")
        if keywords or len(leading) + len(args) != code.nargs:
            # Keywords or missing arguments: bind them as Python would.
            cut = len(args) - len(keywords)
            try:
                return code, code.func.bind(
                    leading, args[:cut], list(zip(keywords, args[cut:])), attribute_value
                )
            except MyiaTypeError as exc:
                raise TypeError(exc.message) from None
        args = [*leading, *args] if leading else args
        if len(args) != code.nargs:
            ncap = code.func.num_captures.data
            if cls is BoundMethod:
                ncap += 1
            raise TypeError(
                f"{code.symbol}() takes {code.nargs - ncap} argument(s) but "
                f"{len(args) - ncap} were given"
            )
        return code, args

    def make_record(self, class_name: str, names: Sequence[str], values: list[Any]) -> Any:
        """A record: an instance of the dataclass the frontend saw, else a
        :class:`Record`."""
        cls = RECORD_CLASSES.get(class_name)
        if cls is None:
            return Record(class_name, zip(names, values, strict=True))
        init_fields = self._init_fields.get(cls)
        if init_fields is None:
            init_fields = frozenset(f.name for f in dataclasses.fields(cls) if f.init)
            self._init_fields[cls] = init_fields
        if init_fields == set(names):
            return cls(**dict(zip(names, values, strict=True)))
        obj = object.__new__(cls)
        for name, value in zip(names, values, strict=True):
            object.__setattr__(obj, name, value)
        return obj

    def getattr(self, obj: Any, name: str) -> tuple[str, Any]:
        """``(FIELD, value)``, or ``(CALL, (code, args))`` for a property."""
        cls = obj.__class__
        if cls is Record:
            fields = obj.fields
            if name in fields:
                return FIELD, fields[name]
            symbol = self._record_method(obj, name)
            return FIELD, BoundMethod(symbol, obj)
        key = (cls, name)
        found = self._attributes.get(key)
        if found is None:
            found = self._attributes[key] = self._classify_attribute(cls, name)
        kind, symbol = found
        if kind == "method":
            return FIELD, BoundMethod(symbol, obj)
        if kind == "property":
            return CALL, self.call_request(Closure(symbol), [obj])
        value = getattr(obj, name)
        if kind == "other" and callable(value) and not isinstance(value, type):
            raise AttributeError(f"myia cannot call the method '{name}' of a {cls.__name__} value")
        return FIELD, value

    def _classify_attribute(self, cls: type, name: str) -> tuple[str, Any]:
        # methods of arrays: @ndarray.<name> (numpy_api)
        if cls is np.ndarray and name in ARRAY_METHOD_NAMES:
            return "method", self.code(METHOD_SYMBOL_PREFIX + name).symbol
        if not dataclasses.is_dataclass(cls):
            return "other", None
        if name in getattr(cls, "__dataclass_fields__", {}):
            return "field", None
        try:
            attr = inspect.getattr_static(cls, name)
        except AttributeError:
            return "field", None  # let getattr raise Python's AttributeError
        if isinstance(attr, property):
            return "property", self._method(cls, name)
        if inspect.isfunction(attr) or isinstance(attr, staticmethod | classmethod):
            return "method", self._method(cls, name)
        return "field", None

    def _method(self, cls: type, name: str) -> str:
        """The symbol of the method (or property getter) ``name`` of ``cls``."""
        if self.resolver is not None:
            return self.resolver.method(cls, name)
        base = method_symbol_base(cls, name)
        return self._find_function(base, f"{cls.__name__}.{name}", cls.__name__, name)

    def _record_method(self, record: Record, name: str) -> str:
        short = record.short_name
        return self._find_function(f"{short}.{name}", f"{short}.{name}", short, name)

    def _find_function(self, exact: str, suffix: str, cls_name: str, name: str) -> str:
        self._scan()
        if exact in self.codes:
            return exact
        matches = [s for s in self.codes if s.endswith("." + suffix)]
        if len(matches) == 1:
            return matches[0]
        raise AttributeError(f"'{cls_name}' object has no attribute '{name}'")

    # -- compilation -----------------------------------------------------------

    def _scan(self) -> None:
        for op in self.module.ops:
            if isinstance(op, FuncOp):
                symbol = op.sym_name.data
                if symbol not in self.codes:
                    self.codes[symbol] = Code(op)

    def _compile(self, code: Code) -> list[Step]:
        func = code.func
        block = func.entry
        slots: dict[SSAValue, int] = {arg: i for i, arg in enumerate(block.args)}
        code.slots = slots
        pad: list[Any] = []
        steps: list[Step] = []
        ops: list[Operation] = []
        outs: list[int] = []
        continues: list[bool] = []
        builder = StepBuilder(self, code)
        ret_op: ReturnOp | None = None
        for op in block.ops:
            if isinstance(op, ReturnOp):
                ret_op = op
                break
            handler = handler_for(type(op))
            if handler is None:
                raise MyiaIRError(
                    f"the interpreter cannot run '{op.name}'",
                    SourceLocation.from_attr(op.location),
                )
            out = -1
            for result in op.results:
                slots[result] = code.nargs + len(pad)
                pad.append(None)
            if len(op.results) == 1:
                out = slots[op.results[0]]
            elif op.results:
                raise MyiaIRError(
                    f"the interpreter cannot run '{op.name}', which has several results",
                    SourceLocation.from_attr(op.location),
                )
            builder.out = out
            try:
                compiled = handler(builder, op)
            except MyiaError as err:
                if err.location is None:
                    raise type(err)(err.message, SourceLocation.from_attr(op.location)) from None
                raise
            if isinstance(compiled, Prefill):
                pad[out - code.nargs] = compiled.value
                continue
            steps.append(compiled)
            ops.append(op)
            outs.append(out)
            continues.append(self._stays_in_function(code, op))
        if ret_op is None:
            raise MyiaIRError(
                f"@{code.symbol} does not end with myia.return",
                SourceLocation.from_attr(func.location),
            )
        code.ret = builder.slot(ret_op.value)
        if self._on_step is not None:
            # A step for the return, so that the debugger stops at its line
            # (and at the line of a function of constants, which has no other).
            steps.append(_no_step)
            ops.append(ret_op)
            outs.append(-1)
            continues.append(False)
        code.ops = [*ops, ret_op]
        code.outs = outs
        code.continues = continues
        code.pad = pad
        code.tail = len(steps) - 1 if steps and outs[-1] == code.ret else -1
        if self._on_step is not None:
            # Under the debugger, a tail call keeps its caller's frame, whose
            # variables the branch or loop body it calls can show.
            code.tail = -1
        if self._on_step is not None:
            steps = [self._traced(code, i, s) for i, s in enumerate(steps)]
        code.steps = steps
        return steps

    def _stays_in_function(self, code: Code, op: Operation) -> bool:
        if not isinstance(op, LOCAL_CALL_OPS):
            return False
        refs = [op.callee] if isinstance(op, CallOp) else [op.then_fn, op.else_fn]
        for ref in refs:
            target = self.codes.get(ref.root_reference.data)
            if target is None or not target.generated or target.user != code.user:
                return False
        return True

    def _traced(self, code: Code, index: int, step: Step) -> Step:
        hook = self._on_step
        assert hook is not None
        op = code.ops[index]

        def traced(env: list[Any]) -> Any:
            hook(Frame(code, env, index), op)
            return step(env)

        return traced

    # -- the machine -----------------------------------------------------------

    def _run(self, code: Code, args: list[Any]) -> Any:
        stack: list[tuple[Code, list[Any], int]] = []
        saved, self._stack = self._stack, stack
        push = stack.append
        pop = stack.pop
        limit = self.max_depth
        try:
            steps = code.steps
            if steps is None:
                steps = self._compile(code)
            entry = code
            n = len(steps)
            env = args + code.pad
            pc = 0
            while True:
                try:
                    while pc < n:
                        request = steps[pc](env)
                        if request is not None:
                            break
                        pc += 1
                    else:
                        # The function returns.
                        value = env[code.ret]
                        if not stack:
                            if (undefined := contains_undefined(value)) is not None:
                                # Report it where the entry function returns.
                                code, pc = entry, len(entry.ops) - 1
                                raise undefined.error()
                            return value
                        code, env, pc = pop()
                        steps = code.steps
                        if steps is None:  # on_step was changed by the hook
                            steps = self._compile(code)
                        n = len(steps)
                        env[code.outs[pc]] = value
                        pc += 1
                        continue
                    # The step at pc calls a function.
                    callee, env_args = request
                    if pc != code.tail:
                        if len(stack) >= limit:
                            raise RecursionError("maximum recursion depth exceeded")
                        push((code, env, pc))
                    code = callee
                    steps = code.steps
                    if steps is None:
                        steps = self._compile(code)
                    n = len(steps)
                    env = env_args + code.pad
                    pc = 0
                except MyiaError:
                    raise
                except Exception as exc:
                    raise self._error(exc, code, pc, stack) from None
        finally:
            self._stack = saved

    def _error(
        self, exc: Exception, code: Code, pc: int, stack: list[tuple[Code, list[Any], int]]
    ) -> InterpreterError:
        op = code.ops[pc] if pc < len(code.ops) else None
        location = SourceLocation.from_attr(op.location) if op is not None else None
        message = str(exc) or type(exc).__name__
        return runtime_error(type(exc), message, location, self._user_stack(stack, code, pc))

    def _user_stack(
        self, stack: list[tuple[Code, list[Any], int]], code: Code, pc: int
    ) -> list[tuple[str, SourceLocation | None]]:
        """The user functions running, outermost first, each with the op it is at:
        frames of functions the frontend cut out of a user function (branches,
        loops) merge into that function's frame."""
        groups: list[list[Any]] = []  # [user, code, pc]
        continues = False
        for frame_code, frame_pc in [*((c, p) for c, _, p in stack), (code, pc)]:
            if groups and continues and groups[-1][0] == frame_code.user:
                groups[-1][1:] = [frame_code, frame_pc]
            else:
                groups.append([frame_code.user, frame_code, frame_pc])
            continues = frame_pc < len(frame_code.continues) and frame_code.continues[frame_pc]
        out: list[tuple[str, SourceLocation | None]] = []
        for user, frame_code, frame_pc in groups:
            ops = frame_code.ops
            op = ops[frame_pc] if frame_pc < len(ops) else None
            out.append((user, SourceLocation.from_attr(op.location) if op else None))
        return out
