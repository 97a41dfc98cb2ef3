"""myia's native runtime: the functions lowered code calls, in LLVM IR.

The JIT (:mod:`myia.runtime.jit`) compiles :data:`RUNTIME_IR` once per process;
every compiled module resolves these symbols against it.

Errors -- ``myia_raise(i32 code)`` longjmps to the ``jmp_buf`` that the entry
wrapper of the current call (:mod:`myia.runtime.abi`) set up with ``_setjmp``
and stored in ``@myia_jmpbuf``; the wrapper then returns ``code``. Outside a
call (no buffer) it aborts.

Stack -- ``myia_stack_enter()`` (called by every entry wrapper) sets
``@myia_stack_limit`` to the lowest address of the calling thread's stack
(``pthread_getattr_np``) plus ``@myia_stack_margin`` (256 KiB, at most a quarter
of the stack). The last thread's limit is kept, and 16 more in a small table
keyed by thread: ``pthread_getattr_np`` reads ``/proc/self/maps`` for the main
thread, which is slow. Recursive functions compare their
stack pointer with it on entry (``myia-stack-check``) and raise code 2 below it.
A thread that ends forgets its entry (``myia_stack_forget()``, called by the
threads :func:`myia.runtime.abi.call_with_stack` makes): a later thread may get
the same id with another stack (a mapping of another size ending at the same
address), and must not take the old limit.

Arena -- ``myia_alloc(i64 n)`` bump-allocates 16-byte aligned blocks from a list
of chunks obtained from ``malloc`` (1 MiB, or one chunk of the requested size),
and raises ``MemoryError`` (code 4) when that fails; ``myia_try_alloc`` returns
null instead (arrays: their lowering raises, located at the user's line).
A wrapper records the arena position on entry (``@myia_arena_chunk``,
``@myia_arena_cur``) and ``myia_arena_reset(chunk, cur)`` rewinds to it: at the
end of the call when no result points into the arena, else once Python has read
the results. Chunks are kept for the next calls (a chunk too small for a request
is replaced), so memory stays at the peak of one call.

Interrupts -- lowered code polls ``@myia_poll_request`` (an atomic load and a
branch) at the head of its loops whose trip count is not bounded by an array's
size (``myia-poll``); when it is set, it calls ``myia_poll()``, which clears it and calls Python's
``PyErr_CheckSignals()``: on the main thread, Python's signal handlers run there
(SIGINT's raises ``KeyboardInterrupt``); if one raises, ``myia_raise(INTERRUPT)``
leaves the call (arena rewound as for any error) and ``ctypes`` raises the
pending exception. A watchdog thread sets the request every
``POLL_INTERVAL_NS`` (10 ms) while compiled code polls, and lowers
``@myia_stack_limit`` past any stack: the stack check that recursive functions
make on entry then fails, and ``myia_stack_exhausted()`` restores the limit and
polls (recursion polls at no cost of its own; the check's plain load races with
that aligned 64-bit store, which x86-64 and AArch64 make atomic); after ``IDLE_TICKS``
ticks (1 s) without a poll it ends, leaving the request set, and the next poll
starts it again (``@myia_watchdog_running``, exchanged atomically). Nothing
happens on a call that does not poll, and there is no signal handler of ours
to be replaced by ``signal.signal``. On other threads ``PyErr_CheckSignals``
does nothing (Python handles signals on the main thread only).

All this state is process-global: calls are serialized by the GIL (the Python
side calls through ``ctypes.PYFUNCTYPE``, which keeps the GIL). MCJIT cannot
allocate thread-local storage, so the state is not per thread.

The code targets 64-bit Linux with glibc (``_setjmp``, ``pthread_getattr_np``).
"""

from __future__ import annotations

from myia.lowering.llvm.runtime_decls import ErrorCode

CHUNK_SIZE = 1 << 20
"""Default arena chunk size in bytes."""

STACK_MARGIN = 256 << 10
"""Default stack kept free below the limit for non-recursive calls, libm and
``myia_raise`` itself."""

POLL_INTERVAL_NS = 10_000_000
"""How often the watchdog asks running code to check for signals."""

IDLE_TICKS = 100
"""Ticks without a poll after which the watchdog thread ends."""

INTERRUPT = int(ErrorCode.INTERRUPT)
"""The error code of a call left because a Python signal handler raised."""

_RUNTIME_TEMPLATE = r"""
@myia_jmpbuf = global ptr null
@myia_stack_limit = global i64 0
@myia_stack_margin = global i64 STACK_MARGIN
@myia_stack_thread = global i64 0
@myia_stack_cache = global [32 x i64] zeroinitializer
@myia_stack_lookups = global i64 0
@myia_arena_first = global ptr null
@myia_arena_chunk = global ptr null
@myia_arena_cur = global ptr null
@myia_arena_end = global ptr null

declare void @longjmp(ptr, i32) noreturn nounwind
declare ptr @malloc(i64) nounwind
declare void @free(ptr) nounwind
declare void @abort() noreturn nounwind
declare i64 @pthread_self() nounwind
declare i32 @pthread_getattr_np(i64, ptr) nounwind
declare i32 @pthread_attr_getstack(ptr, ptr, ptr) nounwind
declare i32 @pthread_attr_destroy(ptr) nounwind
declare ptr @llvm.addressofreturnaddress.p0()

define void @myia_raise(i32 %code) noreturn cold noinline nounwind {
entry:
  %jb = load ptr, ptr @myia_jmpbuf
  %none = icmp eq ptr %jb, null
  br i1 %none, label %abort, label %jump
abort:
  call void @abort()
  unreachable
jump:
  call void @longjmp(ptr %jb, i32 %code)
  unreachable
}

define void @myia_stack_enter() nounwind {
entry:
  %self = call i64 @pthread_self()
  %last = load i64, ptr @myia_stack_thread
  %same = icmp eq i64 %self, %last
  br i1 %same, label %done, label %lookup
lookup:
  ; 16 (thread, limit) pairs, probed from a Fibonacci hash of the thread id; a
  ; new thread takes the first free pair (threads that alternate, each with its
  ; own pair, never evict each other), or the hashed one when all are taken.
  %h = mul i64 %self, -7046029254386353131
  %start = lshr i64 %h, 60
  br label %probe
probe:
  %i = phi i64 [ 0, %lookup ], [ %i1, %next ]
  %free_at = phi i64 [ -1, %lookup ], [ %free_at1, %next ]
  %shifted = add i64 %start, %i
  %slot = and i64 %shifted, 15
  %index = shl i64 %slot, 1
  %entry_p = getelementptr i64, ptr @myia_stack_cache, i64 %index
  %cached = load i64, ptr %entry_p
  %hit = icmp eq i64 %cached, %self
  br i1 %hit, label %use_cached, label %next
next:
  %empty = icmp eq i64 %cached, 0
  %none_yet = icmp slt i64 %free_at, 0
  %take = and i1 %empty, %none_yet
  %free_at1 = select i1 %take, i64 %slot, i64 %free_at
  %i1 = add i64 %i, 1
  %more = icmp ult i64 %i1, 16
  br i1 %more, label %probe, label %compute
use_cached:
  %limit_p = getelementptr i64, ptr %entry_p, i64 1
  %cached_limit = load i64, ptr %limit_p
  br label %store
compute:
  ; Counted, so that tests can see the cache work (pthread_getattr_np is slow).
  %lookups = load i64, ptr @myia_stack_lookups
  %lookups1 = add i64 %lookups, 1
  store i64 %lookups1, ptr @myia_stack_lookups
  %attr = alloca [32 x i64], align 16
  %addr = alloca ptr, align 8
  %size = alloca i64, align 8
  %rc = call i32 @pthread_getattr_np(i64 %self, ptr %attr)
  %ok = icmp eq i32 %rc, 0
  br i1 %ok, label %get, label %store_new
get:
  %rc2 = call i32 @pthread_attr_getstack(ptr %attr, ptr %addr, ptr %size)
  %rc3 = call i32 @pthread_attr_destroy(ptr %attr)
  %lo_p = load ptr, ptr %addr
  %lo = ptrtoint ptr %lo_p to i64
  %sz = load i64, ptr %size
  %margin = load i64, ptr @myia_stack_margin
  %quarter = lshr i64 %sz, 2
  %small = icmp ult i64 %quarter, %margin
  %m = select i1 %small, i64 %quarter, i64 %margin
  %computed = add i64 %lo, %m
  br label %store_new
store_new:
  ; An unknown stack (pthread_getattr_np failed) gets limit 0: no check.
  %new_limit = phi i64 [ 0, %compute ], [ %computed, %get ]
  %has_free = icmp sge i64 %free_at1, 0
  %victim = select i1 %has_free, i64 %free_at1, i64 %start
  %victim_index = shl i64 %victim, 1
  %victim_p = getelementptr i64, ptr @myia_stack_cache, i64 %victim_index
  store i64 %self, ptr %victim_p
  %victim_limit_p = getelementptr i64, ptr %victim_p, i64 1
  store i64 %new_limit, ptr %victim_limit_p
  br label %store
store:
  %limit = phi i64 [ %cached_limit, %use_cached ], [ %new_limit, %store_new ]
  store i64 %limit, ptr @myia_stack_limit
  store i64 %self, ptr @myia_stack_thread
  br label %done
done:
  ret void
}

define void @myia_stack_forget() nounwind {
entry:
  %self = call i64 @pthread_self()
  store i64 0, ptr @myia_stack_thread
  br label %probe
probe:
  %i = phi i64 [ 0, %entry ], [ %i1, %next ]
  %index = shl i64 %i, 1
  %entry_p = getelementptr i64, ptr @myia_stack_cache, i64 %index
  %cached = load i64, ptr %entry_p
  %hit = icmp eq i64 %cached, %self
  br i1 %hit, label %clear, label %next
clear:
  store i64 0, ptr %entry_p
  br label %next
next:
  %i1 = add i64 %i, 1
  %more = icmp ult i64 %i1, 16
  br i1 %more, label %probe, label %done
done:
  ret void
}

define void @myia_check_stack() {
entry:
  %sp_p = call ptr @llvm.addressofreturnaddress.p0()
  %sp = ptrtoint ptr %sp_p to i64
  %limit = load i64, ptr @myia_stack_limit
  %low = icmp ult i64 %sp, %limit
  br i1 %low, label %check, label %ok
check:
  %exhausted = call i1 @myia_stack_exhausted()
  br i1 %exhausted, label %fail, label %ok
fail:
  call void @myia_raise(i32 2)
  unreachable
ok:
  ret void
}

; A stack check failed: the stack is exhausted, or the watchdog lowered the
; limit past any stack to ask for a poll (recursive functions poll this way, at
; no cost on their entry). Restore the limit, poll if asked, and answer.
define i1 @myia_stack_exhausted() cold noinline {
entry:
  store i64 0, ptr @myia_stack_thread
  call void @myia_stack_enter()
  %request = load atomic i32, ptr @myia_poll_request monotonic, align 4
  %asked = icmp ne i32 %request, 0
  br i1 %asked, label %poll, label %check
poll:
  call void @myia_poll()
  br label %check
check:
  %sp_p = call ptr @llvm.addressofreturnaddress.p0()
  %sp = ptrtoint ptr %sp_p to i64
  %limit = load i64, ptr @myia_stack_limit
  %low = icmp ult i64 %sp, %limit
  ret i1 %low
}

define i64 @myia_stack_pointer() nounwind noinline {
entry:
  %sp_p = call ptr @llvm.addressofreturnaddress.p0()
  %sp = ptrtoint ptr %sp_p to i64
  ret i64 %sp
}

define ptr @myia_alloc(i64 %n) nounwind {
entry:
  %n15 = add i64 %n, 15
  %sz0 = and i64 %n15, -16
  %isz = icmp eq i64 %sz0, 0
  %sz = select i1 %isz, i64 16, i64 %sz0
  %cur = load ptr, ptr @myia_arena_cur
  %end = load ptr, ptr @myia_arena_end
  %curi = ptrtoint ptr %cur to i64
  %endi = ptrtoint ptr %end to i64
  %room = sub i64 %endi, %curi
  %fits = icmp ule i64 %sz, %room
  br i1 %fits, label %fast, label %slow
fast:
  %next = getelementptr i8, ptr %cur, i64 %sz
  store ptr %next, ptr @myia_arena_cur
  ret ptr %cur
slow:
  %p = call ptr @myia_arena_slow(i64 %n, i64 %sz)
  %failed = icmp eq ptr %p, null
  br i1 %failed, label %oom, label %ok
oom:
  call void @myia_raise(i32 4)
  unreachable
ok:
  ret ptr %p
}

; myia_alloc, but null when memory runs out (arrays: lowered code raises the
; MemoryError at the user's line).
define ptr @myia_try_alloc(i64 %n) nounwind {
entry:
  %n15 = add i64 %n, 15
  %sz0 = and i64 %n15, -16
  %isz = icmp eq i64 %sz0, 0
  %sz = select i1 %isz, i64 16, i64 %sz0
  %cur = load ptr, ptr @myia_arena_cur
  %end = load ptr, ptr @myia_arena_end
  %curi = ptrtoint ptr %cur to i64
  %endi = ptrtoint ptr %end to i64
  %room = sub i64 %endi, %curi
  %fits = icmp ule i64 %sz, %room
  br i1 %fits, label %fast, label %slow
fast:
  %next = getelementptr i8, ptr %cur, i64 %sz
  store ptr %next, ptr @myia_arena_cur
  ret ptr %cur
slow:
  %p = call ptr @myia_arena_slow(i64 %n, i64 %sz)
  ret ptr %p
}

; A new chunk for a request of %n bytes (%sz rounded up), or null if %n is
; too large (its rounding overflowed) or malloc fails.
define ptr @myia_arena_slow(i64 %n, i64 %sz) nounwind noinline {
entry:
  %toobig = icmp ult i64 %sz, %n
  br i1 %toobig, label %fail, label %grow
fail:
  ret ptr null
grow:
  %p = call ptr @myia_arena_grow(i64 %sz)
  ret ptr %p
}

; Chunk layout: { ptr next, i64 size (header included) }, data from offset 16.
define ptr @myia_arena_grow(i64 %sz) nounwind noinline {
entry:
  %chunk = load ptr, ptr @myia_arena_chunk
  %at_start = icmp eq ptr %chunk, null
  br i1 %at_start, label %from_first, label %from_next
from_first:
  %first = load ptr, ptr @myia_arena_first
  br label %candidate
from_next:
  %after = load ptr, ptr %chunk
  br label %candidate
candidate:
  %cand = phi ptr [ %first, %from_first ], [ %after, %from_next ]
  %none = icmp eq ptr %cand, null
  br i1 %none, label %new_chunk, label %check_size
check_size:
  %csize_p = getelementptr i8, ptr %cand, i64 8
  %csize = load i64, ptr %csize_p
  %cap = sub i64 %csize, 16
  %fits = icmp ule i64 %sz, %cap
  br i1 %fits, label %use_old, label %drop
drop:
  ; An unused chunk too small for this request: replace it by a bigger one.
  ; Unlinked first: if malloc then fails, the list must not hold it.
  %cand_next = load ptr, ptr %cand
  call void @free(ptr %cand)
  br i1 %at_start, label %unlink_first, label %unlink_after
unlink_first:
  store ptr %cand_next, ptr @myia_arena_first
  br label %new_chunk
unlink_after:
  store ptr %cand_next, ptr %chunk
  br label %new_chunk
new_chunk:
  %link_next = phi ptr [ null, %candidate ], [ %cand_next, %unlink_first ], [ %cand_next, %unlink_after ]
  %need = add i64 %sz, 16
  %big = icmp ugt i64 %need, CHUNK_SIZE
  %size = select i1 %big, i64 %need, i64 CHUNK_SIZE
  %mem = call ptr @malloc(i64 %size)
  %failed = icmp eq ptr %mem, null
  br i1 %failed, label %oom, label %link
oom:
  ret ptr null
link:
  store ptr %link_next, ptr %mem
  %msize_p = getelementptr i8, ptr %mem, i64 8
  store i64 %size, ptr %msize_p
  br i1 %at_start, label %link_first, label %link_after
link_first:
  store ptr %mem, ptr @myia_arena_first
  br label %use_new
link_after:
  store ptr %mem, ptr %chunk
  br label %use_new
use_new:
  br label %use
use_old:
  br label %use
use:
  %c = phi ptr [ %cand, %use_old ], [ %mem, %use_new ]
  %c_size_p = getelementptr i8, ptr %c, i64 8
  %c_size = load i64, ptr %c_size_p
  %data = getelementptr i8, ptr %c, i64 16
  %c_end = getelementptr i8, ptr %c, i64 %c_size
  %next = getelementptr i8, ptr %data, i64 %sz
  store ptr %c, ptr @myia_arena_chunk
  store ptr %next, ptr @myia_arena_cur
  store ptr %c_end, ptr @myia_arena_end
  ret ptr %data
}

define void @myia_arena_reset(ptr %chunk, ptr %cur) nounwind {
entry:
  store ptr %chunk, ptr @myia_arena_chunk
  store ptr %cur, ptr @myia_arena_cur
  %empty = icmp eq ptr %chunk, null
  br i1 %empty, label %no_chunk, label %set_end
no_chunk:
  store ptr null, ptr @myia_arena_end
  ret void
set_end:
  %size_p = getelementptr i8, ptr %chunk, i64 8
  %size = load i64, ptr %size_p
  %end = getelementptr i8, ptr %chunk, i64 %size
  store ptr %end, ptr @myia_arena_end
  ret void
}

; Bytes held by the arena's chunks.
define i64 @myia_arena_bytes() nounwind {
entry:
  %first = load ptr, ptr @myia_arena_first
  br label %loop
loop:
  %c = phi ptr [ %first, %entry ], [ %next, %body ]
  %total = phi i64 [ 0, %entry ], [ %total2, %body ]
  %done = icmp eq ptr %c, null
  br i1 %done, label %exit, label %body
body:
  %size_p = getelementptr i8, ptr %c, i64 8
  %size = load i64, ptr %size_p
  %total2 = add i64 %total, %size
  %next = load ptr, ptr %c
  br label %loop
exit:
  ret i64 %total
}

; Free every chunk (only between calls).
define void @myia_arena_free_all() nounwind {
entry:
  %first = load ptr, ptr @myia_arena_first
  br label %loop
loop:
  %c = phi ptr [ %first, %entry ], [ %next, %body ]
  %done = icmp eq ptr %c, null
  br i1 %done, label %exit, label %body
body:
  %next = load ptr, ptr %c
  call void @free(ptr %c)
  br label %loop
exit:
  store ptr null, ptr @myia_arena_first
  store ptr null, ptr @myia_arena_chunk
  store ptr null, ptr @myia_arena_cur
  store ptr null, ptr @myia_arena_end
  ret void
}
"""

_POLL_TEMPLATE = r"""
@myia_poll_request = global i32 1, align 4  ; set: the first poll starts the watchdog
@myia_watchdog_running = global i32 0, align 4

declare i32 @PyErr_CheckSignals()
declare i32 @nanosleep(ptr, ptr) nounwind
declare i32 @pthread_create(ptr, ptr, ptr, ptr) nounwind
declare i32 @pthread_detach(i64) nounwind
declare i32 @pthread_sigmask(i32, ptr, ptr) nounwind
declare i32 @sigfillset(ptr) nounwind

define void @myia_poll() cold noinline {
entry:
  store atomic i32 0, ptr @myia_poll_request seq_cst, align 4
  %was = atomicrmw xchg ptr @myia_watchdog_running, i32 1 seq_cst
  %stopped = icmp eq i32 %was, 0
  br i1 %stopped, label %start, label %check
start:
  call void @myia_watchdog_start()
  br label %check
check:
  %rc = call i32 @PyErr_CheckSignals()
  %raised = icmp ne i32 %rc, 0
  br i1 %raised, label %leave, label %done
leave:
  call void @myia_raise(i32 INTERRUPT)
  unreachable
done:
  ret void
}

; The watchdog thread, with every signal blocked (they stay for Python's thread).
define void @myia_watchdog_start() noinline nounwind {
entry:
  %all = alloca [16 x i64], align 8
  %old = alloca [16 x i64], align 8
  %tid = alloca i64, align 8
  %r0 = call i32 @sigfillset(ptr %all)
  %r1 = call i32 @pthread_sigmask(i32 0, ptr %all, ptr %old)
  %rc = call i32 @pthread_create(ptr %tid, ptr null, ptr @myia_watchdog, ptr null)
  %r2 = call i32 @pthread_sigmask(i32 2, ptr %old, ptr null)
  %ok = icmp eq i32 %rc, 0
  br i1 %ok, label %detach, label %failed
detach:
  %t = load i64, ptr %tid
  %r3 = call i32 @pthread_detach(i64 %t)
  ret void
failed:
  store atomic i32 0, ptr @myia_watchdog_running seq_cst, align 4
  ret void
}

define ptr @myia_watchdog(ptr %unused) nounwind {
entry:
  %ts = alloca { i64, i64 }, align 8
  %ns_p = getelementptr { i64, i64 }, ptr %ts, i32 0, i32 1
  br label %sleep
sleep:
  %idle = phi i64 [ 0, %entry ], [ %idle1, %awake ], [ 0, %resume ]
  store i64 0, ptr %ts
  store i64 POLL_INTERVAL_NS, ptr %ns_p
  %r = call i32 @nanosleep(ptr %ts, ptr null)
  br label %awake
awake:
  %old = atomicrmw xchg ptr @myia_poll_request, i32 1 seq_cst
  store atomic i64 -1, ptr @myia_stack_limit monotonic, align 8
  %polled = icmp eq i32 %old, 0
  %idle_next = add i64 %idle, 1
  %idle1 = select i1 %polled, i64 0, i64 %idle_next
  %more = icmp ult i64 %idle1, IDLE_TICKS
  br i1 %more, label %sleep, label %quit
quit:
  ; Leave with the request set: the next poll starts a watchdog again. A poll
  ; that cleared it meanwhile may have seen this one running: then go on.
  store atomic i32 0, ptr @myia_watchdog_running seq_cst, align 4
  %request = load atomic i32, ptr @myia_poll_request seq_cst, align 4
  %pending = icmp ne i32 %request, 0
  br i1 %pending, label %exit, label %reclaim
reclaim:
  %pair = cmpxchg ptr @myia_watchdog_running, i32 0, i32 1 seq_cst seq_cst
  %won = extractvalue { i32, i1 } %pair, 1
  br i1 %won, label %resume, label %exit
resume:
  br label %sleep
exit:
  ret ptr null
}
"""

_STANDALONE_POLL = r"""
; Outside Python (an exported library: runtime/aot.py) a poll has nothing to
; run: no signal handlers of Python, no watchdog thread.
@myia_poll_request = global i32 0, align 4

define void @myia_poll() cold noinline nounwind {
entry:
  store atomic i32 0, ptr @myia_poll_request seq_cst, align 4
  ret void
}
"""


def _runtime_ir(standalone: bool = False) -> str:
    text = _RUNTIME_TEMPLATE + (_STANDALONE_POLL if standalone else _POLL_TEMPLATE)
    for name, value in {
        "STACK_MARGIN": STACK_MARGIN,
        "CHUNK_SIZE": CHUNK_SIZE,
        "POLL_INTERVAL_NS": POLL_INTERVAL_NS,
        "IDLE_TICKS": IDLE_TICKS,
        "INTERRUPT": INTERRUPT,
    }.items():
        text = text.replace(name, str(value))
    return text


RUNTIME_IR = _runtime_ir()
"""The runtime module (LLVM IR text)."""

STANDALONE_RUNTIME_IR = _runtime_ir(standalone=True)
"""The runtime of exported code (:mod:`.aot`): no Python, no watchdog (``myia_poll``
only clears the request), so that it links into a program without Python."""

RUNTIME_GLOBALS = (
    "myia_jmpbuf",
    "myia_stack_limit",
    "myia_stack_margin",
    "myia_stack_thread",
    "myia_stack_cache",
    "myia_stack_lookups",
    "myia_arena_first",
    "myia_arena_chunk",
    "myia_arena_cur",
    "myia_arena_end",
    "myia_poll_request",
    "myia_watchdog_running",
)

RUNTIME_FUNCTIONS = (
    "myia_raise",
    "myia_stack_enter",
    "myia_stack_forget",
    "myia_check_stack",
    "myia_stack_exhausted",
    "myia_stack_pointer",
    "myia_alloc",
    "myia_try_alloc",
    "myia_arena_slow",
    "myia_arena_grow",
    "myia_arena_reset",
    "myia_arena_bytes",
    "myia_arena_free_all",
    "myia_poll",
    "myia_watchdog_start",
    "myia_watchdog",
)
