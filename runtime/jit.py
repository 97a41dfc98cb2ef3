"""The native JIT: LLVM IR text -> machine code in this process (llvmlite MCJIT).

One :class:`JIT` per process (:func:`get_jit`). The runtime
(:mod:`.native_runtime`) and the permanent modules (the array runtime) live in
one engine for the life of the process; every other module gets an engine of
its own, freed with its :class:`CompiledModule` (see :class:`JIT`).

Compiling (:meth:`JIT.compile_ir`) parses the IR, renames its exported
definitions to ``<name>.<hash>`` (modules share one symbol space; the hash is
that of the IR, so the same IR gets the same names), runs LLVM's new pass
manager pipeline at ``O3`` (without its loop unroller: :func:`optimize`) for the
host CPU and its features, emits an object file and loads it. :meth:`CompiledModule.address` gives a symbol's address by
its original name.

Disk cache: when ``MYIA_CACHE_DIR`` is set (or ``cache_dir`` is given), the
object file is stored under a key hashing the IR text, the CPU name and
features, the versions of myia, llvmlite and LLVM and the optimization level;
another process compiling the same IR loads it without parsing, optimizing or
generating code, once :mod:`.disk_cache` has verified its checksums.

libm: lowered code calls libm functions by name (``tanh``, ``erf``, ``lgamma``...);
the JIT loads ``libm`` permanently so that they resolve even if the Python
executable was not linked with it, and ``libgcc_s`` for the helpers LLVM's code
generator calls (``__powidf2``, f16 conversions, i128 division). An object file
that still references a symbol nobody defines is rejected (:class:`JITLinkError`)
rather than loaded: MCJIT would resolve it to address 0 and crash on the call.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import hashlib
import importlib.metadata
import os
import threading
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import llvmlite
import llvmlite.binding as llvm

from myia.lowering.llvm.runtime_decls import LIBM_ALIAS_PREFIX, LIBM_FUNCTIONS

from .disk_cache import DiskCache
from .elf import STB_GLOBAL, elf_symbols
from .native_runtime import RUNTIME_FUNCTIONS, RUNTIME_GLOBALS, RUNTIME_IR
from .perf_map import perf_map_enabled, write_perf_map

ABI_VERSION = "1"
"""Part of the cache key: bump when the runtime interface changes."""

_INIT_LOCK = threading.Lock()
_INITIALIZED = False


@functools.cache
def _myia_version() -> str:
    try:
        return importlib.metadata.version("myia")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def initialize_llvm() -> None:
    """Initialize LLVM's native target once (``llvm.initialize()`` raises in
    llvmlite 0.50) and load libm."""
    global _INITIALIZED
    with _INIT_LOCK:
        if _INITIALIZED:
            return
        llvm.initialize_native_target()
        llvm.initialize_native_asmprinter()
        libm_path = ctypes.util.find_library("m")
        if libm_path:
            llvm.load_library_permanently(libm_path)
            _bind_libm_aliases(ctypes.CDLL(libm_path))
        # The runtime's poll (myia_poll) runs Python's signal handlers.
        llvm.add_symbol(
            "PyErr_CheckSignals",
            ctypes.cast(ctypes.pythonapi.PyErr_CheckSignals, ctypes.c_void_p).value,
        )
        # LLVM's code calls compiler-rt/libgcc helpers: __powidf2 (llvm.powi),
        # __extendhfsf2 (f16), __multi3 (i128)...
        libgcc = ctypes.util.find_library("gcc_s")
        if libgcc:
            llvm.load_library_permanently(libgcc)
        _INITIALIZED = True


def _bind_libm_aliases(libm: ctypes.CDLL) -> None:
    """Make ``__myia_libm_<name>`` resolve to libm's ``<name>`` (and ``<name>f``)."""
    for base in LIBM_FUNCTIONS:
        for name in (base, base + "f"):
            try:
                address = ctypes.cast(getattr(libm, name), ctypes.c_void_p).value
            except AttributeError:
                continue
            llvm.add_symbol(LIBM_ALIAS_PREFIX + name, address)


@functools.cache
def _host_features() -> str:
    """The host CPU's features (cached: LLVM is slow to list them)."""
    return llvm.get_host_cpu_features().flatten()


def host_target_machine(opt: int = 3) -> llvm.TargetMachine:
    """A target machine for the host CPU, with all its features."""
    initialize_llvm()
    target = llvm.Target.from_default_triple()
    return target.create_target_machine(
        cpu=llvm.get_host_cpu_name(), features=_host_features(), opt=opt, jit=True
    )


PIPELINE = "O<level>, loop unroller off"
"""Part of the cache key: what :func:`optimize` runs."""


def optimize(module: llvm.ModuleRef, tm: llvm.TargetMachine, level: int = 3) -> None:
    """Run LLVM's default ``O<level>`` module pipeline (new pass manager).

    Without its loop unroller: our loops are already shaped (fused kernels, BLAS
    for the GEMMs), and the vectorizer's own interleaving keeps the several
    accumulators reductions need. Unrolling the vectorized loops multiplied the
    code by 6 (an MLP training step: 1,000 -> 10,000 instructions) and doubled
    optimization plus code generation, with no run-time gain on the array and
    scalar benchmarks.
    """
    pto = llvm.create_pipeline_tuning_options(speed_level=level)
    pto.loop_unrolling = False
    pb = llvm.create_pass_builder(tm, pto)
    pb.getModulePassManager().run(module, pb)


def _optimized(text: str, level: int) -> tuple[llvm.ModuleRef, llvm.TargetMachine]:
    tm = host_target_machine(level)
    module = llvm.parse_assembly(text)
    module.verify()
    module.triple = tm.triple
    module.data_layout = str(tm.target_data)
    if level > 0:
        optimize(module, tm, level)
    return module, tm


def optimize_ir(text: str, level: int = 3) -> str:
    """The optimized LLVM IR of ``text`` (for ``myia-opt -t llvm{opt=3}``)."""
    return str(_optimized(text, level)[0])


def assembly(text: str, level: int = 3) -> str:
    """The host's assembly for the LLVM IR ``text``, optimized at ``level``
    as the JIT does."""
    module, tm = _optimized(text, level)
    return tm.emit_assembly(module)


class JITLinkError(RuntimeError):
    """Compiled code references symbols that neither the process nor the JIT defines."""


def undefined_symbols(obj: bytes) -> list[str]:
    """The undefined global (non-weak) symbols of an object file."""
    return [s.name for s in elf_symbols(obj) if s.section == 0 and s.binding == STB_GLOBAL]


@dataclass(eq=False)
class CompiledModule:
    """A loaded module: its exported symbols by original name, and the engine
    holding its code (freed with this object, unless the module is permanent)."""

    key: str
    symbols: dict[str, str]
    """Original name -> name in the engine."""
    engine: llvm.ExecutionEngine
    from_cache: bool = False
    compile_seconds: float = 0.0
    addresses: dict[str, int] = field(default_factory=dict)

    def address(self, name: str) -> int:
        """The address of the exported function or global ``name``."""
        addr = self.addresses.get(name)
        if addr is None:
            try:
                mangled = self.symbols[name]
            except KeyError:
                raise KeyError(f"no exported symbol '{name}' in this module") from None
            addr = self.engine.get_function_address(mangled)
            if not addr:
                addr = self.engine.get_global_value_address(mangled)
            if not addr:
                raise KeyError(f"symbol '{name}' ({mangled}) was not found in the engine")
            self.addresses[name] = addr
        return addr


@dataclass
class JITStats:
    compiled: int = 0
    cache_hits: int = 0
    memory_hits: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, phase: str, seconds: float) -> None:
        self.seconds[phase] = self.seconds.get(phase, 0.0) + seconds


class _SharedEngine:
    """The process's runtime (:mod:`.native_runtime`) and permanent modules, in
    one engine that lives as long as the process. The runtime's symbols are
    registered process-wide (``llvm.add_symbol``), so that the engine of every
    module resolves them to this one copy of the runtime's state."""

    def __init__(self, jit: JIT):
        self.engine = _new_engine(jit.opt)
        obj = _cached_or_compiled(jit, "runtime\0" + RUNTIME_IR, RUNTIME_IR, rename=False)[0]
        _load(self.engine, obj)
        for name in RUNTIME_FUNCTIONS:
            llvm.add_symbol(name, self.engine.get_function_address(name))
        for name in RUNTIME_GLOBALS:
            llvm.add_symbol(name, self.engine.get_global_value_address(name))
        self.modules: dict[str, CompiledModule] = {}
        running, request = (
            ctypes.c_int32.from_address(self.engine.get_global_value_address(name))
            for name in ("myia_watchdog_running", "myia_poll_request")
        )

        def after_fork_in_child() -> None:
            # The watchdog thread did not survive the fork: the next poll
            # starts one in this process.
            running.value = 0
            request.value = 1

        os.register_at_fork(after_in_child=after_fork_in_child)


_SHARED: _SharedEngine | None = None


def _new_engine(opt: int) -> llvm.ExecutionEngine:
    """An MCJIT engine without modules (the empty module it is created with is
    taken out, or it would be compiled, at a cost, when the engine first
    finalizes)."""
    empty = llvm.parse_assembly("")
    engine = llvm.create_mcjit_compiler(empty, host_target_machine(opt))
    engine.remove_module(empty)
    return engine


def _load(engine: llvm.ExecutionEngine, obj: bytes) -> None:
    engine.add_object_file(llvm.ObjectFileRef.from_data(obj))
    engine.finalize_object()
    if perf_map_enabled():
        write_perf_map(engine, obj)


def _cached_or_compiled(
    jit: JIT, key_text: str, text: str, rename: bool = True
) -> tuple[bytes, dict[str, str], bool]:
    """The object code of ``text``: from the disk cache, or compiled (and
    stored there); whether it came from the cache."""
    key = jit.cache_key(key_text)
    cached = jit._read_cache(key)
    if cached is not None:
        return cached[0], cached[1], True
    obj, symbols = jit._codegen(text, key, rename=rename)
    jit._write_cache(key, obj, symbols)
    return obj, symbols, False


class JIT:
    """Compiles LLVM IR to machine code in this process.

    Each module gets an MCJIT engine of its own, freed when nothing refers to
    its :class:`CompiledModule` any more (a ``JitFunction`` and its
    specializations hold theirs): MCJIT cannot unload one object file from an
    engine, so an engine per module is how code gets freed. Permanent modules
    (:meth:`compile_ir` with ``permanent=True``: the array runtime, whose
    symbols other modules link against) share the runtime's engine and are
    never freed.
    """

    def __init__(self, opt: int = 3, cache_dir: str | os.PathLike[str] | None = None):
        global _SHARED
        initialize_llvm()
        self.opt = opt
        self.cpu = llvm.get_host_cpu_name()
        self.features = _host_features()
        self.tm = host_target_machine(opt)
        self.data_layout = str(self.tm.target_data)
        self.triple = self.tm.triple
        if cache_dir is None:
            cache_dir = os.environ.get("MYIA_CACHE_DIR") or None
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.cache = DiskCache(self.cache_dir, self.versions()) if self.cache_dir else None
        self.stats = JITStats()
        self._modules: weakref.WeakValueDictionary[str, CompiledModule] = (
            weakref.WeakValueDictionary()
        )
        self._lock = threading.RLock()
        with _JIT_LOCK:
            if _SHARED is None:
                _SHARED = _SharedEngine(self)
        self._shared = _SHARED
        self.engine = _SHARED.engine
        """The engine of the runtime and of the permanent modules."""

    @property
    def live_modules(self) -> int:
        """How many modules compiled by this JIT are still loaded (each in its
        own engine); permanent ones are not counted."""
        return len(self._modules)

    # -- the runtime ----------------------------------------------------------

    def runtime_function(self, name: str) -> int:
        """The address of a runtime function (``myia_arena_reset``...)."""
        return self.engine.get_function_address(name)

    def runtime_global(self, name: str) -> int:
        """The address of a runtime global (``myia_stack_limit``...)."""
        return self.engine.get_global_value_address(name)

    # -- compiling --------------------------------------------------------------

    @staticmethod
    def versions() -> dict[str, str]:
        """What an entry of the disk cache must have been made with."""
        return {
            "myia": _myia_version(),
            "abi": ABI_VERSION,
            "llvmlite": llvmlite.__version__,
            "llvm": ".".join(map(str, llvm.llvm_version_info)),
        }

    def cache_key(self, text: str) -> str:
        h = hashlib.sha256()
        for part in (
            *self.versions().values(),
            self.triple,
            self.cpu,
            self.features,
            str(self.opt),
            PIPELINE,
            text,
        ):
            h.update(part.encode())
            h.update(b"\0")
        return h.hexdigest()

    def compile_ir(self, text: str, *, permanent: bool = False) -> CompiledModule:
        """Compile LLVM IR text (or fetch it from the memory or disk cache).

        The code lives as long as the returned module, unless ``permanent``:
        then for the life of the process, and other modules may link against
        its symbols once they are registered (``llvm.add_symbol``)."""
        start = time.perf_counter()
        key = self.cache_key(text)
        known_modules = self._shared.modules if permanent else self._modules
        with self._lock:
            known = known_modules.get(key)
            if known is not None:
                self.stats.memory_hits += 1
                return known
            obj, symbols, from_cache = _cached_or_compiled(self, text, text)
            self._check_symbols(obj)
            engine = self.engine if permanent else _new_engine(self.opt)
            t0 = time.perf_counter()
            _load(engine, obj)
            self.stats.add("load", time.perf_counter() - t0)
            if from_cache:
                self.stats.cache_hits += 1
            else:
                self.stats.compiled += 1
            compiled = CompiledModule(key, symbols, engine, from_cache)
            compiled.compile_seconds = time.perf_counter() - start
            known_modules[key] = compiled
            return compiled

    def _codegen(self, text: str, key: str, rename: bool = True) -> tuple[bytes, dict[str, str]]:
        t0 = time.perf_counter()
        module = llvm.parse_assembly(text)
        module.triple = self.triple
        module.data_layout = self.data_layout
        module.verify()
        t1 = time.perf_counter()
        suffix = key[:16]
        symbols: dict[str, str] = {}
        for fn in module.functions if rename else ():
            if not fn.is_declaration and fn.linkage == llvm.Linkage.external:
                original = fn.name
                fn.name = f"{original}.{suffix}"
                symbols[original] = fn.name
        for gv in module.global_variables if rename else ():
            if not gv.is_declaration and gv.linkage == llvm.Linkage.external:
                original = gv.name
                gv.name = f"{original}.{suffix}"
                symbols[original] = gv.name
        if self.opt > 0:
            optimize(module, self.tm, self.opt)
        t2 = time.perf_counter()
        obj = self.tm.emit_object(module)
        t3 = time.perf_counter()
        self.stats.add("parse", t1 - t0)
        self.stats.add("optimize", t2 - t1)
        self.stats.add("codegen", t3 - t2)
        return obj, symbols

    def _check_symbols(self, obj: bytes) -> None:
        missing = [
            name
            for name in undefined_symbols(obj)
            if not llvm.address_of_symbol(name) and not self.engine.get_global_value_address(name)
        ]
        if missing:
            raise JITLinkError(
                "compiled code uses undefined symbols: " + ", ".join(sorted(missing))
            )

    # -- the disk cache ---------------------------------------------------------

    def _read_cache(self, key: str) -> tuple[bytes, dict[str, str]] | None:
        if self.cache is None:
            return None
        entry = self.cache.read(key)
        return None if entry is None else (entry.obj, entry.symbols)

    def _write_cache(self, key: str, obj: bytes, symbols: dict[str, str]) -> None:
        if self.cache is not None:
            self.cache.write(key, obj, symbols)


_JIT: JIT | None = None
_JIT_LOCK = threading.RLock()


def get_jit() -> JIT:
    """The process's JIT (created on first use)."""
    global _JIT
    if _JIT is None:
        with _JIT_LOCK:
            if _JIT is None:
                _JIT = JIT()
    return _JIT


__all__ = [
    "JIT",
    "CompiledModule",
    "JITLinkError",
    "get_jit",
    "host_target_machine",
    "initialize_llvm",
    "optimize",
    "optimize_ir",
]
