"""The registry of dialects, passes and targets that myia's tools know by name.

One :class:`Registry` holds *factories* (``name -> () -> Dialect | type[ModulePass]``)
so that nothing is imported before it is used: ``myia-opt`` starts in a fraction
of a second even with every xDSL dialect and pass available.

The default registry (:func:`default_registry`) holds, in this order:

1. every dialect, pass and target of xDSL's multiverse (xDSL's own, plus anything
   installed through xDSL's ``xdsl.universe`` entry point group);
2. myia's own dialect and passes (:mod:`myia.passes`). Where myia's pass is a
   superset of xDSL's pass of the same name (``dce``, ``canonicalize``), myia's
   replaces it, explicitly, with ``replace=True``;
3. third-party plugins found through the ``myia.plugins`` entry point group (see
   ``docs/plugins.md``).

A plugin is anything with a ``register(registry)`` function (a module, an object,
or the function itself), or a module/object with ``dialects`` and/or ``passes``
attributes, or a module that has none of these: then every ``ModulePass``
subclass it defines (with a ``name``) and every ``Dialect`` of ops it defines
are registered. Registering a name twice is an error unless ``replace=True`` is
given, so two plugins cannot silently shadow each other; the one exception is a
plugin *file* (``myia-opt --load-pass-plugin``), which replaces the names of
installed plugins (so that a plugin being edited runs without uninstalling it),
but not xDSL's or myia's own. Plugins should register through this group rather
than ``xdsl.universe``: a name registered both ways would make xDSL raise
``AlreadyRegisteredConstructException``.

An installed plugin that fails to load (it raises on import or in ``register``)
does not stop the others: it registers nothing, and :attr:`Registry.broken`
keeps its error, which ``myia-opt --list-passes`` and an unknown pass's error
show. ``MYIA_NO_PLUGINS=1`` (or ``myia-opt --no-plugins``) skips them all.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import os
import sys
import types
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any

import xdsl
from xdsl.context import Context
from xdsl.ir import Dialect
from xdsl.passes import ModulePass
from xdsl.universe import Universe

from myia.errors import MyiaError, SourceLocation
from myia.pyfiles import import_file

PLUGIN_GROUP = "myia.plugins"
"""The entry point group third-party packages use to extend myia."""

NO_PLUGINS_VARIABLE = "MYIA_NO_PLUGINS"
"""The environment variable that, set to anything but ``""`` or ``"0"``, makes
:func:`default_registry` skip the installed plugins."""

INSTALLED_PLUGIN = "plugin '"
"""How the origin of an installed plugin (an entry point) starts."""

DialectFactory = Callable[[], Dialect]
PassFactory = Callable[[], type[ModulePass]]
TargetFactory = Callable[[], Any]


class PluginError(MyiaError):
    """A plugin that cannot be loaded or that registers a name already taken."""


def lazy_attribute(module: str, name: str) -> Callable[[], Any]:
    """A factory returning ``module.name``, importing ``module`` only when called:
    what the layers register their passes, dialects and targets with, so that
    building a registry (``myia-opt``'s start) imports none of them."""

    def factory() -> Any:
        return getattr(importlib.import_module(module), name)

    factory.__qualname__ = f"{module.rsplit('.', 1)[-1]}.{name}"
    return factory


def _first_doc_line(obj: Any, limit: int = 100) -> str:
    """The first sentence of a class's own docstring (not an inherited one, nor
    the signature ``@dataclass`` writes when there is none)."""
    doc = obj.__dict__.get("__doc__") if isinstance(obj, type) else inspect.getdoc(obj)
    if not doc or (isinstance(obj, type) and doc.startswith(f"{obj.__name__}(")):
        return ""
    paragraph = inspect.cleandoc(doc).split("\n\n")[0]
    text = " ".join(line.strip() for line in paragraph.splitlines())
    end = text.find(". ")
    if end != -1:
        text = text[: end + 1]
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


@dataclass
class Registry:
    """Named factories of dialects, passes and targets, with where each came from."""

    dialects: dict[str, DialectFactory] = field(default_factory=dict)
    passes: dict[str, PassFactory] = field(default_factory=dict)
    targets: dict[str, TargetFactory] = field(default_factory=dict)
    origins: dict[tuple[str, str], str] = field(default_factory=dict)
    """``(kind, name) -> origin`` for error messages ("xdsl", "myia", a plugin)."""

    origin: str = "myia"
    """The origin recorded for registrations made now (set while loading a plugin)."""

    broken: dict[str, PluginError] = field(default_factory=dict)
    """The installed plugins that failed to load (by entry point name), with why."""

    replaces_installed: bool = False
    """Whether registrations made now replace installed plugins' names (set
    while loading a plugin file)."""

    # -- registration ---------------------------------------------------------

    def _add(
        self, kind: str, table: dict[str, Any], name: str, factory: Any, replace: bool
    ) -> None:
        if not isinstance(name, str) or not name:
            raise PluginError(f"{self.origin}: a {kind} needs a non-empty string name")
        if not callable(factory):
            raise PluginError(
                f"{self.origin}: the {kind} '{name}' must be given as a factory "
                f"(a callable), not {factory!r}"
            )
        previous = self.origins.get((kind, name), "?")
        if self.replaces_installed and previous.startswith(INSTALLED_PLUGIN):
            replace = True
        if name in table and not replace:
            raise PluginError(
                f"{self.origin}: the {kind} '{name}' is already registered by "
                f"{previous}; pass replace=True to replace it on purpose"
            )
        table[name] = factory
        self.origins[(kind, name)] = self.origin

    def register_dialect(
        self,
        dialect: Dialect | str,
        factory: DialectFactory | None = None,
        *,
        replace: bool = False,
    ) -> None:
        """Register a dialect: ``register_dialect(MyDialect)`` or, lazily,
        ``register_dialect("my", lambda: MyDialect)``."""
        if isinstance(dialect, Dialect):
            value = dialect
            self._add("dialect", self.dialects, dialect.name, lambda: value, replace)
        else:
            self._add("dialect", self.dialects, dialect, factory, replace)

    def register_pass(
        self,
        pass_: type[ModulePass] | str,
        factory: PassFactory | None = None,
        *,
        replace: bool = False,
    ) -> None:
        """Register a pass: ``register_pass(MyPass)`` (named by ``MyPass.name``) or,
        lazily, ``register_pass("my-pass", lambda: MyPass)``."""
        if isinstance(pass_, type):
            if not issubclass(pass_, ModulePass):
                raise PluginError(f"{self.origin}: {pass_!r} is not a ModulePass")
            cls = pass_
            self._add("pass", self.passes, getattr(cls, "name", ""), lambda: cls, replace)
        else:
            self._add("pass", self.passes, pass_, factory, replace)

    def register_target(self, name: str, factory: TargetFactory, *, replace: bool = False) -> None:
        """Register an output target (``myia-opt -t NAME``)."""
        self._add("target", self.targets, name, factory, replace)

    def update(
        self,
        dialects: Mapping[str, DialectFactory] | Iterable[Dialect] = (),
        passes: Mapping[str, PassFactory] | Iterable[type[ModulePass]] = (),
        *,
        replace: bool = False,
    ) -> None:
        """Register many dialects and passes, as mappings of factories or as lists."""
        if isinstance(dialects, Mapping):
            for name, factory in dialects.items():
                self.register_dialect(name, factory, replace=replace)
        else:
            for dialect in dialects:
                self.register_dialect(dialect, replace=replace)
        if isinstance(passes, Mapping):
            for name, factory in passes.items():
                self.register_pass(name, factory, replace=replace)
        else:
            for pass_cls in passes:
                self.register_pass(pass_cls, replace=replace)

    # -- plugins --------------------------------------------------------------

    def apply_plugin(self, plugin: Any, origin: str) -> None:
        """Let ``plugin`` register what it provides (see the module docstring)."""
        saved, self.origin = self.origin, origin
        try:
            register = getattr(plugin, "register", None)
            if callable(register):
                register(self)
            elif callable(plugin) and not isinstance(plugin, type):
                plugin(self)
            elif hasattr(plugin, "dialects") or hasattr(plugin, "passes"):
                self.update(getattr(plugin, "dialects", ()), getattr(plugin, "passes", ()))
            elif isinstance(plugin, types.ModuleType) and any(_defined_in(plugin)):
                self.update(*_defined_in(plugin))
            else:
                raise PluginError(
                    f"{origin} provides no register(registry) function, no "
                    "'dialects'/'passes', and defines no pass (a ModulePass subclass with a name)"
                )
        except MyiaError:
            raise
        except Exception as exc:  # a bug in the plugin: report it as the plugin's
            raise _plugin_failure(origin, exc) from exc
        finally:
            self.origin = saved

    def load_entry_points(self, group: str = PLUGIN_GROUP) -> None:
        """Load every plugin installed under the entry point ``group``; one that
        fails registers nothing and goes to :attr:`broken`."""
        for ep in sorted(entry_points(group=group), key=lambda e: e.name):
            saved = self.copy()
            try:
                self.load_entry_point(ep)
            except PluginError as exc:
                self.dialects, self.passes, self.targets = (
                    saved.dialects,
                    saved.passes,
                    saved.targets,
                )
                self.origins = saved.origins
                self.broken[ep.name] = exc

    def load_entry_point(self, ep: EntryPoint) -> None:
        origin = f"plugin '{ep.name}' ({ep.value})"
        try:
            plugin = ep.load()
        except Exception as exc:
            raise _plugin_failure(origin, exc) from exc
        self.apply_plugin(plugin, origin)

    def load_plugin_file(self, path: str | Path) -> None:
        """Import a Python file (``myia-opt --load-pass-plugin FILE.py``) and apply
        it. Its directory is first on ``sys.path`` while it loads, so that it can
        import its sibling modules; what it registers replaces what installed
        plugins registered under the same names (not xDSL's or myia's)."""
        path = Path(path)
        if not path.is_file():
            raise PluginError(f"cannot load the pass plugin {path}: no such file")
        name = f"_myia_plugin_{path.stem}_{abs(hash(str(path.resolve())))}"
        directory = str(path.resolve().parent)
        sys.path.insert(0, directory)
        saved = self.replaces_installed
        try:
            try:
                module = import_file(name, path)
            except Exception as exc:
                raise _plugin_failure(f"pass plugin {path}", exc) from exc
            if module is None:
                raise PluginError(f"cannot load the pass plugin {path}: not a Python file")
            self.replaces_installed = True
            self.apply_plugin(module, f"pass plugin {path}")
        finally:
            self.replaces_installed = saved
            sys.path.remove(directory)

    # -- use ------------------------------------------------------------------

    def populate(self, ctx: Context) -> Context:
        """Register (without loading) every dialect of this registry in ``ctx``."""
        known = set(ctx.registered_dialect_names)
        for name, factory in self.dialects.items():
            if name not in known:
                ctx.register_dialect(name, factory)
        return ctx

    def make_context(self, *, allow_unregistered: bool = False) -> Context:
        ctx = Context(allow_unregistered=allow_unregistered)
        return self.populate(ctx)

    def get_pass(self, name: str) -> type[ModulePass]:
        if name not in self.passes:
            raise KeyError(name)
        return self.passes[name]()

    def describe_passes(self) -> list[tuple[str, str]]:
        """``(name, one-line description)`` of every pass, sorted by name.

        Describing imports each pass's module; only ``--list-passes`` does this.
        """
        rows = []
        for name in sorted(self.passes):
            try:
                description = _first_doc_line(self.passes[name]())
            except Exception:  # a broken third-party pass must not break the listing
                description = "(cannot be imported)"
            rows.append((name, description))
        return rows

    def missing_pass_note(self) -> str:
        """Why a pass may be missing: the installed plugins that failed to load."""
        if not self.broken:
            return ""
        names = ", ".join(f"'{name}'" for name in sorted(self.broken))
        return f"; the plugin{'s' if len(self.broken) > 1 else ''} {names} failed to load (see --list-passes)"

    def copy(self) -> Registry:
        return Registry(
            dict(self.dialects),
            dict(self.passes),
            dict(self.targets),
            dict(self.origins),
            broken=dict(self.broken),
        )


def _defined_in(module: types.ModuleType) -> tuple[list[Dialect], list[type[ModulePass]]]:
    """The dialects (of ops it defines) and the named passes a module defines,
    for a plugin file without ``register``."""
    dialects: list[Dialect] = []
    passes: list[type[ModulePass]] = []
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, ModulePass)
            and value.__module__ == module.__name__
            and isinstance(value.__dict__.get("name"), str)
        ):
            passes.append(value)
        elif isinstance(value, Dialect) and any(
            op.__module__ == module.__name__ for op in value.operations
        ):
            dialects.append(value)
    return dialects, passes


def exception_location(exc: BaseException) -> SourceLocation | None:
    """The user's line an exception comes from: a SyntaxError's own location, or
    the innermost traceback frame outside myia, xDSL and importlib."""
    if isinstance(exc, SyntaxError) and exc.filename and exc.lineno:
        return SourceLocation(exc.filename, exc.lineno, max((exc.offset or 1) - 1, 0))
    frames = [
        tb
        for tb in _walk_tb(exc.__traceback__)
        if not _is_library_file(tb.tb_frame.f_code.co_filename)
    ]
    if frames:
        tb = frames[-1]
        return SourceLocation(tb.tb_frame.f_code.co_filename, tb.tb_lineno)
    return None


def _plugin_failure(origin: str, exc: BaseException) -> PluginError:
    """A one-paragraph error for an exception raised while loading a plugin,
    located at the plugin's own line."""
    message = f"{origin} failed to load: {type(exc).__name__}: {exc}"
    return PluginError(message, exception_location(exc))


def _walk_tb(tb: types.TracebackType | None) -> list[types.TracebackType]:
    out = []
    while tb is not None:
        out.append(tb)
        tb = tb.tb_next
    return out


def _library_dirs() -> tuple[str, ...]:
    dirs = [Path(xdsl.__file__).resolve().parent, Path(importlib.__file__).resolve().parent]
    # myia's subpackages live in top-level folders (pyproject.toml's package-dir):
    # found without importing them.
    for package in ("myia", "myia.dialects", "myia.frontend", "myia.passes"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin is not None:
            dirs.append(Path(spec.origin).resolve().parent)
    return tuple(str(d) + "/" for d in dirs)


def _is_library_file(filename: str) -> bool:
    """Whether a traceback frame is ours or xDSL's rather than the plugin's."""
    return filename.startswith(("<", *_library_dirs()))


def upstream_registry() -> Registry:
    """Every dialect, pass and target of xDSL's multiverse."""
    registry = Registry(origin="xdsl")
    multiverse = Universe.get_multiverse()
    registry.update(multiverse.all_dialects, multiverse.all_passes)
    for name, factory in multiverse.all_targets.items():
        registry.register_target(name, factory)
    registry.origin = "myia"
    return registry


MYIA_REGISTRATIONS = (
    "myia.passes:register_passes",
    "myia.lowering:register",
    "myia.runtime:register",
)
"""Where myia's packages register their passes, pipelines and targets, in this
order (a later one may replace a name an earlier one registered). They sit above
this module (the base layer), so they are named, as entry points name plugins,
and imported when myia is registered (each registers factories: a pass's module
is imported when the pass is used)."""


def _myia_dialect() -> Dialect:
    """myia's dialect, with the primitives that plugins declared (``@primitive``)
    after it was made, so that textual IR can use them."""
    base: Dialect = importlib.import_module("myia.dialects").Myia
    primitives = importlib.import_module("myia.dialects.primitive").PRIMITIVES
    known = set(base.operations)
    extra = [p.op for p in primitives.values() if p.op not in known]
    if not extra:
        return base
    return Dialect("myia", [*base.operations, *extra], list(base.attributes))


def register_myia(registry: Registry) -> None:
    """Register myia's own dialect, passes, pipelines and targets."""
    saved, registry.origin = registry.origin, "myia"
    try:
        registry.register_dialect("myia", _myia_dialect)
        for target in MYIA_REGISTRATIONS:
            module, function = target.split(":")
            getattr(importlib.import_module(module), function)(registry)
    finally:
        registry.origin = saved


_DEFAULT: Registry | None = None


def default_registry(*, plugins: bool = True) -> Registry:
    """xDSL's multiverse, myia, and (if ``plugins`` and ``MYIA_NO_PLUGINS`` is
    not set) the installed plugins (those that fail to load in ``broken``).

    The registry with plugins is built once per process; callers that want to
    add to it (``--load-pass-plugin``) should work on a :meth:`Registry.copy`.
    """
    global _DEFAULT
    if os.environ.get(NO_PLUGINS_VARIABLE, "") not in ("", "0"):
        plugins = False
    if not plugins:
        registry = upstream_registry()
        register_myia(registry)
        return registry
    if _DEFAULT is None:
        registry = upstream_registry()
        register_myia(registry)
        registry.load_entry_points()
        _DEFAULT = registry
    return _DEFAULT


def reset_default_registry() -> None:
    """Forget the cached default registry (tests that install fake plugins)."""
    global _DEFAULT
    _DEFAULT = None
