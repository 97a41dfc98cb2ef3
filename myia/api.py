"""The user API: :func:`jit`, and the registry of the backends it compiles for.

A *backend* turns a program into something callable. It is a function
``factory(module, entry, *, frontend) -> callable``: ``module`` is a myia module,
``entry`` the symbol of the jitted function in it, and ``frontend`` the
:class:`myia.frontend.Frontend` that parsed the program (it can parse more
functions, such as the methods of dataclasses). The callable takes the jitted
function's positional arguments (keyword arguments and defaults are already
bound) and returns its result.

A *typed* backend (the default kind) receives the typed module that inference
made for one signature (types and shapes of the arguments): ``jit`` infers and
compiles once per signature and caches the result. An untyped backend receives
the module as the frontend made it, once (``interp-untyped``: the reference
interpreter running Python's dynamic semantics, the tests' oracle).
"""

from __future__ import annotations

import functools
import inspect
import linecache
import struct
import threading
import types
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, overload

from myia.compile_log import Compilation, describe, reason
from myia.errors import MyiaError, MyiaOverflowError, MyiaTypeError, SourceLocation
from myia.pickling import by_name, function_key, is_named, items, lookup, rebuilt
from myia.type_keys import has_wide_int, type_key

if TYPE_CHECKING:
    from xdsl.dialects.builtin import ModuleOp

__all__ = [
    "DEFAULT_BACKEND",
    "Backend",
    "GradFunction",
    "JitFunction",
    "available_backends",
    "get_backend",
    "grad",
    "jit",
    "register_backend",
    "value_and_grad",
]

F = TypeVar("F", bound=Callable[..., Any])


class Backend(Protocol):
    def __call__(
        self, module: ModuleOp, entry: str, *, frontend: Any = None
    ) -> Callable[..., Any]: ...


_BACKENDS: dict[str, Backend] = {}
_UNTYPED: set[str] = set()
_PASSES: set[str] = set()
"""The backends that run a user's passes (``jit(f, passes=...)``)."""
_OPTIONS: dict[str, frozenset[str]] = {}
"""The options each backend takes (``jit(f, backend_options={...})``)."""

#: The backend ``jit`` uses when none is named.
DEFAULT_BACKEND = "cpu"


def register_backend(
    name: str,
    factory: Backend,
    *,
    typed: bool = True,
    replace: bool = False,
    passes: bool = False,
    options: Sequence[str] = (),
) -> None:
    """Make ``factory`` available as ``jit(backend=name)``; ``typed`` backends get
    one inferred, specialized module per signature. A backend that runs a user's
    passes (``passes=True``) is also called with ``passes=`` (a tuple of
    ``ModulePass``) when ``jit`` is given some, and with the keyword arguments of
    ``jit(backend_options=...)``, whose names must be among ``options``."""
    if name in _BACKENDS and not replace:
        raise ValueError(f"the backend {name!r} is already registered")
    _BACKENDS[name] = factory
    if typed:
        _UNTYPED.discard(name)
    else:
        _UNTYPED.add(name)
    if passes:
        _PASSES.add(name)
    else:
        _PASSES.discard(name)
    _OPTIONS[name] = frozenset(options)


def available_backends() -> list[str]:
    """The names of the registered backends, sorted."""
    return sorted(_BACKENDS)


def get_backend(name: str) -> Backend:
    """The backend registered as ``name``; a :class:`MyiaError` listing the
    available ones if there is none."""
    try:
        return _BACKENDS[name]
    except KeyError:
        available = ", ".join(repr(n) for n in available_backends())
        raise MyiaError(f"unknown backend {name!r}; available backends: {available}") from None


def load_compiler() -> types.ModuleType:
    # Lazy: `import myia` and `@myia.jit` do not load the compiler (start-up time).
    from myia import compiler

    return compiler


def _load_export() -> types.ModuleType:
    # Lazy: the exporter loads the compiler and LLVM (start-up time).
    from myia import export

    return export


def _interp_backend(module: ModuleOp, entry: str, *, frontend: Any = None) -> Callable[..., Any]:
    return load_compiler().interp_backend(module, entry, frontend=frontend)


def _check_int_widths(*args: Any) -> None:
    if any(map(has_wide_int, args)):
        raise OverflowError("an int argument does not fit in 64 bits")


def _typed_interp_backend(
    module: ModuleOp, entry: str, *, frontend: Any = None
) -> Callable[..., Any]:
    return load_compiler().typed_interp_backend(
        module, entry, frontend=frontend, check_args=_check_int_widths
    )


def _cpu_backend(
    module: ModuleOp, entry: str, *, frontend: Any = None, passes: Any = (), **options: Any
) -> Callable[..., Any]:
    return load_compiler().cpu_backend(module, entry, frontend=frontend, passes=passes, **options)


def _cuda_backend(
    module: ModuleOp, entry: str, *, frontend: Any = None, passes: Any = (), **options: Any
) -> Callable[..., Any]:
    from myia.runtime.cuda import cuda_backend

    return cuda_backend(module, entry, frontend=frontend, passes=passes, **options)


register_backend("interp", _typed_interp_backend)
register_backend("cpu", _cpu_backend, passes=True, options=("check_nans", "profile"))
register_backend("cuda", _cuda_backend, passes=True, options=("results",))
register_backend("interp-untyped", _interp_backend, typed=False)


# ---------------------------------------------------------------------------
# jit


SHAPE_SPECIALIZATIONS = 4
"""How many static array shapes of one generic signature (the same dtypes,
ranks, layouts and dimensions of 1) a function is compiled for; the next shape
gets code for all shapes, whose dimensions are read at run time."""

MAX_TYPE_KEYS = 1024
"""Bound of a JitFunction's table from arguments' type keys to compiled code."""


class SpecializingFunction:
    """Code per signature of the arguments, compiled on first use: what a
    function jit compiles (:class:`JitFunction`, from Python source) and one
    :func:`myia.compile_ir` compiles (from IR) share.

    A call finds its code by the arguments' :func:`type_key` (the fast path: a
    key decides the signature, so it calls the backend's code without checking
    the arguments again), else by their abstract values (the signature); a new
    signature is inferred (:meth:`_typed_module`) and compiled by the backend.
    After :data:`SHAPE_SPECIALIZATIONS` static shapes of one shape-generic
    signature, the generic code serves every shape.
    """

    __name__: str
    __qualname__: str

    def __init__(
        self,
        backend: str,
        passes: Any = (),
        options: dict[str, Any] | None = None,
    ):
        self.__myia_backend__ = backend
        #: The user's passes the backend runs after simplification (``jit(passes=)``).
        self.passes: tuple[Any, ...] = tuple(passes)
        #: The backend's options (``jit(backend_options=)``).
        self.backend_options: dict[str, Any] = dict(options or {})
        self._lock = threading.Lock()
        #: What parsed the program (a Python frontend resolves dataclass methods).
        self._frontend: Any = None
        #: Per signature (the abstract values of the arguments), what runs it.
        self.specializations: dict[tuple[Any, ...], Callable[..., Any]] = {}
        #: The typed module of each signature (for inspection).
        self.typed_modules: dict[tuple[Any, ...], tuple[ModuleOp, str]] = {}
        #: Per type key of the arguments, what runs them (arguments not checked).
        self._by_key: dict[tuple[Any, ...], Callable[..., Any]] = {}
        #: Per shape-generic signature, the static ones compiled for it.
        self._static_shapes: dict[tuple[Any, ...], set[tuple[Any, ...]]] = {}
        #: Shape-generic signatures the function cannot be compiled for.
        self._needs_static_shapes: set[tuple[Any, ...]] = set()

    @property
    def compilations(self) -> int:
        """How many signatures were compiled."""
        return len(self.specializations)

    def _parameter_names(self) -> Sequence[str]:
        raise NotImplementedError

    def _location(self) -> SourceLocation | None:
        raise NotImplementedError

    def _typed_module(self, signature: tuple[Any, ...]) -> tuple[ModuleOp, str]:
        """The typed module (and its entry) of the function for ``signature``."""
        raise NotImplementedError

    def _prepare(self) -> None:
        """What a first compilation needs done once (parsing the source)."""

    def _compile_for(self, args: tuple[Any, ...]) -> Callable[..., Any]:
        """What runs ``args``: found by the arguments' type key (cheap), else
        by their abstract values (compiling them if they are new)."""
        try:
            key = tuple(map(type_key, args))
        except RecursionError:  # a list that contains itself...: rejected there
            return self._compile_signature(args)
        run = self._by_key.get(key)
        if run is None:
            if len(self._by_key) >= MAX_TYPE_KEYS:
                self._by_key.clear()  # (shape-generic code serves many shapes)
            run = self._compile_signature(args)
            # The key decides the signature: its calls need no check.
            self._by_key[key] = getattr(run, "unchecked", run)
        return run

    def abstract_signature(self, args: Sequence[Any], caller: str) -> tuple[Any, ...]:
        """The abstract values of ``args``, one per parameter (the signature they
        specialize for); an argument myia cannot take is a :class:`MyiaTypeError`
        naming ``caller`` (``f()``, ``f.export()``) and the parameter."""
        compiler = load_compiler()
        names = self._parameter_names()
        if len(args) != len(names):
            raise MyiaTypeError(
                f"{caller}: {len(names)} argument(s) expected ({', '.join(names)}), got {len(args)}",
                self._location(),
            )
        abstracts = []
        for name, arg in zip(names, args, strict=True):
            try:
                abstracts.append(compiler.abstract_signature(arg))
            except TypeError as exc:
                raise MyiaTypeError(
                    f"{caller}: argument '{name}': {exc}", self._location()
                ) from None
        return tuple(abstracts)

    def _compile_signature(self, args: tuple[Any, ...]) -> Callable[..., Any]:
        compiler = load_compiler()
        names = self._parameter_names()
        if len(args) != len(names):
            count = len(names)
            raise MyiaTypeError(
                f"{self.__name__}() takes {count} argument{'' if count == 1 else 's'} "
                f"({', '.join(names)}), got {len(args)}",
                self._location(),
            )
        signature = self.abstract_signature(args, f"{self.__name__}()")
        run = self.specializations.get(signature)
        if run is not None:
            return run
        with self._lock:
            run = self.specializations.get(signature)
            if run is not None:
                return run
            generic = tuple(map(compiler.generic_shapes, signature))
            if generic != signature:
                run = self._shape_generic(signature, generic)
                if run is not None:
                    return run
            return self._specialize(signature)

    def _shape_generic(
        self, signature: tuple[Any, ...], generic: tuple[Any, ...]
    ) -> Callable[..., Any] | None:
        """The code for every array shape of ``generic`` (dimensions known at run
        time), once :data:`SHAPE_SPECIALIZATIONS` static shapes of it were
        compiled; None before, or if ``generic`` cannot be compiled (the
        function needs static shapes: it gets one compilation per shape)."""
        run = self.specializations.get(generic)
        if run is not None:
            return run
        seen = self._static_shapes.setdefault(generic, set())
        if generic in self._needs_static_shapes or len(seen) < SHAPE_SPECIALIZATIONS:
            seen.add(signature)
            return None
        try:
            return self._specialize(generic)
        except MyiaError:
            self._needs_static_shapes.add(generic)
            seen.add(signature)
            return None

    def _specialize(self, signature: tuple[Any, ...]) -> Callable[..., Any]:
        """Infer, differentiate and compile the function for ``signature``
        (reported on the ``myia.compile`` logger: :mod:`myia.compile_log`)."""
        compiler = load_compiler()
        names = list(self._parameter_names())
        report = Compilation(
            self.__qualname__,
            describe(names, signature),
            reason(names, signature, list(self.specializations)),
        )
        with report.phase("parse"):
            self._prepare()
        with report.phase("infer"):  # and the expansion of gradients
            typed, entry = self._typed_module(signature)
        factory = get_backend(self.__myia_backend__)
        extra: dict[str, Any] = dict(self.backend_options)
        if self.passes:
            extra["passes"] = self.passes
        with report.phase("llvm"):  # (the first compilation starts the JIT)
            llvm_before = compiler.llvm_seconds()
        with report.phase("lower"):
            run = factory(typed, entry, frontend=self._frontend, **extra)
        llvm = compiler.llvm_seconds() - llvm_before
        report.add("lower", -llvm)
        report.add("llvm", llvm)
        report.done()
        self.typed_modules[signature] = (typed, entry)
        self.specializations[signature] = run
        return run


class JitFunction(SpecializingFunction):
    """A function compiled by :func:`jit`: calling it runs the function on the
    backend. The function is parsed (and handed to the backend) on the first call.

    It is not a Python function object, so that the frontend, meeting it in
    another function, parses the function it wraps (``__myia_function__``).
    """

    def __init__(
        self,
        fn: Callable[..., Any],
        backend: str,
        entry_of: Any = None,
        passes: Any = (),
        options: dict[str, Any] | None = None,
    ):
        super().__init__(backend, passes, options)
        functools.update_wrapper(self, fn)
        self.__myia_function__ = fn
        #: What the entry point applies (a ``myia.grad`` object), if not ``fn``.
        self._entry_of = entry_of
        self._signature = inspect.signature(fn)
        #: How many positional arguments can be passed on without binding (-1 if
        #: the function has keyword-only parameters).
        self._positional = (
            len(self._signature.parameters)
            if all(
                p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
                for p in self._signature.parameters.values()
            )
            else -1
        )
        self._run: Callable[..., Any] | None = None
        #: The parsed (untyped) module and the symbol of the function in it.
        self.module: ModuleOp | None = None
        self.entry: str | None = None

    def _parse(self) -> None:
        if self.module is None:
            frontend, entry = load_compiler().parse(self.__myia_function__, self._entry_of)
            self._frontend, self.module, self.entry = frontend, frontend.module, entry

    def _compile_untyped(self) -> Callable[..., Any]:
        with self._lock:
            if self._run is None:
                self._parse()
                factory = get_backend(self.__myia_backend__)
                self._run = factory(self.module, self.entry, frontend=self._frontend)
            return self._run

    def _parameter_names(self) -> Sequence[str]:
        return list(self._signature.parameters)

    def _prepare(self) -> None:
        self._parse()

    def _typed_module(self, signature: tuple[Any, ...]) -> tuple[ModuleOp, str]:
        self._parse()
        assert self.module is not None and self.entry is not None
        return load_compiler().specialize(self.module, self.entry, signature, self._frontend)

    def lower(self, *args: Any, **kwargs: Any) -> Any:
        """The stages of compiling the function for these arguments, without
        running it: a :class:`myia.lowered.Lowered`, whose ``as_text(stage)``
        prints the IR of a stage, the LLVM IR or the assembly, and
        ``as_dot(stage)`` draws it (docs/user_guide.md, Debugging)."""
        bound = self._signature.bind(*args, **kwargs)
        bound.apply_defaults()
        signature = self.abstract_signature(
            tuple(bound.arguments.values()), f"{self.__name__}.lower()"
        )
        self._parse()
        assert self.module is not None and self.entry is not None
        return load_compiler().lower(
            self.__qualname__,
            self.module,
            self.entry,
            signature,
            self._frontend,
            self.__myia_backend__,
            self.passes,
        )

    def _location(self) -> SourceLocation:
        """Where the function is defined: its ``def`` line, after its decorators."""
        code = self.__myia_function__.__code__
        line = code.co_firstlineno
        for n in range(line, line + 50):
            text = linecache.getline(code.co_filename, n)
            if text.lstrip().startswith(("def ", "async def ", "lambda")):
                return SourceLocation(code.co_filename, n, len(text) - len(text.lstrip()))
            if not text.lstrip().startswith("@"):
                break
        return SourceLocation(code.co_filename, line)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            if not kwargs and len(args) == self._positional:
                try:
                    run = self._by_key.get(tuple(map(type_key, args)))
                except RecursionError:  # nested too deep to be a key: see _call
                    run = None
                if run is not None:  # the fast path: a signature seen before
                    return run(*args)
            return self._call(args, kwargs)
        except MyiaError as err:
            # Show the user's code, not myia's: drop the frames below this one.
            raise err.with_traceback(None) from None
        except (OverflowError, struct.error):
            # The arguments did not fit the compiled code's: an int too wide?
            error = self._wide_int_argument(args, kwargs)
            if error is None:
                raise
            raise error from None

    def _wide_int_argument(
        self, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> MyiaOverflowError | None:
        """The error naming the parameter given an int that does not fit in 64
        bits, if one was (typed code computes Python ints in 64 bits)."""
        if self.__myia_backend__ in _UNTYPED:
            return None
        bound = self._signature.bind(*args, **kwargs)
        for name, value in bound.arguments.items():
            if has_wide_int(value):
                fn = self.__myia_function__
                code = fn.__code__
                return MyiaOverflowError(
                    f"{fn.__qualname__}(): the argument {name!r} is or holds an int that does "
                    "not fit in 64 bits (typed code computes Python ints in 64 bits)",
                    SourceLocation(code.co_filename, code.co_firstlineno),
                )
        return None

    def _call(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if kwargs or len(args) != self._positional:
            bound = self._signature.bind(*args, **kwargs)
            bound.apply_defaults()
            args = tuple(bound.arguments.values())  # keyword-only ones too
        if self.__myia_backend__ in _UNTYPED:
            run = self._run or self._compile_untyped()
        else:
            run = self._compile_for(args)
        return run(*args)

    def export(
        self,
        path: Any,
        *example_args: Any,
        name: str | None = None,
        shapes: str = "auto",
        cpu: str = "generic",
    ) -> Any:
        """Compile the function for the signature of ``example_args`` and write it
        ahead of time to ``path``: an object file (``.o``) or a shared library
        (``.so``), with a C header beside it (``path`` with the suffix ``.h``)
        declaring ``int32_t name(...)`` (default: the function's name). See
        ``docs/export.md`` for the C ABI.

        ``shapes``: ``"dynamic"`` (array dimensions other than 1 given at run
        time), ``"static"`` (those of the examples, checked at run time) or
        ``"auto"`` (dynamic, or static where the function needs them). ``cpu``:
        ``"generic"`` (portable code), ``"host"`` (this machine's CPU) or a CPU
        name LLVM knows. Always native CPU code, whatever the backend."""
        if shapes not in ("auto", "dynamic", "static"):
            raise MyiaError(f"shapes must be 'auto', 'dynamic' or 'static', not {shapes!r}")
        try:
            return _load_export().export_function(
                self, path, example_args, name=name, shapes=shapes, cpu=cpu
            )
        except MyiaError as err:
            raise err.with_traceback(None) from None

    def __reduce__(self) -> Any:
        """Pickled as a reference to the module-level object it is, when it is
        one (``module.qualname``, as pickle does for functions); else as the
        function it compiles, with its backend, passes and options. Compiled
        code is not pickled: the other side compiles on its first call, or
        loads the object code from the disk cache (``MYIA_CACHE_DIR``)."""
        if is_named(self):
            return lookup, (self.__module__, self.__qualname__)
        return _rebuild_jit, (
            by_name(self.__myia_function__),
            self.__myia_backend__,
            self._entry_of,
            self.passes,
            self.backend_options,
        )

    def __get__(self, obj: Any, objtype: Any = None) -> Any:
        """Jitted functions work as methods too."""
        if obj is None:
            return self
        return types.MethodType(self, obj)

    def __repr__(self) -> str:
        return f"<myia.jit {self.__qualname__} backend={self.__myia_backend__!r}>"


def _rebuild_jit(
    fn: Any, backend: str, entry_of: Any, passes: Any, options: dict[str, Any]
) -> JitFunction:
    """Unpickling: a jitted function made again (it compiles on its first call),
    or the one made before."""
    key = ("jit", function_key(fn), backend, entry_of, passes, items(options))
    return rebuilt(key, lambda: JitFunction(fn, backend, entry_of, passes, options))


@overload
def jit(
    fn: F,
    *,
    backend: str | None = None,
    passes: Any = None,
    backend_options: dict[str, Any] | None = None,
    check_nans: bool | None = None,
) -> F: ...
@overload
def jit(
    fn: None = None,
    *,
    backend: str | None = None,
    passes: Any = None,
    backend_options: dict[str, Any] | None = None,
    check_nans: bool | None = None,
) -> Callable[[F], F]: ...


def jit(
    fn: Any = None,
    *,
    backend: str | None = None,
    passes: Any = None,
    backend_options: dict[str, Any] | None = None,
    check_nans: bool | None = None,
) -> Any:
    """Compile ``fn`` with myia; ``@myia.jit`` or ``@myia.jit(backend="interp")``.

    The function is parsed on its first call; errors in it (unsupported Python,
    type errors...) are raised then, as :class:`MyiaError` whose message points at
    the user's source.

    ``passes`` adds passes to what the backend runs (``cpu``: on the typed module
    of each signature, after simplification and followed by ``dce``, before
    arrays are fused and the module is lowered; see ``docs/passes.md``): a pass
    pipeline such as
    ``"strength-reduce,cse"`` (names of the registry, plugins included), an
    xDSL ``ModulePass``, or a list of them.

    ``backend_options`` are the backend's own (``cuda``: ``{"results": "device"}``
    keeps the arrays it returns on the GPU; see ``docs/cuda.md``).

    ``check_nans=True`` (``cpu``; ``MYIA_CHECK_NANS=1`` makes it the default)
    raises :class:`~myia.errors.MyiaFloatingPointError` at the first operation
    that gives a NaN or an infinity, naming its line and whether it ran in the
    forward pass or computing a gradient.
    """
    name = DEFAULT_BACKEND if backend is None else backend
    get_backend(name)  # an unknown backend is an error right away
    added = _user_passes(name, passes)
    options = _backend_options(name, _with_check_nans(backend_options, check_nans))
    if fn is None:
        return lambda f: jit(f, backend=name, passes=added, backend_options=options)
    if isinstance(fn, GradFunction):
        # jit(grad(f)): the same gradient, compiled by this backend.
        return GradFunction(*fn.__myia_grad__, name, passes=added, options=options)
    inner = getattr(fn, "__myia_function__", fn)
    if not isinstance(inner, types.FunctionType):
        raise MyiaError(f"myia.jit compiles Python functions, not {type(fn).__name__}")
    return JitFunction(inner, name, passes=added, options=options)


def _with_check_nans(
    options: dict[str, Any] | None, check_nans: bool | None
) -> dict[str, Any] | None:
    """``jit(check_nans=...)``: the ``cpu`` backend's option of that name."""
    return options if check_nans is None else {**(options or {}), "check_nans": check_nans}


def _backend_options(backend: str, options: dict[str, Any] | None) -> dict[str, Any]:
    """``jit(backend_options=...)``, checked against what the backend takes."""
    if not options:
        return {}
    unknown = sorted(set(options) - _OPTIONS.get(backend, frozenset()))
    if unknown:
        known = ", ".join(sorted(_OPTIONS.get(backend, ()))) or "none"
        raise MyiaError(
            f"the backend {backend!r} has no option {', '.join(map(repr, unknown))}; "
            f"its options: {known}"
        )
    return dict(options)


def _user_passes(backend: str, passes: Any) -> tuple[Any, ...]:
    """The passes of ``jit(passes=...)`` as ``ModulePass`` instances (an unknown
    pass or a backend that runs none is an error right away)."""
    if passes is None or (isinstance(passes, str | list | tuple) and not passes):
        return ()
    if backend not in _PASSES:
        takers = ", ".join(repr(n) for n in sorted(_PASSES)) or "none"
        raise MyiaError(f"the backend {backend!r} does not run passes; backends that do: {takers}")
    return load_compiler().user_passes(passes)


# ---------------------------------------------------------------------------
# grad


class GradFunction:
    """``myia.grad(f)`` or ``myia.value_and_grad(f)``: the gradient of ``f`` with
    respect to the arguments ``argnums``, compiled like ``jit`` (once per
    signature) when called from Python, and differentiated in the IR when called
    from compiled code (``__myia_grad__``). Gradients have the structure of their
    argument (a dataclass gets a dataclass, a tuple a tuple)."""

    def __init__(
        self,
        fn: Any,
        argnums: Any,
        with_value: bool,
        backend: str | None,
        passes: Any = (),
        options: dict[str, Any] | None = None,
    ):
        inner = fn
        while hasattr(inner, "__myia_grad__"):
            inner = inner.__myia_grad__[0]
        inner = getattr(inner, "__myia_function__", inner)
        if not isinstance(inner, types.FunctionType):
            raise MyiaError(f"myia.grad differentiates Python functions, not {type(fn).__name__}")
        functools.update_wrapper(self, inner)
        self.__myia_grad__ = (fn, argnums, with_value)
        name = DEFAULT_BACKEND if backend is None else backend
        get_backend(name)
        self._jit = JitFunction(
            inner, name, entry_of=self, passes=passes, options=_backend_options(name, options)
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._jit(*args, **kwargs)

    @property
    def compilations(self) -> int:
        return self._jit.compilations

    def lower(self, *args: Any, **kwargs: Any) -> Any:
        """The stages of compiling the gradient for these arguments (see
        :meth:`JitFunction.lower`)."""
        return self._jit.lower(*args, **kwargs)

    def export(self, path: Any, *example_args: Any, **options: Any) -> Any:
        """The gradient, compiled ahead of time (see :meth:`JitFunction.export`)."""
        return self._jit.export(path, *example_args, **options)

    def __reduce__(self) -> Any:
        """Pickled as what makes it: the function (by reference when it is
        importable), ``argnums``, the backend, passes and options; the other
        side compiles on the first call (see :meth:`JitFunction.__reduce__`)."""
        fn, argnums, with_value = self.__myia_grad__
        jit = self._jit
        return _rebuild_grad, (
            by_name(fn),
            argnums,
            with_value,
            jit.__myia_backend__,
            jit.passes,
            jit.backend_options,
        )

    def __repr__(self) -> str:
        kind = "value_and_grad" if self.__myia_grad__[2] else "grad"
        return f"<myia.{kind} of {self.__qualname__} argnums={self.__myia_grad__[1]!r}>"


def _rebuild_grad(
    fn: Any,
    argnums: Any,
    with_value: bool,
    backend: str,
    passes: tuple[Any, ...],
    options: dict[str, Any],
) -> GradFunction:
    """Unpickling: a ``myia.grad`` object made again (or the one made before)."""
    key = ("grad", function_key(fn), argnums, with_value, backend, passes, items(options))
    return rebuilt(
        key,
        lambda: GradFunction(fn, argnums, with_value, backend, passes=passes, options=options),
    )


def grad(
    fn: Any,
    argnums: Any = 0,
    *,
    backend: str | None = None,
    backend_options: dict[str, Any] | None = None,
    check_nans: bool | None = None,
) -> Any:
    """The gradient of ``fn`` (a function returning a float scalar) with respect
    to argument ``argnums`` (an int, a parameter name, or a tuple of them: then a
    tuple of gradients). Usable in Python and in compiled code, to any order.
    ``check_nans``: as :func:`jit`'s."""
    options = _with_check_nans(backend_options, check_nans)
    return GradFunction(fn, argnums, False, backend, options=options)


def value_and_grad(
    fn: Any,
    argnums: Any = 0,
    *,
    backend: str | None = None,
    backend_options: dict[str, Any] | None = None,
    check_nans: bool | None = None,
) -> Any:
    """Like :func:`grad`, returning ``(fn(*args), gradient)``."""
    options = _with_check_nans(backend_options, check_nans)
    return GradFunction(fn, argnums, True, backend, options=options)
