"""The JIT's disk cache: one file per compiled module, trusted only once verified.

An entry is one file, ``<dir>/<key[:2]>/<key>.myiaobj``::

    myia-jit-cache 1\\n
    <metadata: one line of JSON>\\n
    <sha256 of the metadata line, hex>\\n
    <the object file>

The metadata records the key, the versions of myia, llvmlite and LLVM that
wrote the entry, the exported symbols (original name -> name in the engine)
and the object's size and sha256. :meth:`DiskCache.read` checks all of it
before anything reaches LLVM: a damaged object (even one byte flipped at the
same size) would make MCJIT abort or crash the process, and every later run
with it. An entry that is unreadable, truncated, of the wrong shape, mismatched
or from other versions is reported once (:class:`~myia.errors.MyiaCacheWarning`)
and treated as a miss: the module is compiled and the entry replaced.

Writers write a temporary file in the same folder and rename it over the entry
(atomic on POSIX): concurrent writers of one key each leave a whole entry, and
a reader sees the old file or the new one, never a mixture.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from myia.errors import MyiaCacheWarning

MAGIC = b"myia-jit-cache 1\n"
"""The first line of every entry (the format's version is part of it)."""

SUFFIX = ".myiaobj"


@dataclass(frozen=True)
class CacheEntry:
    """A verified entry: the object file and its exported symbols."""

    obj: bytes
    symbols: dict[str, str]


class DiskCache:
    """Entries under ``folder``; ``versions`` (myia, llvmlite, LLVM...) must match
    those an entry was written with."""

    def __init__(self, folder: str | os.PathLike[str], versions: dict[str, str]):
        self.folder = Path(folder)
        self.versions = dict(versions)

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{SUFFIX}"

    def read(self, key: str) -> CacheEntry | None:
        """The entry of ``key`` if there is a sound one; None if there is none
        (silently) or if it is damaged (with one warning: the caller compiles
        and :meth:`write` replaces it)."""
        path = self.path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            return self._damaged(path, f"cannot be read ({exc.strerror or exc})")
        try:
            return self._parse(key, data)
        except _Damaged as exc:
            return self._damaged(path, str(exc))

    def write(self, key: str, obj: bytes, symbols: dict[str, str]) -> None:
        """Store (or replace) the entry of ``key``; a cache that cannot be
        written is no cache, not an error."""
        meta = {
            "key": key,
            "versions": self.versions,
            "symbols": symbols,
            "object_size": len(obj),
            "object_sha256": hashlib.sha256(obj).hexdigest(),
        }
        line = json.dumps(meta, sort_keys=True).encode()
        data = b"".join([MAGIC, line, b"\n", hashlib.sha256(line).hexdigest().encode(), b"\n", obj])
        path = self.path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=SUFFIX)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                os.replace(tmp, path)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError:
            pass

    def _parse(self, key: str, data: bytes) -> CacheEntry:
        if not data.startswith(MAGIC):
            raise _Damaged("does not start with the cache format's header")
        start = len(MAGIC)
        end = data.find(b"\n", start)
        digest_end = data.find(b"\n", end + 1) if end >= 0 else -1
        if digest_end < 0:
            raise _Damaged("is truncated in its metadata")
        line, digest = data[start:end], data[end + 1 : digest_end]
        if hashlib.sha256(line).hexdigest().encode() != digest:
            raise _Damaged("has metadata that does not match its checksum")
        try:
            meta = json.loads(line)
        except ValueError:
            raise _Damaged("has metadata that is not JSON") from None
        symbols = _check_shape(meta)
        if meta["key"] != key:
            raise _Damaged("holds another key")
        if meta["versions"] != self.versions:
            raise _Damaged(
                f"was written by other versions ({_versions(meta['versions'])}; "
                f"this is {_versions(self.versions)})"
            )
        obj = data[digest_end + 1 :]
        if len(obj) != meta["object_size"]:
            raise _Damaged(f"holds {len(obj)} bytes of object code, not {meta['object_size']}")
        if hashlib.sha256(obj).hexdigest() != meta["object_sha256"]:
            raise _Damaged("has object code that does not match its checksum")
        return CacheEntry(obj, symbols)

    def _damaged(self, path: Path, why: str) -> None:
        warnings.warn(
            f"myia's disk cache entry {path} {why}; compiling the module again and "
            "replacing the entry",
            MyiaCacheWarning,
            stacklevel=2,
        )
        return None


class _Damaged(Exception):
    """Why an entry cannot be trusted."""


_FIELDS = {
    "key": str,
    "versions": dict,
    "symbols": dict,
    "object_size": int,
    "object_sha256": str,
}


def _check_shape(meta: Any) -> dict[str, str]:
    """The symbols of well-formed metadata; :class:`_Damaged` otherwise."""
    if not isinstance(meta, dict):
        raise _Damaged(f"has metadata of the wrong shape ({type(meta).__name__}, not an object)")
    for name, kind in _FIELDS.items():
        if name not in meta:
            raise _Damaged(f"has metadata without '{name}'")
        value = meta[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise _Damaged(f"has metadata whose '{name}' is a {type(value).__name__}")
    symbols = meta["symbols"]
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in symbols.items()):
        raise _Damaged("has metadata whose symbols are not names")
    return dict(symbols)


def _versions(versions: dict[str, Any]) -> str:
    return ", ".join(f"{name} {value}" for name, value in sorted(versions.items()))


__all__ = ["MAGIC", "CacheEntry", "DiskCache"]
