"""The disk cache cannot crash us: damaged entries are recompiled and replaced.

Each damage is applied to the cache entry of its own function, then one child
process runs them all (a crash in LLVM would kill the child, not pytest): each
gives the right result, each damaged entry is reported by exactly one
:class:`myia.MyiaCacheWarning`, and the next process loads the repaired entries
without a word.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import myia
from myia.runtime.disk_cache import MAGIC, SUFFIX, DiskCache

PROGRAM = "\n".join(f"def f{i}(x):\n    return x * {i + 2} + {i}\n" for i in range(20))

CHILD = """
import json, sys, warnings
sys.path.insert(0, sys.argv[1])
import myia
import prog
from myia.runtime.jit import get_jit
names = sys.argv[2].split(",")
out = {"results": {}, "keys": {}}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    for name in names:
        f = myia.jit(getattr(prog, name))
        out["results"][name] = f(5)
        (run,) = f.specializations.values()
        out["keys"][name] = run.native.keepalive.key
out["warnings"] = [
    (w.category.__name__, str(w.message)) for w in caught
]
stats = get_jit().stats
out["compiled"], out["cache_hits"] = stats.compiled, stats.cache_hits
print(json.dumps(out))
"""


def _run(tmp_path: Path, names: list[str]) -> dict:
    env = dict(os.environ, MYIA_CACHE_DIR=str(tmp_path / "cache"))
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CHILD), str(tmp_path), ",".join(names)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def _split(data: bytes) -> tuple[dict, bytes]:
    start = len(MAGIC)
    end = data.index(b"\n", start)
    digest_end = data.index(b"\n", end + 1)
    return json.loads(data[start:end]), data[digest_end + 1 :]


def _entry(data: bytes, meta_line: bytes, obj: bytes) -> bytes:
    """An entry whose metadata checksum is right (so that the check behind it
    is the one tested)."""
    return b"".join(
        [MAGIC, meta_line, b"\n", hashlib.sha256(meta_line).hexdigest().encode(), b"\n", obj]
    )


def _with_meta(change):
    def damage(data: bytes) -> bytes:
        meta, obj = _split(data)
        new = change(meta)
        line = new if isinstance(new, bytes) else json.dumps(new).encode()
        return _entry(data, line, obj)

    return damage


def _flip_object_byte(data: bytes) -> bytes:
    _, obj = _split(data)
    at = len(data) - len(obj) + len(obj) // 2
    return data[:at] + bytes([data[at] ^ 0x40]) + data[at + 1 :]


def _without(key):
    return _with_meta(lambda m: {k: v for k, v in m.items() if k != key})


def _set(key, value):
    return _with_meta(lambda m: {**m, key: value})


DAMAGES = {
    "flip one byte of the object (same size)": _flip_object_byte,
    "truncate the object": lambda d: d[: len(d) - 100],
    "truncate in the metadata": lambda d: d[: len(MAGIC) + 20],
    "empty file": lambda d: b"",
    "garbage bytes": lambda d: bytes((i * 37 + 11) % 256 for i in range(len(d))),
    "edit the metadata, not its checksum": lambda d: d.replace(b'"object_size"', b'"object_sizE"'),
    "metadata []": _with_meta(lambda m: []),
    "metadata {}": _with_meta(lambda m: {}),
    "metadata not JSON": _with_meta(lambda m: b"{not json"),
    "no symbols": _without("symbols"),
    "no key": _without("key"),
    "no checksum": _without("object_sha256"),
    "symbols a list": _set("symbols", ["f0"]),
    "symbol names not strings": _with_meta(
        lambda m: {**m, "symbols": {k: 1 for k in m["symbols"]}}
    ),
    "size a string": _set("object_size", "12"),
    "size a bool": _set("object_size", True),
    "another myia version": _with_meta(
        lambda m: {**m, "versions": {**m["versions"], "myia": "0.0.1"}}
    ),
    "another LLVM version": _with_meta(
        lambda m: {**m, "versions": {**m["versions"], "llvm": "1.0.0"}}
    ),
    "another key": _set("key", "0" * 64),
}


def test_damaged_entries_are_recompiled_once_and_replaced(tmp_path):
    (tmp_path / "prog.py").write_text(PROGRAM)
    names = [f"f{i}" for i in range(len(DAMAGES))]
    expected = {f"f{i}": 5 * (i + 2) + i for i in range(len(DAMAGES))}
    first = _run(tmp_path, names)
    assert first["results"] == expected and first["warnings"] == []
    cache = tmp_path / "cache"
    paths = {name: cache / key[:2] / f"{key}{SUFFIX}" for name, key in first["keys"].items()}
    for (what, damage), name in zip(DAMAGES.items(), names):
        data = paths[name].read_bytes()
        damaged = damage(data)
        assert damaged != data, what
        paths[name].write_bytes(damaged)

    second = _run(tmp_path, names)
    assert second["results"] == expected
    warned = sorted(message for category, message in second["warnings"])
    assert all(category == "MyiaCacheWarning" for category, _ in second["warnings"])
    for what, name in zip(DAMAGES, names):
        mentions = [m for m in warned if str(paths[name]) in m]
        assert len(mentions) == 1, (what, warned)
    assert len(warned) == len(DAMAGES)
    assert second["compiled"] == len(DAMAGES)

    third = _run(tmp_path, names)
    assert third["results"] == expected and third["warnings"] == []
    assert third["compiled"] == 0 and third["cache_hits"] >= len(DAMAGES)


def test_an_unreadable_entry_is_reported_and_an_absent_one_is_not(tmp_path):
    cache = DiskCache(tmp_path, {"myia": "1"})
    cache.path("ab" * 32).mkdir(parents=True)  # a folder where the file should be
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert cache.read("ab" * 32) is None
        assert cache.read("cd" * 32) is None  # absent: a silent miss
    assert [w.category for w in caught] == [myia.MyiaCacheWarning]
    assert "cannot be read" in str(caught[0].message)
    cache.write("cd" * 32, b"\x7fELF object", {"f": "f.1"})
    entry = cache.read("cd" * 32)
    assert entry is not None and entry.obj == b"\x7fELF object" and entry.symbols == {"f": "f.1"}
