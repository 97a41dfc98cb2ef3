"""``myia.compile_ir``: myia as the backend of another frontend.

A frontend that emits the myia dialect (as text, or as an xDSL ``ModuleOp`` it
built) hands it to :func:`compile_ir` with the name of its entry function and
gets a callable. What the callable does depends on how far the IR went through
the pipeline (``lowering/pipelines.py``), as the printed stages of ``myia-opt``
show it:

- **untyped** (the entry's parameters have no types, as the Python frontend
  prints it): the callable infers, differentiates and compiles the entry once
  per signature of its arguments, exactly as ``myia.jit`` does (same cache, same
  shape-generic code after a few shapes);
- **typed** (the entry's parameters are typed: after ``myia-infer``,
  ``myia-grad``, the simplification passes, ``myia-export``, ``myia-fuse-arrays``,
  ``myia-mark-results``; or written by hand with typed parameters, the body then
  inferred once from them): compiled once, now; the callable checks its
  arguments against the parameter types and never infers;
- **lowered** below the myia dialect (``func``/``cf`` after ``convert-myia-to-cf``,
  or the llvm dialect after ``myia-to-llvm``; the ``cpu`` backend only): the rest
  of the cpu pipeline runs on it (the C-ABI wrappers and error sites where they
  are missing), and the module is loaded as it is, its signature read from its
  ``myia.exports`` (recorded if missing).

Malformed or invalid IR (a parse or verification error, an unknown entry, a
type error of inference) is a :class:`~myia.errors.MyiaIRError` located at
``file:line:col`` of the text (``filename=``): ops without a ``loc(...)`` get
their place in the text, as ``myia-opt`` gives them.
"""

from __future__ import annotations

import struct
from typing import Any

from xdsl.dialects import func as func_dialect
from xdsl.dialects import llvm
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Operation
from xdsl.utils.exceptions import ParseError

from myia.api import (
    _UNTYPED,
    DEFAULT_BACKEND,
    SpecializingFunction,
    _backend_options,
    _user_passes,
    get_backend,
    type_key,
)
from myia.compiler import specialize
from myia.dialects.abstract import from_type
from myia.dialects.ops_function import FuncOp
from myia.dialects.types import AnyType
from myia.dominance import Dominance
from myia.errors import (
    MyiaError,
    MyiaIRError,
    MyiaIRShapeError,
    MyiaIRTypeError,
    MyiaShapeError,
    MyiaTypeError,
    SourceLocation,
)
from myia.lowering.exports import export, exports_of, layout_of
from myia.lowering.llvm.capi import CApiWrappers, capi_name
from myia.lowering.llvm.common import LoweringError
from myia.lowering.llvm.error_sites import NumberErrorSites
from myia.lowering.myia_to_cf import native_symbol
from myia.lowering.pipelines import cpu_tail, pipeline_context, run_passes
from myia.opt_input import LocatingParser
from myia.passes.grad import expand_gradients
from myia.passes.infer import infer_module
from myia.passes.symbol_uses import functions
from myia.runtime.arg_checks import CheckedEntry, argument_checker, entry_params
from myia.runtime.cpu import load_entry

__all__ = ["IRFunction", "compile_ir", "parse_ir"]

DEFAULT_FILENAME = "<ir>"


def compile_ir(
    ir: str | ModuleOp,
    entry: str,
    *,
    backend: str | None = None,
    backend_options: dict[str, Any] | None = None,
    passes: Any = None,
    filename: str = DEFAULT_FILENAME,
) -> IRFunction:
    """The callable of the function ``entry`` (``"f"`` or ``"@f"``) of ``ir``:
    textual myia IR (custom or generic syntax, with or without ``loc(...)``, at
    any stage ``myia-opt`` prints) or an xDSL ``ModuleOp`` (left as it is: it is
    cloned). ``backend``, ``passes`` and ``backend_options`` are ``myia.jit``'s;
    ``filename`` names the text in errors. See the module docstring for what
    each stage of the IR gets."""
    name = DEFAULT_BACKEND if backend is None else backend
    get_backend(name)  # an unknown backend is an error right away
    added = _user_passes(name, passes)
    options = _backend_options(name, backend_options)
    if isinstance(ir, str):
        module = parse_ir(ir, filename)
    elif isinstance(ir, ModuleOp):
        module = ir.clone()
        _verify(module, {}, "", filename)
    else:
        raise MyiaError(f"compile_ir takes textual IR or a ModuleOp, not {type(ir).__name__}")
    return IRFunction(module, entry.removeprefix("@"), name, added, options, filename)


def _location(text: str, pos: int, filename: str) -> SourceLocation:
    line = text.count("\n", 0, pos) + 1
    return SourceLocation(filename, line, pos - (text.rfind("\n", 0, pos) + 1))


def parse_ir(text: str, filename: str = DEFAULT_FILENAME) -> ModuleOp:
    """The verified module of textual IR; ops without a ``loc(...)`` located at
    their place in the text. Errors are :class:`MyiaIRError` at ``file:line:col``."""
    positions: dict[Operation, int] = {}
    parser: LocatingParser | None = None
    try:
        parser = LocatingParser(pipeline_context(), text, filename, positions)
        module = parser.parse_module()
    except ParseError as exc:
        message = exc.msg.replace("{first_char}", text[exc.span.start : exc.span.end])
        raise MyiaIRError(message, _location(text, exc.span.start, filename)) from None
    except MyiaError:
        raise
    except Exception as exc:  # a custom parser or an attribute's own check failed
        message = str(exc).split("\n\n")[0] or type(exc).__name__
        where = parser._current_token.span.start if parser is not None else 0
        raise MyiaIRError(message, _location(text, where, filename)) from None
    for op, pos in positions.items():
        if SourceLocation.from_attr(op.location) is None:
            op.location = _location(text, pos, filename).to_attr()
    _verify(module, positions, text, filename)
    return module


def _verify(module: ModuleOp, positions: dict[Operation, int], text: str, filename: str) -> None:
    """A :class:`MyiaIRError` at the first op (in pre-order) that does not verify."""
    try:
        module.verify()
    except Exception as exc:  # VerifyException, or ValueError for broken IR
        first: Exception = exc
    else:
        invisible = Dominance().first_invisible(module)
        if invisible is None:
            return
        op, index = invisible
        message = (
            f"operand {index} of {op.name} is not defined where it is used (in another "
            "function, later, or in a block that does not dominate this one)"
        )
        raise MyiaIRError(message, _op_location(op, positions, text, filename))
    culprit: Operation = module
    for op in module.walk():
        try:
            op.verify_()
        except Exception as exc:
            culprit, first = op, exc
            break
    message = str(first).split("\n\n")[0] or type(first).__name__
    raise MyiaIRError(message, _op_location(culprit, positions, text, filename)) from None


def _op_location(
    op: Operation | None, positions: dict[Operation, int], text: str, filename: str
) -> SourceLocation | None:
    while op is not None:
        pos = positions.get(op)
        if pos is not None:
            return _location(text, pos, filename)
        loc = SourceLocation.from_attr(op.location)
        if loc is not None:
            return loc
        op = op.parent_op()
    return None


def _has_untyped_values(module: ModuleOp) -> bool:
    for op in module.walk():
        if any(isinstance(r.type, AnyType) for r in op.results):
            return True
        for region in op.regions:
            for block in region.blocks:
                if any(isinstance(a.type, AnyType) for a in block.args):
                    return True
    return False


def _ir_error(exc: MyiaError, where: SourceLocation | None = None) -> MyiaError:
    """An error of inference on IR as a :class:`MyiaIRError` (a type error stays
    a ``MyiaTypeError``, a shape error a ``MyiaShapeError``), at ``where`` if it
    has no location."""
    if isinstance(exc, MyiaIRError) and (exc.location or exc.frames or where is None):
        return exc
    if isinstance(exc, MyiaShapeError):
        cls: type[MyiaError] = MyiaIRShapeError
    elif isinstance(exc, MyiaTypeError):
        cls = MyiaIRTypeError
    else:
        cls = MyiaIRError
    location = exc.location
    if location is None:
        location = next((f.location for f in reversed(exc.frames) if f.location), where)
    error = cls(exc.message, location, exc.frames, exc.operation)
    if exc.frames and location is not None:
        # (a traceback names lines: the first line names the column too)
        error.args = (f"{location}: {exc.message}\n{error.args[0]}",)
    return error


class IRFunction(SpecializingFunction):
    """A function of IR compiled by :func:`compile_ir`: an untyped entry is
    compiled per signature of its arguments, as ``jit`` compiles (the same
    cache); a typed or lowered one was compiled once, and its calls check the
    arguments against its types."""

    def __init__(
        self,
        module: ModuleOp,
        entry: str,
        backend: str,
        passes: Any = (),
        options: dict[str, Any] | None = None,
        filename: str = DEFAULT_FILENAME,
    ):
        super().__init__(backend, passes, options)
        self.__name__ = self.__qualname__ = entry
        #: The module as it was given (parsed), and the symbol of the entry.
        self.module = module
        self.entry = entry
        self.filename = filename
        #: ``untyped``, ``typed`` or ``lowered``.
        self.stage: str
        #: The compiled code of a typed or lowered entry (it checks its arguments).
        self._compiled: CheckedEntry | None = None
        self._untyped_run: Any = None
        funcs = functions(module)
        func = funcs.get(entry)
        if func is not None:
            func.sym_visibility = None  # the entry is public
            self._names = [name for name, _ in entry_params(func)]
            self._where = SourceLocation.from_attr(func.location)
            self._compile_myia(func)
        else:
            self._names = []
            self._where = None
            self._compile_lowered()

    # -- compilation -----------------------------------------------------------

    def _compile_myia(self, func: FuncOp) -> None:
        backend = self.__myia_backend__
        if backend in _UNTYPED:  # (the reference interpreter: Python's semantics)
            self.stage = "untyped"
            self._untyped_run = get_backend(backend)(self.module, self.entry)
            return
        if any(isinstance(p.type, AnyType) for p in func.params):
            self.stage = "untyped"  # inferred per signature, at calls
            return
        self.stage = "typed"
        try:
            signature = tuple(from_type(p.type) for p in func.params)
            typed, symbol = self.module, self.entry
            if _has_untyped_values(self.module):  # typed parameters, untyped body
                typed, symbol = infer_module(self.module, self.entry, signature)
            expand_gradients(typed)
        except Exception as exc:
            raise self._compile_error(exc) from _cause(exc)
        self._install(signature, typed, symbol, self._backend_run(typed, symbol))

    def _backend_run(self, typed: ModuleOp, symbol: str) -> Any:
        factory = get_backend(self.__myia_backend__)
        extra: dict[str, Any] = dict(self.backend_options)
        if self.passes:
            extra["passes"] = self.passes
        try:
            return factory(typed, symbol, **extra)
        except Exception as exc:
            raise self._compile_error(exc) from _cause(exc)

    def _compile_error(self, exc: Exception, where: SourceLocation | None = None) -> MyiaError:
        """What compiling the IR raised, as a :class:`MyiaIRError` (at ``where``,
        else the entry, when it has no location of its own): IR that myia's
        passes cannot take is an error of the IR, not an internal traceback."""
        where = where or self._where
        if isinstance(exc, MyiaError):
            return _ir_error(exc, where)
        if isinstance(exc, LoweringError | TypeError | ValueError):
            return MyiaIRError(str(exc).split("\n\n")[0], where)
        return MyiaIRError(
            f"the {self.__myia_backend__} backend cannot compile @{self.entry}: "
            f"{type(exc).__name__}: {exc}",
            where,
        )

    def _install(self, signature: tuple[Any, ...], typed: ModuleOp, symbol: str, run: Any) -> None:
        self._compiled = run
        self.typed_modules[signature] = (typed, symbol)
        self.specializations[signature] = run

    def _compile_lowered(self) -> None:
        """Run what the cpu pipeline has not run on a module below myia, and
        load it."""
        self.stage = "lowered"
        module, entry = self.module, self.entry
        found = _lowered_function(module, entry)
        if self.__myia_backend__ != "cpu":
            raise MyiaIRError(
                f"@{entry} is lowered below the myia dialect: only the cpu backend runs it "
                f"(not {self.__myia_backend__!r})",
                SourceLocation.from_attr(found.location) if found is not None else None,
            )
        if found is None:
            known = sorted(
                op.sym_name.data
                for op in module.ops
                if isinstance(op, FuncOp | func_dialect.FuncOp | llvm.FuncOp)
            )
            listed = ", ".join(f"@{n}" for n in known) or "none"
            raise MyiaIRError(f"the module has no function @{entry} (its functions: {listed})")
        symbol = found.sym_name.data
        try:
            if symbol not in exports_of(module):
                export(module, (symbol,))
            if isinstance(found, func_dialect.FuncOp):
                module = run_passes(cpu_tail(), module)
            else:
                has_wrapper = any(
                    isinstance(op, llvm.FuncOp) and op.sym_name.data == capi_name(symbol)
                    for op in module.ops
                )
                passes = (
                    [NumberErrorSites()] if has_wrapper else [CApiWrappers(), NumberErrorSites()]
                )
                module = run_passes(passes, module)
            run = load_entry(module, symbol)
        except Exception as exc:
            where = SourceLocation.from_attr(found.location)
            raise self._compile_error(exc, where) from _cause(exc)
        arg_types = exports_of(module)[symbol].inputs.data
        self._names = [f"arg{i}" for i in range(len(arg_types))]
        self._where = SourceLocation.from_attr(found.location)
        # (the check of load_entry, located at the function)
        check = argument_checker(
            self.entry,
            list(zip(self._names, arg_types, strict=True)),
            contiguous=layout_of(module, symbol),
            location=self._where,
        )
        signature = tuple(_abstract_or_type(t) for t in arg_types)
        self._install(signature, module, symbol, CheckedEntry(run.unchecked, check))

    # -- SpecializingFunction --------------------------------------------------

    def _parameter_names(self) -> list[str]:
        return self._names

    def _location(self) -> SourceLocation | None:
        return self._where

    def _typed_module(self, signature: tuple[Any, ...]) -> tuple[ModuleOp, str]:
        try:  # (as jit's: no method resolver, the IR has no dataclass methods)
            return specialize(self.module, self.entry, signature, None)
        except Exception as exc:
            raise self._compile_error(exc) from _cause(exc)

    def _compile_signature(self, args: tuple[Any, ...]) -> Any:
        compiled = self._compiled
        if compiled is None:
            return super()._compile_signature(args)
        compiled.check(args)  # (a typed entry: one signature)
        return compiled

    # -- calls -----------------------------------------------------------------

    def __call__(self, *args: Any) -> Any:
        try:
            if self._untyped_run is not None:
                return self._untyped_run(*args)
            try:
                run = self._by_key.get(tuple(map(type_key, args)))
            except RecursionError:  # nested too deep to be a key: checked there
                run = None
            if run is None:
                run = self._compile_for(args)
            return run(*args)
        except MyiaError as err:
            raise err.with_traceback(None) from None
        except (OverflowError, struct.error):
            # An int too wide for 64 bits, on the fast path: the check names it.
            checked = self._compile_signature(args)
            check = getattr(checked, "check", None)
            if check is not None:
                try:
                    check(args)
                except MyiaError as err:
                    raise err.with_traceback(None) from None
            raise

    def __repr__(self) -> str:
        return f"<myia.compile_ir @{self.entry} ({self.stage}) backend={self.__myia_backend__!r}>"


def _cause(exc: Exception) -> Exception | None:
    """The cause to keep on the error raised instead of ``exc``: none for a
    user's error, the internal exception otherwise (for whoever debugs myia)."""
    return None if isinstance(exc, MyiaError | LoweringError) else exc


def _lowered_function(module: ModuleOp, entry: str) -> func_dialect.FuncOp | llvm.FuncOp | None:
    """The ``func.func`` or ``llvm.func`` of ``entry`` (by its name or its lowered
    name: see ``native_symbol``)."""
    names = (entry, native_symbol(entry))
    for op in module.ops:
        if isinstance(op, func_dialect.FuncOp | llvm.FuncOp) and op.sym_name.data in names:
            return op
    return None


def _abstract_or_type(t: Any) -> Any:
    try:
        return from_type(t)
    except TypeError:
        return t
