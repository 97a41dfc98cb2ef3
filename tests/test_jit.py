"""The native JIT (myia.runtime.jit), the calling convention and the native runtime
(myia.runtime.abi, myia.runtime.native_runtime): errors, recursion, the arena,
the disk cache."""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
import textwrap
import threading

import pytest
from xdsl.parser import Parser

from myia.errors import MyiaCacheWarning, MyiaRuntimeError
from myia.lowering.llvm import make_context
from myia.runtime.abi import (
    ERRORS,
    MyiaRecursionError,
    NativeFunction,
    compile_native,
    register_error,
)
from myia.runtime.jit import JIT, JITLinkError, get_jit, undefined_symbols

CTX = make_context()


def native(text: str, *entries: str, **options):
    fns = compile_native(Parser(CTX, text).parse_module(), entries, **options)
    return fns[entries[0]] if len(entries) == 1 else fns


RECURSIVE = """
func.func @deep(%n: i64) -> i64 {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %le = arith.cmpi sle, %n, %c0 : i64
  cf.cond_br %le, ^base, ^rec
^base:
  func.return %c0 : i64
^rec:
  %m = arith.subi %n, %c1 : i64
  %x = func.call @deep(%m) : (i64) -> i64
  %y = arith.muli %x, %x : i64
  %z = arith.addi %y, %n : i64
  func.return %z : i64
}
func.func @forever(%n: i64) -> i64 {
  %c1 = arith.constant 1 : i64
  %m = arith.addi %n, %c1 : i64
  %x = func.call @forever(%m) : (i64) -> i64
  %y = arith.muli %x, %n : i64
  %z = arith.addi %y, %c1 : i64
  func.return %z : i64
}
"""


def deep_reference(n: int) -> int:
    x = 0
    for k in range(1, n + 1):
        x = (x * x + k) & (2**64 - 1)
    return x - 2**64 if x >> 63 else x


@pytest.fixture(scope="module")
def recursive():
    return native(RECURSIVE, "deep", "forever")


# ---------------------------------------------------------------------------
# Recursion


def test_recursion_depth_10000(recursive):
    assert recursive["deep"](10_000) == (deep_reference(10_000),)


def test_runaway_recursion_raises_instead_of_crashing(recursive):
    with pytest.raises(RecursionError, match="maximum recursion depth exceeded") as info:
        recursive["forever"](0)
    assert isinstance(info.value, MyiaRecursionError)
    assert isinstance(info.value, MyiaRuntimeError)
    # The runtime is left in a usable state.
    assert recursive["deep"](100) == (deep_reference(100),)
    with pytest.raises(RecursionError):
        recursive["deep"](100_000_000)


def test_recursion_on_other_threads(recursive):
    results: list = []

    def work():
        try:
            results.append(recursive["deep"](10_000))
            recursive["forever"](0)
        except RecursionError as exc:
            results.append(type(exc).__name__)

    for size in (256 << 10, 64 << 20):
        threading.stack_size(size)
        try:
            thread = threading.Thread(target=work)
            thread.start()
            thread.join()
        finally:
            threading.stack_size(0)
    expected = (deep_reference(10_000),)
    # A 256 KiB thread cannot hold 10,000 frames: it raises, it does not crash.
    assert results[-2:] == [expected, "MyiaRecursionError"]
    assert results[0] in (expected, "MyiaRecursionError")
    assert recursive["deep"](10_000) == expected  # back on the main thread


def test_calls_out_of_stack_are_made_again_on_a_large_stack(recursive):
    from myia.runtime.abi import call_with_stack

    lookups = ctypes.c_int64.from_address(get_jit().runtime_global("myia_stack_lookups"))
    depth = 2_000_000  # 16 bytes a frame: past the 8 MiB main stack
    before = lookups.value
    assert recursive["deep"](depth) == (deep_reference(depth),)
    assert lookups.value > before  # it ran on another thread (whose limit was looked up)
    assert call_with_stack(recursive["deep"], depth) == (deep_reference(depth),)
    with pytest.raises(RecursionError):
        call_with_stack(recursive["forever"], 0, stack_size=64 << 20)


def test_a_large_stack_thread_forgets_its_limit(recursive):
    # A thread that ended (its 512 MiB mapping unmapped) and a new thread of
    # another size may share an id (a smaller mapping ending at the same
    # address): the new one must not find the old limit in the cache, or it
    # would overflow its stack instead of raising.
    from myia.runtime.abi import call_with_stack

    cache = (ctypes.c_int64 * 32).from_address(get_jit().runtime_global("myia_stack_cache"))
    seen = []

    def run():
        recursive["deep"](10)
        seen.append((threading.get_ident(), threading.get_ident() in cache[0::2]))

    call_with_stack(run)
    ((ident, cached_while_running),) = seen
    assert cached_while_running
    assert ident not in cache[0::2]


def test_alternating_threads_reuse_their_stack_limits(recursive):
    # pthread_getattr_np costs 0.4 ms on the main thread: the limits are cached
    # per thread, and the runtime counts the lookups that missed the cache.
    # Seven threads taking turns each keep their own entry.
    import ctypes
    import queue

    from myia.runtime.jit import get_jit

    lookups = ctypes.c_int64.from_address(get_jit().runtime_global("myia_stack_lookups"))
    workers = 6
    requests = [queue.Queue() for _ in range(workers)]
    answers: queue.Queue = queue.Queue()

    def worker(inbox):
        while inbox.get() is not None:
            answers.put(recursive["deep"](10))

    recursive["deep"](10)  # this thread's limit is known
    before = lookups.value
    threads = [threading.Thread(target=worker, args=(inbox,)) for inbox in requests]
    for thread in threads:
        thread.start()
    try:
        for _ in range(20):
            for inbox in requests:
                inbox.put(1)
                assert answers.get() == recursive["deep"](10)
    finally:
        for inbox, thread in zip(requests, threads):
            inbox.put(None)
            thread.join()
    # At most one lookup per new thread (none when a thread reuses an ended
    # thread's descriptor, and so its stack, which the cache already knows).
    assert lookups.value - before <= workers


# ---------------------------------------------------------------------------
# Errors and the calling convention


def test_error_codes_become_python_exceptions():
    fns = native(
        """
        llvm.func @myia_raise(i32) attributes {passthrough = ["noreturn"]}
        func.func @fail(%code: i32) -> i64 {
          llvm.call @myia_raise(%code) : (i32) -> ()
          llvm.unreachable
        }
        """,
        "fail",
    )
    with pytest.raises(ZeroDivisionError):
        fns(1)
    with pytest.raises(ValueError, match="negative integer powers"):
        fns(3)
    with pytest.raises(MemoryError):
        fns(4)
    with pytest.raises(MyiaRuntimeError, match="error code 99"):
        fns(99)
    register_error(99, lambda: KeyError("custom"))
    try:
        with pytest.raises(KeyError, match="custom"):
            fns(99)
    finally:
        del ERRORS[99]


def test_argument_and_result_conversions():
    fn = native(
        """func.func @mix(%a: i1, %b: i8, %c: i16, %d: i32, %e: i64, %f: f32, %g: f64)
            -> (f64, i1, i8, i16, i32, i64, f32) {
          %x = arith.sitofp %e : i64 to f64
          %y = arith.addf %x, %g : f64
          func.return %y, %a, %b, %c, %d, %e, %f : f64, i1, i8, i16, i32, i64, f32 }""",
        "mix",
    )
    assert fn(True, -3, 300, -70000, 2**40, 0.5, 0.25) == (
        2.0**40 + 0.25,
        True,
        -3,
        300,
        -70000,
        2**40,
        0.5,
    )
    assert fn(0, 0, 0, 0, 7, 1, 2)[0] == 9.0  # ints are accepted for floats
    with pytest.raises(TypeError, match=r"mix\(\) missing 5 required positional arguments"):
        fn(1, 2)
    with pytest.raises(TypeError, match="argument 4"):
        fn(True, 1, 1, 1, 1.5, 0.0, 0.0)
    with pytest.raises(OverflowError, match="argument 1"):
        fn(True, 1000, 1, 1, 1, 0.0, 0.0)
    assert fn.signature.args == ("i1", "i8", "i16", "i32", "i64", "f32", "f64")


def test_calls_between_modules_are_isolated():
    # Two modules defining the same name do not clash in the one engine.
    one = native(
        "func.func @f() -> i64 { %c = arith.constant 1 : i64\n func.return %c : i64 }", "f"
    )
    two = native(
        "func.func @f() -> i64 { %c = arith.constant 2 : i64\n func.return %c : i64 }", "f"
    )
    assert (one(), two()) == ((1,), (2,))


def test_unresolved_symbols_are_an_error_not_a_crash():
    with pytest.raises(JITLinkError, match="no_such_function"):
        native(
            """func.func private @no_such_function(f64) -> f64
            func.func @g(%x: f64) -> f64 {
              %r = func.call @no_such_function(%x) : (f64) -> f64
              func.return %r : f64 }""",
            "g",
        )


def test_undefined_symbols_of_an_object():
    jit = get_jit()
    text = "declare double @tanh(double)\ndefine double @h(double %x) {\n  %r = call double @tanh(double %x)\n  ret double %r\n}\n"
    obj, _ = jit._codegen(text, "0" * 64)
    assert "tanh" in undefined_symbols(obj)


# ---------------------------------------------------------------------------
# The arena

ALLOCATING = """
llvm.func @myia_alloc(i64) -> !llvm.ptr
func.func @churn(%n: i64) -> i64 {
  %size = arith.constant 4096 : i64
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  cf.br ^loop(%c0, %c0 : i64, i64)
^loop(%i: i64, %acc: i64):
  %done = arith.cmpi sge, %i, %n : i64
  cf.cond_br %done, ^exit, ^body
^body:
  %p = llvm.call @myia_alloc(%size) : (i64) -> !llvm.ptr
  llvm.store %i, %p : i64, !llvm.ptr
  %v = llvm.load %p : !llvm.ptr -> i64
  %acc2 = arith.addi %acc, %v : i64
  %i2 = arith.addi %i, %c1 : i64
  cf.br ^loop(%i2, %acc2 : i64, i64)
^exit:
  func.return %acc : i64
}
func.func @box(%x: f64) -> (!llvm.ptr, i64) {
  %size = arith.constant 8 : i64
  %p = llvm.call @myia_alloc(%size) : (i64) -> !llvm.ptr
  llvm.store %x, %p : f64, !llvm.ptr
  func.return %p, %size : !llvm.ptr, i64
}
"""


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_arena_keeps_memory_flat_over_100000_calls():
    fns = native(
        ALLOCATING,
        "churn",
        "box",
        result_converters={"box": lambda r: (ctypes.c_double.from_address(r[0]).value, r[1])},
    )
    churn, box = fns["churn"], fns["box"]
    arena_bytes = ctypes.CFUNCTYPE(ctypes.c_int64)(get_jit().runtime_function("myia_arena_bytes"))
    assert churn(10) == (45,)  # 10 allocations of 4 KiB
    for _ in range(1000):  # warm up
        churn(4)
        box(1.5)
    before, chunks_before = rss_bytes(), arena_bytes()
    for i in range(100_000):
        churn(4)  # 16 KiB per call
        assert box(float(i)) == (float(i), 8)
    after, chunks_after = rss_bytes(), arena_bytes()
    assert chunks_after == chunks_before  # 1 MiB: nothing grew
    assert after - before < 4 << 20, (before, after)
    # One call allocating 2 GiB in 4 KiB pieces would need 2 GiB: a call of
    # 64 MiB grows the arena, the next ones reuse it.
    churn(16384)
    grown = arena_bytes()
    churn(16384)
    assert arena_bytes() == grown


# ---------------------------------------------------------------------------
# Compile time, caches


def _big_module(n_ops: int) -> str:
    lines = ["func.func @big(%a: i64, %b: f64) -> (i64, f64) {", "  %c3 = arith.constant 3 : i64"]
    ints, floats = ["%a"], ["%b"]
    for i in range(n_ops // 4):
        lines.append(f"  %i{i} = arith.muli {ints[-1]}, %c3 : i64")
        lines.append(f"  %j{i} = arith.addi %i{i}, {ints[max(0, len(ints) - 3)]} : i64")
        lines.append(f"  %f{i} = arith.sitofp %j{i} : i64 to f64")
        lines.append(f"  %g{i} = arith.addf %f{i}, {floats[-1]} : f64")
        ints.append(f"%j{i}")
        floats.append(f"%g{i}")
    lines.append(f"  func.return {ints[-1]}, {floats[-1]} : i64, f64")
    lines.append("}")
    return "\n".join(lines)


def test_compile_a_500_op_module():
    fn = native(_big_module(500), "big")
    a, b = 2, 0.5
    ints, floats = [a], [b]
    for _ in range(125):
        i = (ints[-1] * 3) & (2**64 - 1)
        j = (i + ints[max(0, len(ints) - 3)]) & (2**64 - 1)
        j = j - 2**64 if j >> 63 else j
        ints.append(j)
        floats.append(float(j) + floats[-1])
    assert fn(a, b) == (ints[-1], floats[-1])
    compiled = fn.keepalive
    assert compiled.compile_seconds < 30


def test_same_ir_compiles_once_per_process():
    jit = get_jit()
    text = _big_module(40)
    first = compile_native(Parser(CTX, text).parse_module(), "big")["big"]
    hits = jit.stats.memory_hits
    second = compile_native(Parser(CTX, text).parse_module(), "big")["big"]
    assert jit.stats.memory_hits == hits + 1
    assert first.keepalive is second.keepalive


CHILD = """
import json, sys, time
from xdsl.parser import Parser
from myia.lowering.llvm import make_context
from myia.runtime.abi import compile_native
from myia.runtime.jit import get_jit
jit = get_jit()
module = Parser(make_context(), sys.stdin.read()).parse_module()
start = time.perf_counter()
fn = compile_native(module, "big")["big"]
seconds = time.perf_counter() - start
print(json.dumps({"result": list(fn(2, 0.5)), "seconds": seconds,
                  "compiled": jit.stats.compiled, "cache_hits": jit.stats.cache_hits,
                  "llvm": {k: v for k, v in jit.stats.seconds.items()}}))
"""


def test_disk_cache_across_processes(tmp_path):
    env = dict(os.environ, MYIA_CACHE_DIR=str(tmp_path))
    source = _big_module(500)

    def child() -> dict:
        out = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(CHILD)],
            input=source,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(out.stdout)

    cold = child()
    warm = child()
    assert cold["compiled"] == 1 and cold["cache_hits"] == 0
    assert warm["compiled"] == 0 and warm["cache_hits"] == 1
    assert cold["result"] == warm["result"]
    assert list(tmp_path.rglob("*.myiaobj"))
    # The warm process skipped LLVM: no parsing, optimization or code generation.
    assert "codegen" not in warm["llvm"] and "optimize" not in warm["llvm"]


def test_corrupt_cache_entries_are_ignored(tmp_path):
    jit = JIT(cache_dir=tmp_path)
    text = "define i64 @k() {\n  ret i64 42\n}\n"
    jit.compile_ir(text)
    for entry in tmp_path.rglob("*.myiaobj"):
        entry.write_text("{not json")
    with pytest.warns(MyiaCacheWarning):
        again = JIT(cache_dir=tmp_path)
        module = again.compile_ir(text)
    assert not module.from_cache and again.stats.compiled == 1
    assert ctypes.CFUNCTYPE(ctypes.c_int64)(module.address("k"))() == 42


def test_native_function_repr_and_signature():
    fn = native("func.func @id(%x: f64) -> f64 { func.return %x : f64 }", "id")
    assert isinstance(fn, NativeFunction)
    assert "id" in repr(fn)
    assert fn.call(2.5) == (2.5,)
