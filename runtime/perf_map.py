"""Naming JIT code for ``perf``: with ``MYIA_PERF_MAP=1``, every function the
JIT loads (compiled functions, their loops and continuations, outlined parallel
loops, the runtime) gets a line ``START SIZE myia:NAME`` in ``/tmp/perf-PID.map``,
where ``perf report`` looks for the symbols of JIT code. Without it, perf shows
``[JIT] tid ...`` addresses."""

from __future__ import annotations

import os
import re
import threading

import llvmlite.binding as llvm

from .elf import STB_GLOBAL, STT_FUNC, ElfSymbol, elf_symbols

ENV_VAR = "MYIA_PERF_MAP"

_RENAMED = re.compile(r"\.[0-9a-f]{16}$")
"""The suffix the JIT gives the exported symbols of a module (its IR's hash)."""

_LOCK = threading.Lock()


def perf_map_enabled() -> bool:
    return os.environ.get(ENV_VAR, "") not in ("", "0")


def perf_map_path() -> str:
    return f"/tmp/perf-{os.getpid()}.map"


def write_perf_map(engine: llvm.ExecutionEngine, obj: bytes) -> None:
    """Append the functions of ``obj``, just loaded into ``engine``, to the
    process's perf map. A function's address is its offset in its section plus
    where the engine put that section, found from a global function of it."""
    symbols = elf_symbols(obj)
    bases: dict[int, int] = {}
    for symbol in symbols:
        anchor = symbol.binding == STB_GLOBAL and symbol.kind == STT_FUNC
        if anchor and symbol.section and symbol.section not in bases:
            address = engine.get_function_address(symbol.name)
            if address:
                bases[symbol.section] = address - symbol.value
    lines = [
        f"{bases[s.section] + s.value:x} {s.size:x} myia:{_display_name(s)}\n"
        for s in symbols
        if s.kind == STT_FUNC and s.size and s.section in bases
    ]
    with _LOCK, open(perf_map_path(), "a") as out:
        out.writelines(lines)


def _display_name(symbol: ElfSymbol) -> str:
    return _RENAMED.sub("", symbol.name)
