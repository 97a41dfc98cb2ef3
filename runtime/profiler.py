"""The sampler of ``myia.profile``: a native thread that, every ``interval``,
reads the site that profiled code stored last in ``@myia_profile_site``
(``lowering/profile_lines.py``) and counts it.

The thread is native because compiled code runs holding the GIL (its calls go
through ``ctypes.PYFUNCTYPE``: the runtime's state is serialized by it), so no
Python thread runs while it does. The sampler is a small module of LLVM IR,
compiled once per process as a permanent module, whose ``@myia_profile_site``
every profiled module links to. The thread blocks every signal (they stay for
Python's main thread), as the runtime's watchdog does.
"""

from __future__ import annotations

import ctypes
import time
from typing import Any

import llvmlite.binding as llvm

from myia.lowering.profile_lines import PROFILE_SITE
from myia.runtime.jit import get_jit

SAMPLER_IR = r"""
@myia_profile_site = global i32 0, align 4
@myia_profile_stop = global i32 0, align 4
@myia_profile_counts = global ptr null, align 8
@myia_profile_nsites = global i32 0, align 4
@myia_profile_interval = global i64 500000, align 8
@myia_profile_thread = global i64 0, align 8

declare i32 @nanosleep(ptr, ptr) nounwind
declare i32 @pthread_create(ptr, ptr, ptr, ptr) nounwind
declare i32 @pthread_join(i64, ptr) nounwind
declare i32 @pthread_sigmask(i32, ptr, ptr) nounwind
declare i32 @sigfillset(ptr) nounwind

define ptr @myia_profile_loop(ptr %unused) nounwind {
entry:
  %ts = alloca { i64, i64 }, align 8
  %ns_p = getelementptr { i64, i64 }, ptr %ts, i32 0, i32 1
  br label %sleep
sleep:
  store i64 0, ptr %ts
  %interval = load i64, ptr @myia_profile_interval
  store i64 %interval, ptr %ns_p
  %r = call i32 @nanosleep(ptr %ts, ptr null)
  %stop = load atomic i32, ptr @myia_profile_stop acquire, align 4
  %stopping = icmp ne i32 %stop, 0
  br i1 %stopping, label %exit, label %sample
sample:
  %site = load atomic i32, ptr @myia_profile_site monotonic, align 4
  %n = load i32, ptr @myia_profile_nsites
  %known = icmp ult i32 %site, %n
  %index = select i1 %known, i32 %site, i32 0
  %counts = load ptr, ptr @myia_profile_counts
  %slot = getelementptr i64, ptr %counts, i32 %index
  %count = load i64, ptr %slot
  %count1 = add i64 %count, 1
  store i64 %count1, ptr %slot
  br label %sleep
exit:
  ret ptr null
}

define i32 @myia_profile_start(ptr %counts, i32 %n, i64 %interval_ns) nounwind {
entry:
  %all = alloca [16 x i64], align 8
  %old = alloca [16 x i64], align 8
  store ptr %counts, ptr @myia_profile_counts
  store i32 %n, ptr @myia_profile_nsites
  store i64 %interval_ns, ptr @myia_profile_interval
  store atomic i32 0, ptr @myia_profile_stop seq_cst, align 4
  store atomic i32 0, ptr @myia_profile_site seq_cst, align 4
  %r0 = call i32 @sigfillset(ptr %all)
  %r1 = call i32 @pthread_sigmask(i32 0, ptr %all, ptr %old)
  %rc = call i32 @pthread_create(ptr @myia_profile_thread, ptr null, ptr @myia_profile_loop, ptr null)
  %r2 = call i32 @pthread_sigmask(i32 2, ptr %old, ptr null)
  ret i32 %rc
}

define void @myia_profile_finish() nounwind {
entry:
  store atomic i32 1, ptr @myia_profile_stop seq_cst, align 4
  %thread = load i64, ptr @myia_profile_thread
  %r = call i32 @pthread_join(i64 %thread, ptr null)
  store atomic i32 0, ptr @myia_profile_site seq_cst, align 4
  ret void
}
"""

_START = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_int32, ctypes.c_int64)
_FINISH = ctypes.CFUNCTYPE(None)
_SAMPLER: Any = None


def _sampler() -> Any:
    """The sampler module, compiled (once) and its site global made the one
    profiled modules link to."""
    global _SAMPLER
    if _SAMPLER is None:
        compiled = get_jit().compile_ir(SAMPLER_IR, permanent=True)
        llvm.add_symbol(PROFILE_SITE, compiled.address(PROFILE_SITE))
        _SAMPLER = compiled
    return _SAMPLER


def ensure_sampler() -> None:
    """Make ``@myia_profile_site`` known before a profiled module is loaded."""
    _sampler()


class Sampler:
    """Counts the sites of ``nsites`` while in a ``with`` block: ``counts[s]``
    samples at site ``s`` (0: outside profiled code); ``seconds`` the time."""

    def __init__(self, nsites: int, interval: float):
        self.counts = (ctypes.c_int64 * (nsites + 1))()
        self.nsites = nsites
        self.interval_ns = max(int(interval * 1e9), 1000)
        self.seconds = 0.0

    def __enter__(self) -> Sampler:
        compiled = _sampler()
        start = _START(compiled.address("myia_profile_start"))
        if start(ctypes.addressof(self.counts), self.nsites + 1, self.interval_ns) != 0:
            raise OSError("myia.profile: could not start the sampling thread")
        self._finish = _FINISH(compiled.address("myia_profile_finish"))
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self._finish()
        self.seconds = time.perf_counter() - self._start

    @property
    def samples(self) -> int:
        return sum(self.counts)
