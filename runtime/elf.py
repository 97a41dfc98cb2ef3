"""The symbol table of an ELF64 little-endian object file (what LLVM emits for
the JIT): enough to check what an object needs and to name its functions."""

from __future__ import annotations

import struct
from dataclasses import dataclass

SHT_SYMTAB = 2
STB_GLOBAL = 1
STT_FUNC = 2


@dataclass(frozen=True)
class ElfSymbol:
    name: str
    binding: int
    kind: int
    section: int
    """The index of the section defining it (0: undefined)."""
    value: int
    """Its offset in its section (object files are relocatable)."""
    size: int


def elf_symbols(obj: bytes) -> list[ElfSymbol]:
    """The named symbols of ``obj`` ([] if it is not an ELF64 little-endian file)."""
    if obj[:4] != b"\x7fELF" or obj[4] != 2 or obj[5] != 1:
        return []
    (shoff,) = struct.unpack_from("<Q", obj, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", obj, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", obj, shoff + i * shentsize) for i in range(shnum)]
    symbols: list[ElfSymbol] = []
    for sh in sections:
        if sh[1] != SHT_SYMTAB:
            continue
        offset, size, link, entsize = sh[4], sh[5], sh[6], sh[9] or 24
        strtab = sections[link][4]
        for i in range(1, size // entsize):
            st_name, st_info, _other, st_shndx, st_value, st_size = struct.unpack_from(
                "<IBBHQQ", obj, offset + i * entsize
            )
            if st_name == 0:
                continue
            end = obj.index(b"\0", strtab + st_name)
            name = obj[strtab + st_name : end].decode()
            symbols.append(
                ElfSymbol(name, st_info >> 4, st_info & 0xF, st_shndx, st_value, st_size)
            )
    return symbols
